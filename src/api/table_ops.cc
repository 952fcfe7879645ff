// The control plane: CreateTable, DescribeTable, ListTables, DeleteTable,
// UpdateTable.

#include <random>

#include "api/common.h"
#include "api/index_specs.h"
#include "model/json_value.h"
#include "storage/keys.h"

namespace riptide {

namespace {

constexpr std::string_view kNoThroughput = "No provisioned throughput specified for the table";
constexpr std::string_view kBadThroughput =
    "Table read and write throughput must be at least 1, and cannot be null";
constexpr std::string_view kThroughputWithPayPerRequest =
    "One or more parameter values were invalid: Neither ReadCapacityUnits nor WriteCapacityUnits "
    "can be specified when BillingMode is PAY_PER_REQUEST";

std::string NewUuid() {
  thread_local std::mt19937_64 rng(std::random_device{}());
  uint64_t hi = rng(), lo = rng();
  hi = (hi & 0xffffffffffff0fffull) | 0x0000000000004000ull;  // version 4
  lo = (lo & 0x3fffffffffffffffull) | 0x8000000000000000ull;  // variant 1
  char buf[40];
  std::snprintf(buf, sizeof(buf), "%08x-%04x-%04x-%04x-%012llx", static_cast<unsigned>(hi >> 32),
                static_cast<unsigned>((hi >> 16) & 0xffff), static_cast<unsigned>(hi & 0xffff),
                static_cast<unsigned>(lo >> 48),
                static_cast<unsigned long long>(lo & 0xffffffffffffull));
  return buf;
}

void WriteTableDescription(Request& req, const TableInfo& t, std::string_view status) {
  JsonWriter* w = req.out;
  int64_t item_count = 0, size_bytes = 0;
  req.db->kv()
      ->ReadCounters(keys::CountersKey(t.number), &item_count, &size_bytes)
      .PermitUnchecked();
  w->BeginObject();
  w->Key("AttributeDefinitions");
  w->BeginArray();
  for (const auto& d : t.attribute_definitions) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(d.name);
    w->Key("AttributeType");
    w->String(AttrTypeName(d.type));
    w->EndObject();
  }
  w->EndArray();
  w->Key("TableName");
  w->String(t.name);
  w->Key("KeySchema");
  w->BeginArray();
  auto key_element = [&](const KeyAttribute& k, std::string_view type) {
    w->BeginObject();
    w->Key("AttributeName");
    w->String(k.name);
    w->Key("KeyType");
    w->String(type);
    w->EndObject();
  };
  key_element(t.hash_key, "HASH");
  if (t.range_key) key_element(*t.range_key, "RANGE");
  w->EndArray();
  w->Key("TableStatus");
  w->String(status);
  w->Key("CreationDateTime");
  w->EpochSeconds(t.creation_ms);
  w->Key("ProvisionedThroughput");
  w->BeginObject();
  w->Key("LastIncreaseDateTime");
  w->EpochSeconds(t.throughput.last_increase_ms);
  w->Key("LastDecreaseDateTime");
  w->EpochSeconds(t.throughput.last_decrease_ms);
  w->Key("NumberOfDecreasesToday");
  w->Int(t.throughput.decreases_today);
  bool on_demand = t.billing_mode == BillingMode::kPayPerRequest;
  w->Key("ReadCapacityUnits");
  w->Int(on_demand ? 0 : t.throughput.read_capacity_units);
  w->Key("WriteCapacityUnits");
  w->Int(on_demand ? 0 : t.throughput.write_capacity_units);
  w->EndObject();
  w->Key("TableSizeBytes");
  w->Int(std::max<int64_t>(0, size_bytes));
  w->Key("ItemCount");
  w->Int(std::max<int64_t>(0, item_count));
  w->Key("TableArn");
  w->String(req.db->TableArn(t.name));
  w->Key("TableId");
  w->String(t.table_id);
  if (on_demand || t.pay_per_request_since_ms != 0) {
    w->Key("BillingModeSummary");
    w->BeginObject();
    w->Key("BillingMode");
    w->String(BillingModeName(t.billing_mode));
    w->Key("LastUpdateToPayPerRequestDateTime");
    w->EpochSeconds(t.pay_per_request_since_ms);
    w->EndObject();
  }
  WriteIndexDescriptions(req, t);
  w->Key("DeletionProtectionEnabled");
  w->Bool(t.deletion_protection);
  w->EndObject();
}

// Reads BillingMode: PROVISIONED (the default) or PAY_PER_REQUEST.
Status ReadBillingMode(const JsonElement& body, std::optional<BillingMode>* out) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "BillingMode", &s));
  *out = std::nullopt;
  if (!s) return Status::OK();
  if (*s == "PROVISIONED") {
    *out = BillingMode::kProvisioned;
  } else if (*s == "PAY_PER_REQUEST") {
    *out = BillingMode::kPayPerRequest;
  } else {
    return Status::Validation("1 validation error detected: Value '" + std::string(*s) +
                              "' at 'billingMode' failed to satisfy constraint: Member must "
                              "satisfy enum value set: [PROVISIONED, PAY_PER_REQUEST]");
  }
  return Status::OK();
}

struct Throughput {
  std::optional<int64_t> read, write;
};

Status ReadThroughput(const JsonElement& body, std::optional<Throughput>* out) {
  std::optional<JsonElement> pt;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "ProvisionedThroughput", &pt));
  *out = std::nullopt;
  if (!pt) return Status::OK();
  Throughput t;
  RIPTIDE_RETURN_IF_ERROR(ReadInt(*pt, "ReadCapacityUnits", &t.read, "Long"));
  RIPTIDE_RETURN_IF_ERROR(ReadInt(*pt, "WriteCapacityUnits", &t.write, "Long"));
  *out = t;
  return Status::OK();
}

// DynamoDB's default per-table throughput quota.
constexpr int64_t kMaxTableThroughput = 40000;

Status CheckThroughputValues(const Throughput& t) {
  if (!t.read || !t.write || *t.read < 1 || *t.write < 1) {
    return Status::Validation(std::string(kBadThroughput));
  }
  if (*t.read > kMaxTableThroughput || *t.write > kMaxTableThroughput) {
    return Status::Validation(
        "Cannot increase provisioned throughput to more than 40,000 units per table");
  }
  return Status::OK();
}

constexpr std::string_view kKeyNameLength =
    "Names of key attributes and attributes projected into an index must be between 1 and 255 "
    "characters, inclusive";

// Reads AttributeDefinitions (absent: an empty list and *present = false).
// DynamoDB checks, after the key schema's shape: each definition's name and
// the presence of its type, then duplicate names, then the types, and only
// then the definitions against the key schema.
Status ReadAttributeDefinitions(const JsonElement& body, TableInfo* info, bool* present) {
  std::optional<JsonElement> defs;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "AttributeDefinitions", &defs));
  *present = defs.has_value();
  if (!defs) return Status::OK();
  std::vector<std::string_view> type_names;
  for (JsonElement e : AsArray(*defs)) {
    std::optional<std::string_view> name, type_name;
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeName", &name));
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeType", &type_name));
    if (!name) return Status::Validation("Attribute name must be specified.");
    if (name->empty() || name->size() > 255) return Status::Validation(std::string(kKeyNameLength));
    if (!type_name) {
      return Status::Validation(
          "Invalid Attribute value. Must contain exactly one of the supported datatypes.");
    }
    info->attribute_definitions.push_back({std::string(*name), AttrType::kS});
    type_names.push_back(*type_name);
  }
  const auto& defined = info->attribute_definitions;
  for (size_t i = 0; i < defined.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (defined[i].name == defined[j].name) {
        return Status::Validation("Cannot have two attributes with the same name");
      }
    }
  }
  for (size_t i = 0; i < defined.size(); ++i) {
    AttrType type;
    if (!ParseAttrTypeName(type_names[i], &type) ||
        (type != AttrType::kS && type != AttrType::kN && type != AttrType::kB)) {
      return Status::Validation("Member must satisfy enum value set: [B, N, S]");
    }
    info->attribute_definitions[i].type = type;
  }
  return Status::OK();
}

Status ReadKeySchema(const JsonElement& body, TableInfo* info) {
  std::optional<JsonElement> ks;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "KeySchema", &ks));
  if (!ks) {
    return Status::Validation(
        "No defined key schema.  A key schema containing at least a hash key must be defined for "
        "all tables");
  }
  simdjson::dom::array elements = AsArray(*ks);
  if (elements.size() > 2) {
    return Status::Validation(
        "Key Schema too big.  Key Schema must at most consist of the hash and range key of a "
        "table");
  }
  std::vector<std::pair<std::string, std::string>> parsed;  // name, key type
  for (JsonElement e : elements) {
    if (e.is_null()) return Status::Validation("Key schema element is invalid.");
    std::optional<std::string_view> name, type;
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "AttributeName", &name));
    RIPTIDE_RETURN_IF_ERROR(ReadString(e, "KeyType", &type));
    if (!type)
      return Status::Validation("One or more keys is not specified as being hash or range.");
    if (!name) return Status::Validation("Attribute name must be specified.");
    // Names are length-checked with the attribute definitions.
    parsed.emplace_back(std::string(*name), std::string(*type));
  }
  int hashes = 0;
  for (const auto& [name, type] : parsed) hashes += type == "HASH";
  if (hashes == 0) {
    return Status::Validation(
        "No Hash Key specified in schema.  All Dynamo DB tables must have exactly one hash key");
  }
  if (hashes > 1) {
    return Status::Validation(
        "Too many hash keys specified.  All Dynamo DB tables must have exactly one hash key");
  }
  if (parsed[0].second != "HASH") {
    return Status::Validation(
        "Invalid key order. Hash Key must be specified first in key schema, Range Key must be "
        "specifed second");
  }
  if (parsed.size() == 2) {
    // A second key that is not HASH is the range key, whatever its KeyType
    // says (DynamoDB accepts "KeyType": "FOO" there).
    if (parsed[0].first == parsed[1].first) {
      return Status::Validation("Two keys can not have the same name");
    }
  }
  info->hash_key.name = parsed[0].first;
  if (parsed.size() == 2) info->range_key = KeyAttribute{parsed[1].first, AttrType::kS};
  return Status::OK();
}

// Checks the attribute definitions against the key schema and resolves the
// key attribute types: definitions must name exactly the key attributes.
Status BindKeyTypes(TableInfo* info, bool definitions_present) {
  if (!definitions_present) return Status::Validation("No Attribute Schema Defined");
  const auto& defs = info->attribute_definitions;
  auto find = [&](const std::string& name) -> const AttributeDefinition* {
    for (const auto& d : defs)
      if (d.name == name) return &d;
    return nullptr;
  };
  const AttributeDefinition* h = find(info->hash_key.name);
  if (!h)
    return Status::Validation("Hash Key not specified in Attribute Definitions.  Type unknown.");
  info->hash_key.type = h->type;
  if (info->range_key) {
    const AttributeDefinition* r = find(info->range_key->name);
    if (!r) {
      return Status::Validation("Range Key not specified in Attribute Definitions.  Type unknown.");
    }
    info->range_key->type = r->type;
  }
  RIPTIDE_RETURN_IF_ERROR(BindIndexKeyTypes(info));
  if (defs.size() != KeyAttributeNames(*info).size()) {
    return Status::Validation(
        "The number of attributes in key schema must match the number of attributes defined in "
        "attribute definitions.");
  }
  return Status::OK();
}

// Validates StreamSpecification as DynamoDB does; *enabled is nullopt when
// the request has none.
Status ReadStreamSpecification(const JsonElement& body, std::optional<bool>* enabled) {
  *enabled = std::nullopt;
  std::optional<JsonElement> spec;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "StreamSpecification", &spec));
  if (!spec) return Status::OK();
  std::optional<bool> on;
  std::optional<std::string_view> view_type;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(*spec, "StreamEnabled", &on));
  RIPTIDE_RETURN_IF_ERROR(ReadString(*spec, "StreamViewType", &view_type));
  if (!on) return Status::Validation("Stream StreamEnabled was null");
  if (!*on && view_type) {
    return Status::Validation(
        "Invalid StreamViewType: Stream StreamEnabled was false but a StreamViewType was present.");
  }
  if (*on) {
    if (!view_type || view_type->empty()) {
      return Status::Validation(
          "Invalid StreamViewType: Stream ViewType must not be null or empty when enabling "
          "streams.");
    }
    if (*view_type != "KEYS_ONLY" && *view_type != "NEW_IMAGE" && *view_type != "OLD_IMAGE" &&
        *view_type != "NEW_AND_OLD_IMAGES") {
      return Status::Validation("Invalid StreamViewType: " + std::string(*view_type));
    }
  }
  *enabled = on;
  return Status::OK();
}

Status StreamsNotSupported() {
  return Status::Validation("StreamSpecification is not supported by this version of Riptide");
}

Status ReadBillingAndThroughput(const JsonElement& body, int64_t now_ms, TableInfo* info) {
  std::optional<BillingMode> mode;
  RIPTIDE_RETURN_IF_ERROR(ReadBillingMode(body, &mode));
  std::optional<Throughput> throughput;
  RIPTIDE_RETURN_IF_ERROR(ReadThroughput(body, &throughput));
  info->billing_mode = mode.value_or(BillingMode::kProvisioned);
  if (info->billing_mode == BillingMode::kPayPerRequest) {
    // DynamoDB refuses throughput for on-demand tables; the reference
    // silently ignores it (docs/compatibility.md).
    if (throughput) return Status::Validation(std::string(kThroughputWithPayPerRequest));
    info->pay_per_request_since_ms = now_ms;
    return Status::OK();
  }
  if (!throughput) return Status::Validation(std::string(kNoThroughput));
  RIPTIDE_RETURN_IF_ERROR(CheckThroughputValues(*throughput));
  info->throughput.read_capacity_units = *throughput->read;
  info->throughput.write_capacity_units = *throughput->write;
  return Status::OK();
}

}  // namespace

Status CreateTable(Request& req) {
  const JsonElement& body = *req.body;
  std::string_view name;
  RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(body, "TableName", &name));
  if (!IsValidTableName(name)) return Status::Validation(std::string(kInvalidTableName));

  // DynamoDB's order: key schema shape, attribute definitions, the
  // definitions against the key schema, billing and throughput, streams,
  // and only then whether the table exists.
  TableInfo info;
  info.name = std::string(name);
  RIPTIDE_RETURN_IF_ERROR(ReadKeySchema(body, &info));
  bool definitions_present = false;
  RIPTIDE_RETURN_IF_ERROR(ReadAttributeDefinitions(body, &info, &definitions_present));
  // Index throughput rules depend on the billing mode: read its value first.
  std::optional<BillingMode> mode;
  RIPTIDE_RETURN_IF_ERROR(ReadBillingMode(body, &mode));
  info.billing_mode = mode.value_or(BillingMode::kProvisioned);
  RIPTIDE_RETURN_IF_ERROR(ReadIndexDefinitions(body, &info));
  RIPTIDE_RETURN_IF_ERROR(BindKeyTypes(&info, definitions_present));
  RIPTIDE_RETURN_IF_ERROR(ReadBillingAndThroughput(body, req.now_ms, &info));
  std::optional<bool> stream_enabled;
  RIPTIDE_RETURN_IF_ERROR(ReadStreamSpecification(body, &stream_enabled));
  if (stream_enabled.value_or(false)) return StreamsNotSupported();
  std::optional<bool> protection;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "DeletionProtectionEnabled", &protection));
  info.deletion_protection = protection.value_or(false);
  info.table_id = NewUuid();
  info.creation_ms = req.now_ms;

  std::shared_ptr<const TableInfo> created;
  RIPTIDE_RETURN_IF_ERROR(req.db->catalog()->Create(std::move(info), &created));
  req.out->BeginObject();
  req.out->Key("TableDescription");
  WriteTableDescription(req, *created, "ACTIVE");
  req.out->EndObject();
  return Status::OK();
}

Status DescribeTable(Request& req) {
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  req.out->BeginObject();
  req.out->Key("Table");
  WriteTableDescription(req, *table, "ACTIVE");
  req.out->EndObject();
  return Status::OK();
}

Status ListTables(Request& req) {
  const JsonElement& body = *req.body;
  std::optional<int64_t> limit;
  RIPTIDE_RETURN_IF_ERROR(ReadInt(body, "Limit", &limit));
  if (limit && *limit < 1) return Status::Validation("Limit must be greater than or equal to 1");
  if (limit && *limit > 100) return Status::Validation("Limit in ListTables must be <= 100");
  std::optional<std::string_view> start;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ExclusiveStartTableName", &start));
  if (start && !IsValidTableName(*start)) {
    return Status::Validation(std::string(kInvalidTableName));
  }
  size_t max = static_cast<size_t>(limit.value_or(100));
  std::vector<std::string> names = req.db->catalog()->Names();
  auto it = names.begin();
  if (start) it = std::upper_bound(names.begin(), names.end(), *start);
  JsonWriter* w = req.out;
  w->BeginObject();
  w->Key("TableNames");
  w->BeginArray();
  size_t n = 0;
  for (; it != names.end() && n < max; ++it, ++n) w->String(*it);
  w->EndArray();
  // DynamoDB names the last table returned when the page is full and more
  // tables follow.
  if (it != names.end() && n > 0) {
    w->Key("LastEvaluatedTableName");
    w->String(*(it - 1));
  }
  w->EndObject();
  return Status::OK();
}

Status DeleteTable(Request& req) {
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  if (table->deletion_protection) {
    return Status::Validation(
        "Resource cannot be deleted as it is currently protected against deletion. Disable "
        "deletion protection first.");
  }
  // Describe before dropping: the description carries the last counts.
  std::string description;
  JsonWriter dw(&description);
  Request describe_req = req;
  describe_req.out = &dw;
  WriteTableDescription(describe_req, *table, "DELETING");
  RIPTIDE_RETURN_IF_ERROR(req.db->catalog()->Drop(table->name));
  req.out->BeginObject();
  req.out->Key("TableDescription");
  req.out->Raw(description);
  req.out->EndObject();
  return Status::OK();
}

Status UpdateTable(Request& req) {
  const JsonElement& body = *req.body;
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  if (Member(body, "ReplicaUpdates")) {
    return Status::Validation("ReplicaUpdates is not supported by this version of Riptide");
  }
  std::optional<BillingMode> mode;
  RIPTIDE_RETURN_IF_ERROR(ReadBillingMode(body, &mode));
  std::optional<Throughput> throughput;
  RIPTIDE_RETURN_IF_ERROR(ReadThroughput(body, &throughput));
  std::optional<bool> protection;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "DeletionProtectionEnabled", &protection));
  std::optional<JsonElement> index_updates;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "GlobalSecondaryIndexUpdates", &index_updates));
  bool has_stream = Member(body, "StreamSpecification").has_value();
  if (!mode && !throughput && !protection && !index_updates && !has_stream) {
    return Status::Validation("Nothing to update");
  }

  auto updated = std::make_shared<TableInfo>(*table);
  bool creates_index = false;
  if (index_updates) {
    RIPTIDE_RETURN_IF_ERROR(
        ApplyGlobalIndexUpdates(req, body, *index_updates, updated.get(), &creates_index));
    // Definitions not used by any remaining key are dropped, as DynamoDB
    // keeps only the key attributes' definitions.
    TableInfo remaining = *updated;
    std::erase_if(remaining.indexes,
                  [](const IndexInfo& i) { return i.status == IndexStatus::kDeleting; });
    std::vector<std::string> used = KeyAttributeNames(remaining);
    std::erase_if(updated->attribute_definitions, [&](const AttributeDefinition& d) {
      return std::find(used.begin(), used.end(), d.name) == used.end();
    });
  }
  BillingMode new_mode = mode.value_or(table->billing_mode);
  if (new_mode == BillingMode::kPayPerRequest) {
    if (throughput) return Status::Validation(std::string(kThroughputWithPayPerRequest));
    if (table->billing_mode != BillingMode::kPayPerRequest) {
      updated->pay_per_request_since_ms = req.now_ms;
    }
    updated->billing_mode = BillingMode::kPayPerRequest;
  } else {
    if (!throughput && table->billing_mode == BillingMode::kPayPerRequest) {
      return Status::Validation(std::string(kNoThroughput));
    }
    if (throughput) {
      RIPTIDE_RETURN_IF_ERROR(CheckThroughputValues(*throughput));
      ProvisionedThroughput& pt = updated->throughput;
      bool switching = table->billing_mode == BillingMode::kPayPerRequest;
      if (!switching && *throughput->read == pt.read_capacity_units &&
          *throughput->write == pt.write_capacity_units) {
        return Status::Validation("The requested throughput value equals the current value");
      }
      if (!switching) {
        if (*throughput->read > pt.read_capacity_units ||
            *throughput->write > pt.write_capacity_units) {
          pt.last_increase_ms = req.now_ms;
        }
        if (*throughput->read < pt.read_capacity_units ||
            *throughput->write < pt.write_capacity_units) {
          pt.last_decrease_ms = req.now_ms;
          ++pt.decreases_today;
        }
      }
      pt.read_capacity_units = *throughput->read;
      pt.write_capacity_units = *throughput->write;
    }
    updated->billing_mode = BillingMode::kProvisioned;
  }
  // DynamoDB checks the stream settings after the throughput. No table has
  // a stream yet, so there is never one to disable.
  std::optional<bool> stream_enabled;
  RIPTIDE_RETURN_IF_ERROR(ReadStreamSpecification(body, &stream_enabled));
  if (stream_enabled && !*stream_enabled) {
    return Status::Validation("Table has no stream to disable");
  }
  if (stream_enabled) return StreamsNotSupported();
  if (protection) updated->deletion_protection = *protection;
  RIPTIDE_RETURN_IF_ERROR(req.db->catalog()->Replace(table, updated));
  req.out->BeginObject();
  req.out->Key("TableDescription");
  WriteTableDescription(req, *updated, "ACTIVE");
  req.out->EndObject();
  if (creates_index) req.db->index_builder()->Notify();
  // A deleted index stops being maintained at once; its entries go with it.
  for (const IndexInfo& index : updated->indexes) {
    if (index.status == IndexStatus::kDeleting) {
      RIPTIDE_RETURN_IF_ERROR(req.db->catalog()->DropIndex(updated->name, index.name));
    }
  }
  return Status::OK();
}

}  // namespace riptide
