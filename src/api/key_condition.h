#pragma once

// A Query's key condition: equality on the partition key and at most one
// condition on the sort key, taken from a KeyConditionExpression or from
// the legacy KeyConditions, validated with DynamoDB's messages, and turned
// into a range of storage keys.

#include <optional>
#include <string>

#include "common/status.h"
#include "expr/ast.h"
#include "model/attribute_value.h"
#include "model/table_schema.h"

namespace riptide {

struct KeyCondition {
  enum class SortOp : uint8_t { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  const AttributeValue* hash = nullptr;
  SortOp sort_op = SortOp::kNone;
  const AttributeValue* a = nullptr;  // the sort operand (BETWEEN: the lower bound)
  const AttributeValue* b = nullptr;  // BETWEEN: the upper bound

  // Storage keys of the condition: [lower, upper).
  void Range(const TableInfo& table, std::string* lower, std::string* upper) const;
  // True when `sort` satisfies the sort-key condition.
  bool Matches(const AttributeValue& sort) const;
  // The inclusive bound at the far end of the read direction (<= and
  // BETWEEN's upper bound going forward, >= and BETWEEN's lower bound going
  // backward), or nullptr. DynamoDB hands out no LastEvaluatedKey on it.
  const AttributeValue* FarInclusiveBound(bool forward) const;
};

// Extracts the key condition from a parsed KeyConditionExpression.
// `legacy` selects the wording used for the legacy KeyConditions (converted
// onto the same AST), which differs for a few mistakes.
Status ExtractKeyCondition(const expr::Condition& condition, const TableInfo& table, bool legacy,
                           KeyCondition* out);

// DynamoDB's ordering of two key values of one type: numbers by value,
// strings by UTF-8 bytes, binaries by unsigned bytes. -1, 0 or 1.
int CompareKeyValues(const AttributeValue& a, const AttributeValue& b);

}  // namespace riptide
