#pragma once

// ExpressionContext: one request's ExpressionAttributeNames and
// ExpressionAttributeValues, shared by all the expressions of the request
// (ConditionExpression, UpdateExpression, ProjectionExpression, ...).
//
// Parsing an expression resolves `#n` and `:v` through the context, which
// records what was used; after every expression of the request parsed,
// CheckAllUsed() reports DynamoDB's "unused" error, names before values.
//
// Lifetime: parsed expressions point at the context's values, so the context
// must outlive them. Add every entry before the first parse (pointers into
// the value storage must not move afterwards).

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "common/status.h"
#include "model/attribute_value.h"

namespace riptide::expr {

class ExpressionContext {
 public:
  ExpressionContext() = default;
  ExpressionContext(const ExpressionContext&) = delete;
  ExpressionContext& operator=(const ExpressionContext&) = delete;

  // Entries in the order they appear in the request: DynamoDB's messages
  // list unused keys in an order that depends on it.
  void AddName(std::string ref, std::string name);
  void AddValue(std::string ref, AttributeValue value);
  void ReserveValues(size_t n) { values_.reserve(n); }

  size_t name_count() const { return names_.size(); }
  size_t value_count() const { return values_.size(); }

  // The attribute name for "#n", or nullptr when undefined; marks it used.
  const std::string* UseName(std::string_view ref);
  // The value for ":v", or nullptr when undefined; marks it used.
  const AttributeValue* UseValue(std::string_view ref);

  // DynamoDB's error when a name or value was never used, e.g.
  // "Value provided in ExpressionAttributeNames unused in expressions: keys: {#a}".
  // Names are checked before values. OK when everything was used.
  Status CheckAllUsed() const;

  // Validation of the maps themselves, as DynamoDB words it:
  //   ExpressionAttributeNames contains invalid key: Syntax error; key: "n"
  //   ExpressionAttributeNames contains invalid value: Empty attribute name for key #a
  static Status ValidateNameEntry(std::string_view ref, std::string_view name);
  // The two halves of ValidateNameEntry, for callers that check every key
  // of the map before any value (DynamoDB checks names' values only after
  // the whole ExpressionAttributeValues map). A name of 65536 bytes or more:
  //   ExpressionAttributeNames contains invalid value: Attribute name is too
  //   large, must be less than 65536 bytes for key #a
  static Status ValidateNameKey(std::string_view ref);
  static Status ValidateNameValue(std::string_view ref, std::string_view name);
  //   ExpressionAttributeValues contains invalid key: Syntax error; key: "v"
  static Status ValidateValueKey(std::string_view ref);

 private:
  struct NameEntry {
    std::string ref;
    std::string name;
    bool used = false;
  };
  struct ValueEntry {
    std::string ref;
    AttributeValue value;
    bool used = false;
  };

  template <typename Entry>
  static Entry* Find(std::vector<Entry>& entries, std::vector<uint32_t>& index,
                     std::string_view ref);

  std::vector<NameEntry> names_;
  std::vector<ValueEntry> values_;
  // Positions sorted by ref, built on first lookup.
  std::vector<uint32_t> name_index_;
  std::vector<uint32_t> value_index_;
};

}  // namespace riptide::expr
