// Single-item operations: PutItem, GetItem, DeleteItem (UpdateItem is in
// update_item.cc).

#include "api/common.h"
#include "api/conditional_write.h"
#include "api/expressions.h"
#include "api/item_write.h"
#include "expr/legacy.h"
#include "index/index_entries.h"
#include "model/item_codec.h"
#include "model/json_value.h"

namespace riptide {

// Parses the Key parameter of GetItem, DeleteItem and UpdateItem.
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

void WriteWriteOutcome(JsonWriter* w, const TableInfo& table, const ItemWrite& write,
                       CapacityMode capacity, bool metrics) {
  if (capacity != CapacityMode::kNone) {
    w->Key("ConsumedCapacity");
    CapacityUse use;
    // A write costs by the larger of the old and the new item.
    use.table = WriteUnits(std::max(write.old_size, write.new_size));
    AddIndexWrites(table, write.index_writes, &use);
    WriteCapacityUse(w, table.name, use, capacity);
  }
  if (metrics && write.collection_bytes) {
    w->Key("ItemCollectionMetrics");
    // The request's key may point into the item the write consumed.
    WriteCollectionMetrics(w, table, *write.collection_pk, *write.collection_bytes);
  }
}

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

Status ReadProjection(const JsonElement& body, expr::ExpressionContext* ctx,
                      std::optional<expr::ProjectionExpression>* out, bool batch) {
  *out = std::nullopt;
  if (auto text = Member(body, "ProjectionExpression")) {
    RIPTIDE_ASSIGN_OR_RETURN(*out, expr::ParseProjection(text->get_string().value_unsafe(), ctx));
    return Status::OK();
  }
  std::optional<std::vector<std::string>> names;
  RIPTIDE_RETURN_IF_ERROR(ReadAttributesToGet(body, &names, batch));
  if (names) {
    RIPTIDE_ASSIGN_OR_RETURN(*out, expr::ConvertAttributesToGet(*names));
  }
  return Status::OK();
}

Status WriteReadItem(JsonWriter* w, std::string_view stored,
                     const std::optional<expr::ProjectionExpression>& projection) {
  if (!projection) return WriteStoredItemJson(stored, w);
  Item item;
  RIPTIDE_RETURN_IF_ERROR(DecodeItem(stored, &item));
  WriteAttributeMap(w, expr::ApplyProjection(*projection, item));
  return Status::OK();
}

namespace {

// What PutItem and DeleteItem read, in DynamoDB's order, before the item
// (DeleteItem checks Expected first).
struct PutOrDeleteParameters {
  std::shared_ptr<const TableInfo> table;
  ReturnValues rv = ReturnValues::kNone;
  CapacityMode capacity = CapacityMode::kNone;
  bool metrics = false;
};

Status ReadPutOrDeleteParameters(Request& req, PutOrDeleteParameters* out, ConditionalWrite* cond,
                                 bool is_delete) {
  const JsonElement& body = *req.body;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &out->table));
  if (is_delete) RIPTIDE_RETURN_IF_ERROR(cond->ReadExpected(body));
  RIPTIDE_RETURN_IF_ERROR(ReadReturnValues(body, &out->rv));
  if (out->rv != ReturnValues::kNone && out->rv != ReturnValues::kAllOld) {
    return Status::Validation("Return values set to invalid value");
  }
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &out->capacity));
  RIPTIDE_RETURN_IF_ERROR(ReadCollectionMetrics(body, &out->metrics));
  return cond->CheckParameters(body, ConditionalWrite::Kind::kPutOrDelete);
}

}  // namespace

Status PutItem(Request& req) {
  const JsonElement& body = *req.body;
  PutOrDeleteParameters params;
  ConditionalWrite cond;
  RIPTIDE_RETURN_IF_ERROR(ReadPutOrDeleteParameters(req, &params, &cond, /*is_delete=*/false));
  const std::shared_ptr<const TableInfo>& table = params.table;
  std::optional<JsonElement> item_el;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "Item", &item_el));
  if (!item_el) return Status::Validation("Item to put in PutItem cannot be null");
  Item item;
  RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*item_el, &item, MapKind::kItem, kMaxItemSize));
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ValidateItemKey(*table, item, &pk));
  RIPTIDE_RETURN_IF_ERROR(index::CheckItem(*table, item));
  RIPTIDE_RETURN_IF_ERROR(cond.LoadContext(body));
  RIPTIDE_RETURN_IF_ERROR(cond.ParseCondition(body));
  RIPTIDE_RETURN_IF_ERROR(cond.CheckAllUsed());

  std::vector<ItemWrite> writes(1);
  ItemWrite& write = writes[0];
  write.table = table.get();
  write.key = StorageKey(*table, pk);
  write.read_current = cond.has_condition();
  write.decide = [&](const Item* current, std::optional<Item>* next) {
    RIPTIDE_RETURN_IF_ERROR(cond.Evaluate(current));
    *next = std::move(item);
    return Status::OK();
  };
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  if (params.rv == ReturnValues::kAllOld) WriteOldAttributes(w, write);
  WriteWriteOutcome(w, *table, write, params.capacity, params.metrics);
  w->EndObject();
  return Status::OK();
}

Status GetItem(Request& req) {
  const JsonElement& body = *req.body;
  // DynamoDB checks the table name's syntax first, then AttributesToGet,
  // and only then whether the table exists.
  std::string_view name;
  RIPTIDE_RETURN_IF_ERROR(ReadStringOrEmpty(body, "TableName", &name));
  if (!IsValidTableName(name)) return Status::Validation(std::string(kInvalidTableName));
  std::optional<std::vector<std::string>> attributes_to_get;
  RIPTIDE_RETURN_IF_ERROR(ReadAttributesToGet(body, &attributes_to_get));
  expr::RequestParameters p;
  p.attributes_to_get = Present(body, "AttributesToGet");
  p.projection_expression = Present(body, "ProjectionExpression");
  RIPTIDE_RETURN_IF_ERROR(expr::CheckNoMixedParameters(p));
  // Names without a ProjectionExpression are refused before the table is
  // looked up. GetItem has no ExpressionAttributeValues member: DynamoDB
  // ignores one.
  RIPTIDE_RETURN_IF_ERROR(CheckExpressionMapsUsable(body, p.projection_expression, true, ""));
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  // The projection (syntax, unused names) is checked before the key.
  expr::ExpressionContext ctx;
  RIPTIDE_RETURN_IF_ERROR(LoadExpressionContext(body, &ctx, /*with_values=*/false));
  std::optional<expr::ProjectionExpression> projection;
  RIPTIDE_RETURN_IF_ERROR(ReadProjection(body, &ctx, &projection, /*batch=*/false));
  RIPTIDE_RETURN_IF_ERROR(ctx.CheckAllUsed());
  AttributeMap key;
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ReadKey(req, *table, &key, &pk));
  std::optional<bool> consistent;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "ConsistentRead", &consistent));
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));

  std::string stored;
  Status st = req.db->kv()->Get({}, StorageKey(*table, pk), &stored);
  if (!st.ok() && !st.IsNotFound()) return st;
  bool found = st.ok();

  JsonWriter* w = req.out;
  w->BeginObject();
  if (found) {
    w->Key("Item");
    RIPTIDE_RETURN_IF_ERROR(WriteReadItem(w, stored, projection));
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
  PutOrDeleteParameters params;
  ConditionalWrite cond;
  RIPTIDE_RETURN_IF_ERROR(ReadPutOrDeleteParameters(req, &params, &cond, /*is_delete=*/true));
  const std::shared_ptr<const TableInfo>& table = params.table;
  AttributeMap key;
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ReadKey(req, *table, &key, &pk));
  RIPTIDE_RETURN_IF_ERROR(cond.LoadContext(body));
  RIPTIDE_RETURN_IF_ERROR(cond.ParseCondition(body));
  RIPTIDE_RETURN_IF_ERROR(cond.CheckAllUsed());

  std::vector<ItemWrite> writes(1);
  ItemWrite& write = writes[0];
  write.table = table.get();
  write.key = StorageKey(*table, pk);
  write.read_current = cond.has_condition();
  write.decide = [&](const Item* current, std::optional<Item>* next) {
    RIPTIDE_RETURN_IF_ERROR(cond.Evaluate(current));
    *next = std::nullopt;
    return Status::OK();
  };
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  if (params.rv == ReturnValues::kAllOld) WriteOldAttributes(w, write);
  WriteWriteOutcome(w, *table, write, params.capacity, params.metrics);
  w->EndObject();
  return Status::OK();
}

}  // namespace riptide
