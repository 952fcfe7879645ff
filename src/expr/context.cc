#include "expr/context.h"

#include <algorithm>
#include <cassert>

#include "expr/java_order.h"

namespace riptide::expr {

namespace {

bool IsWordChar(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_';
}

// "#" or ":" followed by one or more [A-Za-z0-9_].
bool IsValidRef(std::string_view ref, char sigil) {
  if (ref.size() < 2 || ref[0] != sigil) return false;
  return std::all_of(ref.begin() + 1, ref.end(), IsWordChar);
}

template <typename Entry>
Status UnusedError(const std::vector<Entry>& entries, std::string_view map_name) {
  std::vector<std::string_view> unused;
  for (const Entry& e : entries) {
    if (!e.used) unused.push_back(e.ref);
  }
  if (unused.empty()) return Status::OK();
  // DynamoDB builds the set of unused keys from a HashSet of all keys, so
  // the table size follows the number of keys in the request.
  std::string msg = "Value provided in ";
  msg += map_name;
  msg += " unused in expressions: keys: ";
  msg += JavaSetToString(unused, entries.size());
  return Status::Validation(std::move(msg));
}

}  // namespace

void ExpressionContext::AddName(std::string ref, std::string name) {
  assert(name_index_.empty() && "AddName after the first lookup");
  names_.push_back({std::move(ref), std::move(name), false});
}

void ExpressionContext::AddValue(std::string ref, AttributeValue value) {
  assert(value_index_.empty() && "AddValue after the first lookup");
  values_.push_back({std::move(ref), std::move(value), false});
}

template <typename Entry>
Entry* ExpressionContext::Find(std::vector<Entry>& entries, std::vector<uint32_t>& index,
                               std::string_view ref) {
  if (index.size() != entries.size()) {
    index.resize(entries.size());
    for (uint32_t i = 0; i < entries.size(); ++i) index[i] = i;
    // Stable: with duplicate refs the first one wins, as in a JSON object
    // that the server would have rejected anyway.
    std::stable_sort(index.begin(), index.end(),
                     [&](uint32_t a, uint32_t b) { return entries[a].ref < entries[b].ref; });
  }
  auto it = std::lower_bound(index.begin(), index.end(), ref,
                             [&](uint32_t i, std::string_view r) { return entries[i].ref < r; });
  if (it == index.end() || entries[*it].ref != ref) return nullptr;
  return &entries[*it];
}

const std::string* ExpressionContext::UseName(std::string_view ref) {
  NameEntry* e = Find(names_, name_index_, ref);
  if (e == nullptr) return nullptr;
  e->used = true;
  return &e->name;
}

const AttributeValue* ExpressionContext::UseValue(std::string_view ref) {
  ValueEntry* e = Find(values_, value_index_, ref);
  if (e == nullptr) return nullptr;
  e->used = true;
  return &e->value;
}

Status ExpressionContext::CheckAllUsed() const {
  RIPTIDE_RETURN_IF_ERROR(UnusedError(names_, "ExpressionAttributeNames"));
  return UnusedError(values_, "ExpressionAttributeValues");
}

Status ExpressionContext::ValidateNameEntry(std::string_view ref, std::string_view name) {
  RIPTIDE_RETURN_IF_ERROR(ValidateNameKey(ref));
  return ValidateNameValue(ref, name);
}

Status ExpressionContext::ValidateNameKey(std::string_view ref) {
  if (!IsValidRef(ref, '#')) {
    return Status::Validation(
        "ExpressionAttributeNames contains invalid key: Syntax error; key: \"" + std::string(ref) +
        "\"");
  }
  return Status::OK();
}

Status ExpressionContext::ValidateNameValue(std::string_view ref, std::string_view name) {
  if (name.empty()) {
    return Status::Validation(
        "ExpressionAttributeNames contains invalid value: Empty attribute name for key " +
        std::string(ref));
  }
  if (name.size() >= 65536) {
    return Status::Validation(
        "ExpressionAttributeNames contains invalid value: Attribute name is too large, must be "
        "less than 65536 bytes for key " +
        std::string(ref));
  }
  return Status::OK();
}

Status ExpressionContext::ValidateValueKey(std::string_view ref) {
  if (!IsValidRef(ref, ':')) {
    return Status::Validation(
        "ExpressionAttributeValues contains invalid key: Syntax error; key: \"" + std::string(ref) +
        "\"");
  }
  return Status::OK();
}

}  // namespace riptide::expr
