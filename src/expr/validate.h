#pragma once

// The semantic passes after parsing: name/value resolution and DynamoDB's
// checks, in DynamoDB's order.
//
// For a condition (ConditionExpression, FilterExpression,
// KeyConditionExpression), after syntax and redundant parentheses:
//   1. pre-order, left to right: reserved words, list index range, function
//      names, functions used where they are not allowed;
//   2. post-order, left to right: path nesting depth, undefined #names and
//      :values, then per operator/function: number of operands, document
//      path required, operand types, first operand distinct from the others,
//      BETWEEN bounds, IN operand count, attribute_type's type name;
//   3. the operator count (at most 300).
// For an update: pass 1 over the whole expression, then a repeated clause,
// then (last action first, as DynamoDB walks them) each target path's depth,
// #names and overlap/conflict with the paths already seen, then (last action
// first again) the values: undefined :values, operand and type checks.
// For a projection: pass 1, then each path (last first) with overlaps.
//
// Messages carry no "Invalid XExpression: " prefix; the facade adds it.

#include "common/status.h"
#include "expr/ast.h"
#include "expr/context.h"

namespace riptide::expr {

Status ValidateCondition(Condition* cond, ExpressionContext* ctx);

// `repeated_clause` is the parser's deferred repeated-clause error (or OK);
// DynamoDB reports it after pass 1.
Status ValidateUpdate(UpdateExpression* update, const Status& repeated_clause,
                      ExpressionContext* ctx);

Status ValidateProjection(ProjectionExpression* projection, ExpressionContext* ctx);

// Overlap/conflict of two resolved paths, as in updates and projections:
// OK, or "Two document paths overlap with each other; ..." / "... conflict ...".
Status CheckPathsDisjoint(const Path& one, const Path& two);

}  // namespace riptide::expr
