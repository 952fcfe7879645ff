#pragma once

// Setup before the timed runs: create the tables (or keep existing ones)
// and fill them fast, with BatchWriteItem of 25 items over many connections
// in parallel, retrying whatever the server hands back as UnprocessedItems.

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "http.h"
#include "items.h"
#include "sync_client.h"

namespace riptide::bench {

// Creates the tables that are asked for unless they exist, and waits until
// they are ACTIVE.
Status EnsureTables(SyncClient& client, const TableNames& tables, bool kv, bool query);

struct PreloadSpec {
  bool kv = true;
  bool query = true;
  uint64_t keys = 10000;  // items per table
  int connections = 32;
  int threads = 1;
};

struct PreloadResult {
  uint64_t items = 0;
  uint64_t batches = 0;      // BatchWriteItem calls answered 200
  uint64_t retries = 0;      // calls sent again (UnprocessedItems or an error)
  uint64_t unprocessed = 0;  // items handed back as UnprocessedItems
  uint64_t errors = 0;       // non-200 answers and broken connections
  double seconds = 0;
  std::vector<std::string> error_samples;
};

// Fails when a batch still fails after many retries.
Result<PreloadResult> Preload(const Endpoint& endpoint, const Credentials& credentials, bool sign,
                              const TableNames& tables, const ItemWriter& items,
                              const PreloadSpec& spec, bool show_progress);

}  // namespace riptide::bench
