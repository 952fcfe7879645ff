#pragma once

// ReadPager: reads one page of items from a key range for Query and Scan,
// the way DynamoDB pages.
//
// DynamoDB evaluates items in key order until it has evaluated `Limit`
// items or read 1 MB of data; the filter runs on the items evaluated, so a
// page may return fewer items than it evaluated (Count vs ScannedCount).
// When it stopped early it returns the key of the last item evaluated as
// LastEvaluatedKey; ConsumedCapacity is computed on the data read, whether
// the filter kept the items or not.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <string_view>

#include "common/status.h"
#include "storage/kv.h"

namespace riptide {

struct PageRequest {
  // Keys are confined to [lower, upper).
  std::string lower;
  std::string upper;
  bool reverse = false;
  // Start strictly after (before, when reverse) this storage key.
  std::optional<std::string> exclusive_start;
  // Items to evaluate at most (DynamoDB's Limit); nullopt for no limit.
  std::optional<int64_t> limit;
  // Stop once this many bytes of items (DynamoDB sizes) have been read.
  size_t max_bytes = 1u << 20;
  // A scan of the whole table (or a segment): read ahead and keep its
  // blocks out of the cache. A Query reads one partition: no read-ahead.
  bool bulk = false;
};

struct PageResult {
  int64_t scanned = 0;       // items evaluated (ScannedCount)
  uint64_t bytes_read = 0;   // DynamoDB size of the items evaluated
  // The storage key of the last item evaluated when the page stopped early
  // (LastEvaluatedKey). DynamoDB's rules, which we follow:
  // - stopped by Limit: set, even when no item follows;
  // - stopped at 1 MB: set only when another item follows;
  // - reached the end of the range: not set.
  std::optional<std::string> last_key;
  bool stopped_by_limit = false;
};

// Calls `visit(key, stored_item)` for each item of the page in order.
// `visit` may fail, which ends the page with that Status.
using PageVisitor = std::function<Status(std::string_view key, std::string_view stored)>;

Status ReadPage(Kv* kv, const PageRequest& request, const PageVisitor& visit, PageResult* result);

}  // namespace riptide
