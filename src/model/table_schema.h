#pragma once

// TableInfo: everything Riptide knows about a table, as DescribeTable shows
// it. Immutable once published in the catalog: a change builds a new
// TableInfo and swaps it in.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "model/attribute_value.h"

namespace riptide {

struct KeyAttribute {
  std::string name;
  AttrType type = AttrType::kS;  // S, N or B
};

struct AttributeDefinition {
  std::string name;
  AttrType type = AttrType::kS;
};

enum class BillingMode : uint8_t { kProvisioned, kPayPerRequest };

struct ProvisionedThroughput {
  int64_t read_capacity_units = 0;
  int64_t write_capacity_units = 0;
  int64_t last_increase_ms = 0;  // 0: never
  int64_t last_decrease_ms = 0;  // 0: never
  int64_t decreases_today = 0;
};

struct TableInfo {
  std::string name;
  // Internal table number: the prefix of the table's keys in storage. Never
  // reused, so a table re-created under the same name starts empty.
  uint32_t number = 0;
  std::string table_id;  // TableId, a UUID
  int64_t creation_ms = 0;
  KeyAttribute hash_key;
  std::optional<KeyAttribute> range_key;
  std::vector<AttributeDefinition> attribute_definitions;
  BillingMode billing_mode = BillingMode::kProvisioned;
  // When the table last switched to PAY_PER_REQUEST (0: never).
  int64_t pay_per_request_since_ms = 0;
  ProvisionedThroughput throughput;
  bool deletion_protection = false;

  bool has_range_key() const { return range_key.has_value(); }
  // True when `name` is the hash or range key attribute.
  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

std::string_view BillingModeName(BillingMode mode);

}  // namespace riptide
