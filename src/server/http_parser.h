#pragma once

// HttpRequestParser: an incremental HTTP/1.1 request parser (RFC 9112).
//
// The caller owns the bytes. It passes everything received for the current
// request so far, starting at the request's first byte; after kNeedMore it
// appends what arrives next and calls Parse() again with the longer span.
// The parser remembers offsets, never pointers, so the caller may move its
// buffer between calls (grow or compact it) as long as the request's bytes
// keep their order and the request still starts at data[0].
//
// Chunked bodies are decoded in place: chunk payloads are moved down so the
// body is contiguous, which is why Parse() takes a writable span. Bytes after
// the current request (pipelined requests) are never touched.
//
// Work is proportional to the new bytes: headers are parsed line by line as
// lines complete, a Content-Length body is only counted, a chunked body is
// decoded as it arrives.

#include <cstddef>
#include <cstdint>
#include <vector>

#include "server/http_server.h"

namespace riptide {

struct HttpParserLimits {
  // Largest header section (request line, fields, final empty line); a larger
  // one is answered with 431. Chunked trailers count against it too.
  // Default: 64 KiB.
  size_t max_header_bytes = 64u << 10;
  // Most header fields; more is answered with 431. Default: 128.
  size_t max_header_fields = 128;
  // Largest (decoded) body; a larger one is answered with 413.
  // Default: 17 MiB (as HttpServerOptions::max_body_bytes).
  size_t max_body_bytes = 17u << 20;
};

class HttpRequestParser {
 public:
  enum class Result { kNeedMore, kComplete, kError };

  explicit HttpRequestParser(HttpParserLimits limits = {});

  // Parses the request that starts at data[0]; `size` bytes are available.
  // kComplete: *request views into data (valid while data is), consumed()
  // tells where the next request starts. kError: error_status() tells what
  // to answer; the connection cannot be resynchronised and must be closed.
  // After kComplete or kError, call Reset() before parsing the next request.
  Result Parse(char* data, size_t size, HttpRequest* request);

  // Prepares for the next request. Keeps allocated capacity.
  void Reset();

  // After kComplete: how many bytes of data the request occupied.
  size_t consumed() const { return consumed_; }
  // After kError: the HTTP status to answer (400, 413, 431, 501 or 505).
  int error_status() const { return error_status_; }

  // True once the header section has been parsed (possibly before the body
  // is complete). The accessors below are meaningful from then on.
  bool headers_complete() const { return state_ > State::kHeaders && state_ != State::kError; }
  // The client sent `Expect: 100-continue` over HTTP/1.1 and waits for a
  // `100 Continue` interim response before sending the body.
  bool expects_continue() const { return expect_continue_; }
  // Whether the connection may stay open after the response: HTTP/1.1
  // unless `Connection: close`, HTTP/1.0 only with `Connection: keep-alive`.
  bool keep_alive() const;
  // 0 for HTTP/1.0, 1 for HTTP/1.1.
  int version_minor() const { return version_minor_; }
  // When the body has a Content-Length: the size the whole request will
  // occupy, so the caller can make room for it at once. 0 otherwise.
  size_t expected_size() const;

 private:
  enum class State : uint8_t {
    kRequestLine,
    kHeaders,
    kBodyLength,
    kChunkSize,
    kChunkData,
    kChunkDataEnd,
    kTrailers,
    kDone,
    kError,
  };
  // A header field as offsets into the request (the buffer may move).
  struct Field {
    uint32_t name;
    uint32_t name_len;
    uint32_t value;
    uint32_t value_len;
  };

  Result ParseHead(char* data, size_t size);
  Result ParseChunked(char* data, size_t size);
  Result ParseChunkSizeLine(const char* data, size_t size);
  Result ParseTrailers(const char* data, size_t size);
  int ParseRequestLine(const char* data, size_t begin, size_t end);
  bool ParseField(const char* data, size_t begin, size_t end);
  bool NoteSpecialField(const char* name, size_t name_len, const char* value, size_t value_len);
  Result FinishHead();
  Result Complete(char* data, size_t end, HttpRequest* request);
  Result Fail(int status);

  HttpParserLimits limits_;
  State state_ = State::kRequestLine;
  int error_status_ = 0;
  int version_minor_ = 1;

  // Offsets into the request.
  size_t pos_ = 0;         // next byte not yet consumed by the state machine
  size_t scan_ = 0;        // where the search for the next '\n' resumes
  size_t header_end_ = 0;  // first byte after the header section
  size_t body_end_ = 0;    // end of the decoded body so far (chunked)
  size_t trailer_start_ = 0;
  size_t consumed_ = 0;
  uint32_t method_ = 0;
  uint32_t method_len_ = 0;
  uint32_t target_ = 0;
  uint32_t target_len_ = 0;
  std::vector<Field> fields_;

  // Facts from the header fields.
  uint64_t content_length_ = 0;
  bool has_content_length_ = false;
  bool chunked_ = false;
  bool transfer_encoding_unsupported_ = false;
  bool expect_continue_ = false;
  bool connection_close_ = false;
  bool connection_keep_alive_ = false;

  uint64_t chunk_left_ = 0;  // payload bytes of the current chunk still to come
};

}  // namespace riptide
