#include "model/json_value.h"

#include "model/json_dom.h"

#include <algorithm>

#include "model/item_codec.h"
#include "model/number.h"

namespace riptide {

namespace {

using simdjson::dom::element;
using simdjson::dom::element_type;

constexpr std::string_view kInvalid = "One or more parameter values were invalid: ";

Status Invalid(std::string_view what) {
  std::string msg(kInvalid);
  msg += what;
  return Status::Validation(std::move(msg));
}

Status NullInItem(std::string_view name) {
  std::string msg = "The supplied Item contains a null AttributeValue";
  if (!name.empty()) {
    msg += ": ";
    msg += name;
    msg += " is null";
  }
  return Status::Validation(std::move(msg));
}

// DynamoDB's B values arrive base64-encoded. The reference answers a 500 for
// bad base64; DynamoDB's framework refuses it while deserialising, so we
// answer a SerializationException (docs/compatibility.md).
Status DecodeBinary(const element& el, std::string* out) {
  if (!el.is_string()) return JsonTypeMismatch(el, "ByteBuffer");
  std::string_view text = el.get_string().value_unsafe();
  if (!DecodeBase64(text, out)) {
    return Status::Serialization("Base64 encoded value is not valid: " + std::string(text));
  }
  return Status::OK();
}

Status ParseNumberText(const element& el, std::string* out) {
  if (el.is_null()) return Status::Validation("A value provided cannot be converted into a number");
  if (!el.is_string()) return JsonTypeMismatch(el, "String");
  Result<Number> n = Number::Parse(el.get_string().value_unsafe());
  if (!n.ok()) return n.TakeStatus();
  *out = n->ToString();
  return Status::OK();
}

Status EmptyName() { return Status::Validation("Empty attribute name"); }

// DynamoDB limits attribute names, nested ones included, to 64 KB of UTF-8;
// it checks a name after its value.
constexpr size_t kMaxAttributeNameBytes = 65535;

Status CheckNameLength(std::string_view name) {
  if (name.size() > kMaxAttributeNameBytes) {
    return Status::Validation("Attribute name is too large, must be less than 65536 bytes");
  }
  return Status::OK();
}

// A map or list at depth 32 would put its contents at depth 33: DynamoDB
// allows 31 nested containers around a value (an empty innermost container
// counts as one).
Status CheckContainerDepth(int depth) {
  if (depth >= kMaxNestingDepth) {
    return Status::Validation(
        "Nesting Levels have exceeded supported limits: Attributes in the item have nested "
        "levels beyond supported limit");
  }
  return Status::OK();
}

std::string JoinMembers(const std::vector<std::string>& members) {
  std::string out = "[";
  for (size_t i = 0; i < members.size(); ++i) {
    if (i) out += ", ";
    out += members[i];
  }
  out += "]";
  return out;
}

bool HasDuplicates(const std::vector<std::string>& members) {
  if (members.size() < 2) return false;
  if (members.size() <= 8) {
    for (size_t i = 1; i < members.size(); ++i)
      for (size_t j = 0; j < i; ++j)
        if (members[i] == members[j]) return true;
    return false;
  }
  std::vector<std::string_view> sorted(members.begin(), members.end());
  std::sort(sorted.begin(), sorted.end());
  return std::adjacent_find(sorted.begin(), sorted.end()) != sorted.end();
}

Status ParseSet(AttrType type, const element& el, AttributeValue* out) {
  if (!el.is_array()) return JsonTypeMismatch(el, "List");
  simdjson::dom::array arr = AsArray(el);
  std::vector<std::string> members;
  members.reserve(arr.size());
  for (element member : arr) {
    std::string text;
    switch (type) {
      case AttrType::kSS:
        if (member.is_null()) return Invalid("An string set may not have a null string as a member");
        if (!member.is_string()) return JsonTypeMismatch(member, "String");
        text = std::string(member.get_string().value_unsafe());
        break;
      case AttrType::kNS:
        RIPTIDE_RETURN_IF_ERROR(ParseNumberText(member, &text));
        break;
      default:
        if (member.is_null()) return NullInItem("");
        RIPTIDE_RETURN_IF_ERROR(DecodeBinary(member, &text));
        break;
    }
    members.push_back(std::move(text));
  }
  if (members.empty()) {
    switch (type) {
      case AttrType::kSS: return Invalid("An string set  may not be empty");
      case AttrType::kNS: return Invalid("An number set  may not be empty");
      default: return Invalid("Binary sets should not be empty");
    }
  }
  if (HasDuplicates(members)) {
    switch (type) {
      case AttrType::kSS: return Invalid("Input collection " + JoinMembers(members) + " contains duplicates");
      case AttrType::kNS: return Status::Validation("Input collection contains duplicates");
      default: return Invalid("Input collection of type BS contains duplicates.");
    }
  }
  *out = AttributeValue::Set(type, std::move(members));
  return Status::OK();
}

std::string_view JsonTokenName(const element& el) {
  switch (el.type()) {
    case element_type::STRING: return "STRING_VALUE";
    case element_type::INT64:
    case element_type::UINT64:
    case element_type::DOUBLE: return "NUMBER_VALUE";
    case element_type::BOOL: return el.get_bool().value_unsafe() ? "TRUE_VALUE" : "FALSE_VALUE";
    case element_type::NULL_VALUE: return "NULL_VALUE";
    default: return "";
  }
}

}  // namespace

Status JsonTypeMismatch(const element& el, std::string_view expected) {
  switch (el.type()) {
    case element_type::OBJECT:
      return Status::Serialization("Start of structure or map found where not expected.");
    case element_type::ARRAY:
      return Status::Serialization("Start of list found where not expected");
    default: {
      // Coral's wording for a scalar of the wrong kind, as DynamoDB answers
      // {"N": 5}: "NUMBER_VALUE cannot be converted to String".
      std::string msg(JsonTokenName(el));
      msg += " cannot be converted to ";
      msg += expected;
      return Status::Serialization(std::move(msg));
    }
  }
}

namespace {

const char kTwoTypes[] =
    "Supplied AttributeValue has more than one datatypes set, must contain exactly one of the "
    "supported datatypes";

// Parses the value of one type member ({"S": ...}'s "...").
Status ParseTypedValue(AttrType type, const element& value, AttributeValue* out, int depth);

}  // namespace

Status ParseAttributeValue(const element& el, AttributeValue* out, int depth) {
  if (!el.is_object()) return JsonTypeMismatch(el, "AttributeValue");
  // Exactly one known, non-null type member. Unknown members are ignored, as
  // DynamoDB ignores unknown members everywhere; a type given twice
  // ({"S": "a", "S": "b"}) is one type, and the last value wins, as in
  // DynamoDB's JSON reader.
  AttrType type = AttrType::kNull;
  element value;
  int found = 0;
  uint32_t seen = 0;
  for (auto field : AsObject(el)) {
    AttrType t;
    if (!ParseAttrTypeName(field.key, &t) || field.value.is_null()) continue;
    uint32_t bit = 1u << static_cast<int>(t);
    if (!(seen & bit)) ++found;
    seen |= bit;
    type = t;
    value = field.value;
  }
  if (found == 0) {
    return Status::Validation(
        "Supplied AttributeValue is empty, must contain exactly one of the supported datatypes");
  }
  if (found > 1) {
    // DynamoDB reads every member before it counts them: an invalid one
    // ({"S": "a", "NS": ["x"]}) is reported rather than the second type.
    for (auto field : AsObject(el)) {
      AttrType t;
      if (!ParseAttrTypeName(field.key, &t) || field.value.is_null()) continue;
      AttributeValue ignored;
      RIPTIDE_RETURN_IF_ERROR(ParseTypedValue(t, field.value, &ignored, depth));
    }
    return Status::Validation(kTwoTypes);
  }
  return ParseTypedValue(type, value, out, depth);
}

namespace {

Status ParseTypedValue(AttrType type, const element& value, AttributeValue* out, int depth) {
  switch (type) {
    case AttrType::kS:
      if (!value.is_string()) return JsonTypeMismatch(value, "String");
      *out = AttributeValue::String(std::string(value.get_string().value_unsafe()));
      return Status::OK();
    case AttrType::kN: {
      std::string text;
      RIPTIDE_RETURN_IF_ERROR(ParseNumberText(value, &text));
      *out = AttributeValue::NumberText(std::move(text));
      return Status::OK();
    }
    case AttrType::kB: {
      std::string bytes;
      RIPTIDE_RETURN_IF_ERROR(DecodeBinary(value, &bytes));
      *out = AttributeValue::Binary(std::move(bytes));
      return Status::OK();
    }
    case AttrType::kBool:
      if (!value.is_bool()) return JsonTypeMismatch(value, "Boolean");
      *out = AttributeValue::Bool(value.get_bool().value_unsafe());
      return Status::OK();
    case AttrType::kNull:
      if (!value.is_bool()) return JsonTypeMismatch(value, "Boolean");
      if (!value.get_bool().value_unsafe()) {
        return Invalid("Null attribute value types must have the value of true");
      }
      *out = AttributeValue::Null();
      return Status::OK();
    case AttrType::kM: {
      if (!value.is_object()) return JsonTypeMismatch(value, "Map");
      RIPTIDE_RETURN_IF_ERROR(CheckContainerDepth(depth));
      AttributeMap map;
      for (auto field : AsObject(value)) {
        if (field.key.empty()) return EmptyName();
        if (field.value.is_null()) return NullInItem(field.key);
        AttributeValue child;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeValue(field.value, &child, depth + 1));
        RIPTIDE_RETURN_IF_ERROR(CheckNameLength(field.key));
        map.AppendUnsorted(std::string(field.key), std::move(child));
      }
      map.SortAndCheckUnique();
      *out = AttributeValue::Map(std::move(map));
      return Status::OK();
    }
    case AttrType::kL: {
      if (!value.is_array()) return JsonTypeMismatch(value, "List");
      RIPTIDE_RETURN_IF_ERROR(CheckContainerDepth(depth));
      AttributeList list;
      for (element child_el : AsArray(value)) {
        if (child_el.is_null()) return NullInItem("");
        AttributeValue child;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeValue(child_el, &child, depth + 1));
        list.push_back(std::move(child));
      }
      *out = AttributeValue::List(std::move(list));
      return Status::OK();
    }
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: return ParseSet(type, value, out);
  }
  return Status::Internal("unreachable attribute type");
}

}  // namespace

Status ParseAttributeMap(const element& el, AttributeMap* out, MapKind kind,
                         size_t max_item_size) {
  if (!el.is_object()) return JsonTypeMismatch(el, "Map");
  out->clear();
  out->reserve(AsObject(el).size());
  size_t size = 0;
  // DynamoDB walks the attributes in request order: each is validated and
  // its size added to a running total, and the size error fires as soon as
  // the total passes the limit, before later attributes are looked at.
  for (auto field : AsObject(el)) {
    AttributeValue v;
    Status st;
    if (kind == MapKind::kItem && field.key.empty()) {
      st = EmptyName();
    } else if (field.value.is_null()) {
      st = kind == MapKind::kItem
               ? NullInItem(field.key)
               : Status::Validation("The supplied Item contains a null AttributeValue");
    } else {
      // ExpressionAttributeValues are operands, not stored attributes: the
      // nesting limit does not apply to them.
      st = ParseAttributeValue(field.value, &v, kind == MapKind::kItem ? 1 : -1000000);
      if (st.ok()) st = CheckNameLength(field.key);
    }
    if (!st.ok()) {
      if (kind == MapKind::kExpressionValues && st.code() == ErrorCode::kValidation) {
        return Status::Validation("ExpressionAttributeValues contains invalid value: " +
                                  st.message() + " for key " + std::string(field.key));
      }
      return st;
    }
    if (max_item_size != 0) {
      size += field.key.size() + ValueSize(v);
      if (size > max_item_size) {
        return Status::Validation("Item size has exceeded the maximum allowed size");
      }
    }
    out->AppendUnsorted(std::string(field.key), std::move(v));
  }
  out->SortAndCheckUnique();
  return Status::OK();
}

namespace {

// Sets are unordered in DynamoDB; DynamoDB Local returns their members in
// order (strings and binaries by their bytes, numbers by value), and so do
// we, whatever order they were written in.
void WriteSetMember(JsonWriter* w, AttrType type, const std::string& member) {
  if (type == AttrType::kBS) {
    w->Base64(member);
  } else {
    w->String(member);
  }
}

void WriteSetMembers(JsonWriter* w, AttrType type, const std::vector<std::string>& set) {
  w->BeginArray();
  // std::string compares as unsigned bytes: UTF-8 strings by code point.
  if (set.size() < 2 || (type != AttrType::kNS && std::is_sorted(set.begin(), set.end()))) {
    for (const std::string& member : set) WriteSetMember(w, type, member);
    w->EndArray();
    return;
  }
  std::vector<uint32_t> order(set.size());
  for (uint32_t i = 0; i < order.size(); ++i) order[i] = i;
  if (type == AttrType::kNS) {
    std::vector<Number> numbers;
    numbers.reserve(set.size());
    for (const std::string& s : set) {
      Result<Number> n = Number::Parse(s);
      numbers.push_back(n.ok() ? n.value() : Number());
    }
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return numbers[a] < numbers[b]; });
  } else {
    std::stable_sort(order.begin(), order.end(),
                     [&](uint32_t a, uint32_t b) { return set[a] < set[b]; });
  }
  for (uint32_t i : order) WriteSetMember(w, type, set[i]);
  w->EndArray();
}

}  // namespace

void WriteAttributeValue(JsonWriter* w, const AttributeValue& v) {
  w->BeginObject();
  w->PlainKey(AttrTypeName(v.type()));
  switch (v.type()) {
    case AttrType::kS:
    case AttrType::kN: w->String(v.str()); break;
    case AttrType::kB: w->Base64(v.str()); break;
    case AttrType::kBool: w->Bool(v.boolean()); break;
    case AttrType::kNull: w->Bool(true); break;
    case AttrType::kM: WriteAttributeMap(w, v.map()); break;
    case AttrType::kL:
      w->BeginArray();
      for (const auto& e : v.list()) WriteAttributeValue(w, e);
      w->EndArray();
      break;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: WriteSetMembers(w, v.type(), v.set()); break;
  }
  w->EndObject();
}

void WriteAttributeMap(JsonWriter* w, const AttributeMap& m) {
  w->BeginObject();
  for (const auto& [name, value] : m) {
    w->Key(name);
    WriteAttributeValue(w, value);
  }
  w->EndObject();
}

}  // namespace riptide
