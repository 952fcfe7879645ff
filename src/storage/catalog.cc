#include "storage/catalog.h"

#include <simdjson.h>

#include <mutex>

#include "common/json_writer.h"
#include "storage/keys.h"

namespace riptide {

namespace {

constexpr int kDescriptorVersion = 1;

void WriteKeyAttribute(JsonWriter* w, const KeyAttribute& k) {
  w->BeginObject();
  w->Key("name");
  w->String(k.name);
  w->Key("type");
  w->String(AttrTypeName(k.type));
  w->EndObject();
}

bool ReadType(simdjson::dom::element el, AttrType* type) {
  std::string_view name;
  return !el.get_string().get(name) && ParseAttrTypeName(name, type);
}

bool ReadKeyAttribute(simdjson::dom::element el, KeyAttribute* k) {
  std::string_view name;
  simdjson::dom::element type;
  if (el["name"].get_string().get(name) || el["type"].get(type)) return false;
  k->name = std::string(name);
  return ReadType(type, &k->type);
}

int64_t ReadInt(simdjson::dom::element obj, std::string_view key) {
  int64_t v = 0;
  if (obj[key].get_int64().get(v)) return 0;
  return v;
}

}  // namespace

std::string_view BillingModeName(BillingMode mode) {
  return mode == BillingMode::kPayPerRequest ? "PAY_PER_REQUEST" : "PROVISIONED";
}

std::string Catalog::EncodeTable(const TableInfo& t) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("version");
  w.Int(kDescriptorVersion);
  w.Key("name");
  w.String(t.name);
  w.Key("number");
  w.Uint(t.number);
  w.Key("table_id");
  w.String(t.table_id);
  w.Key("creation_ms");
  w.Int(t.creation_ms);
  w.Key("hash_key");
  WriteKeyAttribute(&w, t.hash_key);
  if (t.range_key) {
    w.Key("range_key");
    WriteKeyAttribute(&w, *t.range_key);
  }
  w.Key("attribute_definitions");
  w.BeginArray();
  for (const auto& d : t.attribute_definitions) {
    WriteKeyAttribute(&w, KeyAttribute{d.name, d.type});
  }
  w.EndArray();
  w.Key("billing_mode");
  w.String(BillingModeName(t.billing_mode));
  w.Key("pay_per_request_since_ms");
  w.Int(t.pay_per_request_since_ms);
  w.Key("read_capacity_units");
  w.Int(t.throughput.read_capacity_units);
  w.Key("write_capacity_units");
  w.Int(t.throughput.write_capacity_units);
  w.Key("last_increase_ms");
  w.Int(t.throughput.last_increase_ms);
  w.Key("last_decrease_ms");
  w.Int(t.throughput.last_decrease_ms);
  w.Key("decreases_today");
  w.Int(t.throughput.decreases_today);
  w.Key("deletion_protection");
  w.Bool(t.deletion_protection);
  w.Key("next_index_number");
  w.Uint(t.next_index_number);
  w.Key("indexes");
  w.BeginArray();
  for (const IndexInfo& index : t.indexes) {
    w.BeginObject();
    w.Key("name");
    w.String(index.name);
    w.Key("number");
    w.Uint(index.number);
    w.Key("global");
    w.Bool(index.global);
    for (const auto* keys : {&index.hash_keys, &index.range_keys}) {
      w.Key(keys == &index.hash_keys ? "hash_keys" : "range_keys");
      w.BeginArray();
      for (const KeyAttribute& k : *keys) WriteKeyAttribute(&w, k);
      w.EndArray();
    }
    w.Key("projection");
    w.String(index.projection == ProjectionType::kAll       ? "ALL"
             : index.projection == ProjectionType::kInclude ? "INCLUDE"
                                                            : "KEYS_ONLY");
    w.Key("non_key_attributes");
    w.BeginArray();
    for (const std::string& a : index.non_key_attributes) w.String(a);
    w.EndArray();
    w.Key("read_capacity_units");
    w.Int(index.throughput.read_capacity_units);
    w.Key("write_capacity_units");
    w.Int(index.throughput.write_capacity_units);
    w.Key("status");
    w.String(index.status == IndexStatus::kCreating   ? "CREATING"
             : index.status == IndexStatus::kDeleting ? "DELETING"
                                                      : "ACTIVE");
    w.Key("backfilling");
    w.Bool(index.backfilling);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return out;
}

Status Catalog::DecodeTable(std::string_view data, TableInfo* t) {
  simdjson::dom::parser parser;
  simdjson::dom::element root;
  if (parser.parse(data.data(), data.size()).get(root) || !root.is_object()) {
    return Status::IOError("corrupt table descriptor");
  }
  if (ReadInt(root, "version") != kDescriptorVersion) {
    return Status::IOError("unsupported table descriptor version");
  }
  std::string_view s;
  if (root["name"].get_string().get(s)) return Status::IOError("table descriptor without name");
  t->name = std::string(s);
  t->number = static_cast<uint32_t>(ReadInt(root, "number"));
  if (!root["table_id"].get_string().get(s)) t->table_id = std::string(s);
  t->creation_ms = ReadInt(root, "creation_ms");
  simdjson::dom::element hash_key;
  if (root["hash_key"].get(hash_key) || !ReadKeyAttribute(hash_key, &t->hash_key)) {
    return Status::IOError("corrupt table descriptor key schema");
  }
  simdjson::dom::element range;
  if (!root["range_key"].get(range)) {
    KeyAttribute k;
    if (!ReadKeyAttribute(range, &k)) return Status::IOError("corrupt table descriptor range key");
    t->range_key = std::move(k);
  }
  simdjson::dom::array defs;
  if (!root["attribute_definitions"].get_array().get(defs)) {
    for (auto d : defs) {
      KeyAttribute k;
      if (!ReadKeyAttribute(d, &k)) return Status::IOError("corrupt attribute definition");
      t->attribute_definitions.push_back({k.name, k.type});
    }
  }
  if (!root["billing_mode"].get_string().get(s)) {
    t->billing_mode = s == "PAY_PER_REQUEST" ? BillingMode::kPayPerRequest
                                             : BillingMode::kProvisioned;
  }
  t->pay_per_request_since_ms = ReadInt(root, "pay_per_request_since_ms");
  t->throughput.read_capacity_units = ReadInt(root, "read_capacity_units");
  t->throughput.write_capacity_units = ReadInt(root, "write_capacity_units");
  t->throughput.last_increase_ms = ReadInt(root, "last_increase_ms");
  t->throughput.last_decrease_ms = ReadInt(root, "last_decrease_ms");
  t->throughput.decreases_today = ReadInt(root, "decreases_today");
  bool b = false;
  if (!root["deletion_protection"].get_bool().get(b)) t->deletion_protection = b;
  int64_t next_index = ReadInt(root, "next_index_number");
  if (next_index > 0) t->next_index_number = static_cast<uint16_t>(next_index);
  simdjson::dom::array indexes;
  if (!root["indexes"].get_array().get(indexes)) {
    for (simdjson::dom::element e : indexes) {
      IndexInfo index;
      if (e["name"].get_string().get(s)) return Status::IOError("corrupt index descriptor");
      index.name = std::string(s);
      index.number = static_cast<uint16_t>(ReadInt(e, "number"));
      if (!e["global"].get_bool().get(b)) index.global = b;
      for (auto* keys : {&index.hash_keys, &index.range_keys}) {
        simdjson::dom::array list;
        if (e[keys == &index.hash_keys ? "hash_keys" : "range_keys"].get_array().get(list)) {
          return Status::IOError("corrupt index key schema");
        }
        for (simdjson::dom::element k : list) {
          KeyAttribute key;
          if (!ReadKeyAttribute(k, &key)) return Status::IOError("corrupt index key attribute");
          keys->push_back(std::move(key));
        }
      }
      if (!e["projection"].get_string().get(s)) {
        index.projection = s == "ALL"       ? ProjectionType::kAll
                           : s == "INCLUDE" ? ProjectionType::kInclude
                                            : ProjectionType::kKeysOnly;
      }
      simdjson::dom::array attrs;
      if (!e["non_key_attributes"].get_array().get(attrs)) {
        for (simdjson::dom::element a : attrs) {
          if (!a.get_string().get(s)) index.non_key_attributes.emplace_back(s);
        }
      }
      index.throughput.read_capacity_units = ReadInt(e, "read_capacity_units");
      index.throughput.write_capacity_units = ReadInt(e, "write_capacity_units");
      if (!e["status"].get_string().get(s)) {
        index.status = s == "CREATING"   ? IndexStatus::kCreating
                       : s == "DELETING" ? IndexStatus::kDeleting
                                         : IndexStatus::kActive;
      }
      if (!e["backfilling"].get_bool().get(b)) index.backfilling = b;
      t->indexes.push_back(std::move(index));
    }
  }
  return Status::OK();
}

Status Catalog::Load() {
  std::unique_lock lock(mu_);
  std::string version;
  Status st = kv_->Get({}, keys::FormatVersionKey(), &version);
  if (st.IsNotFound()) {
    auto batch = kv_->NewWriteBatch();
    batch->Put(keys::FormatVersionKey(), std::string(1, static_cast<char>(keys::kFormatVersion)));
    RIPTIDE_RETURN_IF_ERROR(kv_->Write(batch.get()));
  } else {
    RIPTIDE_RETURN_IF_ERROR(st);
    if (version.size() != 1 || static_cast<uint8_t>(version[0]) != keys::kFormatVersion) {
      return Status::IOError("data directory has an unsupported storage format version");
    }
  }
  std::string next;
  st = kv_->Get({}, keys::NextTableNumberKey(), &next);
  if (st.ok() && next.size() == 8) {
    next_number_ = static_cast<uint32_t>(keys::ReadBigEndian64(next.data()));
  } else if (!st.IsNotFound()) {
    RIPTIDE_RETURN_IF_ERROR(st);
  }

  std::string lower = keys::CatalogKey(""), upper = keys::CatalogPrefixEnd();
  KvReadOptions ro;
  ro.lower_bound = lower;
  ro.upper_bound = upper;
  auto it = kv_->NewIterator(ro);
  tables_.clear();
  for (it->Seek(lower); it->Valid(); it->Next()) {
    auto info = std::make_shared<TableInfo>();
    RIPTIDE_RETURN_IF_ERROR(DecodeTable(it->value(), info.get()));
    if (info->number >= next_number_) next_number_ = info->number + 1;
    std::string name = info->name;
    tables_[name] = std::move(info);
  }
  return it->status();
}

std::shared_ptr<const TableInfo> Catalog::Find(std::string_view name) const {
  std::shared_lock lock(mu_);
  auto it = tables_.find(name);
  return it == tables_.end() ? nullptr : it->second;
}

std::vector<std::string> Catalog::Names() const {
  std::shared_lock lock(mu_);
  std::vector<std::string> names;
  names.reserve(tables_.size());
  for (const auto& [name, info] : tables_) names.push_back(name);
  return names;
}

size_t Catalog::size() const {
  std::shared_lock lock(mu_);
  return tables_.size();
}

Status Catalog::Create(TableInfo info, std::shared_ptr<const TableInfo>* created) {
  std::unique_lock lock(mu_);
  if (tables_.count(info.name)) {
    return Status::ResourceInUse("Cannot create preexisting table");
  }
  info.number = next_number_;
  auto batch = kv_->NewWriteBatch();
  std::string next;
  keys::AppendBigEndian64(next_number_ + 1, &next);
  batch->Put(keys::NextTableNumberKey(), next);
  batch->Put(keys::CatalogKey(info.name), EncodeTable(info));
  RIPTIDE_RETURN_IF_ERROR(kv_->Write(batch.get()));
  ++next_number_;
  auto shared = std::make_shared<const TableInfo>(std::move(info));
  tables_[shared->name] = shared;
  if (created) *created = std::move(shared);
  return Status::OK();
}

Status Catalog::Replace(const std::shared_ptr<const TableInfo>& expected,
                        std::shared_ptr<const TableInfo> updated) {
  std::unique_lock lock(mu_);
  auto it = tables_.find(updated->name);
  if (it == tables_.end()) {
    return Status::ResourceNotFound("Cannot do operations on a non-existent table");
  }
  if (it->second != expected) {
    return Status::ResourceInUse("Attempt to change a resource which is still in use: table "
                                 "was changed concurrently");
  }
  auto batch = kv_->NewWriteBatch();
  batch->Put(keys::CatalogKey(updated->name), EncodeTable(*updated));
  RIPTIDE_RETURN_IF_ERROR(kv_->Write(batch.get()));
  it->second = std::move(updated);
  return Status::OK();
}

Status Catalog::DropIndex(const std::string& table_name, const std::string& index_name) {
  std::unique_lock lock(mu_);
  auto it = tables_.find(table_name);
  if (it == tables_.end()) return Status::OK();
  const TableInfo& table = *it->second;
  const IndexInfo* index = table.FindIndex(index_name);
  if (!index) return Status::OK();
  auto updated = std::make_shared<TableInfo>(table);
  std::erase_if(updated->indexes, [&](const IndexInfo& i) { return i.name == index_name; });
  auto batch = kv_->NewWriteBatch();
  batch->Put(keys::CatalogKey(table_name), EncodeTable(*updated));
  batch->DeleteRange(keys::IndexPrefix(table.number, index->number),
                     keys::IndexEnd(table.number, index->number));
  batch->Delete(keys::IndexCountersKey(table.number, index->number));
  RIPTIDE_RETURN_IF_ERROR(kv_->Write(batch.get()));
  it->second = std::move(updated);
  return Status::OK();
}

Status Catalog::Drop(const std::string& name) {
  std::unique_lock lock(mu_);
  auto it = tables_.find(name);
  if (it == tables_.end()) {
    return Status::ResourceNotFound("Cannot do operations on a non-existent table");
  }
  uint32_t number = it->second->number;
  auto batch = kv_->NewWriteBatch();
  batch->Delete(keys::CatalogKey(name));
  batch->DeleteRange(keys::ItemTablePrefix(number), keys::ItemTableEnd(number));
  batch->DeleteRange(keys::IndexTablePrefix(number), keys::IndexTableEnd(number));
  batch->DeleteRange(keys::CountersKey(number), keys::CountersEnd(number));
  batch->DeleteRange(keys::CollectionTablePrefix(number), keys::CollectionTableEnd(number));
  RIPTIDE_RETURN_IF_ERROR(kv_->Write(batch.get()));
  tables_.erase(it);
  return Status::OK();
}

}  // namespace riptide
