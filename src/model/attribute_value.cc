#include "model/attribute_value.h"

#include <algorithm>

namespace riptide {

namespace {
constexpr std::string_view kTypeNames[] = {"S", "N", "B", "BOOL", "NULL",
                                           "M", "L", "SS", "NS", "BS"};

bool SameMembers(const std::vector<std::string>& a, const std::vector<std::string>& b) {
  if (a.size() != b.size()) return false;
  if (a == b) return true;
  std::vector<std::string_view> x(a.begin(), a.end()), y(b.begin(), b.end());
  std::sort(x.begin(), x.end());
  std::sort(y.begin(), y.end());
  return x == y;
}
}  // namespace

std::string_view AttrTypeName(AttrType t) { return kTypeNames[static_cast<int>(t)]; }

bool ParseAttrTypeName(std::string_view name, AttrType* out) {
  for (int i = 0; i < 10; ++i) {
    if (kTypeNames[i] == name) {
      *out = static_cast<AttrType>(i);
      return true;
    }
  }
  return false;
}

const AttributeValue* AttributeMap::Find(std::string_view name) const {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const Entry& e, std::string_view n) { return e.first < n; });
  return (it != entries_.end() && it->first == name) ? &it->second : nullptr;
}

AttributeValue* AttributeMap::Find(std::string_view name) {
  return const_cast<AttributeValue*>(std::as_const(*this).Find(name));
}

void AttributeMap::Set(std::string name, AttributeValue value) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const Entry& e, const std::string& n) { return e.first < n; });
  if (it != entries_.end() && it->first == name) {
    it->second = std::move(value);
  } else {
    entries_.emplace(it, std::move(name), std::move(value));
  }
}

bool AttributeMap::Erase(std::string_view name) {
  auto it = std::lower_bound(entries_.begin(), entries_.end(), name,
                             [](const Entry& e, std::string_view n) { return e.first < n; });
  if (it == entries_.end() || it->first != name) return false;
  entries_.erase(it);
  return true;
}

void AttributeMap::AppendUnsorted(std::string name, AttributeValue value) {
  entries_.emplace_back(std::move(name), std::move(value));
}

bool AttributeMap::SortAndCheckUnique() {
  const size_t n = entries_.size();
  bool sorted = true;
  for (size_t i = 1; i < n; ++i) {
    if (!(entries_[i - 1].first < entries_[i].first)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return true;
  // Positions are sorted rather than entries, and the entries then moved
  // once each into place: sorting the entries themselves was a tenth of
  // PutItem's instructions. Stable, so that among equal names the later
  // entry ends up last. Items rarely have many attributes: insertion sort
  // on the stack.
  uint32_t small[32];
  std::vector<uint32_t> large;
  uint32_t* order = small;
  if (n > 32) {
    large.resize(n);
    order = large.data();
  }
  for (size_t i = 0; i < n; ++i) order[i] = static_cast<uint32_t>(i);
  auto less = [this](uint32_t a, uint32_t b) { return entries_[a].first < entries_[b].first; };
  if (n <= 32) {
    for (size_t i = 1; i < n; ++i) {
      uint32_t v = order[i];
      size_t j = i;
      for (; j > 0 && less(v, order[j - 1]); --j) order[j] = order[j - 1];
      order[j] = v;
    }
  } else {
    std::stable_sort(order, order + n, less);
  }
  bool unique = true;
  std::vector<Entry> out;
  out.reserve(n);
  for (size_t k = 0; k < n; ++k) {
    Entry& e = entries_[order[k]];
    if (!out.empty() && out.back().first == e.first) {
      unique = false;
      out.back().second = std::move(e.second);
    } else {
      out.push_back(std::move(e));
    }
  }
  entries_ = std::move(out);
  return unique;
}

bool AttributeMap::operator==(const AttributeMap& o) const {
  if (entries_.size() != o.entries_.size()) return false;
  for (size_t i = 0; i < entries_.size(); ++i) {
    if (entries_[i].first != o.entries_[i].first) return false;
    if (entries_[i].second != o.entries_[i].second) return false;
  }
  return true;
}

namespace internal {
const std::vector<std::string> kNoMembers;
const AttributeList kNoElements;
const AttributeMap kNoAttributes;
}  // namespace internal

AttributeValue::AttributeValue(const AttributeValue& o)
    : type_(o.type_),
      bool_(o.bool_),
      str_(o.str_),
      compound_(o.compound_ ? std::make_unique<Compound>(*o.compound_) : nullptr) {}

AttributeValue& AttributeValue::operator=(const AttributeValue& o) {
  if (this != &o) *this = AttributeValue(o);
  return *this;
}

AttributeValue::~AttributeValue() = default;

AttributeValue AttributeValue::Map(AttributeMap m) {
  AttributeValue v;
  v.type_ = AttrType::kM;
  v.mutable_map() = std::move(m);
  return v;
}

AttributeValue AttributeValue::List(AttributeList l) {
  AttributeValue v;
  v.type_ = AttrType::kL;
  v.mutable_list() = std::move(l);
  return v;
}

AttributeValue AttributeValue::Set(AttrType type, std::vector<std::string> members) {
  AttributeValue v;
  v.type_ = type;
  v.mutable_set() = std::move(members);
  return v;
}

bool AttributeValue::operator==(const AttributeValue& o) const {
  if (type_ != o.type_) return false;
  switch (type_) {
    case AttrType::kS:
    case AttrType::kN:
    case AttrType::kB: return str_ == o.str_;
    case AttrType::kBool: return bool_ == o.bool_;
    case AttrType::kNull: return true;
    case AttrType::kM: return map() == o.map();
    case AttrType::kL: return list() == o.list();
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: return SameMembers(set(), o.set());
  }
  return false;
}

}  // namespace riptide
