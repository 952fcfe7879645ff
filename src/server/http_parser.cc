#include "server/http_parser.h"

#include <algorithm>
#include <array>
#include <cstring>
#include <string_view>

namespace riptide {
namespace {

// A chunk-size line with extensions longer than this is refused (400). Real
// clients send a few hex digits; extensions are rare and short.
constexpr size_t kMaxChunkLine = 4096;

// RFC 9110 5.6.2: tchar.
constexpr std::array<bool, 256> MakeTokenTable() {
  std::array<bool, 256> t{};
  for (int c = '0'; c <= '9'; ++c) t[c] = true;
  for (int c = 'a'; c <= 'z'; ++c) t[c] = true;
  for (int c = 'A'; c <= 'Z'; ++c) t[c] = true;
  for (char c : std::string_view("!#$%&'*+-.^_`|~")) t[static_cast<unsigned char>(c)] = true;
  return t;
}
constexpr std::array<bool, 256> kToken = MakeTokenTable();

bool IsToken(char c) { return kToken[static_cast<unsigned char>(c)]; }
bool IsSpace(char c) { return c == ' ' || c == '\t'; }
char Lower(char c) { return (c >= 'A' && c <= 'Z') ? static_cast<char>(c + 32) : c; }

// Branch-free on purpose so the compiler vectorises it: header values are
// the bulk of a request's head (SigV4 Authorization alone is ~200 bytes).
bool HasControlChar(const char* p, size_t n) {
  unsigned bad = 0;
  for (size_t i = 0; i < n; ++i) {
    unsigned char c = static_cast<unsigned char>(p[i]);
    bad |= static_cast<unsigned>((c < 0x20) & (c != '\t')) | static_cast<unsigned>(c == 0x7f);
  }
  return bad != 0;
}

bool EqualsLower(const char* p, size_t n, std::string_view lower) {
  if (n != lower.size()) return false;
  for (size_t i = 0; i < n; ++i) {
    if (Lower(p[i]) != lower[i]) return false;
  }
  return true;
}

// Calls fn(token) for each comma-separated token of a header value, trimmed.
template <typename Fn>
void ForEachToken(const char* p, size_t n, Fn fn) {
  size_t i = 0;
  while (i < n) {
    size_t j = i;
    while (j < n && p[j] != ',') ++j;
    size_t b = i, e = j;
    while (b < e && IsSpace(p[b])) ++b;
    while (e > b && IsSpace(p[e - 1])) --e;
    if (e > b) fn(p + b, e - b);
    i = j + 1;
  }
}

int HexDigit(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  c = Lower(c);
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  return -1;
}

}  // namespace

std::string_view HttpRequest::Header(std::string_view name) const {
  for (const auto& [n, v] : headers) {
    if (n.size() != name.size()) continue;
    bool same = true;
    for (size_t i = 0; i < n.size() && same; ++i) same = Lower(n[i]) == Lower(name[i]);
    if (same) return v;
  }
  return {};
}

HttpRequestParser::HttpRequestParser(HttpParserLimits limits) : limits_(limits) {
  fields_.reserve(16);
}

void HttpRequestParser::Reset() {
  state_ = State::kRequestLine;
  error_status_ = 0;
  version_minor_ = 1;
  pos_ = scan_ = header_end_ = body_end_ = trailer_start_ = consumed_ = 0;
  method_ = method_len_ = target_ = target_len_ = 0;
  fields_.clear();
  content_length_ = 0;
  has_content_length_ = chunked_ = transfer_encoding_unsupported_ = expect_continue_ = false;
  connection_close_ = connection_keep_alive_ = false;
  chunk_left_ = 0;
}

bool HttpRequestParser::keep_alive() const {
  if (connection_close_) return false;
  return version_minor_ >= 1 || connection_keep_alive_;
}

size_t HttpRequestParser::expected_size() const {
  if (!has_content_length_ || !headers_complete()) return 0;
  return header_end_ + content_length_;
}

HttpRequestParser::Result HttpRequestParser::Fail(int status) {
  state_ = State::kError;
  error_status_ = status;
  return Result::kError;
}

HttpRequestParser::Result HttpRequestParser::Parse(char* data, size_t size, HttpRequest* request) {
  // The caller passes at least what it passed before; anything else is a
  // caller bug, refused rather than read out of bounds.
  if (state_ == State::kError) return Result::kError;
  if (size < scan_ || size < pos_) return Fail(400);
  if (state_ <= State::kHeaders) {
    Result r = ParseHead(data, size);
    if (r != Result::kComplete) return r;
  }
  switch (state_) {
    case State::kBodyLength:
      if (size - header_end_ < content_length_) return Result::kNeedMore;
      body_end_ = header_end_ + content_length_;
      return Complete(data, body_end_, request);
    case State::kChunkSize:
    case State::kChunkData:
    case State::kChunkDataEnd:
    case State::kTrailers: {
      Result r = ParseChunked(data, size);
      if (r != Result::kComplete) return r;
      return Complete(data, pos_, request);
    }
    case State::kDone:
      return Complete(data, consumed_, request);
    default:
      return Result::kError;
  }
}

// Parses complete lines of the header section. Returns kComplete when the
// header section has ended (the body may still be to come).
HttpRequestParser::Result HttpRequestParser::ParseHead(char* data, size_t size) {
  const size_t limit = std::min(size, limits_.max_header_bytes);
  for (;;) {
    const void* nl = scan_ < limit ? memchr(data + scan_, '\n', limit - scan_) : nullptr;
    if (nl == nullptr) {
      if (size >= limits_.max_header_bytes) return Fail(431);
      scan_ = size;
      return Result::kNeedMore;
    }
    const size_t next = static_cast<const char*>(nl) - data + 1;
    size_t line_end = next - 1;
    if (line_end > pos_ && data[line_end - 1] == '\r') --line_end;
    if (state_ == State::kRequestLine) {
      // RFC 9112 2.2: ignore empty lines before the request-line (some
      // clients send CRLF after a POST body).
      if (line_end > pos_) {
        int status = ParseRequestLine(data, pos_, line_end);
        if (status != 0) return Fail(status);
        state_ = State::kHeaders;
      }
    } else if (line_end == pos_) {
      header_end_ = next;
      pos_ = scan_ = next;
      return FinishHead();
    } else {
      if (fields_.size() >= limits_.max_header_fields) return Fail(431);
      if (!ParseField(data, pos_, line_end)) return Fail(400);
    }
    pos_ = scan_ = next;
  }
}

// request-line = method SP request-target SP HTTP-version. Returns 0 or the
// status to fail with.
int HttpRequestParser::ParseRequestLine(const char* data, size_t begin, size_t end) {
  size_t i = begin;
  while (i < end && IsToken(data[i])) ++i;
  if (i == begin || i >= end || data[i] != ' ') return 400;
  method_ = static_cast<uint32_t>(begin);
  method_len_ = static_cast<uint32_t>(i - begin);
  const size_t target = ++i;
  while (i < end) {
    unsigned char c = static_cast<unsigned char>(data[i]);
    if (c <= 0x20 || c == 0x7f) break;
    ++i;
  }
  if (i == target || i >= end || data[i] != ' ') return 400;
  target_ = static_cast<uint32_t>(target);
  target_len_ = static_cast<uint32_t>(i - target);
  ++i;
  std::string_view version(data + i, end - i);
  if (version.size() != 8 || version.substr(0, 5) != "HTTP/" || version[6] != '.' ||
      version[5] < '0' || version[5] > '9' || version[7] < '0' || version[7] > '9') {
    return 400;
  }
  if (version[5] != '1') return 505;
  version_minor_ = version[7] == '0' ? 0 : 1;
  return 0;
}

// field-line = field-name ":" OWS field-value OWS
bool HttpRequestParser::ParseField(const char* data, size_t begin, size_t end) {
  size_t i = begin;
  while (i < end && IsToken(data[i])) ++i;
  // Rejects obsolete line folding (a line starting with whitespace) and
  // whitespace before the colon, as RFC 9112 5.1 requires of servers.
  if (i == begin || i >= end || data[i] != ':') return false;
  const size_t name_end = i++;
  while (i < end && IsSpace(data[i])) ++i;
  size_t value_end = end;
  while (value_end > i && IsSpace(data[value_end - 1])) --value_end;
  if (HasControlChar(data + i, value_end - i)) return false;
  fields_.push_back(Field{static_cast<uint32_t>(begin), static_cast<uint32_t>(name_end - begin),
                          static_cast<uint32_t>(i), static_cast<uint32_t>(value_end - i)});
  return NoteSpecialField(data + begin, name_end - begin, data + i, value_end - i);
}

// Records the fields that shape the message: framing, persistence, Expect.
bool HttpRequestParser::NoteSpecialField(const char* name, size_t name_len, const char* value,
                                         size_t value_len) {
  switch (name_len) {
    case 14:
      if (EqualsLower(name, name_len, "content-length")) {
        if (value_len == 0) return false;
        uint64_t n = 0;
        for (size_t i = 0; i < value_len; ++i) {
          if (value[i] < '0' || value[i] > '9') return false;
          // Saturate: anything this large is refused with 413 anyway.
          n = n > (uint64_t{1} << 50) ? n : n * 10 + (value[i] - '0');
        }
        // Differing repeated Content-Length fields are a smuggling vector.
        if (has_content_length_ && n != content_length_) return false;
        has_content_length_ = true;
        content_length_ = n;
      }
      return true;
    case 17:
      if (EqualsLower(name, name_len, "transfer-encoding")) {
        // Only "chunked" is supported (no request compression); anything
        // else, or chunked twice, is refused in FinishHead.
        if (chunked_ || !EqualsLower(value, value_len, "chunked")) {
          transfer_encoding_unsupported_ = true;
        }
        chunked_ = true;
      }
      return true;
    case 10:
      if (EqualsLower(name, name_len, "connection")) {
        ForEachToken(value, value_len, [this](const char* t, size_t n) {
          if (EqualsLower(t, n, "close")) connection_close_ = true;
          if (EqualsLower(t, n, "keep-alive")) connection_keep_alive_ = true;
        });
      }
      return true;
    case 6:
      if (EqualsLower(name, name_len, "expect") && EqualsLower(value, value_len, "100-continue")) {
        expect_continue_ = true;
      }
      return true;
    default:
      return true;
  }
}

HttpRequestParser::Result HttpRequestParser::FinishHead() {
  // RFC 9110 10.1.1: an HTTP/1.0 client does not wait for 100 Continue.
  if (version_minor_ == 0) expect_continue_ = false;
  if (chunked_) {
    if (transfer_encoding_unsupported_) return Fail(501);
    // Both framings at once is how requests get smuggled (RFC 9112 6.3).
    if (has_content_length_) return Fail(400);
    state_ = State::kChunkSize;
    body_end_ = header_end_;
    return Result::kComplete;
  }
  if (has_content_length_) {
    if (content_length_ > limits_.max_body_bytes) return Fail(413);
    state_ = State::kBodyLength;
    return Result::kComplete;
  }
  body_end_ = header_end_;
  consumed_ = header_end_;
  state_ = State::kDone;
  return Result::kComplete;
}

// Decodes chunks in place. Returns kComplete once the last chunk and the
// trailer section are in; pos_ is then the end of the request.
HttpRequestParser::Result HttpRequestParser::ParseChunked(char* data, size_t size) {
  for (;;) {
    switch (state_) {
      case State::kChunkSize: {
        Result r = ParseChunkSizeLine(data, size);
        if (r != Result::kComplete) return r;
        break;
      }
      case State::kChunkData: {
        const size_t n = static_cast<size_t>(std::min<uint64_t>(size - pos_, chunk_left_));
        if (n > 0 && body_end_ != pos_) memmove(data + body_end_, data + pos_, n);
        body_end_ += n;
        pos_ += n;
        chunk_left_ -= n;
        if (chunk_left_ > 0) return Result::kNeedMore;
        state_ = State::kChunkDataEnd;
        break;
      }
      case State::kChunkDataEnd:
        if (pos_ >= size) return Result::kNeedMore;
        if (data[pos_] == '\r') {
          if (pos_ + 1 >= size) return Result::kNeedMore;
          if (data[pos_ + 1] != '\n') return Fail(400);
          ++pos_;
        } else if (data[pos_] != '\n') {
          return Fail(400);
        }
        scan_ = ++pos_;
        state_ = State::kChunkSize;
        break;
      case State::kTrailers:
        return ParseTrailers(data, size);
      default:
        return Result::kError;
    }
  }
}

// chunk-size [ chunk-ext ] CRLF, chunk-ext = *( BWS ";" BWS name [ = value ] )
HttpRequestParser::Result HttpRequestParser::ParseChunkSizeLine(const char* data, size_t size) {
  const size_t limit = std::min(size, pos_ + kMaxChunkLine + 2);
  const void* nl = scan_ < limit ? memchr(data + scan_, '\n', limit - scan_) : nullptr;
  if (nl == nullptr) {
    if (size - pos_ > kMaxChunkLine) return Fail(400);
    scan_ = size;
    return Result::kNeedMore;
  }
  const size_t next = static_cast<const char*>(nl) - data + 1;
  size_t end = next - 1;
  if (end > pos_ && data[end - 1] == '\r') --end;
  if (end - pos_ > kMaxChunkLine) return Fail(400);
  size_t i = pos_;
  uint64_t chunk = 0;
  for (int d; i < end && (d = HexDigit(data[i])) >= 0; ++i) {
    if (chunk > (UINT64_MAX >> 4)) return Fail(413);
    chunk = chunk * 16 + static_cast<uint64_t>(d);
    if (chunk > limits_.max_body_bytes) return Fail(413);
  }
  if (i == pos_) return Fail(400);
  while (i < end && IsSpace(data[i])) ++i;
  if (i < end && (data[i] != ';' || HasControlChar(data + i, end - i))) return Fail(400);
  if (chunk > limits_.max_body_bytes - (body_end_ - header_end_)) return Fail(413);
  pos_ = scan_ = next;
  if (chunk == 0) {
    trailer_start_ = next;
    state_ = State::kTrailers;
  } else {
    chunk_left_ = chunk;
    state_ = State::kChunkData;
  }
  return Result::kComplete;
}

// trailer-section = *( field-line CRLF ) CRLF. Trailer fields are accepted
// and ignored: nothing in DynamoDB's protocol travels in them.
HttpRequestParser::Result HttpRequestParser::ParseTrailers(const char* data, size_t size) {
  for (;;) {
    const void* nl = memchr(data + scan_, '\n', size - scan_);
    if (nl == nullptr) {
      if (size - trailer_start_ > limits_.max_header_bytes) return Fail(431);
      scan_ = size;
      return Result::kNeedMore;
    }
    const size_t next = static_cast<const char*>(nl) - data + 1;
    size_t end = next - 1;
    if (end > pos_ && data[end - 1] == '\r') --end;
    const bool empty = end == pos_;
    pos_ = scan_ = next;
    if (empty) return Result::kComplete;
    if (pos_ - trailer_start_ > limits_.max_header_bytes) return Fail(431);
  }
}

HttpRequestParser::Result HttpRequestParser::Complete(char* data, size_t end,
                                                      HttpRequest* request) {
  request->method = std::string_view(data + method_, method_len_);
  request->target = std::string_view(data + target_, target_len_);
  request->body = std::string_view(data + header_end_, body_end_ - header_end_);
  request->headers.clear();
  for (const Field& f : fields_) {
    request->headers.emplace_back(std::string_view(data + f.name, f.name_len),
                                  std::string_view(data + f.value, f.value_len));
  }
  consumed_ = end;
  state_ = State::kDone;
  return Result::kComplete;
}

}  // namespace riptide
