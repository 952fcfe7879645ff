#include "api/index_specs.h"

#include <algorithm>

#include "api/common.h"
#include "model/json_value.h"
#include "storage/keys.h"

namespace riptide {

namespace {

constexpr size_t kMaxGlobalIndexes = 20;
constexpr size_t kMaxLocalIndexes = 5;
// Multi-attribute GSI keys: up to four partition and four sort attributes.
constexpr size_t kMaxKeyAttributesPerRole = 4;
// DynamoDB's limit on projected non-key attributes over all of a table's indexes.
constexpr size_t kMaxProjectedAttributes = 100;

constexpr std::string_view kKeyNameLength =
    "Names of key attributes and attributes projected into an index must be between 1 and 255 "
    "characters, inclusive";

Status Invalid(std::string msg) { return Status::Validation(std::move(msg)); }

// An index's KeySchema: HASH elements, then RANGE elements.
Status ReadIndexKeySchema(const JsonElement& spec, bool global, IndexInfo* out) {
  std::optional<JsonElement> ks;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(spec, "KeySchema", &ks));
  if (!ks || AsArray(*ks).size() == 0) {
    return Invalid(
        "No defined key schema.  A key schema containing at least a hash key must be "
        "defined for all tables");
  }
  bool seen_range = false;
  for (JsonElement e : AsArray(*ks)) {
    std::optional<std::string_view> name, type;
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeName", &name));
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "KeyType", &type));
    if (!name) return Invalid("Attribute name must be specified.");
    if (!type) return Invalid("One or more keys is not specified as being hash or range.");
    if (name->empty() || name->size() > 255) return Invalid(std::string(kKeyNameLength));
    KeyAttribute k{std::string(*name), AttrType::kS};
    for (const auto* keys : {&out->hash_keys, &out->range_keys}) {
      for (const KeyAttribute& other : *keys) {
        if (other.name == k.name) return Invalid("Two keys can not have the same name");
      }
    }
    if (*type == "HASH") {
      if (seen_range) {
        return Invalid(
            "Invalid key order. Hash Key must be specified first in key schema, Range "
            "Key must be specifed second");
      }
      out->hash_keys.push_back(std::move(k));
    } else if (*type == "RANGE") {
      seen_range = true;
      out->range_keys.push_back(std::move(k));
    } else {
      return Invalid("One or more keys is not specified as being hash or range.");
    }
  }
  if (out->hash_keys.empty()) {
    return Invalid(
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
  }
  size_t max = global ? kMaxKeyAttributesPerRole : 1;
  if (out->hash_keys.size() > max) {
    return Invalid(
        global ? "Too many hash keys specified.  A global secondary index can have at most four "
                 "partition key attributes"
               : "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash "
                 "key");
  }
  if (out->range_keys.size() > max) {
    return Invalid(
        global ? "Too many range keys specified.  A global secondary index can have at most four "
                 "sort key attributes"
               : "Key Schema too big.  Key Schema must at most consist of the hash and range key "
                 "of a table");
  }
  return Status::OK();
}

Status ReadProjection(const JsonElement& spec, IndexInfo* out) {
  std::optional<JsonElement> projection;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(spec, "Projection", &projection));
  std::optional<std::string_view> type;
  if (projection) RIPTIDE_RETURN_IF_ERROR(ReadString(*projection, "ProjectionType", &type));
  if (!type) return Invalid("Indexes must have a projection specified");
  std::optional<JsonElement> attrs;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(*projection, "NonKeyAttributes", &attrs));
  if (*type == "ALL") {
    out->projection = ProjectionType::kAll;
  } else if (*type == "KEYS_ONLY") {
    out->projection = ProjectionType::kKeysOnly;
  } else if (*type == "INCLUDE") {
    out->projection = ProjectionType::kInclude;
  } else {
    return Invalid("Projection type must be INCLUDE, ALL, or KEYS_ONLY");
  }
  if (out->projection == ProjectionType::kInclude) {
    if (!attrs || AsArray(*attrs).size() == 0) {
      return Invalid(
          "If Projection type INCLUDE is specified, some non-key attributes to include "
          "in the projection must be specified as well");
    }
    for (JsonElement a : AsArray(*attrs)) {
      std::string name(a.get_string().value_unsafe());
      if (name.empty() || name.size() > 255) return Invalid(std::string(kKeyNameLength));
      if (std::find(out->non_key_attributes.begin(), out->non_key_attributes.end(), name) !=
          out->non_key_attributes.end()) {
        return Invalid("Cannot have two attributes with the same name");
      }
      out->non_key_attributes.push_back(std::move(name));
    }
  } else if (attrs) {
    return Invalid(
        "No attributes should be specified to be projected unless projection type is INCLUDE");
  }
  return Status::OK();
}

Status ReadIndexName(const JsonElement& spec, IndexInfo* out) {
  std::string_view name;
  RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(spec, "IndexName", &name));
  if (!IsValidTableName(name)) return Invalid(std::string(kInvalidTableName));
  out->name = std::string(name);
  return Status::OK();
}

Status ReadIndexThroughput(const JsonElement& spec, const TableInfo& table, IndexInfo* out) {
  std::optional<JsonElement> pt;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(spec, "ProvisionedThroughput", &pt));
  if (table.billing_mode == BillingMode::kPayPerRequest) {
    // DynamoDB refuses throughput for an on-demand table's index; the
    // reference accepts and ignores it (docs/compatibility.md).
    if (pt) {
      return Invalid(
          "One or more parameter values were invalid: ProvisionedThroughput should not "
          "be specified for index: " +
          out->name +
          " when BillingMode is "
          "PAY_PER_REQUEST");
    }
    return Status::OK();
  }
  if (!pt) return Invalid("No provisioned throughput specified for the global secondary index");
  std::optional<int64_t> read, write;
  RIPTIDE_RETURN_IF_ERROR(ReadInt(*pt, "ReadCapacityUnits", &read, "Long"));
  RIPTIDE_RETURN_IF_ERROR(ReadInt(*pt, "WriteCapacityUnits", &write, "Long"));
  if (!read || !write || *read < 1 || *write < 1) {
    return Invalid(
        "Global Secondary Index's read and write throughput must be at least 1, and cannot be "
        "null");
  }
  if (*read > 40000 || *write > 40000) {
    return Invalid(
        "Cannot increase provisioned throughput to more than 40,000 units per global secondary "
        "index");
  }
  out->throughput.read_capacity_units = *read;
  out->throughput.write_capacity_units = *write;
  return Status::OK();
}

const AttributeDefinition* FindDefinition(const TableInfo& info, const std::string& name) {
  for (const auto& d : info.attribute_definitions)
    if (d.name == name) return &d;
  return nullptr;
}

}  // namespace

Status ReadGlobalIndex(const JsonElement& spec, const TableInfo& table, IndexInfo* out) {
  out->global = true;
  RIPTIDE_RETURN_IF_ERROR(ReadIndexName(spec, out));
  RIPTIDE_RETURN_IF_ERROR(ReadIndexKeySchema(spec, /*global=*/true, out));
  RIPTIDE_RETURN_IF_ERROR(ReadProjection(spec, out));
  return ReadIndexThroughput(spec, table, out);
}

Status CheckProjectedAttributeLimit(const TableInfo& info) {
  size_t projected = 0;
  for (const IndexInfo& index : info.indexes) projected += index.non_key_attributes.size();
  if (projected > kMaxProjectedAttributes) {
    // The reference's text, though the limit it applies is 100.
    return Invalid(
        "No more than 20 attributes per table can be projected into Local Secondary Indices");
  }
  return Status::OK();
}

Status ReadIndexDefinitions(const JsonElement& body, TableInfo* info) {
  std::optional<JsonElement> locals, globals;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "LocalSecondaryIndexes", &locals));
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "GlobalSecondaryIndexes", &globals));
  // An empty list of LSIs means none, as the reference has it.
  if (locals && AsArray(*locals).size() > 0) {
    if (AsArray(*locals).size() > kMaxLocalIndexes) {
      return Invalid("Cannot have more than 5 local secondary indexes per table");
    }
    if (!info->range_key) {
      return Invalid(
          "Local Secondary indices are not allowed on hash tables, only hash and range tables");
    }
    for (JsonElement spec : AsArray(*locals)) {
      IndexInfo index;
      index.global = false;
      RIPTIDE_RETURN_IF_ERROR(ReadIndexName(spec, &index));
      RIPTIDE_RETURN_IF_ERROR(ReadIndexKeySchema(spec, /*global=*/false, &index));
      if (index.range_keys.empty()) return Invalid("Local secondary indices must have a range key");
      if (index.hash_keys[0].name != info->hash_key.name) {
        return Invalid("Local Secondary indices must have the same hash key as the main table");
      }
      RIPTIDE_RETURN_IF_ERROR(ReadProjection(spec, &index));
      for (const IndexInfo& other : info->indexes) {
        if (other.name == index.name) {
          return Invalid("Two local secondary indices have the same name");
        }
      }
      index.number = info->next_index_number++;
      info->indexes.push_back(std::move(index));
    }
  }
  if (globals) {
    if (AsArray(*globals).size() == 0) return Invalid("GSI list is empty/invalid");
    if (AsArray(*globals).size() > kMaxGlobalIndexes) {
      return Invalid("GlobalSecondaryIndex count exceeds the per-table limit");
    }
    for (JsonElement spec : AsArray(*globals)) {
      IndexInfo index;
      RIPTIDE_RETURN_IF_ERROR(ReadGlobalIndex(spec, *info, &index));
      for (const IndexInfo& other : info->indexes) {
        if (other.name == index.name) {
          return Invalid(other.global ? "Two global secondary indices have the same name"
                                      : "Local Secondary Indices AND Global Secondary Indices "
                                        "must have different names");
        }
      }
      index.number = info->next_index_number++;
      info->indexes.push_back(std::move(index));
    }
  }
  return CheckProjectedAttributeLimit(*info);
}

std::vector<std::string> KeyAttributeNames(const TableInfo& info) {
  std::vector<std::string> names{info.hash_key.name};
  if (info.range_key) names.push_back(info.range_key->name);
  for (const IndexInfo& index : info.indexes) {
    for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
      for (const KeyAttribute& k : *keys) {
        if (std::find(names.begin(), names.end(), k.name) == names.end()) names.push_back(k.name);
      }
    }
  }
  return names;
}

Status BindIndexKeyTypes(TableInfo* info) {
  for (IndexInfo& index : info->indexes) {
    std::string kind = index.global ? "Global" : "Local";
    for (auto* keys : {&index.hash_keys, &index.range_keys}) {
      for (KeyAttribute& k : *keys) {
        const AttributeDefinition* d = FindDefinition(*info, k.name);
        if (!d) {
          return Invalid(kind + " Secondary Index " +
                         (keys == &index.hash_keys ? "hash" : "range") +
                         " key not specified in Attribute Definitions.Type unknown.");
        }
        k.type = d->type;
      }
    }
  }
  return Status::OK();
}

void WriteIndexDescriptions(Request& req, const TableInfo& table) {
  JsonWriter* w = req.out;
  auto key_schema = [&](const IndexInfo& index) {
    w->Key("KeySchema");
    w->BeginArray();
    for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
      for (const KeyAttribute& k : *keys) {
        w->BeginObject();
        w->Key("AttributeName");
        w->String(k.name);
        w->Key("KeyType");
        w->String(keys == &index.hash_keys ? "HASH" : "RANGE");
        w->EndObject();
      }
    }
    w->EndArray();
  };
  auto projection = [&](const IndexInfo& index) {
    w->Key("Projection");
    w->BeginObject();
    w->Key("ProjectionType");
    w->String(index.projection == ProjectionType::kAll       ? "ALL"
              : index.projection == ProjectionType::kInclude ? "INCLUDE"
                                                             : "KEYS_ONLY");
    if (index.projection == ProjectionType::kInclude) {
      w->Key("NonKeyAttributes");
      w->BeginArray();
      for (const std::string& a : index.non_key_attributes) w->String(a);
      w->EndArray();
    }
    w->EndObject();
  };
  auto counts = [&](const IndexInfo& index) {
    int64_t count = 0, bytes = 0;
    req.db->kv()
        ->ReadCounters(keys::IndexCountersKey(table.number, index.number), &count, &bytes)
        .PermitUnchecked();
    w->Key("IndexSizeBytes");
    w->Int(std::max<int64_t>(0, bytes));
    w->Key("ItemCount");
    w->Int(std::max<int64_t>(0, count));
    w->Key("IndexArn");
    w->String(req.db->TableArn(table.name) + "/index/" + index.name);
  };
  for (bool global : {false, true}) {
    bool any = false;
    for (const IndexInfo& index : table.indexes) any |= index.global == global;
    if (!any) continue;
    w->Key(global ? "GlobalSecondaryIndexes" : "LocalSecondaryIndexes");
    w->BeginArray();
    for (const IndexInfo& index : table.indexes) {
      if (index.global != global) continue;
      w->BeginObject();
      w->Key("IndexName");
      w->String(index.name);
      key_schema(index);
      projection(index);
      if (global) {
        w->Key("IndexStatus");
        w->String(index.status == IndexStatus::kCreating   ? "CREATING"
                  : index.status == IndexStatus::kDeleting ? "DELETING"
                                                           : "ACTIVE");
        if (index.status == IndexStatus::kCreating) {
          w->Key("Backfilling");
          w->Bool(index.backfilling);
        }
        w->Key("ProvisionedThroughput");
        w->BeginObject();
        w->Key("NumberOfDecreasesToday");
        w->Int(0);
        bool on_demand = table.billing_mode == BillingMode::kPayPerRequest;
        w->Key("ReadCapacityUnits");
        w->Int(on_demand ? 0 : index.throughput.read_capacity_units);
        w->Key("WriteCapacityUnits");
        w->Int(on_demand ? 0 : index.throughput.write_capacity_units);
        w->EndObject();
      }
      counts(index);
      w->EndObject();
    }
    w->EndArray();
  }
}

namespace {

constexpr std::string_view kOneAtATime =
    "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per "
    "table";

// Merges UpdateTable's AttributeDefinitions into the table's: new names are
// added; a known name must keep its type.
Status MergeAttributeDefinitions(const JsonElement& body, TableInfo* updated) {
  std::optional<JsonElement> defs;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "AttributeDefinitions", &defs));
  if (!defs) return Invalid("No Attribute Schema Defined");
  for (JsonElement e : AsArray(*defs)) {
    std::optional<std::string_view> name, type_name;
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeName", &name));
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeType", &type_name));
    AttrType type;
    if (!type_name || !ParseAttrTypeName(*type_name, &type) ||
        (type != AttrType::kS && type != AttrType::kN && type != AttrType::kB)) {
      return Invalid("Member must satisfy enum value set: [B, N, S]");
    }
    std::string n(name.value_or(""));
    bool known = false;
    for (const AttributeDefinition& d : updated->attribute_definitions) {
      if (d.name != n) continue;
      known = true;
      if (d.type != type) {
        return Invalid(
            "invalid attribute, SchemaElement redefined should be of same type as previously "
            "defined");
      }
    }
    if (!known) updated->attribute_definitions.push_back({n, type});
  }
  return Status::OK();
}

// The name an index update is about, for the one-update-per-index rule.
std::string UpdateTarget(const JsonElement& update) {
  for (std::string_view action : {"Create", "Update", "Delete"}) {
    if (auto spec = Member(update, action)) {
      std::string_view name;
      if (ReadStringOrEmpty(*spec, "IndexName", &name).ok()) return std::string(name);
    }
  }
  return "";
}

IndexInfo* FindGlobal(TableInfo* table, std::string_view name) {
  for (IndexInfo& index : table->indexes) {
    if (index.name == name) return &index;
  }
  return nullptr;
}

}  // namespace

Status ApplyGlobalIndexUpdates(Request& req, const JsonElement& body, const JsonElement& updates,
                               TableInfo* updated, bool* creates_index) {
  *creates_index = false;
  simdjson::dom::array list = AsArray(updates);
  if (list.size() == 0) return Invalid("Nothing to update");
  // DynamoDB allows one update per index, and one create or delete in all.
  std::vector<std::string> targets;
  int changes = 0;
  for (JsonElement update : list) {
    bool any = false;
    for (std::string_view action : {"Create", "Update", "Delete"})
      any |= Member(update, action).has_value();
    if (!any) return Invalid("Update global secondary index action is null");
    std::string target = UpdateTarget(update);
    if (std::find(targets.begin(), targets.end(), target) != targets.end()) {
      return Invalid("Only one global secondary index update per index is allowed simultaneously.");
    }
    targets.push_back(std::move(target));
    changes += Member(update, "Create") || Member(update, "Delete") ? 1 : 0;
  }
  if (changes > 1) return Status::LimitExceeded(std::string(kOneAtATime));
  for (const IndexInfo& index : updated->indexes) {
    if (changes > 0 && index.status != IndexStatus::kActive) {
      return Status::LimitExceeded(std::string(kOneAtATime));
    }
  }

  for (JsonElement update : list) {
    if (auto create = Member(update, "Create")) {
      RIPTIDE_RETURN_IF_ERROR(MergeAttributeDefinitions(body, updated));
      IndexInfo index;
      RIPTIDE_RETURN_IF_ERROR(ReadGlobalIndex(*create, *updated, &index));
      if (updated->FindIndex(index.name)) {
        return Invalid("Attempting to create an index which already exists");
      }
      auto globals = std::count_if(updated->indexes.begin(), updated->indexes.end(),
                                   [](const IndexInfo& i) { return i.global; });
      if (static_cast<size_t>(globals) >= kMaxGlobalIndexes) {
        return Status::LimitExceeded("Number of global secondary indexes exceeds per-table limit");
      }
      index.number = updated->next_index_number++;
      index.status = IndexStatus::kCreating;
      index.backfilling = true;
      updated->indexes.push_back(std::move(index));
      RIPTIDE_RETURN_IF_ERROR(BindIndexKeyTypes(updated));
      RIPTIDE_RETURN_IF_ERROR(CheckProjectedAttributeLimit(*updated));
      *creates_index = true;
    } else if (auto del = Member(update, "Delete")) {
      std::string_view name;
      RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(*del, "IndexName", &name));
      IndexInfo* index = FindGlobal(updated, name);
      if (!index) return Status::ResourceNotFound("Requested resource not found");
      if (!index->global)
        return Invalid("Cannot delete an index that is not a GlobalSecondaryIndex");
      index->status = IndexStatus::kDeleting;
    } else {
      JsonElement up = *Member(update, "Update");
      std::string_view name;
      RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(up, "IndexName", &name));
      IndexInfo* index = FindGlobal(updated, name);
      if (!index || !index->global) return Invalid("Invalid global secondary index name");
      ProvisionedThroughput before = index->throughput;
      RIPTIDE_RETURN_IF_ERROR(ReadIndexThroughput(up, *updated, index));
      if (index->throughput.read_capacity_units == before.read_capacity_units &&
          index->throughput.write_capacity_units == before.write_capacity_units) {
        return Invalid("The requested throughput value equals the current value");
      }
    }
  }
  return Status::OK();
}

}  // namespace riptide
