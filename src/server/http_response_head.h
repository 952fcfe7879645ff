#pragma once

// ResponseHeadWriter: formats HTTP/1.1 response heads the way DynamoDB's
// front end does: status line, Date, Content-Type, Content-Length,
// x-amzn-RequestId, x-amz-crc32, then the handler's own headers.
//
// One per event loop (not thread-safe). Per request it costs a few copies,
// a CRC of the body and a request id from a counter: the Date line is
// formatted at most once a second and no call makes a syscall.

#include <cstddef>
#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

#include "server/http_server.h"

namespace riptide {

// "OK", "Bad Request", ...; "Unknown" for codes we never send.
std::string_view ReasonPhrase(int status);

// Request ids in DynamoDB's shape: 52 characters from [A-Z0-9]. DynamoDB's
// ids vary in the first 26 characters and share the last 26 (ids seen in
// the wild: "NVCM3BFHQ8J8GBT6P6SG7G2KJJ" and "Q688NK1IGVHT27G4MNKSO2P5EN", both
// followed by "VV4KQNSO5AEMVJF66Q9ASUAAJG"); ours do the same, with a
// random suffix per generator. The first 13 characters encode a bijective
// 64-bit mix of a random seed and a counter (36^13 > 2^64), so one
// generator never repeats an id and two collide only if their random
// seeds nearly coincide.
class RequestIdGenerator {
 public:
  static constexpr size_t kLength = 52;

  RequestIdGenerator();  // seeds from getrandom(2)
  // Writes kLength characters to out.
  void Next(char* out);

 private:
  uint64_t seed_ = 0;
  uint64_t counter_ = 0;
  char suffix_[26];
};

class ResponseHeadWriter {
 public:
  ResponseHeadWriter() { RefreshDate(); }

  // Re-reads the (coarse) wall clock; reformats the Date line when the
  // second has changed. The event loop calls this once per wake-up.
  void RefreshDate();

  // Appends the head for `r` (ending with the empty line) to *out.
  // keep_alive false adds `Connection: close`; for an HTTP/1.0 client that
  // asked for keep-alive, `Connection: keep-alive` is added instead.
  void Append(const HttpResponse& r, bool keep_alive, bool http10, std::string* out);

 private:
  RequestIdGenerator request_ids_;
  time_t date_second_ = -1;
  char date_line_[64] = {};  // "Date: <IMF-fixdate>\r\n"
  size_t date_len_ = 0;
};

}  // namespace riptide
