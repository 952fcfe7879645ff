#pragma once

// Typed access to the members of a request's JSON object.
//
// DynamoDB treats a member whose value is JSON null as absent. A member of
// the wrong JSON type is a SerializationException, worded as DynamoDB's
// framework words it (model/json_value.h JsonTypeMismatch). Unknown members
// are ignored, as DynamoDB ignores them.

#include "model/json_dom.h"

#include <cstdint>
#include <optional>
#include <string_view>

#include "common/status.h"

namespace riptide {

using JsonElement = simdjson::dom::element;

// The member's value, or nullopt when absent or null.
std::optional<JsonElement> Member(const JsonElement& obj, std::string_view key);

Status ReadString(const JsonElement& obj, std::string_view key,
                  std::optional<std::string_view>* out);
Status ReadBool(const JsonElement& obj, std::string_view key, std::optional<bool>* out);
// Integers; `type_name` is Coral's name of the wire type ("Integer" or "Long")
// used in the mismatch message.
Status ReadInt(const JsonElement& obj, std::string_view key, std::optional<int64_t>* out,
               std::string_view type_name = "Integer");
Status ReadObject(const JsonElement& obj, std::string_view key, std::optional<JsonElement>* out);
Status ReadArray(const JsonElement& obj, std::string_view key, std::optional<JsonElement>* out);

// Reads a string member, treating a missing one as empty.
Status ReadStringOrEmpty(const JsonElement& obj, std::string_view key, std::string_view* out);

}  // namespace riptide
