#pragma once

// The DynamoDB JSON 1.0 protocol over HTTP: routes a request by its
// X-Amz-Target header to an operation and turns a failed Status into
// DynamoDB's error body. The only place that knows about both HTTP and
// DynamoDB's error format.

#include <string>

#include "api/database.h"
#include "server/http_server.h"

namespace riptide {

class DynamoDbHandler {
 public:
  explicit DynamoDbHandler(Database* db) : db_(db) {}

  void Handle(const HttpRequest& request, HttpResponse* response);

  // DynamoDB's error body for a Status:
  // {"__type":"com.amazonaws.dynamodb.v20120810#Name","message":"..."}.
  static std::string ErrorBody(const Status& status);

 private:
  Database* db_;
};

}  // namespace riptide
