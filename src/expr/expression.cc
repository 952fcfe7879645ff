#include "expr/expression.h"

#include "expr/evaluate.h"
#include "expr/lexer.h"
#include "expr/parser.h"
#include "expr/projection.h"
#include "expr/update.h"
#include "expr/validate.h"

namespace riptide::expr {

namespace {

constexpr size_t kMaxExpressionSize = 4096;  // in UTF-16 code units, as DynamoDB counts

Status Prefixed(ExpressionType type, const Status& s) {
  std::string msg = "Invalid ";
  msg += ParameterName(type);
  msg += ": ";
  msg += s.message();
  return Status::Validation(std::move(msg));
}

// The checks before parsing: an empty expression, then the size limit.
Status CheckText(std::string_view text, ExpressionType type) {
  if (text.empty()) return Status::Validation("The expression can not be empty;");
  size_t size = Utf16Length(text);
  if (size <= kMaxExpressionSize) return Status::OK();
  std::string msg = "Expression size has exceeded the maximum allowed size;";
  // Condition-grammar expressions say how big; the others do not.
  if (type != ExpressionType::kUpdate && type != ExpressionType::kProjection) {
    msg += " expression size: " + std::to_string(size);
  }
  return Status::Validation(std::move(msg));
}

// Syntax first, then redundant parentheses, as DynamoDB reports them.
Status ParseErrors(const ParseOutcome& outcome) {
  if (!outcome.syntax.ok()) return outcome.syntax;
  return outcome.redundant_parens;
}

}  // namespace

std::string_view ParameterName(ExpressionType type) {
  switch (type) {
    case ExpressionType::kCondition:
      return "ConditionExpression";
    case ExpressionType::kFilter:
      return "FilterExpression";
    case ExpressionType::kKeyCondition:
      return "KeyConditionExpression";
    case ExpressionType::kUpdate:
      return "UpdateExpression";
    case ExpressionType::kProjection:
      return "ProjectionExpression";
  }
  return "";
}

Result<Condition> ParseCondition(std::string_view text, ExpressionType type,
                                 ExpressionContext* ctx) {
  Status s = CheckText(text, type);
  Condition cond;
  if (s.ok()) s = ParseErrors(ParseConditionSyntax(text, &cond));
  if (s.ok()) s = ValidateCondition(&cond, ctx);
  if (!s.ok()) return Prefixed(type, s);
  return cond;
}

Result<UpdateExpression> ParseUpdate(std::string_view text, ExpressionContext* ctx) {
  constexpr ExpressionType kType = ExpressionType::kUpdate;
  Status s = CheckText(text, kType);
  UpdateExpression update;
  if (s.ok()) {
    ParseOutcome outcome = ParseUpdateSyntax(text, &update);
    s = ParseErrors(outcome);
    if (s.ok()) s = ValidateUpdate(&update, outcome.repeated_clause, ctx);
  }
  if (!s.ok()) return Prefixed(kType, s);
  return update;
}

Result<ProjectionExpression> ParseProjection(std::string_view text, ExpressionContext* ctx) {
  constexpr ExpressionType kType = ExpressionType::kProjection;
  Status s = CheckText(text, kType);
  ProjectionExpression projection;
  if (s.ok()) s = ParseErrors(ParseProjectionSyntax(text, &projection));
  if (s.ok()) s = ValidateProjection(&projection, ctx);
  if (!s.ok()) return Prefixed(kType, s);
  return projection;
}

Result<AppliedUpdate> ApplyUpdate(const UpdateExpression& update, const Item* old_item,
                                  const Item& key, const std::vector<std::string>& key_names) {
  RIPTIDE_RETURN_IF_ERROR(update.from_attribute_updates
                              ? CheckAttributeUpdates(update, old_item, key_names)
                              : CheckKeyAttributesUntouched(update, key_names));
  RIPTIDE_ASSIGN_OR_RETURN(UpdateOutcome outcome, ApplyActions(update, old_item, key));
  AppliedUpdate applied;
  applied.exists = outcome.exists;
  applied.new_item = std::move(outcome.new_item);
  return applied;
}

Item UpdatedAttributes(const UpdateExpression& update, const Item* item) {
  return ProjectItem(item, UpdatedPaths(update));
}

Item ApplyProjection(const ProjectionExpression& projection, const Item& item) {
  std::vector<const Path*> paths;
  paths.reserve(projection.paths.size());
  for (const Path& p : projection.paths) paths.push_back(&p);
  return ProjectItem(&item, paths);
}

}  // namespace riptide::expr
