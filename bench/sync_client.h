#pragma once

// One blocking request at a time, for setup calls (CreateTable,
// DescribeTable) where speed does not matter.

#include <string>
#include <string_view>

#include "common/status.h"
#include "http.h"

namespace riptide::bench {

struct SyncAnswer {
  int status = 0;
  std::string body;
};

class SyncClient {
 public:
  SyncClient(const Endpoint& endpoint, const Credentials& credentials, bool sign);
  ~SyncClient();

  // Sends DynamoDB operation `op` with `body`; an error only when no HTTP
  // answer came back.
  Result<SyncAnswer> Call(std::string_view op, std::string_view body);

 private:
  Status EnsureConnected();
  void Disconnect();

  Endpoint endpoint_;
  RequestWriter writer_;
  int fd_ = -1;
};

}  // namespace riptide::bench
