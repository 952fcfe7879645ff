#pragma once

// The HTTP/1.1 pieces the load generator needs: where to connect, how a
// DynamoDB request looks on the wire (as the SDKs send it), and an
// incremental response parser that understands Content-Length, chunked
// bodies and keep-alive.

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "common/status.h"
#include "sigv4.h"

namespace riptide::bench {

struct Endpoint {
  std::string host = "127.0.0.1";
  int port = 8000;

  std::string HostHeader() const { return host + ":" + std::to_string(port); }
};

// Parses "http://HOST:PORT[/]" (HOST must be an IPv4 address or localhost).
Result<Endpoint> ParseEndpoint(std::string_view url);

// Writes complete requests "POST / HTTP/1.1" with DynamoDB's JSON 1.0
// headers, signed with SigV4 unless constructed unsigned.
class RequestWriter {
 public:
  RequestWriter(const Endpoint& endpoint, const Credentials& credentials, bool sign);

  // Appends the request to `out`. `op` is the bare operation ("GetItem").
  void Append(std::string_view op, std::string_view body, time_t now, std::string* out);

 private:
  std::string host_header_;
  bool sign_;
  Signer signer_;
  std::string target_;
};

struct HttpResponse {
  int status = 0;          // 0: no answer (the connection failed)
  std::string_view body;   // valid until the connection reads again
  bool keep_alive = true;  // false: the server will close after this answer
  size_t consumed = 0;     // bytes of the input this response used
};

enum class ParseOutcome { kNeedMore, kComplete, kMalformed };

// Parses one response at the start of `input`. A chunked body is decoded into
// `scratch` and `out->body` points there; otherwise it points into `input`.
ParseOutcome ParseResponse(std::string_view input, HttpResponse* out, std::string* scratch);

}  // namespace riptide::bench
