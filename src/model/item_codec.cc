#include "model/item_codec.h"

namespace riptide {

namespace {

enum Tag : uint8_t {
  kTagS = 0x01,
  kTagN = 0x02,
  kTagB = 0x03,
  kTagFalse = 0x04,
  kTagTrue = 0x05,
  kTagNull = 0x06,
  kTagM = 0x07,
  kTagL = 0x08,
  kTagSS = 0x09,
  kTagNS = 0x0A,
  kTagBS = 0x0B,
};

// Nesting is limited to 32 on input; this bounds recursion on corrupt data.
constexpr int kMaxDecodeDepth = 64;

void PutBytes(std::string_view bytes, std::string* out) {
  PutVarint(bytes.size(), out);
  out->append(bytes);
}

bool GetBytes(std::string_view* in, std::string_view* bytes) {
  uint64_t len;
  if (!GetVarint(in, &len) || len > in->size()) return false;
  *bytes = in->substr(0, len);
  in->remove_prefix(len);
  return true;
}

void EncodeValue(const AttributeValue& v, std::string* out);

void EncodeMap(const AttributeMap& m, std::string* out) {
  PutVarint(m.size(), out);
  for (const auto& [name, value] : m) {
    PutBytes(name, out);
    EncodeValue(value, out);
  }
}

void EncodeValue(const AttributeValue& v, std::string* out) {
  switch (v.type()) {
    case AttrType::kS: out->push_back(kTagS); PutBytes(v.str(), out); break;
    case AttrType::kN: out->push_back(kTagN); PutBytes(v.str(), out); break;
    case AttrType::kB: out->push_back(kTagB); PutBytes(v.str(), out); break;
    case AttrType::kBool: out->push_back(v.boolean() ? kTagTrue : kTagFalse); break;
    case AttrType::kNull: out->push_back(kTagNull); break;
    case AttrType::kM: out->push_back(kTagM); EncodeMap(v.map(), out); break;
    case AttrType::kL:
      out->push_back(kTagL);
      PutVarint(v.list().size(), out);
      for (const auto& e : v.list()) EncodeValue(e, out);
      break;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      out->push_back(v.type() == AttrType::kSS ? kTagSS : v.type() == AttrType::kNS ? kTagNS : kTagBS);
      PutVarint(v.set().size(), out);
      for (const auto& s : v.set()) PutBytes(s, out);
      break;
  }
}

Status Corrupt() { return Status::IOError("corrupt stored item"); }

Status DecodeValue(std::string_view* in, AttributeValue* out, int depth);

Status DecodeMap(std::string_view* in, AttributeMap* out, int depth) {
  uint64_t count;
  if (!GetVarint(in, &count) || count > in->size()) return Corrupt();
  out->reserve(count);
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!GetBytes(in, &name)) return Corrupt();
    AttributeValue v;
    RIPTIDE_RETURN_IF_ERROR(DecodeValue(in, &v, depth + 1));
    out->AppendUnsorted(std::string(name), std::move(v));
  }
  out->SortAndCheckUnique();
  return Status::OK();
}

Status DecodeValue(std::string_view* in, AttributeValue* out, int depth) {
  if (in->empty() || depth > kMaxDecodeDepth) return Corrupt();
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  std::string_view bytes;
  switch (tag) {
    case kTagS:
    case kTagN:
    case kTagB:
      if (!GetBytes(in, &bytes)) return Corrupt();
      *out = tag == kTagS   ? AttributeValue::String(std::string(bytes))
             : tag == kTagN ? AttributeValue::NumberText(std::string(bytes))
                            : AttributeValue::Binary(std::string(bytes));
      return Status::OK();
    case kTagFalse:
    case kTagTrue: *out = AttributeValue::Bool(tag == kTagTrue); return Status::OK();
    case kTagNull: *out = AttributeValue::Null(); return Status::OK();
    case kTagM: {
      AttributeMap m;
      RIPTIDE_RETURN_IF_ERROR(DecodeMap(in, &m, depth));
      *out = AttributeValue::Map(std::move(m));
      return Status::OK();
    }
    case kTagL: {
      uint64_t count;
      if (!GetVarint(in, &count) || count > in->size()) return Corrupt();
      AttributeList list;
      list.reserve(count);
      for (uint64_t i = 0; i < count; ++i) {
        AttributeValue e;
        RIPTIDE_RETURN_IF_ERROR(DecodeValue(in, &e, depth + 1));
        list.push_back(std::move(e));
      }
      *out = AttributeValue::List(std::move(list));
      return Status::OK();
    }
    case kTagSS:
    case kTagNS:
    case kTagBS: {
      uint64_t count;
      if (!GetVarint(in, &count) || count > in->size()) return Corrupt();
      std::vector<std::string> members;
      members.reserve(count);
      for (uint64_t i = 0; i < count; ++i) {
        if (!GetBytes(in, &bytes)) return Corrupt();
        members.emplace_back(bytes);
      }
      AttrType t = tag == kTagSS ? AttrType::kSS : tag == kTagNS ? AttrType::kNS : AttrType::kBS;
      *out = AttributeValue::Set(t, std::move(members));
      return Status::OK();
    }
    default: return Corrupt();
  }
}

// Writes the JSON for one stored value; mirrors DecodeValue.
Status WriteValueJson(std::string_view* in, JsonWriter* w, int depth);

Status WriteMapJson(std::string_view* in, JsonWriter* w, int depth) {
  uint64_t count;
  if (!GetVarint(in, &count)) return Corrupt();
  w->BeginObject();
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!GetBytes(in, &name)) return Corrupt();
    w->Key(name);
    RIPTIDE_RETURN_IF_ERROR(WriteValueJson(in, w, depth + 1));
  }
  w->EndObject();
  return Status::OK();
}

Status WriteValueJson(std::string_view* in, JsonWriter* w, int depth) {
  if (in->empty() || depth > kMaxDecodeDepth) return Corrupt();
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  std::string_view bytes;
  uint64_t count;
  w->BeginObject();
  switch (tag) {
    case kTagS:
    case kTagN:
      if (!GetBytes(in, &bytes)) return Corrupt();
      w->Key(tag == kTagS ? "S" : "N");
      w->String(bytes);
      break;
    case kTagB:
      if (!GetBytes(in, &bytes)) return Corrupt();
      w->Key("B");
      w->Base64(bytes);
      break;
    case kTagFalse:
    case kTagTrue:
      w->Key("BOOL");
      w->Bool(tag == kTagTrue);
      break;
    case kTagNull:
      w->Key("NULL");
      w->Bool(true);
      break;
    case kTagM:
      w->Key("M");
      RIPTIDE_RETURN_IF_ERROR(WriteMapJson(in, w, depth));
      break;
    case kTagL:
      if (!GetVarint(in, &count)) return Corrupt();
      w->Key("L");
      w->BeginArray();
      for (uint64_t i = 0; i < count; ++i) RIPTIDE_RETURN_IF_ERROR(WriteValueJson(in, w, depth + 1));
      w->EndArray();
      break;
    case kTagSS:
    case kTagNS:
    case kTagBS:
      if (!GetVarint(in, &count)) return Corrupt();
      w->Key(tag == kTagSS ? "SS" : tag == kTagNS ? "NS" : "BS");
      w->BeginArray();
      for (uint64_t i = 0; i < count; ++i) {
        if (!GetBytes(in, &bytes)) return Corrupt();
        if (tag == kTagBS) {
          w->Base64(bytes);
        } else {
          w->String(bytes);
        }
      }
      w->EndArray();
      break;
    default: return Corrupt();
  }
  w->EndObject();
  return Status::OK();
}

bool StoredValueSize(std::string_view* in, size_t* size, int depth);

bool StoredMapSize(std::string_view* in, size_t* size, int depth, bool top_level) {
  uint64_t count;
  if (!GetVarint(in, &count)) return false;
  for (uint64_t i = 0; i < count; ++i) {
    std::string_view name;
    if (!GetBytes(in, &name)) return false;
    *size += name.size() + (top_level ? 0 : 1);
    if (!StoredValueSize(in, size, depth + 1)) return false;
  }
  return true;
}

bool StoredValueSize(std::string_view* in, size_t* size, int depth) {
  if (in->empty() || depth > kMaxDecodeDepth) return false;
  uint8_t tag = static_cast<uint8_t>((*in)[0]);
  in->remove_prefix(1);
  std::string_view bytes;
  uint64_t count;
  switch (tag) {
    case kTagS:
    case kTagB:
      if (!GetBytes(in, &bytes)) return false;
      *size += bytes.size();
      return true;
    case kTagN:
      if (!GetBytes(in, &bytes)) return false;
      *size += NumberSize(bytes);
      return true;
    case kTagFalse:
    case kTagTrue:
    case kTagNull: *size += 1; return true;
    case kTagM: *size += 3; return StoredMapSize(in, size, depth, false);
    case kTagL:
      if (!GetVarint(in, &count)) return false;
      *size += 3 + count;
      for (uint64_t i = 0; i < count; ++i)
        if (!StoredValueSize(in, size, depth + 1)) return false;
      return true;
    case kTagSS:
    case kTagNS:
    case kTagBS:
      if (!GetVarint(in, &count)) return false;
      for (uint64_t i = 0; i < count; ++i) {
        if (!GetBytes(in, &bytes)) return false;
        *size += tag == kTagNS ? NumberSize(bytes) : bytes.size();
      }
      return true;
    default: return false;
  }
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

void EncodeItem(const Item& item, std::string* out) {
  out->push_back(static_cast<char>(kItemFormatVersion));
  EncodeMap(item, out);
}

Status DecodeItem(std::string_view data, Item* out) {
  out->clear();
  if (data.empty() || static_cast<uint8_t>(data[0]) != kItemFormatVersion) return Corrupt();
  data.remove_prefix(1);
  RIPTIDE_RETURN_IF_ERROR(DecodeMap(&data, out, 0));
  return data.empty() ? Status::OK() : Corrupt();
}

Status WriteStoredItemJson(std::string_view data, JsonWriter* w) {
  if (data.empty() || static_cast<uint8_t>(data[0]) != kItemFormatVersion) return Corrupt();
  data.remove_prefix(1);
  RIPTIDE_RETURN_IF_ERROR(WriteMapJson(&data, w, 0));
  return data.empty() ? Status::OK() : Corrupt();
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
  if (data.empty()) return 0;
  data.remove_prefix(1);
  size_t size = 0;
  StoredMapSize(&data, &size, 0, true);
  return size;
}

}  // namespace riptide
