#include "model/item_codec.h"

#include "common/json_writer.h"
#include "model/json_dom.h"
#include "model/json_value.h"

namespace riptide {

namespace {

Status Corrupt() { return Status::IOError("corrupt stored item"); }

// Splits a stored item into its size and JSON text.
bool SplitStored(std::string_view data, uint64_t* size, std::string_view* json) {
  if (data.empty() || static_cast<uint8_t>(data[0]) != kItemFormatVersion) return false;
  data.remove_prefix(1);
  if (!GetVarint(&data, size)) return false;
  *json = data;
  return true;
}

// Stored items were validated and normalised when written, so decoding
// trusts their content (numbers are already canonical, names unique and
// sorted) and only checks the shape, so that a damaged value is an error
// rather than a crash.
bool DecodeStoredValue(const simdjson::dom::element& el, AttributeValue* out, int depth);

bool DecodeStoredMap(const simdjson::dom::element& el, AttributeMap* out, int depth) {
  if (!el.is_object()) return false;
  simdjson::dom::object object = AsObject(el);
  out->reserve(object.size());
  for (auto field : object) {
    AttributeValue v;
    if (!DecodeStoredValue(field.value, &v, depth + 1)) return false;
    out->AppendUnsorted(std::string(field.key), std::move(v));
  }
  // Already sorted; this only confirms it.
  out->SortAndCheckUnique();
  return true;
}

bool DecodeStrings(const simdjson::dom::element& el, bool binary, std::vector<std::string>* out) {
  if (!el.is_array()) return false;
  for (simdjson::dom::element member : AsArray(el)) {
    if (!member.is_string()) return false;
    std::string_view text = member.get_string().value_unsafe();
    if (binary) {
      std::string bytes;
      if (!DecodeBase64(text, &bytes)) return false;
      out->push_back(std::move(bytes));
    } else {
      out->emplace_back(text);
    }
  }
  return !out->empty();
}

bool DecodeStoredValue(const simdjson::dom::element& el, AttributeValue* out, int depth) {
  // Deeper than DynamoDB allows means damage, not data.
  if (depth > 64 || !el.is_object()) return false;
  simdjson::dom::object object = AsObject(el);
  auto it = object.begin();
  if (it == object.end()) return false;
  auto field = *it;
  if (++it != object.end()) return false;
  AttrType type;
  if (!ParseAttrTypeName(field.key, &type)) return false;
  const simdjson::dom::element& value = field.value;
  switch (type) {
    case AttrType::kS:
    case AttrType::kN:
      if (!value.is_string()) return false;
      *out = type == AttrType::kS
                 ? AttributeValue::String(std::string(value.get_string().value_unsafe()))
                 : AttributeValue::NumberText(std::string(value.get_string().value_unsafe()));
      return true;
    case AttrType::kB: {
      std::string bytes;
      if (!value.is_string() || !DecodeBase64(value.get_string().value_unsafe(), &bytes)) {
        return false;
      }
      *out = AttributeValue::Binary(std::move(bytes));
      return true;
    }
    case AttrType::kBool:
      if (!value.is_bool()) return false;
      *out = AttributeValue::Bool(value.get_bool().value_unsafe());
      return true;
    case AttrType::kNull:
      if (!value.is_bool()) return false;
      *out = AttributeValue::Null();
      return true;
    case AttrType::kM: {
      AttributeMap map;
      if (!DecodeStoredMap(value, &map, depth)) return false;
      *out = AttributeValue::Map(std::move(map));
      return true;
    }
    case AttrType::kL: {
      if (!value.is_array()) return false;
      AttributeList list;
      for (simdjson::dom::element child : AsArray(value)) {
        list.emplace_back();
        if (!DecodeStoredValue(child, &list.back(), depth + 1)) return false;
      }
      *out = AttributeValue::List(std::move(list));
      return true;
    }
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: {
      std::vector<std::string> members;
      if (!DecodeStrings(value, type == AttrType::kBS, &members)) return false;
      *out = AttributeValue::Set(type, std::move(members));
      return true;
    }
  }
  return false;
}

}  // namespace

void PutVarint(uint64_t v, std::string* out) {
  while (v >= 0x80) {
    out->push_back(static_cast<char>(v | 0x80));
    v >>= 7;
  }
  out->push_back(static_cast<char>(v));
}

bool GetVarint(std::string_view* in, uint64_t* v) {
  uint64_t result = 0;
  for (int shift = 0; shift <= 63 && !in->empty(); shift += 7) {
    uint8_t byte = static_cast<uint8_t>((*in)[0]);
    in->remove_prefix(1);
    result |= uint64_t{byte & 0x7fu} << shift;
    if (!(byte & 0x80)) {
      *v = result;
      return true;
    }
  }
  return false;
}

size_t EncodeItem(const Item& item, std::string* out) {
  size_t size = ItemSize(item);
  // The JSON is about the DynamoDB size plus punctuation: grow once.
  out->reserve(out->size() + size + 16 * item.size() + 16);
  out->push_back(static_cast<char>(kItemFormatVersion));
  PutVarint(size, out);
  JsonWriter w(out);
  WriteAttributeMap(&w, item);
  return size;
}

Status DecodeItem(std::string_view data, Item* out) {
  out->clear();
  uint64_t size;
  std::string_view json;
  if (!SplitStored(data, &size, &json)) return Corrupt();
  // One parser per thread, its buffers reused.
  thread_local simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(json.data(), json.size()).get(root) != simdjson::SUCCESS) return Corrupt();
  if (!DecodeStoredMap(root, out, 0)) {
    out->clear();
    return Corrupt();
  }
  return Status::OK();
}

Status WriteStoredItemJson(std::string_view data, JsonWriter* w) {
  uint64_t size;
  std::string_view json;
  if (!SplitStored(data, &size, &json) || json.size() < 2 || json.front() != '{' ||
      json.back() != '}') {
    return Corrupt();
  }
  w->Raw(json);
  return Status::OK();
}

namespace {
int FloorDiv2(int v) { return v >= 0 ? v / 2 : -((1 - v) / 2); }
}  // namespace

// DynamoDB stores a number as base-100 digit pairs aligned on the decimal
// point ("12|34.5|0" is three pairs): its size is one byte per pair from the
// first non-zero pair to the last, plus one, plus one more if negative.
// Examples: 1 -> 2, 123 -> 3, 1.5 -> 3, 0.001 -> 2, 100000 -> 2, -12.34 -> 4.
size_t NumberSize(std::string_view canonical) {
  bool negative = !canonical.empty() && canonical[0] == '-';
  if (negative) canonical.remove_prefix(1);
  size_t dot = canonical.find('.');
  size_t int_len = dot == std::string_view::npos ? canonical.size() : dot;
  // Decimal powers of the highest and lowest non-zero digits.
  bool any = false;
  int high = 0, low = 0;
  for (size_t i = 0; i < canonical.size(); ++i) {
    char c = canonical[i];
    if (c < '1' || c > '9') continue;
    int power = i < int_len ? static_cast<int>(int_len - 1 - i) : -static_cast<int>(i - int_len);
    if (!any) high = power;
    low = power;
    any = true;
  }
  if (!any) return 1;  // zero
  size_t pairs = static_cast<size_t>(FloorDiv2(high) - FloorDiv2(low) + 1);
  return pairs + 1 + (negative ? 1 : 0);
}

size_t ValueSize(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::kS:
    case AttrType::kB: return v.str().size();
    case AttrType::kN: return NumberSize(v.str());
    case AttrType::kBool:
    case AttrType::kNull: return 1;
    case AttrType::kM: {
      size_t size = 3;
      for (const auto& [name, value] : v.map()) size += 1 + name.size() + ValueSize(value);
      return size;
    }
    case AttrType::kL: {
      size_t size = 3;
      for (const auto& e : v.list()) size += 1 + ValueSize(e);
      return size;
    }
    case AttrType::kSS:
    case AttrType::kBS: {
      size_t size = 0;
      for (const auto& s : v.set()) size += s.size();
      return size;
    }
    case AttrType::kNS: {
      size_t size = 0;
      for (const auto& s : v.set()) size += NumberSize(s);
      return size;
    }
  }
  return 0;
}

size_t ItemSize(const Item& item) {
  size_t size = 0;
  for (const auto& [name, value] : item) size += name.size() + ValueSize(value);
  return size;
}

size_t StoredItemSize(std::string_view data) {
  uint64_t size = 0;
  std::string_view json;
  if (!SplitStored(data, &size, &json)) return 0;
  return size;
}

}  // namespace riptide
