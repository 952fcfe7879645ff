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

Status LoadExpressionContext(const JsonElement& body, expr::ExpressionContext* ctx) {
  if (auto names = Member(body, "ExpressionAttributeNames")) {
    simdjson::dom::object obj = AsObject(*names);
    if (obj.size() == 0) {
      return Status::Validation("ExpressionAttributeNames must not be empty");
    }
    for (auto field : obj) {
      std::string_view name;
      if (field.value.is_string()) name = field.value.get_string().value_unsafe();
      RIPTIDE_RETURN_IF_ERROR(expr::ExpressionContext::ValidateNameEntry(field.key, name));
      ctx->AddName(std::string(field.key), std::string(name));
    }
  }
  if (auto values = Member(body, "ExpressionAttributeValues")) {
    simdjson::dom::object obj = AsObject(*values);
    if (obj.size() == 0) {
      return Status::Validation("ExpressionAttributeValues must not be empty");
    }
    for (auto field : obj) {
      RIPTIDE_RETURN_IF_ERROR(expr::ExpressionContext::ValidateValueKey(field.key));
    }
    AttributeMap map;
    RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*values, &map, MapKind::kExpressionValues));
    // The context wants request order (DynamoDB's "unused" message depends
    // on it); the parsed map is sorted, so walk the JSON again for order.
    ctx->ReserveValues(map.size());
    for (auto field : obj) {
      if (const AttributeValue* v = map.Find(field.key)) {
        ctx->AddValue(std::string(field.key), *v);
      }
    }
  }
  return Status::OK();
}

}  // namespace riptide
