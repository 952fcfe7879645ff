#include "api/json_reader.h"

#include "model/json_value.h"

namespace riptide {

std::optional<JsonElement> Member(const JsonElement& obj, std::string_view key) {
  JsonElement el;
  if (obj.at_key(key).get(el) || el.is_null()) return std::nullopt;
  return el;
}

Status ReadString(const JsonElement& obj, std::string_view key,
                  std::optional<std::string_view>* out) {
  *out = std::nullopt;
  auto el = Member(obj, key);
  if (!el) return Status::OK();
  if (!el->is_string()) return JsonTypeMismatch(*el, "String");
  *out = el->get_string().value_unsafe();
  return Status::OK();
}

Status ReadStringOrEmpty(const JsonElement& obj, std::string_view key, std::string_view* out) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(obj, key, &s));
  *out = s.value_or(std::string_view());
  return Status::OK();
}

Status ReadBool(const JsonElement& obj, std::string_view key, std::optional<bool>* out) {
  *out = std::nullopt;
  auto el = Member(obj, key);
  if (!el) return Status::OK();
  if (!el->is_bool()) return JsonTypeMismatch(*el, "Boolean");
  *out = el->get_bool().value_unsafe();
  return Status::OK();
}

Status ReadInt(const JsonElement& obj, std::string_view key, std::optional<int64_t>* out,
               std::string_view type_name) {
  *out = std::nullopt;
  auto el = Member(obj, key);
  if (!el) return Status::OK();
  switch (el->type()) {
    case simdjson::dom::element_type::INT64: *out = el->get_int64().value_unsafe(); break;
    case simdjson::dom::element_type::UINT64: *out = INT64_MAX; break;
    case simdjson::dom::element_type::DOUBLE: {
      // JSON numbers with a fraction are truncated toward zero, as Jackson
      // reads them into integer members.
      double d = el->get_double().value_unsafe();
      *out = d >= 9.2e18 ? INT64_MAX : d <= -9.2e18 ? INT64_MIN : static_cast<int64_t>(d);
      break;
    }
    default: return JsonTypeMismatch(*el, type_name);
  }
  return Status::OK();
}

Status ReadObject(const JsonElement& obj, std::string_view key, std::optional<JsonElement>* out) {
  *out = std::nullopt;
  auto el = Member(obj, key);
  if (!el) return Status::OK();
  if (!el->is_object()) return JsonTypeMismatch(*el, "Map");
  *out = el;
  return Status::OK();
}

Status ReadArray(const JsonElement& obj, std::string_view key, std::optional<JsonElement>* out) {
  *out = std::nullopt;
  auto el = Member(obj, key);
  if (!el) return Status::OK();
  if (!el->is_array()) return JsonTypeMismatch(*el, "List");
  *out = el;
  return Status::OK();
}

}  // namespace riptide
