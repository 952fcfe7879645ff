#pragma once

// The read-modify-write at the heart of every item write (PutItem,
// DeleteItem, UpdateItem, BatchWriteItem, and later transactions): lock the
// items, read what is stored, let the operation decide what to write (or
// refuse, e.g. a failed condition), then commit everything in one atomic
// batch together with the table counters.
//
// Holding the item locks across read and write makes each single-item
// operation linearizable: two conditional updates of one item never both
// read the same old value.

#include <cstdint>
#include <functional>
#include <optional>
#include <string>
#include <vector>

#include "api/database.h"
#include "index/index_entries.h"
#include "common/status.h"
#include "model/attribute_value.h"
#include "model/table_schema.h"

namespace riptide {

struct ItemWrite {
  const TableInfo* table = nullptr;
  std::string key;  // storage key of the item

  // Whether `decide` needs the current item decoded (conditions, updates).
  bool read_current = false;
  // The write is an UpdateItem (DynamoDB words some index key errors
  // differently for updates).
  bool is_update = false;

  // Called with the items locked. `current` is the stored item, decoded,
  // when read_current is set (nullptr when the item does not exist; always
  // nullptr when read_current is not set). Sets *next to the item to store,
  // or to nullopt to delete it (deleting an absent item is a no-op). A
  // non-OK Status aborts the whole commit and is returned from CommitWrites.
  std::function<Status(const Item* current, std::optional<Item>* next)> decide;

  // Filled by CommitWrites.
  bool existed = false;
  std::string old_encoded;  // the stored encoding before the write
  size_t old_size = 0;      // DynamoDB size of the old item (0 when absent)
  size_t new_size = 0;      // DynamoDB size of the new item (0 when deleted)
  // What the write did to each secondary index (capacity units per index).
  std::vector<index::IndexWrite> index_writes;
  // Tables with LSIs: the item collection's partition key and its size
  // after the write.
  std::optional<AttributeValue> collection_pk;
  std::optional<int64_t> collection_bytes;
};


// Locks the items (in a fixed order), runs each `decide`, and writes the
// results and counter changes in one batch. Items are distinct by key.
Status CommitWrites(Database* db, std::vector<ItemWrite>& writes);

}  // namespace riptide
