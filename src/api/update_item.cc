// UpdateItem: UpdateExpression or the legacy AttributeUpdates, under a
// condition, with every ReturnValues mode.

#include "api/common.h"
#include "api/conditional_write.h"
#include "api/item_write.h"
#include "model/item_codec.h"
#include "model/json_value.h"

namespace riptide {

namespace {

void WriteAttributes(JsonWriter* w, const Item& attributes) {
  // DynamoDB omits Attributes entirely when there is nothing to return.
  if (attributes.empty()) return;
  w->Key("Attributes");
  WriteAttributeMap(w, attributes);
}

}  // namespace

Status UpdateItem(Request& req) {
  const JsonElement& body = *req.body;
  std::shared_ptr<const TableInfo> table;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &table));
  ConditionalWrite cond;
  RIPTIDE_RETURN_IF_ERROR(cond.ReadExpected(body));
  ReturnValues rv;
  RIPTIDE_RETURN_IF_ERROR(ReadReturnValues(body, &rv));
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));
  bool metrics = false;
  RIPTIDE_RETURN_IF_ERROR(ReadCollectionMetrics(body, &metrics));
  RIPTIDE_RETURN_IF_ERROR(cond.CheckParameters(body, ConditionalWrite::Kind::kUpdate));
  AttributeMap key;
  PrimaryKey pk;
  RIPTIDE_RETURN_IF_ERROR(ReadKey(req, *table, &key, &pk));
  RIPTIDE_RETURN_IF_ERROR(cond.LoadContext(body));
  // DynamoDB parses the UpdateExpression before the ConditionExpression.
  RIPTIDE_RETURN_IF_ERROR(cond.ParseUpdate(body));
  RIPTIDE_RETURN_IF_ERROR(cond.ParseCondition(body));
  RIPTIDE_RETURN_IF_ERROR(cond.CheckAllUsed());

  const expr::UpdateExpression* update = cond.update();
  Item key_item = KeyItem(*table, pk);
  std::vector<std::string> key_names{table->hash_key.name};
  if (table->range_key) key_names.push_back(table->range_key->name);

  Item old_item;
  bool existed = false;
  std::optional<Item> new_item;
  std::vector<ItemWrite> writes(1);
  ItemWrite& write = writes[0];
  write.table = table.get();
  write.key = StorageKey(*table, pk);
  write.read_current = true;
  write.is_update = true;
  // The old and new items outlive the write only when the answer needs them.
  const bool keep_old = rv == ReturnValues::kAllOld || rv == ReturnValues::kUpdatedOld;
  const bool keep_new = rv == ReturnValues::kAllNew || rv == ReturnValues::kUpdatedNew;
  write.decide = [&](const Item* current, std::optional<Item>* next) {
    existed = current != nullptr;
    if (existed && keep_old) old_item = *current;
    const Item* old = !existed ? nullptr : keep_old ? &old_item : current;
    RIPTIDE_RETURN_IF_ERROR(cond.Evaluate(old));
    if (!update) {
      // Without any update DynamoDB only makes sure the item exists.
      new_item = existed ? *old : key_item;
    } else {
      RIPTIDE_ASSIGN_OR_RETURN(expr::AppliedUpdate applied,
                               expr::ApplyUpdate(*update, old, key_item, key_names));
      if (applied.exists) new_item = std::move(applied.new_item);
    }
    if (new_item && ItemSize(*new_item) > kMaxItemSize) {
      return Status::Validation("Item size to update has exceeded the maximum allowed size");
    }
    // An update that only removes things from a missing item writes nothing.
    if (keep_new) {
      *next = new_item;
    } else {
      *next = std::move(new_item);
    }
    return Status::OK();
  };
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  const Item* old = existed ? &old_item : nullptr;
  switch (rv) {
    case ReturnValues::kNone:
      break;
    case ReturnValues::kAllOld:
      if (old) WriteAttributes(w, *old);
      break;
    case ReturnValues::kAllNew:
      if (new_item) WriteAttributes(w, *new_item);
      break;
    case ReturnValues::kUpdatedOld:
      if (update && old) WriteAttributes(w, expr::UpdatedAttributes(*update, old));
      break;
    case ReturnValues::kUpdatedNew:
      if (update && new_item) WriteAttributes(w, expr::UpdatedAttributes(*update, &*new_item));
      break;
  }
  WriteWriteOutcome(w, *table, write, capacity, metrics);
  w->EndObject();
  return Status::OK();
}

}  // namespace riptide
