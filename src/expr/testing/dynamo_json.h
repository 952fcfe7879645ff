#pragma once

// Test support: DynamoDB JSON ({"S":"x"}, {"N":"1"}, ...) to AttributeValue
// and back, for the table-driven expression tests. Test-only: it trusts its
// input (the case files) and reports problems as a Status for the test to
// print. The server's own converter lives in model/json_value.h.

#include <simdjson.h>

#include <string>

#include "common/status.h"
#include "model/attribute_value.h"

namespace riptide::expr::testing {

Status ToAttributeValue(simdjson::dom::element el, AttributeValue* out);
Status ToItem(simdjson::dom::element el, Item* out);

// Compact DynamoDB JSON, maps sorted by key, for failure messages.
std::string ToJson(const AttributeValue& v);
std::string ToJson(const Item& item);

}  // namespace riptide::expr::testing
