#include "api/index_builder.h"

#include <algorithm>

#include "api/database.h"
#include "common/logging.h"
#include "index/index_entries.h"
#include "model/item_codec.h"
#include "storage/keys.h"

namespace riptide {

namespace {

// Items copied per locked batch: small enough to keep writers waiting only
// briefly, large enough to amortise a WriteBatch.
constexpr size_t kChunk = 256;

}  // namespace

IndexBuilder::IndexBuilder(Database* db) : db_(db) {}

IndexBuilder::~IndexBuilder() {
  {
    std::lock_guard lock(mu_);
    stopping_ = true;
  }
  cv_.notify_all();
  if (thread_.joinable()) thread_.join();
}

void IndexBuilder::Start() {
  pending_ = true;  // resume backfills left unfinished by a restart
  thread_ = std::thread([this] { Run(); });
}

void IndexBuilder::Notify() {
  {
    std::lock_guard lock(mu_);
    pending_ = true;
  }
  cv_.notify_all();
}

void IndexBuilder::WaitIdle() {
  std::unique_lock lock(mu_);
  cv_.wait(lock, [this] { return stopping_ || (!pending_ && !busy_); });
}

void IndexBuilder::Run() {
  std::unique_lock lock(mu_);
  while (!stopping_) {
    cv_.wait(lock, [this] { return stopping_ || pending_; });
    if (stopping_) break;
    pending_ = false;
    busy_ = true;
    lock.unlock();
    BackfillAll();
    lock.lock();
    busy_ = false;
    cv_.notify_all();
  }
}

bool IndexBuilder::BackfillAll() {
  bool any = false;
  for (const std::string& name : db_->catalog()->Names()) {
    std::shared_ptr<const TableInfo> table = db_->catalog()->Find(name);
    if (!table) continue;
    for (const IndexInfo& index : table->indexes) {
      if (!index.backfilling) continue;
      any = true;
      Status st = Backfill(name, index.name);
      if (!st.ok()) {
        RIPTIDE_LOG_ERROR("backfill of index %s on table %s failed: %s", index.name.c_str(),
                          name.c_str(), st.ToString().c_str());
      }
    }
  }
  return any;
}

Status IndexBuilder::Backfill(const std::string& table_name, const std::string& index_name) {
  std::shared_ptr<const TableInfo> table = db_->catalog()->Find(table_name);
  if (!table || !table->FindIndex(index_name)) return Status::OK();
  uint32_t number = table->number;
  std::string lower = keys::ItemTablePrefix(number), upper = keys::ItemTableEnd(number);
  KvReadOptions ro;
  ro.lower_bound = lower;
  ro.upper_bound = upper;
  ro.bulk = true;
  auto snapshot = db_->kv()->GetSnapshot();
  ro.snapshot = snapshot.get();
  std::unique_ptr<KvIterator> it = db_->kv()->NewIterator(ro);
  it->SeekToFirst();
  std::vector<std::string> chunk;
  std::string stored, existing, value;
  Item item;
  while (true) {
    chunk.clear();
    for (; it->Valid() && chunk.size() < kChunk; it->Next()) chunk.emplace_back(it->key());
    RIPTIDE_RETURN_IF_ERROR(it->status());
    if (chunk.empty()) break;
    {
      std::lock_guard lock(mu_);
      if (stopping_) return Status::OK();
    }
    // Lock the chunk's items as writers do (ascending stripes), then copy
    // each item as it is now, unless a write already indexed it.
    std::vector<size_t> stripes;
    for (const std::string& key : chunk) stripes.push_back(ItemLocks::StripeOf(key));
    std::sort(stripes.begin(), stripes.end());
    stripes.erase(std::unique(stripes.begin(), stripes.end()), stripes.end());
    for (size_t s : stripes) db_->locks()->stripe(s).lock();
    table = db_->catalog()->Find(table_name);
    const IndexInfo* index = table && table->number == number ? table->FindIndex(index_name)
                                                              : nullptr;
    Status st;
    if (index) {
      auto batch = db_->kv()->NewWriteBatch();
      int64_t count = 0, bytes = 0;
      for (const std::string& key : chunk) {
        st = db_->kv()->Get({}, key, &stored);
        if (st.IsNotFound()) continue;
        if (!st.ok() || !(st = DecodeItem(stored, &item)).ok()) break;
        // Items whose attribute has another type than the new index key
        // stay out of the index, as in DynamoDB.
        if (!index::Indexable(*table, *index, item)) continue;
        std::optional<std::string> entry = index::EntryKey(*table, *index, item);
        Status found = db_->kv()->Get({}, *entry, &existing);
        if (found.ok()) continue;
        if (!found.IsNotFound()) {
          st = found;
          break;
        }
        value.clear();
        size_t size = EncodeItem(index::Project(*table, *index, item), &value);
        batch->Put(*entry, value);
        count += 1;
        bytes += static_cast<int64_t>(size);
      }
      st = st.IsNotFound() ? Status::OK() : st;
      if (st.ok() && batch->Count() > 0) {
        batch->AddCounters(keys::IndexCountersKey(number, index->number), count, bytes);
        st = db_->kv()->Write(batch.get());
      }
    }
    for (auto s = stripes.rbegin(); s != stripes.rend(); ++s) db_->locks()->stripe(*s).unlock();
    RIPTIDE_RETURN_IF_ERROR(st);
    if (!index) return Status::OK();  // the table or the index went away
  }
  // Every existing item is in: the index becomes ACTIVE.
  while (true) {
    table = db_->catalog()->Find(table_name);
    if (!table || table->number != number || !table->FindIndex(index_name)) return Status::OK();
    auto updated = std::make_shared<TableInfo>(*table);
    for (IndexInfo& index : updated->indexes) {
      if (index.name != index_name) continue;
      index.backfilling = false;
      if (index.status == IndexStatus::kCreating) index.status = IndexStatus::kActive;
    }
    Status st = db_->catalog()->Replace(table, updated);
    if (st.ok() || st.code() == ErrorCode::kResourceNotFound) return Status::OK();
    if (st.code() != ErrorCode::kResourceInUse) return st;  // lost a race: retry
  }
}

}  // namespace riptide
