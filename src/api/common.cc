#include "api/common.h"

#include <cmath>

#include "model/item_codec.h"
#include "model/json_value.h"
#include "storage/keys.h"

namespace riptide {

namespace {

constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;

// Checks one key attribute value against its schema entry.
Status CheckKeyValue(const KeyAttribute& schema, const AttributeValue& v, size_t max_bytes) {
  if (v.type() != AttrType::kS && v.type() != AttrType::kN && v.type() != AttrType::kB) {
    return Status::Validation("Invalid attribute value type");
  }
  if (v.type() != schema.type) {
    return Status::Validation("One or more parameter values were invalid: Type mismatch for key");
  }
  if (v.type() != AttrType::kN && v.str().empty()) {
    return Status::Validation(
        std::string("One or more parameter values are not valid. The AttributeValue for a key "
                    "attribute cannot contain an empty ") +
        (v.type() == AttrType::kS ? "string" : "binary") + " value. Key: " + schema.name);
  }
  size_t size = v.type() == AttrType::kN ? NumberSize(v.str()) : v.str().size();
  if (size > max_bytes) {
    return Status::Validation(
        "Hash primary key values must be under 2048 bytes, and range primary key values must be "
        "under 1024 bytes");
  }
  return Status::OK();
}

Status CheckKeyAttributes(const TableInfo& table, const AttributeMap& attrs, PrimaryKey* out) {
  out->hash = attrs.Find(table.hash_key.name);
  out->range = table.range_key ? attrs.Find(table.range_key->name) : nullptr;
  if (!out->hash || (table.range_key && !out->range)) {
    return Status::Validation("One of the required keys was not given a value");
  }
  RIPTIDE_RETURN_IF_ERROR(CheckKeyValue(table.hash_key, *out->hash, kMaxHashKeyBytes));
  if (out->range) {
    RIPTIDE_RETURN_IF_ERROR(CheckKeyValue(*table.range_key, *out->range, kMaxRangeKeyBytes));
  }
  return Status::OK();
}

}  // namespace

bool IsValidTableName(std::string_view name) {
  if (name.size() < 3 || name.size() > 255) return false;
  for (char c : name) {
    bool ok = (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') ||
              c == '_' || c == '-' || c == '.';
    if (!ok) return false;
  }
  return true;
}

Status ResolveTableName(const Request& req, std::string_view name,
                        std::shared_ptr<const TableInfo>* table) {
  if (!IsValidTableName(name)) return Status::Validation(std::string(kInvalidTableName));
  *table = req.db->catalog()->Find(name);
  if (!*table) return Status::ResourceNotFound(std::string(kTableNotFound));
  return Status::OK();
}

Status ResolveTable(const Request& req, std::shared_ptr<const TableInfo>* table) {
  std::string_view name;
  RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(*req.body, "TableName", &name));
  return ResolveTableName(req, name, table);
}

Status ValidateKey(const TableInfo& table, const AttributeMap& key, PrimaryKey* out) {
  size_t expected = table.range_key ? 2 : 1;
  if (key.size() != expected) {
    return Status::Validation("The number of conditions on the keys is invalid");
  }
  return CheckKeyAttributes(table, key, out);
}

Status ValidateItemKey(const TableInfo& table, const Item& item, PrimaryKey* out) {
  return CheckKeyAttributes(table, item, out);
}

std::string StorageKey(const TableInfo& table, const PrimaryKey& key) {
  return keys::ItemKey(table.number, *key.hash, key.range);
}

Item KeyItem(const TableInfo& table, const PrimaryKey& key) {
  Item item;
  item.Set(table.hash_key.name, *key.hash);
  if (key.range) item.Set(table.range_key->name, *key.range);
  return item;
}

Status ReadCapacityMode(const JsonElement& body, CapacityMode* mode) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ReturnConsumedCapacity", &s));
  *mode = CapacityMode::kNone;
  if (!s || *s == "NONE") return Status::OK();
  if (*s == "TOTAL") {
    *mode = CapacityMode::kTotal;
  } else if (*s == "INDEXES") {
    *mode = CapacityMode::kIndexes;
  } else {
    return Status::Validation("1 validation error detected: Value '" + std::string(*s) +
                              "' at 'returnConsumedCapacity' failed to satisfy constraint: Member "
                              "must satisfy enum value set: [INDEXES, TOTAL, NONE]");
  }
  return Status::OK();
}

double ReadUnits(size_t bytes, bool consistent) {
  double units = std::max<double>(1, std::ceil(static_cast<double>(bytes) / 4096.0));
  return consistent ? units : units / 2;
}

double WriteUnits(size_t bytes) {
  return std::max<double>(1, std::ceil(static_cast<double>(bytes) / 1024.0));
}

void WriteUnitsValue(JsonWriter* w, double units) {
  // DynamoDB always writes capacity as a floating-point number ("1.0").
  char buf[32];
  int n = std::snprintf(buf, sizeof(buf), "%.1f", units);
  if (units != std::floor(units * 10) / 10) n = std::snprintf(buf, sizeof(buf), "%g", units);
  w->Raw(std::string_view(buf, n));
}

void WriteConsumedCapacity(JsonWriter* w, std::string_view table, double units,
                           CapacityMode mode) {
  w->BeginObject();
  w->Key("TableName");
  w->String(table);
  w->Key("CapacityUnits");
  WriteUnitsValue(w, units);
  if (mode == CapacityMode::kIndexes) {
    w->Key("Table");
    w->BeginObject();
    w->Key("CapacityUnits");
    WriteUnitsValue(w, units);
    w->EndObject();
  }
  w->EndObject();
}

double CapacityUse::total() const {
  double sum = table;
  for (const auto& [name, units] : global_indexes) sum += units;
  for (const auto& [name, units] : local_indexes) sum += units;
  return sum;
}

void AddIndexWrites(const TableInfo& table, const std::vector<index::IndexWrite>& writes,
                    CapacityUse* use) {
  for (const index::IndexWrite& w : writes) {
    if (w.units == 0) continue;
    for (const IndexInfo& index : table.indexes) {
      if (index.number != w.index_number) continue;
      (index.global ? use->global_indexes : use->local_indexes)[index.name] += w.units;
    }
  }
}

void WriteCapacityUse(JsonWriter* w, std::string_view table, const CapacityUse& use,
                      CapacityMode mode) {
  w->BeginObject();
  w->Key("TableName");
  w->String(table);
  w->Key("CapacityUnits");
  WriteUnitsValue(w, use.total());
  if (mode == CapacityMode::kIndexes) {
    w->Key("Table");
    w->BeginObject();
    w->Key("CapacityUnits");
    WriteUnitsValue(w, use.table);
    w->EndObject();
    for (const auto* map : {&use.local_indexes, &use.global_indexes}) {
      if (map->empty()) continue;
      w->Key(map == &use.global_indexes ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
      w->BeginObject();
      for (const auto& [name, units] : *map) {
        w->Key(name);
        w->BeginObject();
        w->Key("CapacityUnits");
        WriteUnitsValue(w, units);
        w->EndObject();
      }
      w->EndObject();
    }
  }
  w->EndObject();
}

Status ReadCollectionMetrics(const JsonElement& body, bool* size) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ReturnItemCollectionMetrics", &s));
  *size = s && *s == "SIZE";
  if (s && *s != "SIZE" && *s != "NONE") {
    return Status::Validation("1 validation error detected: Value '" + std::string(*s) +
                              "' at 'returnItemCollectionMetrics' failed to satisfy constraint: "
                              "Member must satisfy enum value set: [SIZE, NONE]");
  }
  return Status::OK();
}

void WriteCollectionMetrics(JsonWriter* w, const TableInfo& table, const AttributeValue& pk,
                            int64_t bytes) {
  w->BeginObject();
  w->Key("ItemCollectionKey");
  w->BeginObject();
  w->Key(table.hash_key.name);
  WriteAttributeValue(w, pk);
  w->EndObject();
  // An estimate bracketing the size in whole gigabytes, as DynamoDB gives it
  // ([0.0, 1.0] for a collection under a gigabyte).
  double low = std::floor(static_cast<double>(std::max<int64_t>(0, bytes)) / (1 << 30));
  w->Key("SizeEstimateRangeGB");
  w->BeginArray();
  WriteUnitsValue(w, low);
  WriteUnitsValue(w, low + 1);
  w->EndArray();
  w->EndObject();
}

Status ReadReturnValues(const JsonElement& body, ReturnValues* out) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ReturnValues", &s));
  *out = ReturnValues::kNone;
  if (!s || *s == "NONE") return Status::OK();
  if (*s == "ALL_OLD") {
    *out = ReturnValues::kAllOld;
  } else if (*s == "UPDATED_OLD") {
    *out = ReturnValues::kUpdatedOld;
  } else if (*s == "ALL_NEW") {
    *out = ReturnValues::kAllNew;
  } else if (*s == "UPDATED_NEW") {
    *out = ReturnValues::kUpdatedNew;
  } else {
    return Status::Validation("Return values set to invalid value");
  }
  return Status::OK();
}

}  // namespace riptide
