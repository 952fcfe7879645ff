#include "api/conditional_write.h"

#include "api/expressions.h"
#include "model/json_value.h"

namespace riptide {

namespace {

// Reads Expected into ConvertExpected's entries, in request order; absent
// members stay absent (Expected, unlike a filter, has the Value/Exists form).
Status ReadExpectedEntries(const JsonElement& expected, std::vector<expr::ExpectedEntry>* out) {
  for (auto field : AsObject(expected)) {
    expr::ExpectedEntry e;
    e.name = std::string(field.key);
    const JsonElement& spec = field.value;
    if (spec.is_object()) {
      if (auto v = Member(spec, "Value")) {
        AttributeValue value;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeValue(*v, &value));
        e.value = std::move(value);
      }
      std::optional<bool> exists;
      RIPTIDE_RETURN_IF_ERROR(ReadBool(spec, "Exists", &exists));
      e.exists = exists;
      RIPTIDE_RETURN_IF_ERROR(ReadComparison(spec, &e));
    }
    out->push_back(std::move(e));
  }
  return Status::OK();
}

Status ReadAttributeUpdates(const JsonElement& updates,
                            std::vector<expr::AttributeUpdateEntry>* out) {
  for (auto field : AsObject(updates)) {
    expr::AttributeUpdateEntry e;
    e.name = std::string(field.key);
    const JsonElement& spec = field.value;
    if (spec.is_object()) {
      std::optional<std::string_view> action;
      RIPTIDE_RETURN_IF_ERROR(ReadString(spec, "Action", &action));
      if (action) {
        if (*action == "PUT") {
          e.action = expr::AttributeAction::kPut;
        } else if (*action == "ADD") {
          e.action = expr::AttributeAction::kAdd;
        } else if (*action == "DELETE") {
          e.action = expr::AttributeAction::kDelete;
        } else {
          return Status::Validation("Member must satisfy enum value set: [ADD, DELETE, PUT]");
        }
      }
      if (auto v = Member(spec, "Value")) {
        AttributeValue value;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeValue(*v, &value));
        e.value = std::move(value);
      }
    }
    out->push_back(std::move(e));
  }
  return Status::OK();
}

}  // namespace

Status EnumError(std::string_view member, std::string_view value, std::string_view values) {
  return Status::Validation("1 validation error detected: Value '" + std::string(value) + "' at '" +
                            std::string(member) +
                            "' failed to satisfy constraint: Member must satisfy enum value set: [" +
                            std::string(values) + "]");
}

Status ConditionalWrite::CheckParameters(const JsonElement& body, Kind kind) {
  std::optional<std::string_view> on_failure;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ReturnValuesOnConditionCheckFailure", &on_failure));
  if (on_failure && *on_failure != "ALL_OLD" && *on_failure != "NONE") {
    return EnumError("returnValuesOnConditionCheckFailure", *on_failure, "ALL_OLD, NONE");
  }
  return_old_on_failure_ = on_failure && *on_failure == "ALL_OLD";

  bool update = kind == Kind::kUpdate;
  expr::RequestParameters p;
  p.attribute_updates = update && Present(body, "AttributeUpdates");
  p.expected = Present(body, "Expected");
  p.conditional_operator = Present(body, "ConditionalOperator");
  p.update_expression = update && Present(body, "UpdateExpression");
  p.condition_expression = Present(body, "ConditionExpression");
  RIPTIDE_RETURN_IF_ERROR(expr::CheckNoMixedParameters(p));

  bool usable = p.condition_expression || p.update_expression;
  RIPTIDE_RETURN_IF_ERROR(CheckExpressionMapsUsable(
      body, usable, usable,
      update ? "UpdateExpression and ConditionExpression are null" : "ConditionExpression is null"));

  if (p.conditional_operator) {
    std::optional<std::string_view> op;
    RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ConditionalOperator", &op));
    if (*op != "AND" && *op != "OR") return EnumError("conditionalOperator", *op, "AND, OR");
  }
  return Status::OK();
}

Status ConditionalWrite::ReadExpected(const JsonElement& body) {
  if (expected_read_) return Status::OK();
  expected_read_ = true;
  auto expected = Member(body, "Expected");
  if (!expected) return Status::OK();
  std::vector<expr::ExpectedEntry> entries;
  RIPTIDE_RETURN_IF_ERROR(ReadExpectedEntries(*expected, &entries));
  std::optional<std::string_view> op;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ConditionalOperator", &op));
  auto conditional =
      op && *op == "OR" ? expr::ConditionalOperator::kOr : expr::ConditionalOperator::kAnd;
  RIPTIDE_ASSIGN_OR_RETURN(expected_, expr::ConvertExpected(entries, conditional));
  return Status::OK();
}

namespace {

// DynamoDB counts Expected's entries for ConditionalOperator only after the
// key (or item) and Expected itself were checked.
Status CheckConditionalOperator(const JsonElement& body) {
  if (!Present(body, "ConditionalOperator")) return Status::OK();
  auto expected = Member(body, "Expected");
  size_t n = expected ? AsObject(*expected).size() : 0;
  if (n == 0) {
    return Status::Validation("ConditionalOperator cannot be used without Filter or Expected");
  }
  if (n < 2) {
    return Status::Validation(
        "ConditionalOperator can only be used when Filter or Expected has two or more "
        "elements");
  }
  return Status::OK();
}

}  // namespace

Status ConditionalWrite::LoadContext(const JsonElement& body) {
  return LoadExpressionContext(body, &ctx_);
}

Status ConditionalWrite::ParseUpdate(const JsonElement& body) {
  if (auto text = Member(body, "UpdateExpression")) {
    RIPTIDE_ASSIGN_OR_RETURN(update_, expr::ParseUpdate(text->get_string().value_unsafe(), &ctx_));
  }
  return Status::OK();
}

Status ConditionalWrite::ParseCondition(const JsonElement& body) {
  if (auto text = Member(body, "ConditionExpression")) {
    RIPTIDE_ASSIGN_OR_RETURN(condition_,
                             expr::ParseCondition(text->get_string().value_unsafe(),
                                                  expr::ExpressionType::kCondition, &ctx_));
  } else {
    RIPTIDE_RETURN_IF_ERROR(ReadExpected(body));
    RIPTIDE_RETURN_IF_ERROR(CheckConditionalOperator(body));
  }
  // Legacy order: Expected before AttributeUpdates.
  if (auto updates = Member(body, "AttributeUpdates")) {
    std::vector<expr::AttributeUpdateEntry> entries;
    RIPTIDE_RETURN_IF_ERROR(ReadAttributeUpdates(*updates, &entries));
    RIPTIDE_ASSIGN_OR_RETURN(attribute_updates_, expr::ConvertAttributeUpdates(entries));
    has_attribute_updates_ = true;
  }
  return Status::OK();
}

const expr::UpdateExpression* ConditionalWrite::update() const {
  if (update_) return &*update_;
  if (has_attribute_updates_) return &attribute_updates_.update;
  return nullptr;
}

Status ConditionalWrite::Evaluate(const Item* old) const {
  const expr::Condition* condition =
      condition_ ? &*condition_ : (expected_.has_condition ? &expected_.condition : nullptr);
  if (!condition || expr::EvaluateCondition(*condition, old)) return Status::OK();
  Status failed = Status::ConditionalCheckFailed();
  // DynamoDB returns the item as it was when asked to; the reference omits it.
  if (return_old_on_failure_ && old) {
    std::string json = "\"Item\":";
    JsonWriter w(&json);
    WriteAttributeMap(&w, *old);
    failed.set_extra_json(std::move(json));
  }
  return failed;
}

}  // namespace riptide
