#include "api/expressions.h"

#include "model/json_value.h"

namespace riptide {

Status CheckExpressionMapsUsable(const JsonElement& body, bool names_usable, bool values_usable,
                                 std::string_view null_expressions) {
  if (!names_usable && Present(body, "ExpressionAttributeNames")) {
    return Status::Validation(
        "ExpressionAttributeNames can only be specified when using expressions");
  }
  if (!values_usable && Present(body, "ExpressionAttributeValues")) {
    return Status::Validation(
        "ExpressionAttributeValues can only be specified when using expressions: " +
        std::string(null_expressions));
  }
  return Status::OK();
}

Status LoadExpressionContext(const JsonElement& body, expr::ExpressionContext* ctx,
                             bool with_values) {
  // DynamoDB's order: names empty, name keys, values empty, value keys,
  // value AttributeValues, and only then the names' values.
  std::optional<simdjson::dom::object> names;
  if (auto el = Member(body, "ExpressionAttributeNames")) {
    names = AsObject(*el);
    if (names->size() == 0) return Status::Validation("ExpressionAttributeNames must not be empty");
    for (auto field : *names) {
      RIPTIDE_RETURN_IF_ERROR(expr::ExpressionContext::ValidateNameKey(field.key));
    }
  }
  AttributeMap values;
  std::optional<simdjson::dom::object> values_obj;
  std::optional<JsonElement> values_el;
  if (with_values) values_el = Member(body, "ExpressionAttributeValues");
  if (auto el = values_el) {
    values_obj = AsObject(*el);
    if (values_obj->size() == 0) {
      return Status::Validation("ExpressionAttributeValues must not be empty");
    }
    for (auto field : *values_obj) {
      RIPTIDE_RETURN_IF_ERROR(expr::ExpressionContext::ValidateValueKey(field.key));
    }
    RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*el, &values, MapKind::kExpressionValues));
  }
  if (names) {
    for (auto field : *names) {
      std::string_view name;
      if (field.value.is_string()) name = field.value.get_string().value_unsafe();
      RIPTIDE_RETURN_IF_ERROR(expr::ExpressionContext::ValidateNameValue(field.key, name));
      ctx->AddName(std::string(field.key), std::string(name));
    }
  }
  if (values_obj) {
    // The context wants request order (DynamoDB's "unused" message depends
    // on it); the parsed map is sorted, so walk the JSON again for order.
    ctx->ReserveValues(values.size());
    for (auto field : *values_obj) {
      if (const AttributeValue* v = values.Find(field.key)) {
        ctx->AddValue(std::string(field.key), *v);
      }
    }
  }
  return Status::OK();
}

Status ReadComparison(const JsonElement& spec, expr::ExpectedEntry* e) {
  std::optional<std::string_view> op;
  RIPTIDE_RETURN_IF_ERROR(ReadString(spec, "ComparisonOperator", &op));
  if (op) e->comparison_operator = std::string(*op);
  if (auto list = Member(spec, "AttributeValueList")) {
    std::vector<AttributeValue> values;
    for (JsonElement v : AsArray(*list)) {
      AttributeValue value;
      RIPTIDE_RETURN_IF_ERROR(ParseAttributeValue(v, &value));
      values.push_back(std::move(value));
    }
    e->attribute_value_list = std::move(values);
  }
  return Status::OK();
}

}  // namespace riptide
