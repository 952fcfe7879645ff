// BatchGetItem and BatchWriteItem.

#include <algorithm>
#include <map>

#include "api/common.h"
#include "api/expressions.h"
#include "api/item_write.h"
#include "expr/legacy.h"
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

// A key as the request spelled it, independent of its members' order.
std::string KeyAsSent(const JsonElement& key) {
  std::vector<std::pair<std::string_view, std::string>> members;
  for (auto field : AsObject(key)) members.emplace_back(field.key, simdjson::minify(field.value));
  std::sort(members.begin(), members.end());
  std::string out;
  for (const auto& [name, value] : members) {
    out += name;
    out += '\0';
    out += value;
    out += '\0';
  }
  return out;
}

bool HasEmptyAttributesToGet(const JsonElement& spec) {
  auto list = Member(spec, "AttributesToGet");
  return list && list->is_array() && AsArray(*list).size() == 0;
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

  // DynamoDB validates in phases: first what needs no table (each table's
  // keys as attribute values, duplicate keys, AttributesToGet), then the
  // number of keys and the table names; then, table by table, whether it
  // exists and its keys against its schema; projection expressions last.
  // (DynamoDB Local visits the tables of the last two phases in an order of
  // its own; we keep the request's.)
  // Before anything else in any table: mixed legacy and expression
  // parameters, and names without a ProjectionExpression.
  for (auto field : AsObject(*items)) {
    if (!field.value.is_object()) continue;
    expr::RequestParameters p;
    p.attributes_to_get = Present(field.value, "AttributesToGet");
    p.projection_expression = Present(field.value, "ProjectionExpression");
    RIPTIDE_RETURN_IF_ERROR(expr::CheckNoMixedParameters(p));
    RIPTIDE_RETURN_IF_ERROR(
        CheckExpressionMapsUsable(field.value, p.projection_expression, true, ""));
  }
  std::vector<GetRequest> requests;
  size_t total_keys = 0;
  for (auto field : AsObject(*items)) {
    GetRequest r;
    r.table_name = std::string(field.key);
    if (!field.value.is_object()) return JsonTypeMismatch(field.value, "KeysAndAttributes");
    r.spec = field.value;
    std::optional<JsonElement> keys;
    RIPTIDE_RETURN_IF_ERROR(ReadArray(r.spec, "Keys", &keys));
    if (!keys || AsArray(*keys).size() == 0) {
      return Status::Validation("The list of keys in RequestItems for BatchGetItem is required: " +
                                r.table_name + " has empty list");
    }
    // Duplicates compare the keys as sent: {"N": "1"} and {"N": "1.0"} are
    // two keys (and the item comes back twice).
    std::vector<std::string> sent;
    for (JsonElement key_el : AsArray(*keys)) {
      AttributeMap key;
      RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(key_el, &key));
      std::string text = KeyAsSent(key_el);
      if (std::find(sent.begin(), sent.end(), text) != sent.end()) {
        return Status::Validation("Provided list of item keys contains duplicates");
      }
      sent.push_back(std::move(text));
      r.keys.push_back(std::move(key));
    }
    total_keys += r.keys.size();
    // An empty AttributesToGet is reported later, and only for a table
    // that exists.
    if (!HasEmptyAttributesToGet(r.spec)) {
      std::optional<std::vector<std::string>> attributes_to_get;
      RIPTIDE_RETURN_IF_ERROR(ReadAttributesToGet(r.spec, &attributes_to_get, /*batch=*/true));
    }
    requests.push_back(std::move(r));
  }
  if (total_keys > kMaxBatchGetKeys) {
    return Status::Validation("Too many items requested for the BatchGetItem call");
  }
  for (const GetRequest& r : requests) {
    if (!IsValidTableName(r.table_name)) return Status::Validation(std::string(kInvalidTableName));
  }
  for (GetRequest& r : requests) {
    r.table = req.db->catalog()->Find(r.table_name);
    if (!r.table) return Status::ResourceNotFound(std::string(kTableNotFound));
    if (HasEmptyAttributesToGet(r.spec)) {
      return Status::Validation("AttributesToGet cannot be empty");
    }
    // r.keys has stopped growing: pointers into it are stable.
    for (const AttributeMap& key : r.keys) {
      PrimaryKey pk;
      RIPTIDE_RETURN_IF_ERROR(ValidateKey(*r.table, key, &pk));
      r.primary_keys.push_back(pk);
    }
  }
  for (GetRequest& r : requests) {
    RIPTIDE_RETURN_IF_ERROR(LoadExpressionContext(r.spec, r.ctx.get(), /*with_values=*/false));
    RIPTIDE_RETURN_IF_ERROR(ReadProjection(r.spec, r.ctx.get(), &r.projection, /*batch=*/true));
    RIPTIDE_RETURN_IF_ERROR(r.ctx->CheckAllUsed());
    std::optional<bool> consistent;
    RIPTIDE_RETURN_IF_ERROR(ReadBool(r.spec, "ConsistentRead", &consistent));
    r.consistent = consistent.value_or(false);
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

  // DynamoDB validates in phases, as for BatchGetItem: first each write
  // request's shape and attribute values, then the number of requests and
  // the table names; then, table by table, whether it exists and its keys
  // against its schema, duplicates included.
  struct TableWrites {
    std::string_view name;
    std::shared_ptr<const TableInfo> table;
    size_t first = 0, count = 0;  // its requests in puts/is_put
  };
  std::vector<TableWrites> tables;
  std::vector<Item> puts;  // the Item of a put, the Key of a delete
  std::vector<bool> is_put;
  for (auto field : AsObject(*items)) {
    if (!field.value.is_array()) return JsonTypeMismatch(field.value, "List");
    simdjson::dom::array list = AsArray(field.value);
    if (list.size() == 0) {
      return Status::Validation(
          "The batch write request list for a table cannot be null or empty: " +
          std::string(field.key));
    }
    tables.push_back({field.key, nullptr, puts.size(), list.size()});
    for (JsonElement request : list) {
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
      std::optional<JsonElement> map_el;
      RIPTIDE_RETURN_IF_ERROR(ReadObject(put ? *put : *del, put ? "Item" : "Key", &map_el));
      if (!map_el) return Status::Validation("The supplied Item contains a null AttributeValue");
      Item map;
      if (put) {
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*map_el, &map, MapKind::kItem, kMaxItemSize));
      } else {
        RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*map_el, &map));
      }
      puts.push_back(std::move(map));
      is_put.push_back(put.has_value());
    }
  }
  size_t total = puts.size();
  if (total > kMaxBatchWriteItems) {
    return Status::Validation("Too many items requested for the BatchWriteItem call");
  }
  for (const TableWrites& t : tables) {
    if (!IsValidTableName(t.name)) return Status::Validation(std::string(kInvalidTableName));
  }
  std::vector<ItemWrite> writes;
  writes.reserve(total);
  for (TableWrites& t : tables) {
    t.table = req.db->catalog()->Find(t.name);
    if (!t.table) return Status::ResourceNotFound(std::string(kTableNotFound));
    for (size_t i = t.first; i < t.first + t.count; ++i) {
      ItemWrite write;
      write.table = t.table.get();
      PrimaryKey pk;
      if (is_put[i]) {
        RIPTIDE_RETURN_IF_ERROR(ValidateItemKey(*t.table, puts[i], &pk));
        RIPTIDE_RETURN_IF_ERROR(index::CheckItem(*t.table, puts[i]));
      } else {
        RIPTIDE_RETURN_IF_ERROR(ValidateKey(*t.table, puts[i], &pk));
      }
      write.key = StorageKey(*t.table, pk);
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
