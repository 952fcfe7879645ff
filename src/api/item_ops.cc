// Single-item operations: PutItem, GetItem, DeleteItem.

#include "api/common.h"
#include "api/item_write.h"
#include "model/item_codec.h"
#include "model/json_value.h"

namespace riptide {

namespace {

// Parses the Key parameter shared by GetItem and DeleteItem.
Status ReadKey(const Request& req, const TableInfo& table, AttributeMap* key, PrimaryKey* pk) {
  std::optional<JsonElement> key_el;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(*req.body, "Key", &key_el));
  if (!key_el) {
    return Status::Validation("Cannot have null key for GetItem, DeleteItem, or UpdateItem");
  }
  RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*key_el, key));
  return ValidateKey(table, *key, pk);
}

void WriteOldAttributes(JsonWriter* w, const ItemWrite& write) {
  if (!write.existed) return;
  w->Key("Attributes");
  WriteStoredItemJson(write.old_encoded, w).PermitUnchecked();
}

}  // namespace

Status ReadAttributesToGet(const JsonElement& body, std::optional<std::vector<std::string>>* out,
                           bool batch) {
  std::optional<JsonElement> list;
  RIPTIDE_RETURN_IF_ERROR(ReadArray(body, "AttributesToGet", &list));
  *out = std::nullopt;
  if (!list) return Status::OK();
  std::vector<std::string> names;
  for (JsonElement e : AsArray(*list)) {
    if (!e.is_string()) return JsonTypeMismatch(e, "String");
    std::string name(e.get_string().value_unsafe());
    if (name.empty()) return Status::Validation("Empty attribute name");
    if (std::find(names.begin(), names.end(), name) != names.end()) {
      // GetItem and BatchGetItem word the same mistake differently.
      return Status::Validation(
          batch ? "One or more parameter values were invalid: Duplicate value in attribute name: " +
                      name
                : "Cannot have two attributes with the same name");
    }
    names.push_back(std::move(name));
  }
  if (names.empty()) return Status::Validation("AttributesToGet cannot be empty");
  *out = std::move(names);
  return Status::OK();
}

// Writes the item with only the named top-level attributes.
Status WriteProjectedItem(JsonWriter* w, std::string_view stored,
                          const std::vector<std::string>& names) {
  Item item;
  RIPTIDE_RETURN_IF_ERROR(DecodeItem(stored, &item));
  Item projected;
  for (const auto& name : names) {
    if (const AttributeValue* v = item.Find(name)) projected.Set(name, *v);
  }
  WriteAttributeMap(w, projected);
  return Status::OK();
}

Status PutItem(Request& req) {
  const JsonElement& body = *req.body;
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  std::optional<JsonElement> item_el;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "Item", &item_el));
  if (!item_el) return Status::Validation("Item to put in PutItem cannot be null");
  ReturnValues rv;
  RIPTIDE_RETURN_IF_ERROR(ReadReturnValues(body, &rv));
  if (rv != ReturnValues::kNone && rv != ReturnValues::kAllOld) {
    return Status::Validation("Return values set to invalid value");
  }
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));
  RIPTIDE_RETURN_IF_ERROR(RefuseUnsupported(
      body, {"ConditionExpression", "Expected", "ExpressionAttributeNames",
             "ExpressionAttributeValues", "ConditionalOperator"}));

  Item item;
  RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*item_el, &item, MapKind::kItem, kMaxItemSize));
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ValidateItemKey(*table, item, &pk));

  std::vector<ItemWrite> writes(1);
  ItemWrite& write = writes[0];
  write.table = table.get();
  write.key = StorageKey(*table, pk);
  write.decide = [&item](const std::string*, std::optional<Item>* next) {
    *next = std::move(item);
    return Status::OK();
  };
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  if (rv == ReturnValues::kAllOld) WriteOldAttributes(w, write);
  if (capacity != CapacityMode::kNone) {
    w->Key("ConsumedCapacity");
    WriteConsumedCapacity(w, table->name, WriteUnits(std::max(write.old_size, write.new_size)),
                          capacity);
  }
  w->EndObject();
  return Status::OK();
}

Status GetItem(Request& req) {
  const JsonElement& body = *req.body;
  RIPTIDE_RETURN_IF_ERROR(
      RefuseMixedParameters(body, {"AttributesToGet"}, {"ProjectionExpression"}));
  // DynamoDB checks AttributesToGet before it looks the table up.
  std::optional<std::vector<std::string>> attributes_to_get;
  RIPTIDE_RETURN_IF_ERROR(ReadAttributesToGet(body, &attributes_to_get));
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  AttributeMap key;
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ReadKey(req, *table, &key, &pk));
  std::optional<bool> consistent;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "ConsistentRead", &consistent));
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));
  RIPTIDE_RETURN_IF_ERROR(
      RefuseUnsupported(body, {"ProjectionExpression", "ExpressionAttributeNames"}));

  std::string stored;
  Status st = req.db->kv()->Get({}, StorageKey(*table, pk), &stored);
  if (!st.ok() && !st.IsNotFound()) return st;
  bool found = st.ok();

  JsonWriter* w = req.out;
  w->BeginObject();
  if (found) {
    w->Key("Item");
    if (attributes_to_get) {
      RIPTIDE_RETURN_IF_ERROR(WriteProjectedItem(w, stored, *attributes_to_get));
    } else {
      RIPTIDE_RETURN_IF_ERROR(WriteStoredItemJson(stored, w));
    }
  }
  if (capacity != CapacityMode::kNone) {
    w->Key("ConsumedCapacity");
    size_t size = found ? StoredItemSize(stored) : 0;
    WriteConsumedCapacity(w, table->name, ReadUnits(size, consistent.value_or(false)), capacity);
  }
  w->EndObject();
  return Status::OK();
}

Status DeleteItem(Request& req) {
  const JsonElement& body = *req.body;
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  AttributeMap key;
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ReadKey(req, *table, &key, &pk));
  ReturnValues rv;
  RIPTIDE_RETURN_IF_ERROR(ReadReturnValues(body, &rv));
  if (rv != ReturnValues::kNone && rv != ReturnValues::kAllOld) {
    return Status::Validation("Return values set to invalid value");
  }
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));
  RIPTIDE_RETURN_IF_ERROR(RefuseUnsupported(
      body, {"ConditionExpression", "Expected", "ExpressionAttributeNames",
             "ExpressionAttributeValues", "ConditionalOperator"}));

  std::vector<ItemWrite> writes(1);
  ItemWrite& write = writes[0];
  write.table = table.get();
  write.key = StorageKey(*table, pk);
  write.decide = [](const std::string*, std::optional<Item>* next) {
    *next = std::nullopt;
    return Status::OK();
  };
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  if (rv == ReturnValues::kAllOld) WriteOldAttributes(w, write);
  if (capacity != CapacityMode::kNone) {
    w->Key("ConsumedCapacity");
    WriteConsumedCapacity(w, table->name, WriteUnits(write.old_size), capacity);
  }
  w->EndObject();
  return Status::OK();
}

}  // namespace riptide
