#pragma once

// The expression engine's facade, for the API layer.
//
// One request, one ExpressionContext (context.h) holding the request's
// ExpressionAttributeNames and ExpressionAttributeValues. Each expression of
// the request is parsed once against it; every parse returns DynamoDB's
// exact ValidationException on failure ("Invalid ConditionExpression: ...").
// After all expressions parsed, ctx.CheckAllUsed() gives DynamoDB's "unused"
// error. Parsed expressions are then evaluated / applied against items
// without copying them. See /work/notes/expr-integration.md for the order in
// which a handler should call these.
//
//   ExpressionContext ctx;                       // names/values, request order
//   ctx.AddName("#n", "name"); ctx.AddValue(":v", value);
//   RIPTIDE_ASSIGN_OR_RETURN(auto update, ParseUpdate(update_text, &ctx));
//   RIPTIDE_ASSIGN_OR_RETURN(auto cond, ParseCondition(cond_text, ExpressionType::kCondition,
//   &ctx)); RIPTIDE_RETURN_IF_ERROR(ctx.CheckAllUsed());
//   ... read the item under the item lock ...
//   if (!EvaluateCondition(cond, old_item)) -> ConditionalCheckFailedException
//   RIPTIDE_ASSIGN_OR_RETURN(auto applied, ApplyUpdate(update, old_item, key, key_names));

#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "expr/ast.h"
#include "expr/context.h"
#include "model/attribute_value.h"

namespace riptide::expr {

enum class ExpressionType : uint8_t {
  kCondition,     // ConditionExpression
  kFilter,        // FilterExpression
  kKeyCondition,  // KeyConditionExpression
  kUpdate,        // UpdateExpression
  kProjection,    // ProjectionExpression
};

// "ConditionExpression", "FilterExpression", ...
std::string_view ParameterName(ExpressionType type);

// Parses and validates a condition-grammar expression (`type` is kCondition,
// kFilter or kKeyCondition; it only changes the message prefix). The
// KeyConditionExpression's shape (pk = :v AND sk <op> ...) is for the Query
// layer to check on the returned AST.
Result<Condition> ParseCondition(std::string_view text, ExpressionType type,
                                 ExpressionContext* ctx);
Result<UpdateExpression> ParseUpdate(std::string_view text, ExpressionContext* ctx);
Result<ProjectionExpression> ParseProjection(std::string_view text, ExpressionContext* ctx);

// True when `item` (null: no item) satisfies the condition. DynamoDB finds
// no errors at evaluation time: comparing across types is just false.
bool EvaluateCondition(const Condition& cond, const Item* item);

// What UpdateItem needs after applying an update.
struct AppliedUpdate {
  // False when the item did not exist and the update only removed
  // attributes: nothing is written and ALL_NEW/UPDATED_NEW return nothing.
  bool exists = true;
  Item new_item;  // the whole new item (ALL_NEW), when `exists`
};

// Applies `update` to `old_item` (null when absent; the new item then starts
// from `key`). First refuses updates of key attributes:
// "One or more parameter values were invalid: Cannot update attribute pk.
// This attribute is part of the key". DynamoDB checks this only after the
// ConditionExpression passed, so call this after EvaluateCondition.
Result<AppliedUpdate> ApplyUpdate(const UpdateExpression& update, const Item* old_item,
                                  const Item& key, const std::vector<std::string>& key_names);

// UPDATED_OLD (pass the old item) and UPDATED_NEW (pass the new item): the
// item projected on the paths the update wrote, nested as DynamoDB returns
// them ("SET a.b = :v" gives {"a": {"M": {"b": ...}}}). Empty when nothing
// is left, in which case DynamoDB returns no Attributes at all.
Item UpdatedAttributes(const UpdateExpression& update, const Item* item);

// The item projected on a ProjectionExpression.
Item ApplyProjection(const ProjectionExpression& projection, const Item& item);

}  // namespace riptide::expr
