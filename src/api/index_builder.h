#pragma once

// IndexBuilder: the background thread that backfills global secondary
// indexes added to tables that already hold items (UpdateTable
// GlobalSecondaryIndexUpdates Create), as DynamoDB does: the index is
// CREATING with Backfilling true until every existing item is in it, then
// ACTIVE.
//
// Writes made meanwhile maintain the index themselves (a CREATING index is
// maintained by the write path). The builder copies each existing item
// under that item's lock, re-reading it first and skipping items whose
// entry a write already made, so the two never disagree and the counters
// count each entry once. A restart resumes any unfinished backfill from the
// start; the work is idempotent.

#include <condition_variable>
#include <mutex>
#include <thread>

#include "common/status.h"

namespace riptide {

class Database;

class IndexBuilder {
 public:
  explicit IndexBuilder(Database* db);
  ~IndexBuilder();  // Stops and joins the thread.

  IndexBuilder(const IndexBuilder&) = delete;
  IndexBuilder& operator=(const IndexBuilder&) = delete;

  // Starts the thread; it backfills every CREATING index, then waits.
  void Start();
  // Wakes the thread: a table has a new CREATING index.
  void Notify();
  // Blocks until no index is backfilling (tests, and clean shutdown hooks).
  void WaitIdle();

 private:
  void Run();
  // Backfills one index of one table; returns when done or stopping.
  Status Backfill(const std::string& table_name, const std::string& index_name);
  // One pass over the catalog: backfills what needs it. Returns whether
  // anything was done.
  bool BackfillAll();

  Database* db_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool pending_ = false;  // guarded by mu_
  bool stopping_ = false;  // guarded by mu_
  bool busy_ = false;      // guarded by mu_
  std::thread thread_;
};

}  // namespace riptide
