#pragma once

// JsonWriter: appends compact JSON to a caller-owned std::string.
//
// The writer tracks only whether a separator is due, so it costs a branch per
// token. It does not validate nesting; callers pair Begin/End themselves.
// Strings are escaped as JSON requires; bytes >= 0x80 are copied as they are
// (the input is valid UTF-8 by construction: it came through simdjson or is
// our own text).

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace riptide {

class JsonWriter {
 public:
  explicit JsonWriter(std::string* out) : out_(out) {}

  void BeginObject() {
    Sep();
    out_->push_back('{');
    need_comma_ = false;
  }
  void EndObject() {
    out_->push_back('}');
    need_comma_ = true;
  }
  void BeginArray() {
    Sep();
    out_->push_back('[');
    need_comma_ = false;
  }
  void EndArray() {
    out_->push_back(']');
    need_comma_ = true;
  }
  // An object member name; the next value call writes its value.
  void Key(std::string_view name) {
    Sep();
    AppendQuoted(name);
    out_->push_back(':');
    need_comma_ = false;
  }
  // A member name known to need no escaping (DynamoDB's own member and type
  // names): copied as is.
  void PlainKey(std::string_view name) {
    Sep();
    out_->push_back('"');
    out_->append(name);
    out_->append("\":", 2);
    need_comma_ = false;
  }
  void String(std::string_view s) {
    Sep();
    AppendQuoted(s);
    need_comma_ = true;
  }
  // Bytes as base64 in a JSON string (DynamoDB's B, BS).
  void Base64(std::string_view bytes);
  void Bool(bool b) { Raw(b ? "true" : "false"); }
  void Null() { Raw("null"); }
  void Int(int64_t v);
  void Uint(uint64_t v);
  // A JSON number with millisecond precision, as DynamoDB writes epoch
  // seconds ("1700000000.123").
  void EpochSeconds(int64_t millis);
  void Double(double v);
  // Already-serialised JSON (a value, or `"k":v,...` inside an object when
  // the caller knows the separator state; see RawMembers).
  void Raw(std::string_view json) {
    Sep();
    out_->append(json);
    need_comma_ = true;
  }
  // Appends pre-serialised members (`"a":1,"b":2`) into the open object.
  void RawMembers(std::string_view members) {
    if (members.empty()) return;
    Sep();
    out_->append(members);
    need_comma_ = true;
  }

  std::string* out() { return out_; }

  static void AppendEscaped(std::string* out, std::string_view s);

 private:
  void Sep() {
    if (need_comma_) out_->push_back(',');
  }
  void AppendQuoted(std::string_view s) {
    out_->push_back('"');
    AppendEscaped(out_, s);
    out_->push_back('"');
  }

  std::string* out_;
  bool need_comma_ = false;
};

// Base64 (RFC 4648, with padding).
void AppendBase64(std::string* out, std::string_view bytes);
// Strict base64 decoding as DynamoDB applies it. Returns false on bad input.
bool DecodeBase64(std::string_view text, std::string* out);
// True when DecodeBase64 would accept `text`; allocates nothing.
bool IsValidBase64(std::string_view text);

}  // namespace riptide
