#include "index/index_entries.h"

#include <cmath>

#include "model/item_codec.h"
#include "storage/keys.h"

namespace riptide::index {

namespace {

// The values of the index's key attributes in `item`, in key order; false
// when one is missing.
bool KeyValues(const IndexInfo& index, const Item& item, std::vector<const AttributeValue*>* hash,
               std::vector<const AttributeValue*>* range) {
  for (const KeyAttribute& k : index.hash_keys) {
    const AttributeValue* v = item.Find(k.name);
    if (!v) return false;
    hash->push_back(v);
  }
  for (const KeyAttribute& k : index.range_keys) {
    const AttributeValue* v = item.Find(k.name);
    if (!v) return false;
    range->push_back(v);
  }
  return true;
}

bool Maintained(const IndexInfo& index) { return index.status != IndexStatus::kDeleting; }

double WriteUnits(size_t bytes) {
  return std::max<double>(1, std::ceil(static_cast<double>(bytes) / 1024.0));
}

}  // namespace

// The largest key attribute values DynamoDB accepts, as for table keys.
constexpr size_t kMaxHashKeyBytes = 2048;
constexpr size_t kMaxRangeKeyBytes = 1024;

size_t KeyValueSize(const AttributeValue& v) {
  return v.type() == AttrType::kN ? NumberSize(v.str()) : v.str().size();
}

Status CheckItem(const TableInfo& table, const Item& item, bool by_update) {
  for (const IndexInfo& index : table.indexes) {
    if (!Maintained(index)) continue;
    for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
      size_t max = keys == &index.hash_keys ? kMaxHashKeyBytes : kMaxRangeKeyBytes;
      for (const KeyAttribute& k : *keys) {
        const AttributeValue* v = item.Find(k.name);
        if (!v) continue;
        if (v->type() != k.type) {
          return Status::Validation(
              "One or more parameter values were invalid: Type mismatch for Index Key " + k.name +
              " Expected: " + std::string(AttrTypeName(k.type)) +
              " Actual: " + std::string(AttrTypeName(v->type())) + " IndexName: " + index.name);
        }
        if (v->type() != AttrType::kN && v->str().empty()) {
          std::string kind = v->type() == AttrType::kS ? "string" : "binary";
          if (by_update) {
            return Status::Validation(
                "One or more parameter values are not valid. The update expression attempted to "
                "update a secondary index key to a value that is not supported. The "
                "AttributeValue for a key attribute cannot contain an empty " + kind + " value.");
          }
          return Status::Validation(
              "One or more parameter values are not valid. A value specified for a secondary "
              "index key is not supported. The AttributeValue for a key attribute cannot contain "
              "an empty " + kind + " value. IndexName: " + index.name + ", IndexKey: " + k.name);
        }
        size_t size = KeyValueSize(*v);
        if (size > max) {
          return Status::Validation(
              "One or more parameter values were invalid: Size limit exceeded for Index Key " +
              k.name + " Actual Size: " + std::to_string(size) + " bytes Max Size: " +
              std::to_string(max) + " bytes IndexName: " + index.name);
        }
      }
    }
  }
  return Status::OK();
}

bool Indexable(const TableInfo& table, const IndexInfo& index, const Item& item) {
  for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
    size_t max = keys == &index.hash_keys ? kMaxHashKeyBytes : kMaxRangeKeyBytes;
    for (const KeyAttribute& k : *keys) {
      const AttributeValue* v = item.Find(k.name);
      if (!v || v->type() != k.type) return false;
      if (v->type() != AttrType::kN && v->str().empty()) return false;
      if (KeyValueSize(*v) > max) return false;
    }
  }
  return true;
}

std::optional<std::string> EntryKey(const TableInfo& table, const IndexInfo& index,
                                    const Item& item) {
  std::vector<const AttributeValue*> hash, range;
  if (!KeyValues(index, item, &hash, &range)) return std::nullopt;
  std::string key;
  keys::AppendIndexPartitionPrefix(table.number, index.number, hash, &key);
  for (const AttributeValue* v : range) keys::EncodeKeyValue(*v, &key);
  const AttributeValue* table_hash = item.Find(table.hash_key.name);
  const AttributeValue* table_range = table.range_key ? item.Find(table.range_key->name) : nullptr;
  if (!table_hash || (table.range_key && !table_range)) return std::nullopt;
  keys::EncodeKeyValue(*table_hash, &key);
  if (table_range) keys::EncodeKeyValue(*table_range, &key);
  return key;
}

bool Projects(const TableInfo& table, const IndexInfo& index, std::string_view attribute) {
  if (index.projection == ProjectionType::kAll) return true;
  if (table.IsKeyAttribute(attribute) || index.IsKeyAttribute(attribute)) return true;
  if (index.projection == ProjectionType::kInclude) {
    for (const std::string& a : index.non_key_attributes)
      if (a == attribute) return true;
  }
  return false;
}

Item Project(const TableInfo& table, const IndexInfo& index, const Item& item) {
  if (index.projection == ProjectionType::kAll) return item;
  Item out;
  for (const auto& [name, value] : item) {
    if (Projects(table, index, name)) out.AppendUnsorted(name, value);
  }
  return out;  // `item` is sorted, so `out` is too
}

Status DecodeEntryKey(const TableInfo& table, const IndexInfo& index, std::string_view key,
                      AttributeMap* out) {
  out->clear();
  if (key.size() < keys::kIndexKeyHeader) return Status::IOError("corrupt index entry key");
  key.remove_prefix(keys::kIndexKeyHeader);
  auto take = [&](const KeyAttribute& k) {
    AttributeValue v;
    if (!keys::DecodeKeyValue(&key, k.type, &v)) return false;
    out->Set(k.name, std::move(v));
    return true;
  };
  for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
    for (const KeyAttribute& k : *keys) {
      if (!take(k)) return Status::IOError("corrupt index entry key");
    }
  }
  if (!take(table.hash_key) || (table.range_key && !take(*table.range_key))) {
    return Status::IOError("corrupt index entry key");
  }
  return Status::OK();
}

Status UpdateEntries(Kv* kv, const TableInfo& table, const Item* old_item, const Item* new_item,
                     KvWriteBatch* batch, std::vector<IndexWrite>* writes) {
  std::string value;
  for (const IndexInfo& index : table.indexes) {
    if (!Maintained(index)) continue;
    std::optional<std::string> old_key, new_key;
    if (old_item && Indexable(table, index, *old_item)) old_key = EntryKey(table, index, *old_item);
    if (old_key && index.backfilling) {
      // The backfill may not have copied this item yet.
      Status found = kv->Get({}, *old_key, &value);
      if (found.IsNotFound()) {
        old_key.reset();
      } else {
        RIPTIDE_RETURN_IF_ERROR(found);
      }
    }
    if (new_item) new_key = EntryKey(table, index, *new_item);
    if (!old_key && !new_key) continue;
    IndexWrite w;
    w.index_number = index.number;
    size_t old_size = 0;
    Item old_projected;
    if (old_key) {
      old_projected = Project(table, index, *old_item);
      old_size = ItemSize(old_projected);
    }
    if (new_key) {
      Item projected = Project(table, index, *new_item);
      // An unchanged entry is not rewritten and costs nothing, as in DynamoDB.
      if (old_key && *old_key == *new_key && projected == old_projected) continue;
      value.clear();
      size_t size = EncodeItem(projected, &value);
      batch->Put(*new_key, value);
      w.bytes_delta += static_cast<int64_t>(size);
      w.units += WriteUnits(size);
      if (!old_key) w.count_delta += 1;
    }
    if (old_key) {
      w.bytes_delta -= static_cast<int64_t>(old_size);
      if (!new_key || *new_key != *old_key) {
        batch->Delete(*old_key);
        w.units += WriteUnits(old_size);
        if (!new_key) w.count_delta -= 1;
      }
    }
    writes->push_back(w);
  }
  return Status::OK();
}

}  // namespace riptide::index
