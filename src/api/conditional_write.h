#pragma once

// What PutItem, DeleteItem and UpdateItem share about conditions: reading
// ConditionExpression or the legacy Expected (with ConditionalOperator) in
// DynamoDB's order of checks, and evaluating the condition under the item
// lock, failing with ConditionalCheckFailedException (carrying the old item
// when ReturnValuesOnConditionCheckFailure is ALL_OLD).
//
// The order, as DynamoDB checks a request with several problems (see
// /work/notes/expr-integration.md): table, ReturnValues, mixing of legacy
// and expression parameters, names/values without expressions,
// ConditionalOperator without Expected, the key or item against the schema,
// the names/values maps, the expressions (UpdateExpression before
// ConditionExpression; Expected before AttributeUpdates), unused names and
// values, then, under the lock, the condition.

#include <optional>
#include <string>

#include "api/operation.h"
#include "expr/expression.h"
#include "expr/legacy.h"
#include "model/attribute_value.h"

namespace riptide {

class ConditionalWrite {
 public:
  // Which operation: UpdateItem also has UpdateExpression/AttributeUpdates.
  enum class Kind { kPutOrDelete, kUpdate };

  // Checks the parameter combinations (mixing, names/values without
  // expressions, ConditionalOperator without Expected) and reads
  // ReturnValuesOnConditionCheckFailure. Runs before the key is validated.
  Status CheckParameters(const JsonElement& body, Kind kind);

  // Reads and checks Expected. DeleteItem and UpdateItem call it right after
  // resolving the table: DynamoDB checks Expected's entries before anything
  // else there (ReturnValues, parameter mixing, the key); ParseCondition
  // calls it otherwise.
  Status ReadExpected(const JsonElement& body);

  // Loads the names/values maps and parses the condition (ConditionExpression
  // or Expected). For UpdateItem, call ParseUpdate in between.
  Status LoadContext(const JsonElement& body);
  Status ParseCondition(const JsonElement& body);
  // UpdateItem: the UpdateExpression or AttributeUpdates (nullptr when the
  // request has neither, which DynamoDB treats as an update that only makes
  // sure the item exists).
  Status ParseUpdate(const JsonElement& body);
  // Unused names, then unused values.
  Status CheckAllUsed() const { return ctx_.CheckAllUsed(); }

  // Under the item lock: OK when there is no condition or `old` satisfies it.
  Status Evaluate(const Item* old) const;
  // Whether the request has a condition (ConditionExpression or Expected).
  bool has_condition() const { return condition_.has_value() || expected_.has_condition; }

  const expr::UpdateExpression* update() const;
  expr::ExpressionContext* context() { return &ctx_; }

 private:
  expr::ExpressionContext ctx_;
  std::optional<expr::Condition> condition_;
  expr::OwnedCondition expected_;
  std::optional<expr::UpdateExpression> update_;
  expr::OwnedUpdate attribute_updates_;
  bool has_attribute_updates_ = false;
  bool expected_read_ = false;
  bool return_old_on_failure_ = false;
};

// DynamoDB's enum error for a member: "1 validation error detected: Value
// 'X' at 'member' failed to satisfy constraint: Member must satisfy enum
// value set: [A, B]".
Status EnumError(std::string_view member, std::string_view value, std::string_view values);

}  // namespace riptide
