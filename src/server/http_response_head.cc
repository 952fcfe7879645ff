#include "server/http_response_head.h"

#include <sys/random.h>

#include <algorithm>
#include <charconv>
#include <cstring>

#include "server/crc32.h"

namespace riptide {
namespace {

// Copies s to p and returns the end. The caller has reserved the room.
char* Put(char* p, std::string_view s) {
  memcpy(p, s.data(), s.size());
  return p + s.size();
}

char* PutUint(char* p, uint64_t v) { return std::to_chars(p, p + 20, v).ptr; }

// A bijection on 64-bit values with good avalanche (Steele et al.).
uint64_t SplitMix64(uint64_t x) {
  x += 0x9e3779b97f4a7c15ULL;
  x = (x ^ (x >> 30)) * 0xbf58476d1ce4e5b9ULL;
  x = (x ^ (x >> 27)) * 0x94d049bb133111ebULL;
  return x ^ (x >> 31);
}

constexpr char kIdAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";

// Upper bound of the head's size apart from content type and extra headers:
// status line 40, Date 37, names and CRLFs 80, length 20, id 52, crc 10,
// Connection 24.
constexpr size_t kFixedHeadRoom = 300;

}  // namespace

std::string_view ReasonPhrase(int status) {
  switch (status) {
    case 100:
      return "Continue";
    case 200:
      return "OK";
    case 204:
      return "No Content";
    case 400:
      return "Bad Request";
    case 403:
      return "Forbidden";
    case 404:
      return "Not Found";
    case 405:
      return "Method Not Allowed";
    case 413:
      return "Request Entity Too Large";
    case 431:
      return "Request Header Fields Too Large";
    case 500:
      return "Internal Server Error";
    case 501:
      return "Not Implemented";
    case 503:
      return "Service Unavailable";
    case 505:
      return "HTTP Version Not Supported";
    default:
      return "Unknown";
  }
}

namespace {
// Writes the 13 base-36 digits of v (36^13 > 2^64, so this is injective).
void PutBase36(uint64_t v, char* out) {
  for (size_t i = 0; i < 13; ++i, v /= 36) out[i] = kIdAlphabet[v % 36];
}
}  // namespace

RequestIdGenerator::RequestIdGenerator() {
  uint64_t random[2];
  if (getrandom(random, sizeof(random), 0) != sizeof(random)) {
    random[0] = static_cast<uint64_t>(time(nullptr));
    random[1] = reinterpret_cast<uintptr_t>(this);
  }
  seed_ = random[0];
  PutBase36(SplitMix64(random[1]), suffix_);
  PutBase36(SplitMix64(random[1] + 1), suffix_ + 13);
}

void RequestIdGenerator::Next(char* out) {
  const uint64_t v = SplitMix64(seed_ + counter_++);
  PutBase36(v, out);
  PutBase36(SplitMix64(v), out + 13);
  memcpy(out + 26, suffix_, sizeof(suffix_));
}

void ResponseHeadWriter::RefreshDate() {
  timespec ts;
  clock_gettime(CLOCK_REALTIME_COARSE, &ts);
  if (ts.tv_sec == date_second_) return;
  date_second_ = ts.tv_sec;
  tm t;
  gmtime_r(&ts.tv_sec, &t);
  date_len_ = strftime(date_line_, sizeof(date_line_), "Date: %a, %d %b %Y %H:%M:%S GMT\r\n", &t);
}

void ResponseHeadWriter::Append(const HttpResponse& r, bool keep_alive, bool http10,
                                std::string* out) {
  size_t room = kFixedHeadRoom + r.content_type.size();
  for (const auto& [name, value] : r.headers) room += name.size() + value.size() + 4;
  const size_t old = out->size();
  out->resize(old + room);
  char* const start = out->data() + old;
  char* p = Put(start, "HTTP/1.1 ");
  p = PutUint(p, static_cast<uint64_t>(std::clamp(r.status, 100, 999)));
  *p++ = ' ';
  p = Put(p, ReasonPhrase(r.status));
  p = Put(p, "\r\n");
  p = Put(p, std::string_view(date_line_, date_len_));
  if (!r.content_type.empty()) {
    p = Put(p, "Content-Type: ");
    p = Put(p, r.content_type);
    p = Put(p, "\r\n");
  }
  p = Put(p, "Content-Length: ");
  p = PutUint(p, r.body.size());
  p = Put(p, "\r\nx-amzn-RequestId: ");
  request_ids_.Next(p);
  p += RequestIdGenerator::kLength;
  // boto3 verifies x-amz-crc32 against the body it received.
  p = Put(p, "\r\nx-amz-crc32: ");
  p = PutUint(p, Crc32(r.body));
  p = Put(p, "\r\n");
  for (const auto& [name, value] : r.headers) {
    p = Put(p, name);
    p = Put(p, ": ");
    p = Put(p, value);
    p = Put(p, "\r\n");
  }
  if (!keep_alive) {
    p = Put(p, "Connection: close\r\n");
  } else if (http10) {
    p = Put(p, "Connection: keep-alive\r\n");
  }
  p = Put(p, "\r\n");
  out->resize(old + static_cast<size_t>(p - start));
}

}  // namespace riptide
