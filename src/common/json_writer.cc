#include "common/json_writer.h"

#include <charconv>
#include <cmath>
#include <cstdio>

#if defined(__SSE2__)
#include <emmintrin.h>
#endif

namespace riptide {

namespace {
constexpr char kBase64Chars[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

// 0..63 for base64 characters, -1 otherwise.
constexpr int Base64Value(unsigned char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}
}  // namespace

namespace {

// The index of the first byte at or after `i` that JSON requires escaping
// (a control character, '"' or '\\'), or s.size(). Sixteen bytes at a time:
// on the GetItem and Query paths most strings need no escaping at all, and
// this scan is what remains of the cost (it was a third of a Query's CPU
// byte by byte).
size_t NextToEscape(std::string_view s, size_t i) {
#if defined(__SSE2__)
  const __m128i quote = _mm_set1_epi8('"');
  const __m128i backslash = _mm_set1_epi8('\\');
  const __m128i control_max = _mm_set1_epi8(0x1f);
  for (; i + 16 <= s.size(); i += 16) {
    __m128i v = _mm_loadu_si128(reinterpret_cast<const __m128i*>(s.data() + i));
    // v <= 0x1f (unsigned) exactly when max(v, 0x1f) == 0x1f.
    __m128i hits = _mm_or_si128(
        _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, backslash)),
        _mm_cmpeq_epi8(_mm_max_epu8(v, control_max), control_max));
    int mask = _mm_movemask_epi8(hits);
    if (mask != 0) return i + __builtin_ctz(mask);
  }
#endif
  for (; i < s.size(); ++i) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    if (c < 0x20 || c == '"' || c == '\\') return i;
  }
  return s.size();
}

}  // namespace

void JsonWriter::AppendEscaped(std::string* out, std::string_view s) {
  static constexpr char kHex[] = "0123456789abcdef";
  size_t run_start = 0;
  for (size_t i = NextToEscape(s, 0); i < s.size(); i = NextToEscape(s, i + 1)) {
    unsigned char c = static_cast<unsigned char>(s[i]);
    out->append(s.data() + run_start, i - run_start);
    run_start = i + 1;
    switch (c) {
      case '"': out->append("\\\""); break;
      case '\\': out->append("\\\\"); break;
      case '\n': out->append("\\n"); break;
      case '\r': out->append("\\r"); break;
      case '\t': out->append("\\t"); break;
      case '\b': out->append("\\b"); break;
      case '\f': out->append("\\f"); break;
      default: {
        char buf[6] = {'\\', 'u', '0', '0', kHex[c >> 4], kHex[c & 0xf]};
        out->append(buf, 6);
      }
    }
  }
  out->append(s.data() + run_start, s.size() - run_start);
}

void JsonWriter::Base64(std::string_view bytes) {
  Sep();
  out_->push_back('"');
  AppendBase64(out_, bytes);
  out_->push_back('"');
  need_comma_ = true;
}

void JsonWriter::Int(int64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  Raw(std::string_view(buf, r.ptr - buf));
}

void JsonWriter::Uint(uint64_t v) {
  char buf[24];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  Raw(std::string_view(buf, r.ptr - buf));
}

void JsonWriter::EpochSeconds(int64_t millis) {
  char buf[40];
  bool negative = millis < 0;
  uint64_t magnitude = negative ? 0 - static_cast<uint64_t>(millis) : static_cast<uint64_t>(millis);
  int n = std::snprintf(buf, sizeof(buf), "%s%llu.%03llu", negative ? "-" : "",
                        static_cast<unsigned long long>(magnitude / 1000),
                        static_cast<unsigned long long>(magnitude % 1000));
  Raw(std::string_view(buf, n));
}

void JsonWriter::Double(double v) {
  if (!std::isfinite(v)) {
    Null();
    return;
  }
  char buf[40];
  auto r = std::to_chars(buf, buf + sizeof(buf), v);
  std::string_view text(buf, r.ptr - buf);
  // JSON has no bare integers-as-doubles problem, but keep a decimal point so
  // that readers that care see a floating-point number.
  Raw(text);
}

void AppendBase64(std::string* out, std::string_view bytes) {
  size_t n = bytes.size();
  size_t start = out->size();
  out->resize(start + (n + 2) / 3 * 4);
  char* p = out->data() + start;
  const auto* in = reinterpret_cast<const unsigned char*>(bytes.data());
  size_t i = 0;
  for (; i + 3 <= n; i += 3) {
    uint32_t v = (uint32_t{in[i]} << 16) | (uint32_t{in[i + 1]} << 8) | in[i + 2];
    *p++ = kBase64Chars[(v >> 18) & 63];
    *p++ = kBase64Chars[(v >> 12) & 63];
    *p++ = kBase64Chars[(v >> 6) & 63];
    *p++ = kBase64Chars[v & 63];
  }
  if (i < n) {
    uint32_t v = uint32_t{in[i]} << 16;
    if (i + 1 < n) v |= uint32_t{in[i + 1]} << 8;
    *p++ = kBase64Chars[(v >> 18) & 63];
    *p++ = kBase64Chars[(v >> 12) & 63];
    *p++ = (i + 1 < n) ? kBase64Chars[(v >> 6) & 63] : '=';
    *p++ = '=';
  }
}

namespace {
// DynamoDB decodes B values in groups of four characters; each group may end
// in one or two '=' (so "YQ==YQ==" decodes to "aa", as the reference does).
// Whitespace and control characters (up to 0x20) are skipped between groups
// and refused inside one, as the reference does. Anything else outside the
// alphabet, or a length that is not a multiple of four, is bad.
// Appends the decoded bytes to `out` unless it is nullptr.
bool WalkBase64(std::string_view text, std::string* out) {
  int group[4];
  int filled = 0;
  int pad = 0;
  for (unsigned char c : text) {
    if (c <= 0x20) {
      if (filled != 0) return false;
      continue;
    }
    int v;
    if (c == '=') {
      if (filled < 2) return false;
      ++pad;
      v = 0;
    } else {
      if (pad > 0) return false;
      v = Base64Value(c);
      if (v < 0) return false;
    }
    group[filled++] = v;
    if (filled == 4) {
      if (out) {
        uint32_t bits = (uint32_t(group[0]) << 18) | (uint32_t(group[1]) << 12) |
                        (uint32_t(group[2]) << 6) | uint32_t(group[3]);
        out->push_back(static_cast<char>((bits >> 16) & 0xff));
        if (pad < 2) out->push_back(static_cast<char>((bits >> 8) & 0xff));
        if (pad < 1) out->push_back(static_cast<char>(bits & 0xff));
      }
      filled = 0;
      pad = 0;
    }
  }
  return filled == 0;
}
}  // namespace

bool DecodeBase64(std::string_view text, std::string* out) {
  out->clear();
  out->reserve(text.size() / 4 * 3);
  return WalkBase64(text, out);
}

bool IsValidBase64(std::string_view text) { return WalkBase64(text, nullptr); }

}  // namespace riptide
