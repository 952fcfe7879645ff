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
  bool sorted = true;
  for (size_t i = 1; i < entries_.size(); ++i) {
    if (!(entries_[i - 1].first < entries_[i].first)) {
      sorted = false;
      break;
    }
  }
  if (sorted) return true;
  // Stable, so that among equal names the later entry ends up last.
  std::stable_sort(entries_.begin(), entries_.end(),
                   [](const Entry& a, const Entry& b) { return a.first < b.first; });
  bool unique = true;
  std::vector<Entry> out;
  out.reserve(entries_.size());
  for (auto& e : entries_) {
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

AttributeValue AttributeValue::Map(AttributeMap m) {
  AttributeValue v;
  v.type_ = AttrType::kM;
  v.map_ = std::move(m);
  return v;
}

AttributeValue AttributeValue::List(AttributeList l) {
  AttributeValue v;
  v.type_ = AttrType::kL;
  v.list_ = std::move(l);
  return v;
}

AttributeValue AttributeValue::Set(AttrType type, std::vector<std::string> members) {
  AttributeValue v;
  v.type_ = type;
  v.set_ = std::move(members);
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
    case AttrType::kM: return map_ == o.map_;
    case AttrType::kL: return list_ == o.list_;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS: return SameMembers(set_, o.set_);
  }
  return false;
}

}  // namespace riptide
