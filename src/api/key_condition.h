#pragma once

// A Query's key condition: equality on the partition key and at most one
// condition on the sort key, taken from a KeyConditionExpression or from
// the legacy KeyConditions, validated with DynamoDB's messages, and turned
// into a range of storage keys.

#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "expr/ast.h"
#include "model/attribute_value.h"
#include "model/table_schema.h"

namespace riptide {

// The key schema a Query runs against, the table's or an index's, and where
// its keys live in storage.
struct QueryKeys {
  std::vector<KeyAttribute> hash;   // partition key attributes, 1 to 4
  std::vector<KeyAttribute> range;  // sort key attributes, 0 to 4
  uint32_t table_number = 0;
  std::optional<uint16_t> index_number;  // empty for the table itself

  static QueryKeys ForTable(const TableInfo& table);
  static QueryKeys ForIndex(const TableInfo& table, const IndexInfo& index);
};

struct KeyCondition {
  enum class SortOp : uint8_t { kNone, kEq, kLt, kLe, kGt, kGe, kBetween, kBeginsWith };
  // Equality values of the partition key attributes, in key order.
  std::vector<const AttributeValue*> hash;
  // Equality values of the leading sort key attributes (multi-attribute
  // keys), in key order; the condition below applies to the next one.
  std::vector<const AttributeValue*> sort_eq;
  SortOp sort_op = SortOp::kNone;
  const AttributeValue* a = nullptr;  // the sort operand (BETWEEN: the lower bound)
  const AttributeValue* b = nullptr;  // BETWEEN: the upper bound

  // Storage keys of the condition: [lower, upper).
  void Range(const QueryKeys& keys, std::string* lower, std::string* upper) const;
  // True when sort key values (in key order) satisfy the sort conditions.
  bool Matches(const std::vector<const AttributeValue*>& sort) const;
  // The inclusive bound at the far end of the read direction (<= and
  // BETWEEN's upper bound going forward, >= and BETWEEN's lower bound going
  // backward), or nullptr. DynamoDB hands out no LastEvaluatedKey on it.
  const AttributeValue* FarInclusiveBound(bool forward) const;
};

// Extracts the key condition from a parsed KeyConditionExpression.
// `legacy` selects the wording used for the legacy KeyConditions (converted
// onto the same AST), which differs for a few mistakes.
Status ExtractKeyCondition(const expr::Condition& condition, const QueryKeys& keys, bool legacy,
                           KeyCondition* out);

// DynamoDB's ordering of two key values of one type: numbers by value,
// strings by UTF-8 bytes, binaries by unsigned bytes. -1, 0 or 1.
int CompareKeyValues(const AttributeValue& a, const AttributeValue& b);

}  // namespace riptide
