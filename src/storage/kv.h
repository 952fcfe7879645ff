#pragma once

// The ordered key-value engine underneath Riptide.
//
// Everything Riptide stores goes through this interface; RocksDB is the
// implementation (rocksdb_kv.cc is the only file that includes RocksDB). Keys
// are byte strings ordered by unsigned byte comparison; their layout is
// defined in storage/keys.h and documented in docs/storage-format.md.
//
// Guarantees:
// - Write() applies a WriteBatch atomically: after a crash either all of it
//   or none of it is visible. Once Write() returns OK the batch is in the
//   write-ahead log and survives a crash of the process (and, with
//   KvOptions::sync, of the machine) - except on a thread that deferred its
//   log writes (group commit, below), where that holds once CommitLog()
//   returns OK.
// - Reads see every batch whose Write() returned before the read began.
// - A Snapshot is a consistent point-in-time view for reads.

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>

#include "common/status.h"

namespace riptide {

struct KvOptions {
  // Directory holding the database. Ignored when in_memory.
  std::string path;
  // Keep everything in memory (same code path, nothing written to disk).
  // Default: false.
  bool in_memory = false;
  // fsync the write-ahead log on every write, so that acknowledged writes
  // survive power loss, not only a process crash. Default: false.
  bool sync = false;
  // Block cache size in bytes. Default: 32 MiB (allocated as it fills).
  size_t block_cache_bytes = 32u << 20;
  // Memtable size in bytes. Default: 32 MiB.
  size_t write_buffer_bytes = 32u << 20;
};

// A batch of mutations applied atomically by Kv::Write.
class KvWriteBatch {
 public:
  virtual ~KvWriteBatch() = default;
  virtual void Put(std::string_view key, std::string_view value) = 0;
  virtual void Delete(std::string_view key) = 0;
  // Deletes every key in [begin, end).
  virtual void DeleteRange(std::string_view begin, std::string_view end) = 0;
  // Adds the two little-endian int64 counters in `delta` (16 bytes) to the
  // counters stored at `key` (absent counts as zero). See Kv::ReadCounters.
  virtual void AddCounters(std::string_view key, int64_t a, int64_t b) = 0;
  virtual size_t Count() const = 0;
  virtual void Clear() = 0;
};

class KvSnapshot {
 public:
  virtual ~KvSnapshot() = default;
};

struct KvReadOptions {
  // Read from this snapshot; nullptr reads the latest state.
  const KvSnapshot* snapshot = nullptr;
  // Iterators only: keys are confined to [lower_bound, upper_bound).
  // Empty means unbounded on that side.
  std::string_view lower_bound;
  std::string_view upper_bound;
  // Iterators only: the caller will read many keys (a scan), so do not
  // fill the block cache with them. Default: false.
  bool bulk = false;
};

class KvIterator {
 public:
  virtual ~KvIterator() = default;
  virtual bool Valid() const = 0;
  // Positions at the first key >= target.
  virtual void Seek(std::string_view target) = 0;
  // Positions at the last key <= target.
  virtual void SeekForPrev(std::string_view target) = 0;
  virtual void SeekToFirst() = 0;
  virtual void SeekToLast() = 0;
  virtual void Next() = 0;
  virtual void Prev() = 0;
  // Valid only until the iterator moves.
  virtual std::string_view key() const = 0;
  virtual std::string_view value() const = 0;
  // Non-OK when iteration stopped because of an error rather than the end.
  virtual Status status() const = 0;
};

class Kv {
 public:
  virtual ~Kv() = default;

  // Opens (creating if needed) the database described by options.
  static Result<std::unique_ptr<Kv>> Open(const KvOptions& options);

  // OK and the value, NotFound when absent, IOError on failure.
  virtual Status Get(const KvReadOptions& options, std::string_view key, std::string* value) = 0;
  virtual std::unique_ptr<KvIterator> NewIterator(const KvReadOptions& options) = 0;
  virtual std::unique_ptr<KvWriteBatch> NewWriteBatch() = 0;
  virtual Status Write(KvWriteBatch* batch) = 0;
  virtual std::shared_ptr<const KvSnapshot> GetSnapshot() = 0;

  // Group commit. After DeferLogWritesOnThisThread(), Write() on this thread
  // leaves its batch in the log's buffer, readable but not yet durable;
  // CommitLog() then makes every batch written so far, by any thread,
  // durable with one write to the log file (one fsync with
  // KvOptions::sync). Such a thread must call CommitLog() before it
  // acknowledges a write, and before it answers anything while LogPending()
  // is true: a batch another thread wrote may be readable before it is
  // durable. The event loops do this once per round of events.
  virtual void DeferLogWritesOnThisThread() = 0;
  // True while some batch written (or being written) may not be durable.
  virtual bool LogPending() const = 0;
  virtual Status CommitLog() = 0;

  // Reads the pair of counters written with KvWriteBatch::AddCounters.
  // Absent counters read as zero.
  virtual Status ReadCounters(std::string_view key, int64_t* a, int64_t* b) = 0;

  // Approximate bytes on disk for keys in [begin, end).
  virtual uint64_t ApproximateSize(std::string_view begin, std::string_view end) = 0;
  // Total bytes the database occupies on disk (0 in memory).
  virtual uint64_t DiskUsage() = 0;
  // Flushes memtables and waits; for tests and clean shutdown.
  virtual Status Flush() = 0;
};

}  // namespace riptide
