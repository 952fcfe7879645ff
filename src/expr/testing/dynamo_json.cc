#include "expr/testing/dynamo_json.h"

#include <string_view>
#include <vector>

#include "model/number.h"

namespace riptide::expr::testing {

namespace {

int Base64Value(char c) {
  if (c >= 'A' && c <= 'Z') return c - 'A';
  if (c >= 'a' && c <= 'z') return c - 'a' + 26;
  if (c >= '0' && c <= '9') return c - '0' + 52;
  if (c == '+') return 62;
  if (c == '/') return 63;
  return -1;
}

std::string Base64Decode(std::string_view in) {
  std::string out;
  uint32_t acc = 0;
  int bits = 0;
  for (char c : in) {
    int v = Base64Value(c);
    if (v < 0) continue;  // '=' padding
    acc = (acc << 6) | static_cast<uint32_t>(v);
    bits += 6;
    if (bits >= 8) {
      bits -= 8;
      out.push_back(static_cast<char>((acc >> bits) & 0xFF));
    }
  }
  return out;
}

std::string Base64Encode(std::string_view in) {
  static constexpr char kChars[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t i = 0;
  for (; i + 2 < in.size(); i += 3) {
    uint32_t n = (static_cast<uint8_t>(in[i]) << 16) | (static_cast<uint8_t>(in[i + 1]) << 8) |
                 static_cast<uint8_t>(in[i + 2]);
    for (int k = 18; k >= 0; k -= 6) out.push_back(kChars[(n >> k) & 63]);
  }
  if (i < in.size()) {
    uint32_t n = static_cast<uint8_t>(in[i]) << 16;
    if (i + 1 < in.size()) n |= static_cast<uint8_t>(in[i + 1]) << 8;
    out.push_back(kChars[(n >> 18) & 63]);
    out.push_back(kChars[(n >> 12) & 63]);
    out.push_back(i + 1 < in.size() ? kChars[(n >> 6) & 63] : '=');
    out.push_back('=');
  }
  return out;
}

Status Canonical(std::string_view text, std::string* out) {
  Result<Number> n = Number::Parse(text);
  if (!n.ok()) return n.TakeStatus();
  *out = n->ToString();
  return Status::OK();
}

void AppendQuoted(std::string* out, std::string_view s) {
  out->push_back('"');
  for (char c : s) {
    if (c == '"' || c == '\\') {
      out->push_back('\\');
      out->push_back(c);
    } else if (static_cast<unsigned char>(c) < 0x20) {
      char buf[8];
      snprintf(buf, sizeof buf, "\\u%04x", c);
      *out += buf;
    } else {
      out->push_back(c);
    }
  }
  out->push_back('"');
}

void AppendJson(std::string* out, const AttributeValue& v);

void AppendMap(std::string* out, const AttributeMap& m) {
  out->push_back('{');
  bool first = true;
  for (const auto& [name, value] : m) {
    if (!first) out->push_back(',');
    first = false;
    AppendQuoted(out, name);
    out->push_back(':');
    AppendJson(out, value);
  }
  out->push_back('}');
}

void AppendJson(std::string* out, const AttributeValue& v) {
  *out += "{\"";
  *out += AttrTypeName(v.type());
  *out += "\":";
  switch (v.type()) {
    case AttrType::kS:
    case AttrType::kN:
      AppendQuoted(out, v.str());
      break;
    case AttrType::kB:
      AppendQuoted(out, Base64Encode(v.str()));
      break;
    case AttrType::kBool:
      *out += v.boolean() ? "true" : "false";
      break;
    case AttrType::kNull:
      *out += "true";
      break;
    case AttrType::kM:
      AppendMap(out, v.map());
      break;
    case AttrType::kL: {
      out->push_back('[');
      for (size_t i = 0; i < v.list().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendJson(out, v.list()[i]);
      }
      out->push_back(']');
      break;
    }
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: {
      out->push_back('[');
      for (size_t i = 0; i < v.set().size(); ++i) {
        if (i > 0) out->push_back(',');
        AppendQuoted(out, v.is(AttrType::kBS) ? Base64Encode(v.set()[i]) : v.set()[i]);
      }
      out->push_back(']');
      break;
    }
  }
  out->push_back('}');
}

Status SetMembers(simdjson::dom::element el, AttrType type, AttributeValue* out) {
  std::vector<std::string> members;
  for (simdjson::dom::element m : el.get_array()) {
    std::string_view s = m.get_string();
    std::string member(s);
    if (type == AttrType::kNS) RIPTIDE_RETURN_IF_ERROR(Canonical(s, &member));
    if (type == AttrType::kBS) member = Base64Decode(s);
    members.push_back(std::move(member));
  }
  *out = AttributeValue::Set(type, std::move(members));
  return Status::OK();
}

}  // namespace

Status ToAttributeValue(simdjson::dom::element el, AttributeValue* out) {
  simdjson::dom::object obj;
  if (el.get_object().get(obj) || obj.size() != 1) return Status::Internal("bad attribute value");
  auto [key, value] = *obj.begin();
  AttrType type;
  if (!ParseAttrTypeName(key, &type)) return Status::Internal("bad type " + std::string(key));
  switch (type) {
    case AttrType::kS:
      *out = AttributeValue::String(std::string(value.get_string().value()));
      break;
    case AttrType::kN: {
      std::string canonical;
      RIPTIDE_RETURN_IF_ERROR(Canonical(value.get_string().value(), &canonical));
      *out = AttributeValue::NumberText(std::move(canonical));
      break;
    }
    case AttrType::kB:
      *out = AttributeValue::Binary(Base64Decode(value.get_string().value()));
      break;
    case AttrType::kBool:
      *out = AttributeValue::Bool(value.get_bool().value());
      break;
    case AttrType::kNull:
      *out = AttributeValue::Null();
      break;
    case AttrType::kM: {
      Item m;
      RIPTIDE_RETURN_IF_ERROR(ToItem(value, &m));
      *out = AttributeValue::Map(std::move(m));
      break;
    }
    case AttrType::kL: {
      AttributeList list;
      for (simdjson::dom::element e : value.get_array()) {
        AttributeValue v;
        RIPTIDE_RETURN_IF_ERROR(ToAttributeValue(e, &v));
        list.push_back(std::move(v));
      }
      *out = AttributeValue::List(std::move(list));
      break;
    }
    default:
      return SetMembers(value, type, out);
  }
  return Status::OK();
}

Status ToItem(simdjson::dom::element el, Item* out) {
  out->clear();
  for (auto [key, value] : el.get_object()) {
    AttributeValue v;
    RIPTIDE_RETURN_IF_ERROR(ToAttributeValue(value, &v));
    out->AppendUnsorted(std::string(key), std::move(v));
  }
  out->SortAndCheckUnique();
  return Status::OK();
}

std::string ToJson(const AttributeValue& v) {
  std::string out;
  AppendJson(&out, v);
  return out;
}

std::string ToJson(const Item& item) {
  std::string out;
  AppendMap(&out, item);
  return out;
}

}  // namespace riptide::expr::testing
