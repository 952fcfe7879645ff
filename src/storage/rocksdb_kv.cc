// The RocksDB implementation of Kv: the only file that includes RocksDB.

#include <rocksdb/cache.h>
#include <rocksdb/db.h>
#include <rocksdb/env.h>
#include <rocksdb/filter_policy.h>
#include <rocksdb/merge_operator.h>
#include <rocksdb/options.h>
#include <rocksdb/table.h>
#include <rocksdb/utilities/options_util.h>
#include <rocksdb/write_batch.h>

#include <atomic>
#include <cstring>
#include <filesystem>

#include "storage/kv.h"

namespace riptide {

namespace {

rocksdb::Slice ToSlice(std::string_view s) { return rocksdb::Slice(s.data(), s.size()); }

Status FromRocks(const rocksdb::Status& s) {
  if (s.ok()) return Status::OK();
  if (s.IsNotFound()) return Status::NotFound();
  return Status::IOError(s.ToString());
}

void EncodeCounters(int64_t a, int64_t b, char out[16]) {
  std::memcpy(out, &a, 8);  // little-endian hosts only (x86-64, arm64)
  std::memcpy(out + 8, &b, 8);
}

void DecodeCounters(const rocksdb::Slice& s, int64_t* a, int64_t* b) {
  *a = *b = 0;
  if (s.size() != 16) return;
  std::memcpy(a, s.data(), 8);
  std::memcpy(b, s.data() + 8, 8);
}

// Sums pairs of int64 counters; used for per-table item count and size.
class CounterMergeOperator : public rocksdb::AssociativeMergeOperator {
 public:
  bool Merge(const rocksdb::Slice&, const rocksdb::Slice* existing, const rocksdb::Slice& value,
             std::string* new_value, rocksdb::Logger*) const override {
    int64_t a = 0, b = 0, da, db;
    if (existing) DecodeCounters(*existing, &a, &b);
    DecodeCounters(value, &da, &db);
    char buf[16];
    EncodeCounters(a + da, b + db, buf);
    new_value->assign(buf, 16);
    return true;
  }
  const char* Name() const override { return "riptide.counters"; }
};

class RocksWriteBatch : public KvWriteBatch {
 public:
  void Put(std::string_view key, std::string_view value) override {
    batch_.Put(ToSlice(key), ToSlice(value)).PermitUncheckedError();
  }
  void Delete(std::string_view key) override { batch_.Delete(ToSlice(key)).PermitUncheckedError(); }
  void DeleteRange(std::string_view begin, std::string_view end) override {
    batch_.DeleteRange(ToSlice(begin), ToSlice(end)).PermitUncheckedError();
  }
  void AddCounters(std::string_view key, int64_t a, int64_t b) override {
    char buf[16];
    EncodeCounters(a, b, buf);
    batch_.Merge(ToSlice(key), rocksdb::Slice(buf, 16)).PermitUncheckedError();
  }
  size_t Count() const override { return batch_.Count(); }
  void Clear() override { batch_.Clear(); }

  rocksdb::WriteBatch* rep() { return &batch_; }

 private:
  rocksdb::WriteBatch batch_;
};

class RocksSnapshot : public KvSnapshot {
 public:
  RocksSnapshot(rocksdb::DB* db, const rocksdb::Snapshot* snap) : db_(db), snap_(snap) {}
  ~RocksSnapshot() override { db_->ReleaseSnapshot(snap_); }
  const rocksdb::Snapshot* get() const { return snap_; }

 private:
  rocksdb::DB* db_;
  const rocksdb::Snapshot* snap_;
};

class RocksIterator : public KvIterator {
 public:
  RocksIterator(rocksdb::Iterator* it, std::string lower, std::string upper)
      : lower_(std::move(lower)), upper_(std::move(upper)), it_(it) {}
  bool Valid() const override { return it_->Valid(); }
  void Seek(std::string_view target) override { it_->Seek(ToSlice(target)); }
  void SeekForPrev(std::string_view target) override { it_->SeekForPrev(ToSlice(target)); }
  void SeekToFirst() override { it_->SeekToFirst(); }
  void SeekToLast() override { it_->SeekToLast(); }
  void Next() override { it_->Next(); }
  void Prev() override { it_->Prev(); }
  std::string_view key() const override {
    rocksdb::Slice k = it_->key();
    return {k.data(), k.size()};
  }
  std::string_view value() const override {
    rocksdb::Slice v = it_->value();
    return {v.data(), v.size()};
  }
  Status status() const override { return FromRocks(it_->status()); }

 private:
  // The bounds must outlive the iterator: RocksDB keeps Slices to them.
  std::string lower_, upper_;
  rocksdb::Slice lower_slice_, upper_slice_;
  std::unique_ptr<rocksdb::Iterator> it_;
  friend class RocksKv;
};

// Set on threads that commit the log themselves (the event loops).
thread_local bool t_defer_log_writes = false;

class RocksKv : public Kv {
 public:
  RocksKv(std::unique_ptr<rocksdb::Env> env, std::shared_ptr<rocksdb::Cache> cache, bool sync,
          std::string path)
      : env_(std::move(env)), cache_(std::move(cache)), sync_(sync), path_(std::move(path)) {}

  ~RocksKv() override {
    if (db_) {
      db_->FlushWAL(sync_).PermitUncheckedError();
      db_->Close().PermitUncheckedError();
      db_.reset();
    }
  }

  Status OpenDb(const rocksdb::Options& options) {
    rocksdb::DB* db = nullptr;
    RIPTIDE_RETURN_IF_ERROR(FromRocks(rocksdb::DB::Open(options, path_, &db)));
    db_.reset(db);
    return Status::OK();
  }

  Status Get(const KvReadOptions& options, std::string_view key, std::string* value) override {
    rocksdb::ReadOptions ro;
    if (options.snapshot) ro.snapshot = static_cast<const RocksSnapshot*>(options.snapshot)->get();
    return FromRocks(db_->Get(ro, db_->DefaultColumnFamily(), ToSlice(key), value));
  }

  std::unique_ptr<KvIterator> NewIterator(const KvReadOptions& options) override {
    rocksdb::ReadOptions ro;
    if (options.snapshot) ro.snapshot = static_cast<const RocksSnapshot*>(options.snapshot)->get();
    ro.fill_cache = !options.bulk;
    if (options.bulk) ro.readahead_size = 2u << 20;
    std::string lower(options.lower_bound), upper(options.upper_bound);
    auto* raw = new RocksIterator(nullptr, std::move(lower), std::move(upper));
    std::unique_ptr<RocksIterator> it(raw);
    if (!raw->lower_.empty()) {
      raw->lower_slice_ = rocksdb::Slice(raw->lower_);
      ro.iterate_lower_bound = &raw->lower_slice_;
    }
    if (!raw->upper_.empty()) {
      raw->upper_slice_ = rocksdb::Slice(raw->upper_);
      ro.iterate_upper_bound = &raw->upper_slice_;
    }
    raw->it_.reset(db_->NewIterator(ro));
    return it;
  }

  std::unique_ptr<KvWriteBatch> NewWriteBatch() override {
    return std::make_unique<RocksWriteBatch>();
  }

  Status Write(KvWriteBatch* batch) override {
    // Counted before the write so that LogPending() is true from before the
    // batch can be read (see the counters below).
    begun_.fetch_add(1);
    rocksdb::Status st =
        db_->Write(rocksdb::WriteOptions(), static_cast<RocksWriteBatch*>(batch)->rep());
    // Counted after: the batch is in the log's buffer (or failed, and has
    // nothing to commit).
    done_.fetch_add(1);
    RIPTIDE_RETURN_IF_ERROR(FromRocks(st));
    return t_defer_log_writes ? Status::OK() : CommitLog();
  }

  void DeferLogWritesOnThisThread() override { t_defer_log_writes = true; }

  bool LogPending() const override { return begun_.load() != committed_.load(); }

  Status CommitLog() override {
    const uint64_t target = done_.load();
    if (committed_.load() >= target) return Status::OK();
    // FlushWAL writes the buffer of every thread's batches, and with sync
    // fsyncs the log; each batch counted in `target` is in that buffer.
    RIPTIDE_RETURN_IF_ERROR(FromRocks(db_->FlushWAL(sync_)));
    uint64_t seen = committed_.load();
    while (seen < target && !committed_.compare_exchange_weak(seen, target)) {
    }
    return Status::OK();
  }

  std::shared_ptr<const KvSnapshot> GetSnapshot() override {
    return std::make_shared<RocksSnapshot>(db_.get(), db_->GetSnapshot());
  }

  Status ReadCounters(std::string_view key, int64_t* a, int64_t* b) override {
    std::string value;
    Status st = FromRocks(db_->Get(rocksdb::ReadOptions(), ToSlice(key), &value));
    if (st.IsNotFound()) {
      *a = *b = 0;
      return Status::OK();
    }
    RIPTIDE_RETURN_IF_ERROR(st);
    DecodeCounters(rocksdb::Slice(value), a, b);
    return Status::OK();
  }

  uint64_t ApproximateSize(std::string_view begin, std::string_view end) override {
    rocksdb::Range range(ToSlice(begin), ToSlice(end));
    uint64_t size = 0;
    rocksdb::SizeApproximationOptions opts;
    opts.include_memtables = true;
    opts.include_files = true;
    db_->GetApproximateSizes(opts, db_->DefaultColumnFamily(), &range, 1, &size)
        .PermitUncheckedError();
    return size;
  }

  uint64_t DiskUsage() override {
    if (env_) return 0;
    std::error_code ec;
    uint64_t total = 0;
    for (auto& entry : std::filesystem::recursive_directory_iterator(path_, ec)) {
      if (entry.is_regular_file(ec)) total += entry.file_size(ec);
    }
    return total;
  }

  Status Flush() override { return FromRocks(db_->Flush(rocksdb::FlushOptions())); }

 private:
  // Group commit bookkeeping, in batches: begun_ counts Write() calls
  // entered, done_ those whose batch reached the log's buffer, committed_
  // the done_ count a completed FlushWAL covered. committed_ <= done_ <=
  // begun_; all equal means nothing is pending.
  std::atomic<uint64_t> begun_{0};
  std::atomic<uint64_t> done_{0};
  std::atomic<uint64_t> committed_{0};

  std::unique_ptr<rocksdb::Env> env_;  // the in-memory Env, when in_memory
  std::shared_ptr<rocksdb::Cache> cache_;
  bool sync_;
  std::string path_;
  std::unique_ptr<rocksdb::DB> db_;
};

}  // namespace

Result<std::unique_ptr<Kv>> Kv::Open(const KvOptions& kv_options) {
  rocksdb::Options options;
  options.create_if_missing = true;
  options.merge_operator = std::make_shared<CounterMergeOperator>();
  options.write_buffer_size = kv_options.write_buffer_bytes;
  options.max_write_buffer_number = 3;
  options.max_background_jobs = 2;
  // Flushes and the first levels stay uncompressed and the rest uses LZ4:
  // on a small machine the CPU that compression takes from serving matters
  // more than the disk space it saves (ZSTD at the bottom cost ~3% of a
  // write-heavy workload's CPU, make profile PROFILE_WORKLOAD=put).
  options.compression_per_level = {rocksdb::kNoCompression,  rocksdb::kNoCompression,
                                   rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                                   rocksdb::kLZ4Compression, rocksdb::kLZ4Compression,
                                   rocksdb::kLZ4Compression};
  options.level_compaction_dynamic_level_bytes = true;
  options.max_open_files = 512;
  options.keep_log_file_num = 3;
  options.max_log_file_size = 8u << 20;
  options.info_log_level = rocksdb::InfoLogLevel::WARN_LEVEL;
  options.avoid_unnecessary_blocking_io = true;
  // Lets the WAL write of one group overlap the memtable insert of the
  // previous one: the two event loops rarely wait for each other.
  options.enable_pipelined_write = true;
  // Writes leave the log in RocksDB's buffer; Kv::CommitLog writes it out,
  // once per round of an event loop rather than once per request.
  options.manual_wal_flush = true;
  // Stats collection costs CPU on every operation and memory; we do not use it.
  options.stats_dump_period_sec = 0;
  options.stats_persist_period_sec = 0;

  std::shared_ptr<rocksdb::Cache> cache = rocksdb::NewLRUCache(kv_options.block_cache_bytes);
  rocksdb::BlockBasedTableOptions table_options;
  table_options.block_cache = cache;
  table_options.filter_policy.reset(rocksdb::NewBloomFilterPolicy(10));
  table_options.cache_index_and_filter_blocks = true;
  table_options.pin_l0_filter_and_index_blocks_in_cache = true;
  table_options.block_size = 16 * 1024;
  table_options.format_version = 5;
  options.table_factory.reset(rocksdb::NewBlockBasedTableFactory(table_options));

  std::unique_ptr<rocksdb::Env> env;
  std::string path = kv_options.path;
  if (kv_options.in_memory) {
    env.reset(rocksdb::NewMemEnv(rocksdb::Env::Default()));
    options.env = env.get();
    path = "/riptide-in-memory";
  } else {
    std::error_code ec;
    std::filesystem::create_directories(path, ec);
    if (ec) return Status::IOError("cannot create data directory " + path + ": " + ec.message());
  }
  auto kv = std::make_unique<RocksKv>(std::move(env), cache, kv_options.sync, path);
  RIPTIDE_RETURN_IF_ERROR(kv->OpenDb(options));
  return std::unique_ptr<Kv>(std::move(kv));
}

}  // namespace riptide
