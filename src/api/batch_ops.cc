// BatchGetItem and BatchWriteItem.

#include <map>

#include "api/common.h"
#include "api/expressions.h"
#include "expr/legacy.h"
#include "api/item_write.h"
#include "index/index_entries.h"
#include "model/item_codec.h"
#include "model/json_value.h"

namespace riptide {

namespace {

constexpr size_t kMaxBatchGetKeys = 100;
constexpr size_t kMaxBatchWriteItems = 25;
// DynamoDB stops a BatchGetItem response at 16 MB and returns the rest of
// the keys as UnprocessedKeys.
constexpr size_t kMaxBatchGetResponseBytes = 16u << 20;

struct GetRequest {
  std::string table_name;
  std::shared_ptr<const TableInfo> table;
  JsonElement spec;  // the table's KeysAndAttributes object
  std::vector<AttributeMap> keys;
  std::vector<PrimaryKey> primary_keys;
  // Each table has its own names and projection.
  std::unique_ptr<expr::ExpressionContext> ctx = std::make_unique<expr::ExpressionContext>();
  std::optional<expr::ProjectionExpression> projection;
  bool consistent = false;
};

// Writes one table's KeysAndAttributes for the keys in [from, end).
void WriteUnprocessed(JsonWriter* w, const GetRequest& r, size_t from) {
  w->Key(r.table_name);
  w->BeginObject();
  w->Key("Keys");
  w->BeginArray();
  for (size_t i = from; i < r.keys.size(); ++i) WriteAttributeMap(w, r.keys[i]);
  w->EndArray();
  // The table's projection parameters go back as they came.
  for (std::string_view member :
       {"AttributesToGet", "ProjectionExpression", "ExpressionAttributeNames"}) {
    if (auto value = Member(r.spec, member)) {
      w->Key(member);
      w->Raw(simdjson::minify(*value));
    }
  }
  if (r.consistent) {
    w->Key("ConsistentRead");
    w->Bool(true);
  }
  w->EndObject();
}

void WriteCapacityList(JsonWriter* w, const std::map<std::string, double>& units,
                       CapacityMode mode) {
  w->Key("ConsumedCapacity");
  w->BeginArray();
  for (const auto& [table, u] : units) WriteConsumedCapacity(w, table, u, mode);
  w->EndArray();
}

}  // namespace

Status BatchGetItem(Request& req) {
  const JsonElement& body = *req.body;
  std::optional<JsonElement> items;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "RequestItems", &items));
  if (!items || AsObject(*items).size() == 0) {
    return Status::Validation("BatchGetItem must have some requests set");
  }
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));

  std::vector<GetRequest> requests;
  size_t total_keys = 0;
  for (auto field : AsObject(*items)) {
    GetRequest r;
    r.table_name = std::string(field.key);
    RIPTIDE_RETURN_IF_ERROR(ResolveTableName(req, r.table_name, &r.table));
    if (!field.value.is_object()) return JsonTypeMismatch(field.value, "KeysAndAttributes");
    r.spec = field.value;
    std::optional<JsonElement> keys;
    RIPTIDE_RETURN_IF_ERROR(ReadArray(r.spec, "Keys", &keys));
    if (!keys || AsArray(*keys).size() == 0) {
      return Status::Validation(
          "The list of keys in RequestItems for BatchGetItem is required: " + r.table_name +
          " has empty list");
    }
    total_keys += AsArray(*keys).size();
    if (total_keys > kMaxBatchGetKeys) {
      return Status::Validation("Too many items requested for the BatchGetItem call");
    }
    requests.push_back(std::move(r));
  }
  for (GetRequest& r : requests) {
    // DynamoDB checks a table's keys before its projection parameters.
    for (JsonElement key_el : AsArray(*Member(r.spec, "Keys"))) {
      AttributeMap key;
      RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(key_el, &key));
      PrimaryKey pk;
      RIPTIDE_RETURN_IF_ERROR(ValidateKey(*r.table, key, &pk));
      for (const AttributeMap& seen : r.keys) {
        if (seen == key) return Status::Validation("Provided list of item keys contains duplicates");
      }
      r.keys.push_back(std::move(key));
    }
    expr::RequestParameters p;
    p.attributes_to_get = Present(r.spec, "AttributesToGet");
    p.projection_expression = Present(r.spec, "ProjectionExpression");
    RIPTIDE_RETURN_IF_ERROR(expr::CheckNoMixedParameters(p));
    RIPTIDE_RETURN_IF_ERROR(CheckExpressionMapsUsable(r.spec, p.projection_expression, true, ""));
    RIPTIDE_RETURN_IF_ERROR(LoadExpressionContext(r.spec, r.ctx.get(), /*with_values=*/false));
    RIPTIDE_RETURN_IF_ERROR(ReadProjection(r.spec, r.ctx.get(), &r.projection, /*batch=*/true));
    RIPTIDE_RETURN_IF_ERROR(r.ctx->CheckAllUsed());
    std::optional<bool> consistent;
    RIPTIDE_RETURN_IF_ERROR(ReadBool(r.spec, "ConsistentRead", &consistent));
    r.consistent = consistent.value_or(false);
    // Pointers into r.keys are stable only once the vector stops growing.
    for (const AttributeMap& key : r.keys) {
      PrimaryKey pk;
      ValidateKey(*r.table, key, &pk).PermitUnchecked();
      r.primary_keys.push_back(pk);
    }
  }

  JsonWriter* w = req.out;
  std::map<std::string, double> units;
  size_t response_bytes = 0;
  // Where processing stopped: request index and key index.
  size_t stop_request = requests.size(), stop_key = 0;
  std::string stored;
  w->BeginObject();
  w->Key("Responses");
  w->BeginObject();
  for (size_t ri = 0; ri < requests.size() && stop_request == requests.size(); ++ri) {
    GetRequest& r = requests[ri];
    if (capacity != CapacityMode::kNone) units.emplace(r.table_name, 0.0);
    w->Key(r.table_name);
    w->BeginArray();
    for (size_t ki = 0; ki < r.keys.size(); ++ki) {
      Status st = req.db->kv()->Get({}, StorageKey(*r.table, r.primary_keys[ki]), &stored);
      if (st.IsNotFound()) continue;
      RIPTIDE_RETURN_IF_ERROR(st);
      size_t size = StoredItemSize(stored);
      if (response_bytes + size > kMaxBatchGetResponseBytes) {
        stop_request = ri;
        stop_key = ki;
        break;
      }
      response_bytes += size;
      if (capacity != CapacityMode::kNone) units[r.table_name] += ReadUnits(size, r.consistent);
      RIPTIDE_RETURN_IF_ERROR(WriteReadItem(w, stored, r.projection));
    }
    w->EndArray();
  }
  w->EndObject();
  w->Key("UnprocessedKeys");
  w->BeginObject();
  for (size_t ri = stop_request; ri < requests.size(); ++ri) {
    WriteUnprocessed(w, requests[ri], ri == stop_request ? stop_key : 0);
  }
  w->EndObject();
  if (capacity != CapacityMode::kNone) WriteCapacityList(w, units, capacity);
  w->EndObject();
  return Status::OK();
}

Status BatchWriteItem(Request& req) {
  const JsonElement& body = *req.body;
  std::optional<JsonElement> items;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "RequestItems", &items));
  if (!items || AsObject(*items).size() == 0) {
    return Status::Validation("BatchWriteItem cannot have a null or no requests set");
  }
  CapacityMode capacity;
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &capacity));
  bool metrics = false;
  RIPTIDE_RETURN_IF_ERROR(ReadCollectionMetrics(body, &metrics));

  struct TableWrites {
    std::shared_ptr<const TableInfo> table;
    JsonElement list;
  };
  std::vector<TableWrites> tables;
  size_t total = 0;
  for (auto field : AsObject(*items)) {
    TableWrites t;
    RIPTIDE_RETURN_IF_ERROR(ResolveTableName(req, field.key, &t.table));
    if (!field.value.is_array()) return JsonTypeMismatch(field.value, "List");
    t.list = field.value;
    size_t n = AsArray(t.list).size();
    if (n == 0) {
      return Status::Validation(
          "The batch write request list for a table cannot be null or empty: " +
          std::string(field.key));
    }
    total += n;
    if (total > kMaxBatchWriteItems) {
      return Status::Validation("Too many items requested for the BatchWriteItem call");
    }
    tables.push_back(std::move(t));
  }

  // Parse and validate everything before writing anything.
  std::vector<Item> puts;  // owned items; ItemWrite::decide moves from here
  puts.reserve(total);
  std::vector<ItemWrite> writes;
  writes.reserve(total);
  std::vector<bool> is_put;
  for (const TableWrites& t : tables) {
    for (JsonElement request : AsArray(t.list)) {
      if (!request.is_object()) return JsonTypeMismatch(request, "WriteRequest");
      std::optional<JsonElement> put, del;
      RIPTIDE_RETURN_IF_ERROR(ReadObject(request, "PutRequest", &put));
      RIPTIDE_RETURN_IF_ERROR(ReadObject(request, "DeleteRequest", &del));
      // DynamoDB words a write request with zero or two actions like an
      // attribute value with zero or two types.
      if (put.has_value() == del.has_value()) {
        return Status::Validation(
            "Supplied AttributeValue has more than one datatypes set, must contain exactly one of "
            "the supported datatypes");
      }
      ItemWrite write;
      write.table = t.table.get();
      PrimaryKey pk;
      if (put) {
        std::optional<JsonElement> item_el;
        RIPTIDE_RETURN_IF_ERROR(ReadObject(*put, "Item", &item_el));
        if (!item_el) return Status::Validation("The supplied Item contains a null AttributeValue");
        Item item;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*item_el, &item, MapKind::kItem, kMaxItemSize));
        RIPTIDE_RETURN_IF_ERROR(ValidateItemKey(*t.table, item, &pk));
        RIPTIDE_RETURN_IF_ERROR(index::CheckItem(*t.table, item));
        write.key = StorageKey(*t.table, pk);
        puts.push_back(std::move(item));
        is_put.push_back(true);
      } else {
        std::optional<JsonElement> key_el;
        RIPTIDE_RETURN_IF_ERROR(ReadObject(*del, "Key", &key_el));
        if (!key_el) return Status::Validation("The supplied Item contains a null AttributeValue");
        AttributeMap key;
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*key_el, &key));
        RIPTIDE_RETURN_IF_ERROR(ValidateKey(*t.table, key, &pk));
        write.key = StorageKey(*t.table, pk);
        puts.emplace_back();
        is_put.push_back(false);
      }
      for (const ItemWrite& other : writes) {
        if (other.table == write.table && other.key == write.key) {
          return Status::Validation("Provided list of item keys contains duplicates");
        }
      }
      writes.push_back(std::move(write));
    }
  }
  for (size_t i = 0; i < writes.size(); ++i) {
    Item* item = is_put[i] ? &puts[i] : nullptr;
    writes[i].decide = [item](const Item*, std::optional<Item>* next) {
      if (item) {
        *next = std::move(*item);
      } else {
        *next = std::nullopt;
      }
      return Status::OK();
    };
  }
  RIPTIDE_RETURN_IF_ERROR(CommitWrites(req.db, writes));

  JsonWriter* w = req.out;
  w->BeginObject();
  w->Key("UnprocessedItems");
  w->BeginObject();
  w->EndObject();
  if (capacity != CapacityMode::kNone) {
    std::map<std::string, CapacityUse> uses;
    for (const ItemWrite& write : writes) {
      CapacityUse& use = uses[write.table->name];
      use.table += WriteUnits(std::max(write.old_size, write.new_size));
      AddIndexWrites(*write.table, write.index_writes, &use);
    }
    w->Key("ConsumedCapacity");
    w->BeginArray();
    for (const auto& [table, use] : uses) WriteCapacityUse(w, table, use, capacity);
    w->EndArray();
  }
  if (metrics) {
    // One entry per item collection written, per table with LSIs.
    std::map<std::string, std::vector<const ItemWrite*>> collections;
    for (const ItemWrite& write : writes) {
      if (!write.collection_bytes) continue;
      auto& list = collections[write.table->name];
      bool seen = false;
      for (const ItemWrite*& other : list) {
        if (*other->collection_pk == *write.collection_pk) {
          other = &write;  // the later size wins
          seen = true;
        }
      }
      if (!seen) list.push_back(&write);
    }
    if (!collections.empty()) {
      w->Key("ItemCollectionMetrics");
      w->BeginObject();
      for (const auto& [name, list] : collections) {
        w->Key(name);
        w->BeginArray();
        for (const ItemWrite* write : list) {
          WriteCollectionMetrics(w, *write->table, *write->collection_pk, *write->collection_bytes);
        }
        w->EndArray();
      }
      w->EndObject();
    }
  }
  w->EndObject();
  return Status::OK();
}

}  // namespace riptide
