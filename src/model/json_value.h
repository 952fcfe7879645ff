#pragma once

// Conversion between DynamoDB's JSON encoding of attribute values
// ({"S":"x"}, {"N":"1"}, {"M":{...}}, ...) and AttributeValue, with
// DynamoDB's validation and messages.
//
// Parsing works on simdjson DOM elements (the request is parsed once by the
// server); writing appends to a JsonWriter.

#include <string>
#include <string_view>

#include "common/json_writer.h"
#include "common/status.h"
#include "model/attribute_value.h"

namespace simdjson::dom {
class element;
}

namespace riptide {

// Values deeper than this are refused ("Nesting Levels have exceeded
// supported limits"). The top-level attribute is at depth 1.
inline constexpr int kMaxNestingDepth = 32;

// What an attribute map is called in messages about null values: items and
// keys say "The supplied Item contains a null AttributeValue: x is null";
// ExpressionAttributeValues say "ExpressionAttributeValues contains invalid
// value: The supplied Item contains a null AttributeValue for key :v".
enum class MapKind { kItem, kExpressionValues };

// Parses one attribute value. `depth` is the depth of this value (1 for a
// top-level attribute).
Status ParseAttributeValue(const simdjson::dom::element& el, AttributeValue* out, int depth = 1);

// Parses an attribute map (Item, Key, ExpressionAttributeValues, ...).
// With max_item_size > 0 the running size of the attributes, in request
// order, is checked against it as DynamoDB checks a whole item ("Item size
// has exceeded the maximum allowed size").
Status ParseAttributeMap(const simdjson::dom::element& el, AttributeMap* out,
                         MapKind kind = MapKind::kItem, size_t max_item_size = 0);

void WriteAttributeValue(JsonWriter* w, const AttributeValue& v);
// Writes {"name":{...},...}.
void WriteAttributeMap(JsonWriter* w, const AttributeMap& m);

// The SerializationException DynamoDB answers when a JSON member has the
// wrong JSON type. `expected` names the wanted type as Coral does
// ("String", "Boolean", "Integer", "Long", "Map", "List", ...).
Status JsonTypeMismatch(const simdjson::dom::element& el, std::string_view expected);

}  // namespace riptide
