#pragma once

// AttributeValue: one DynamoDB value of any of the ten types, and Item, a
// top-level attribute map.
//
// Representation:
//   S, B        bytes in str() (B holds raw bytes, not base64)
//   N           the canonical text of a Number (see number.h) in str();
//               numeric equality is byte equality of canonical text
//   BOOL        boolean()
//   NULL        nothing
//   SS, NS, BS  set(): members in canonical form, in the order given
//   L           list()
//   M           map(): sorted by attribute name, unique names
// Values are plain, copyable data. Validation (empty sets, duplicates,
// nesting depth, number syntax) happens where values come from the wire
// (model/json_value.h); an AttributeValue in memory is always valid.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace riptide {

enum class AttrType : uint8_t { kS = 0, kN, kB, kBool, kNull, kM, kL, kSS, kNS, kBS };

// "S", "N", "B", "BOOL", "NULL", "M", "L", "SS", "NS", "BS".
std::string_view AttrTypeName(AttrType t);
// Parses a type name as it appears in DynamoDB JSON. Returns false when unknown.
bool ParseAttrTypeName(std::string_view name, AttrType* out);
inline bool IsSetType(AttrType t) {
  return t == AttrType::kSS || t == AttrType::kNS || t == AttrType::kBS;
}

class AttributeValue;

// An attribute map sorted by name. Used for M values and for whole items.
class AttributeMap {
 public:
  using Entry = std::pair<std::string, AttributeValue>;
  using const_iterator = std::vector<Entry>::const_iterator;
  using iterator = std::vector<Entry>::iterator;

  AttributeMap() = default;

  // nullptr when absent.
  const AttributeValue* Find(std::string_view name) const;
  AttributeValue* Find(std::string_view name);
  // Inserts or replaces.
  void Set(std::string name, AttributeValue value);
  // Returns true when something was removed.
  bool Erase(std::string_view name);
  // Appends without keeping order; call SortAndCheckUnique() afterwards.
  // Used by decoders that usually produce sorted input anyway.
  void AppendUnsorted(std::string name, AttributeValue value);
  // Sorts by name. Returns false when two entries share a name (the later
  // one is kept).
  bool SortAndCheckUnique();

  size_t size() const { return entries_.size(); }
  bool empty() const { return entries_.empty(); }
  void clear() { entries_.clear(); }
  const_iterator begin() const { return entries_.begin(); }
  const_iterator end() const { return entries_.end(); }
  iterator begin() { return entries_.begin(); }
  iterator end() { return entries_.end(); }
  void reserve(size_t n) { entries_.reserve(n); }

  bool operator==(const AttributeMap& o) const;
  bool operator!=(const AttributeMap& o) const { return !(*this == o); }

 private:
  std::vector<Entry> entries_;
};

using Item = AttributeMap;
using AttributeList = std::vector<AttributeValue>;

class AttributeValue {
 public:
  AttributeValue() : type_(AttrType::kNull) {}

  static AttributeValue String(std::string s) { return AttributeValue(AttrType::kS, std::move(s)); }
  // `canonical` must be Number::ToString() output.
  static AttributeValue NumberText(std::string canonical) {
    return AttributeValue(AttrType::kN, std::move(canonical));
  }
  static AttributeValue Binary(std::string bytes) {
    return AttributeValue(AttrType::kB, std::move(bytes));
  }
  static AttributeValue Bool(bool b) {
    AttributeValue v;
    v.type_ = AttrType::kBool;
    v.bool_ = b;
    return v;
  }
  static AttributeValue Null() { return AttributeValue(); }
  static AttributeValue Map(AttributeMap m);
  static AttributeValue List(AttributeList l);
  // `type` is kSS, kNS or kBS; members must be canonical and distinct.
  static AttributeValue Set(AttrType type, std::vector<std::string> members);

  AttrType type() const { return type_; }
  bool is(AttrType t) const { return type_ == t; }

  const std::string& str() const { return str_; }  // S, N, B
  std::string& mutable_str() { return str_; }
  bool boolean() const { return bool_; }
  const std::vector<std::string>& set() const;  // SS, NS, BS
  std::vector<std::string>& mutable_set();
  const AttributeList& list() const;  // L
  AttributeList& mutable_list();
  const AttributeMap& map() const;  // M
  AttributeMap& mutable_map();

  AttributeValue(const AttributeValue& o);
  AttributeValue& operator=(const AttributeValue& o);
  AttributeValue(AttributeValue&&) noexcept = default;
  AttributeValue& operator=(AttributeValue&&) noexcept = default;
  ~AttributeValue();

  // DynamoDB equality: same type and same value; sets compare as sets
  // (order-insensitive), numbers numerically.
  bool operator==(const AttributeValue& o) const;
  bool operator!=(const AttributeValue& o) const { return !(*this == o); }

 private:
  AttributeValue(AttrType t, std::string s) : type_(t), str_(std::move(s)) {}

  // Sets, lists and maps live behind a pointer, allocated when first used:
  // scalars, most of what items hold, stay small (48 bytes) and cheap to
  // move, which sorting an item's attributes does a lot.
  struct Compound;
  Compound& compound();

  AttrType type_;
  bool bool_ = false;
  std::string str_;
  std::unique_ptr<Compound> compound_;
};

struct AttributeValue::Compound {
  std::vector<std::string> set;
  AttributeList list;
  AttributeMap map;
};

namespace internal {
// The compound parts of a value that has none.
extern const std::vector<std::string> kNoMembers;
extern const AttributeList kNoElements;
extern const AttributeMap kNoAttributes;
}  // namespace internal

inline const std::vector<std::string>& AttributeValue::set() const {
  return compound_ ? compound_->set : internal::kNoMembers;
}
inline const AttributeList& AttributeValue::list() const {
  return compound_ ? compound_->list : internal::kNoElements;
}
inline const AttributeMap& AttributeValue::map() const {
  return compound_ ? compound_->map : internal::kNoAttributes;
}
inline std::vector<std::string>& AttributeValue::mutable_set() { return compound().set; }
inline AttributeList& AttributeValue::mutable_list() { return compound().list; }
inline AttributeMap& AttributeValue::mutable_map() { return compound().map; }
inline AttributeValue::Compound& AttributeValue::compound() {
  if (!compound_) compound_ = std::make_unique<Compound>();
  return *compound_;
}

}  // namespace riptide
