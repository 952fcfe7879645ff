#pragma once

// The syntax pass: a hand-written recursive-descent parser for DynamoDB's
// three grammars (condition, update, projection), producing unresolved ASTs.
//
// Errors are reported as DynamoDB's ANTLR-based parser reports them: at the
// first token that cannot continue a valid expression, with the text from the
// token before it to the token after it:
//   Syntax error; token: "<", near: "a < <"
// Messages here carry no "Invalid XExpression: " prefix; the facade adds it.
//
// Some problems are found while parsing but reported later, because DynamoDB
// reports a syntax error anywhere first (and, for a repeated update clause,
// the first pass of semantic checks too). They come back separately.

#include <string>
#include <string_view>

#include "common/status.h"
#include "expr/ast.h"

namespace riptide::expr {

struct ParseOutcome {
  Status syntax;            // a syntax error, reported first
  Status redundant_parens;  // "The expression has redundant parentheses;"
  // 'The "SET" section can only be used once in an update expression;'
  Status repeated_clause;
};

ParseOutcome ParseConditionSyntax(std::string_view text, Condition* out);
ParseOutcome ParseUpdateSyntax(std::string_view text, UpdateExpression* out);
ParseOutcome ParseProjectionSyntax(std::string_view text, ProjectionExpression* out);

}  // namespace riptide::expr
