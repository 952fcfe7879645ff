#pragma once

// The legacy (pre-expression) parameters, converted onto the expression
// ASTs so that one evaluator serves both:
//   Expected (+ ConditionalOperator)        -> a Condition
//   QueryFilter / ScanFilter / KeyConditions -> a Condition (same entries,
//                                               without Exists/Value)
//   AttributeUpdates                         -> an UpdateExpression
//   AttributesToGet                          -> a ProjectionExpression
// and DynamoDB's refusal to mix legacy and expression parameters.
//
// Input is plain structs: the API layer parses the JSON (and its JSON type
// errors and enum errors such as ConditionalOperator "XOR"); these functions
// validate the semantics with DynamoDB's messages.

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "expr/ast.h"
#include "model/attribute_value.h"

namespace riptide::expr {

// One member of Expected (or of QueryFilter/ScanFilter/KeyConditions, which
// never set `exists` or `value`). Optional fields are absent when the
// request does not carry them.
struct ExpectedEntry {
  std::string name;
  std::optional<bool> exists;
  std::optional<AttributeValue> value;
  // As written; an unknown operator is "Comparison type does not exist in
  // DynamoDB".
  std::optional<std::string> comparison_operator;
  std::optional<std::vector<AttributeValue>> attribute_value_list;
};

enum class ConditionalOperator : uint8_t { kAnd, kOr };

// A Condition that owns the values its `:value` operands point at.
struct OwnedCondition {
  // False when there were no entries: nothing to check.
  bool has_condition = false;
  Condition condition;
  std::vector<std::unique_ptr<AttributeValue>> values;
};

// Validates and converts Expected entries (in request order: DynamoDB reports
// the first bad entry in that order), combined with AND unless `op` is OR.
Result<OwnedCondition> ConvertExpected(const std::vector<ExpectedEntry>& entries,
                                       ConditionalOperator op = ConditionalOperator::kAnd);

enum class AttributeAction : uint8_t { kPut, kAdd, kDelete };

// One member of AttributeUpdates. `action` defaults to PUT as in DynamoDB.
struct AttributeUpdateEntry {
  std::string name;
  AttributeAction action = AttributeAction::kPut;
  std::optional<AttributeValue> value;
};

struct OwnedUpdate {
  UpdateExpression update;  // from_attribute_updates is set
  std::vector<std::unique_ptr<AttributeValue>> values;
};

// Validates and converts AttributeUpdates. Apply the result with ApplyUpdate
// (expression.h) like an UpdateExpression; its runtime type error is then
// AttributeUpdates' "Type mismatch for attribute to update", ADD appends to
// lists, and an empty AttributeUpdates still creates the item.
Result<OwnedUpdate> ConvertAttributeUpdates(const std::vector<AttributeUpdateEntry>& entries);

// Validates and converts AttributesToGet (plain top-level names, never
// parsed as paths):
//   AttributesToGet cannot be empty
//   Empty attribute name
//   Cannot have two attributes with the same name
Result<ProjectionExpression> ConvertAttributesToGet(const std::vector<std::string>& names);

// Which parameters a request carries (present, even if empty), for the
// mixing check below.
struct RequestParameters {
  bool attributes_to_get = false;
  bool attribute_updates = false;
  bool expected = false;
  bool query_filter = false;
  bool scan_filter = false;
  bool conditional_operator = false;
  bool key_conditions = false;
  bool projection_expression = false;
  bool update_expression = false;
  bool condition_expression = false;
  bool filter_expression = false;
  bool key_condition_expression = false;
};

// "Can not use both expression and non-expression parameters in the same
// request: Non-expression parameters: {AttributeUpdates, Expected}
// Expression parameters: {UpdateExpression, ConditionExpression}", with the
// parameters in DynamoDB's fixed order; OK when the request does not mix.
Status CheckNoMixedParameters(const RequestParameters& p);

}  // namespace riptide::expr
