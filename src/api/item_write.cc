#include "api/item_write.h"

#include <algorithm>
#include <map>

#include "model/item_codec.h"
#include "storage/keys.h"

namespace riptide {

namespace {

// Locks a set of stripes in ascending order, unlocking on destruction.
class StripeGuard {
 public:
  StripeGuard(ItemLocks* locks, std::vector<size_t> stripes) : locks_(locks), stripes_(stripes) {
    std::sort(stripes_.begin(), stripes_.end());
    stripes_.erase(std::unique(stripes_.begin(), stripes_.end()), stripes_.end());
    for (size_t s : stripes_) locks_->stripe(s).lock();
  }
  ~StripeGuard() {
    for (auto it = stripes_.rbegin(); it != stripes_.rend(); ++it) locks_->stripe(*it).unlock();
  }
  StripeGuard(const StripeGuard&) = delete;
  StripeGuard& operator=(const StripeGuard&) = delete;

 private:
  ItemLocks* locks_;
  std::vector<size_t> stripes_;
};

}  // namespace

Status CommitWrites(Database* db, std::vector<ItemWrite>& writes) {
  std::vector<size_t> stripes;
  stripes.reserve(writes.size());
  for (const auto& w : writes) stripes.push_back(ItemLocks::StripeOf(w.key));
  StripeGuard guard(db->locks(), std::move(stripes));

  Kv* kv = db->kv();
  auto batch = kv->NewWriteBatch();
  // Counter deltas per table number: item count, bytes.
  std::map<uint32_t, std::pair<int64_t, int64_t>> deltas;
  std::string encoded;
  Item old_item;
  for (auto& w : writes) {
    Status st = kv->Get({}, w.key, &w.old_encoded);
    w.existed = st.ok();
    if (!w.existed && !st.IsNotFound()) return st;
    // The table's current descriptor, read under the item locks: an index
    // created since the request began must see this write (the backfill
    // takes the same locks), and a dropped table takes no more writes.
    std::shared_ptr<const TableInfo> table = db->catalog()->Find(w.table->name);
    if (!table || table->number != w.table->number) {
      return Status::ResourceNotFound("Cannot do operations on a non-existent table");
    }
    bool indexed = !table->indexes.empty();
    const Item* current = nullptr;
    if (w.existed) {
      w.old_size = StoredItemSize(w.old_encoded);
      if (w.read_current || indexed) {
        RIPTIDE_RETURN_IF_ERROR(DecodeItem(w.old_encoded, &old_item));
        current = &old_item;
      }
    }
    std::optional<Item> next;
    RIPTIDE_RETURN_IF_ERROR(w.decide(w.read_current ? current : nullptr, &next));
    if (indexed) {
      // An index key attribute of the wrong type refuses the whole write.
      if (next) RIPTIDE_RETURN_IF_ERROR(index::CheckItem(*table, *next, w.is_update));
      RIPTIDE_RETURN_IF_ERROR(index::UpdateEntries(kv, *table, current, next ? &*next : nullptr,
                                                   batch.get(), &w.index_writes));
      for (const index::IndexWrite& iw : w.index_writes) {
        if (iw.count_delta != 0 || iw.bytes_delta != 0) {
          batch->AddCounters(keys::IndexCountersKey(w.table->number, iw.index_number),
                             iw.count_delta, iw.bytes_delta);
        }
      }
    }
    if (table->has_local_indexes()) {
      // The item collection grows by the item and its LSI entries.
      int64_t growth = static_cast<int64_t>(next ? ItemSize(*next) : 0) -
                       static_cast<int64_t>(w.old_size);
      for (const index::IndexWrite& iw : w.index_writes) {
        const IndexInfo* ix = nullptr;
        for (const IndexInfo& i : table->indexes)
          if (i.number == iw.index_number) ix = &i;
        if (ix && !ix->global) growth += iw.bytes_delta;
      }
      const Item* any = next ? &*next : current;
      const AttributeValue* pk = any ? any->Find(table->hash_key.name) : nullptr;
      if (pk) {
        std::string collection = keys::CollectionKey(table->number, *pk);
        int64_t bytes = 0, unused = 0;
        RIPTIDE_RETURN_IF_ERROR(kv->ReadCounters(collection, &bytes, &unused));
        if (growth > 0 && bytes + growth > db->options().item_collection_limit) {
          return Status(ErrorCode::kItemCollectionSizeLimitExceeded,
                        "The total size of an item collection has exceeded the maximum limit of "
                        "10 gigabytes.");
        }
        if (growth != 0) batch->AddCounters(collection, growth, 0);
        w.collection_bytes = bytes + growth;
        w.collection_pk = *pk;
      }
    }
    auto& delta = deltas[w.table->number];
    if (next) {
      encoded.clear();
      w.new_size = EncodeItem(*next, &encoded);
      batch->Put(w.key, encoded);
      delta.first += w.existed ? 0 : 1;
      delta.second += static_cast<int64_t>(w.new_size) - static_cast<int64_t>(w.old_size);
    } else if (w.existed) {
      batch->Delete(w.key);
      delta.first -= 1;
      delta.second -= static_cast<int64_t>(w.old_size);
    }
  }
  for (const auto& [number, d] : deltas) {
    if (d.first != 0 || d.second != 0) {
      batch->AddCounters(keys::CountersKey(number), d.first, d.second);
    }
  }
  if (batch->Count() == 0) return Status::OK();
  return kv->Write(batch.get());
}

}  // namespace riptide
