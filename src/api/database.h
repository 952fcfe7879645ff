#pragma once

// Database: the state every operation works on. One per server process.

#include <array>
#include <memory>
#include <mutex>
#include <string>

#include "api/index_builder.h"
#include "common/clock.h"
#include "common/status.h"
#include "storage/catalog.h"
#include "storage/kv.h"

namespace riptide {

struct DatabaseOptions {
  KvOptions kv;
  // Region and account id shown in ARNs. Default: us-east-1, 000000000000.
  std::string region = "us-east-1";
  std::string account_id = "000000000000";
  // Time source; nullptr means the system clock.
  std::shared_ptr<Clock> clock;
  // Largest item collection (a partition key's items and their LSI
  // entries) of a table with local secondary indexes. Default: DynamoDB's
  // 10 GB. Tests lower it to reach the limit.
  int64_t item_collection_limit = int64_t{10} << 30;
};

// Striped locks that serialise writes to one item, making every single-item
// operation linearizable (DESIGN.md "Concurrency"). Several items are locked
// in ascending stripe order to avoid deadlock.
class ItemLocks {
 public:
  static constexpr size_t kStripes = 4096;
  static size_t StripeOf(std::string_view item_key);
  std::mutex& stripe(size_t i) { return stripes_[i]; }

 private:
  std::array<std::mutex, kStripes> stripes_;
};

class Database {
 public:
  static Result<std::unique_ptr<Database>> Open(DatabaseOptions options);

  Kv* kv() { return kv_.get(); }
  Catalog* catalog() { return catalog_.get(); }
  ItemLocks* locks() { return &locks_; }
  IndexBuilder* index_builder() { return index_builder_.get(); }
  const Clock& clock() const { return *options_.clock; }
  const DatabaseOptions& options() const { return options_; }

  std::string TableArn(std::string_view table_name) const;

 private:
  explicit Database(DatabaseOptions options) : options_(std::move(options)) {}

  DatabaseOptions options_;
  std::unique_ptr<Kv> kv_;
  std::unique_ptr<Catalog> catalog_;
  ItemLocks locks_;
  // Last: stopped before the storage it uses goes away.
  std::unique_ptr<IndexBuilder> index_builder_;
};

}  // namespace riptide
