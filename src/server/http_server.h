#pragma once

// HttpServer: a small HTTP/1.1 server for DynamoDB's JSON protocol.
//
// N event-loop threads, each with its own epoll set and its own listening
// socket bound with SO_REUSEPORT, so the kernel spreads connections over the
// threads. A request is parsed, handed to the Handler on the thread that read
// it, and answered on that thread: no queues and no locks on the hot path.
// With group commit (see HttpServerOptions) the answers of one round of
// events wait for one commit of everything the round wrote.
// Keep-alive by default (HTTP/1.1), pipelined requests answered in order,
// bodies by Content-Length or chunked transfer encoding.

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"

namespace riptide {

struct HttpRequest {
  std::string_view method;  // "POST", "GET", ...
  std::string_view target;  // request-target as sent ("/", "/?x=1")
  std::string_view body;    // de-chunked body
  // Header fields as received; names keep their original case.
  std::vector<std::pair<std::string_view, std::string_view>> headers;

  // The value of the first header with this name (ASCII case-insensitive),
  // or an empty view when absent.
  std::string_view Header(std::string_view name) const;
};

struct HttpResponse {
  int status = 200;
  std::string content_type = "application/x-amz-json-1.0";
  std::string body;
  // Extra headers. The server itself adds Content-Length, Content-Type,
  // Date, x-amzn-RequestId and x-amz-crc32 (CRC32 of the body as decimal,
  // which boto3 verifies).
  std::vector<std::pair<std::string, std::string>> headers;
  // Close the connection after this response.
  bool close = false;
};

// Called on an event-loop thread, once per request. Must not block for long:
// it runs to completion on the thread that read the request.
using HttpHandler = std::function<void(const HttpRequest&, HttpResponse*)>;

struct HttpServerOptions {
  // Address to bind. Default: "127.0.0.1".
  std::string host = "127.0.0.1";
  // Port to bind; 0 picks a free one (see HttpServer::port()). Default: 8000.
  uint16_t port = 8000;
  // Event-loop threads. Default: 0, meaning one per CPU core.
  int threads = 0;
  // Largest request body accepted; larger requests get 413 and the
  // connection is closed. Default: 16 MiB + 1 MiB of slack, above
  // DynamoDB's 16 MB request limit so that the API layer words the error.
  size_t max_body_bytes = 17u << 20;
  // Idle keep-alive connections are closed after this many seconds. Default: 300.
  int idle_timeout_seconds = 300;

  // Group commit (all optional, called on the event-loop threads).
  // `thread_start` runs first on each loop thread. Before each answer is
  // sent the loop asks `pending()`: true means something an answer may
  // depend on is not durable yet, so the loop holds its answers until the
  // end of the round (the events one epoll_wait returned), calls `commit()`
  // once and then sends them. When `commit()` returns false the held
  // answers are not sent: their connections are closed.
  std::function<void()> thread_start;
  std::function<bool()> pending;
  std::function<bool()> commit;
};

class HttpServer {
 public:
  HttpServer(HttpServerOptions options, HttpHandler handler);
  ~HttpServer();  // Stops and joins.

  HttpServer(const HttpServer&) = delete;
  HttpServer& operator=(const HttpServer&) = delete;

  // Binds and starts the threads. Returns an IOError when the address cannot
  // be bound. After OK, port() is the bound port.
  Status Start();
  // Asks every thread to stop (safe from any thread, including signal
  // handling code paths that only set a flag and call this), closes the
  // listening sockets; open connections finish their current request.
  void Stop();
  // Blocks until every thread has exited.
  void Wait();

  uint16_t port() const;

 private:
  struct Impl;
  std::unique_ptr<Impl> impl_;
};

}  // namespace riptide
