#pragma once

// One client thread's engine: many keep-alive connections driven by one
// epoll loop, each with at most one request in flight (a closed loop). What
// to send and what to do with each answer is the Driver's business; the
// loop only moves bytes, signs requests and times them.

#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "common/status.h"
#include "http.h"

namespace riptide::bench {

// Monotonic time in nanoseconds.
uint64_t NowNanos();

// The request a connection is about to send. The Driver fills it; the loop
// keeps it unchanged until the answer comes back.
struct Call {
  std::string_view op;  // "GetItem", a string with static storage
  std::string body;     // reused between calls
  int kind = 0;         // the Driver's own tag
  uint64_t tag = 0;     // the Driver's own tag
};

class Driver {
 public:
  enum class Next { kSend, kWait, kFinished };
  virtual ~Driver() = default;
  // Prepares connection `conn`'s next call. kWait: ask again shortly.
  virtual Next Prepare(int conn, uint64_t now_ns, Call* call) = 0;
  // One call's outcome. `response.status` is 0 when the connection failed
  // before a complete answer arrived.
  virtual void Complete(int conn, const Call& call, const HttpResponse& response,
                        uint64_t latency_ns, uint64_t now_ns) = 0;
};

class ClientLoop {
 public:
  ClientLoop(const Endpoint& endpoint, const Credentials& credentials, bool sign, int connections);
  ~ClientLoop();
  ClientLoop(const ClientLoop&) = delete;
  ClientLoop& operator=(const ClientLoop&) = delete;

  // Opens every connection. Fails when the server cannot be reached.
  Status Connect();

  // Drives the connections until `deadline_ns` or until the Driver has
  // finished every connection. Calls still in flight at the deadline are
  // dropped without being reported.
  Status Run(Driver* driver, uint64_t deadline_ns);

  // Connections that broke (reset, refused, malformed answer) and were reopened.
  uint64_t reconnects() const { return reconnects_; }

 private:
  struct Connection;

  Status Open(Connection* c);
  void Close(Connection* c);
  void Start(Connection* c, Driver* driver, uint64_t now_ns);
  void Flush(Connection* c);
  void OnReadable(Connection* c, Driver* driver);
  void Fail(Connection* c, Driver* driver);

  Endpoint endpoint_;
  RequestWriter writer_;
  int epoll_fd_ = -1;
  std::vector<std::unique_ptr<Connection>> connections_;
  std::string scratch_;
  int waiting_ = 0;   // connections in the kWait state
  int finished_ = 0;  // connections the Driver has finished
  uint64_t reconnects_ = 0;
};

}  // namespace riptide::bench
