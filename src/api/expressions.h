#pragma once

// What every operation that takes expressions needs before parsing them:
// the ExpressionAttributeNames/Values maps loaded into an ExpressionContext
// with DynamoDB's checks, and DynamoDB's refusals of those maps when the
// request carries no expression that could use them.

#include <string_view>

#include "api/json_reader.h"
#include "common/status.h"
#include "expr/context.h"
#include "expr/legacy.h"

namespace riptide {

// "ExpressionAttributeNames can only be specified when using expressions"
// when names are present but `names_usable` is false; then
// "ExpressionAttributeValues can only be specified when using expressions:
// <null_expressions>" when values are present but `values_usable` is false
// (`null_expressions` names what is missing, e.g. "ConditionExpression is
// null" or "FilterExpression and KeyConditionExpression are null").
Status CheckExpressionMapsUsable(const JsonElement& body, bool names_usable, bool values_usable,
                                 std::string_view null_expressions);

// Loads ExpressionAttributeNames and ExpressionAttributeValues into `ctx`,
// in request order, with DynamoDB's checks and messages: a present but
// empty map ("ExpressionAttributeNames must not be empty"), bad keys, empty
// names, invalid values ("ExpressionAttributeValues contains invalid value:
// ... for key :v").
// `with_values` false: the operation has no ExpressionAttributeValues member
// (GetItem, BatchGetItem), so one in the request is ignored, as DynamoDB
// ignores unknown members.
Status LoadExpressionContext(const JsonElement& body, expr::ExpressionContext* ctx,
                             bool with_values = true);

// Reads a legacy condition's ComparisonOperator and AttributeValueList
// (Expected, QueryFilter, ScanFilter, KeyConditions) into `e`, leaving what
// is absent as it was.
Status ReadComparison(const JsonElement& spec, expr::ExpectedEntry* e);

// Whether the member is present (even empty), as DynamoDB counts presence
// for its parameter-mixing rules.
inline bool Present(const JsonElement& body, std::string_view name) {
  return Member(body, name).has_value();
}

}  // namespace riptide
