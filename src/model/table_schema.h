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

enum class ProjectionType : uint8_t { kKeysOnly, kInclude, kAll };
enum class IndexStatus : uint8_t { kCreating, kActive, kDeleting };

// A global or local secondary index. GSIs may have up to four partition and
// four sort key attributes (multi-attribute keys); LSIs have the table's
// partition key and one sort key.
struct IndexInfo {
  std::string name;
  // The index's number within its table: the prefix of its entries in
  // storage. Never reused within the table.
  uint16_t number = 0;
  bool global = true;
  std::vector<KeyAttribute> hash_keys;   // one for LSIs and most GSIs
  std::vector<KeyAttribute> range_keys;  // zero or more (one for LSIs)
  ProjectionType projection = ProjectionType::kAll;
  std::vector<std::string> non_key_attributes;  // INCLUDE
  ProvisionedThroughput throughput;             // GSIs of provisioned tables
  IndexStatus status = IndexStatus::kActive;
  // CREATING and still filling from the table's existing items.
  bool backfilling = false;

  // True when `attr` is one of this index's key attributes.
  bool IsKeyAttribute(std::string_view attr) const {
    for (const auto& k : hash_keys)
      if (k.name == attr) return true;
    for (const auto& k : range_keys)
      if (k.name == attr) return true;
    return false;
  }
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
  std::vector<IndexInfo> indexes;  // GSIs and LSIs, in creation order
  uint16_t next_index_number = 1;

  bool has_range_key() const { return range_key.has_value(); }
  // nullptr when there is no such index.
  const IndexInfo* FindIndex(std::string_view index_name) const {
    for (const auto& index : indexes)
      if (index.name == index_name) return &index;
    return nullptr;
  }
  bool has_local_indexes() const {
    for (const auto& index : indexes)
      if (!index.global) return true;
    return false;
  }
  // True when `name` is the hash or range key attribute.
  bool IsKeyAttribute(std::string_view attr) const {
    return attr == hash_key.name || (range_key && attr == range_key->name);
  }
};

std::string_view BillingModeName(BillingMode mode);

}  // namespace riptide
