#pragma once

// Secondary index entries: which items an index holds, under which key, with
// which attributes, and how a write changes them.
//
// An index entry lives at
//   04 <table#> <index#> <hash> enc(index pk 1..n) enc(index sk 1..m) enc(table pk) [enc(table sk)]
// (storage/keys.h), so entries of one index partition are contiguous and
// ordered by the index sort key, then by the table key (unique per item).
// Its value is the projected item in the stored-item format
// (model/item_codec.h). An item is in an index only when it carries every
// index key attribute (sparse indexes).
//
// Entries are written in the same WriteBatch as the item, so on this engine
// indexes are strongly consistent; nothing above relies on that.

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

#include "common/status.h"
#include "model/attribute_value.h"
#include "model/table_schema.h"
#include "storage/kv.h"

namespace riptide::index {

// Refuses an item whose index key attribute has a type other than the
// index's, is an empty string or binary, or is over the key size limits
// (2048 bytes for partition key attributes, 1024 for sort key attributes),
// as DynamoDB words it. Items that lack an index key attribute are fine
// (they are not in that index). `by_update`: the item is the result of an
// UpdateItem, which DynamoDB words differently for empty values.
Status CheckItem(const TableInfo& table, const Item& item, bool by_update = false);

// True when `item` belongs in `index`: it carries every index key attribute,
// each of the index's type, not empty and within the key size limits.
bool Indexable(const TableInfo& table, const IndexInfo& index, const Item& item);

// The storage key of `item`'s entry in `index`, or nullopt when the item is
// not in the index.
std::optional<std::string> EntryKey(const TableInfo& table, const IndexInfo& index,
                                    const Item& item);

// The attributes the index projects from `item`: the table's and the
// index's key attributes, plus the INCLUDE attributes, or everything (ALL).
Item Project(const TableInfo& table, const IndexInfo& index, const Item& item);

// True when the index holds every attribute named (ALL, or keys and INCLUDE).
bool Projects(const TableInfo& table, const IndexInfo& index, std::string_view attribute);

// Decodes an entry key into the index key and table key attributes (what
// LastEvaluatedKey holds for a Query or Scan of the index).
Status DecodeEntryKey(const TableInfo& table, const IndexInfo& index, std::string_view key,
                      AttributeMap* out);

// What one item write did to one index, for counters and capacity.
struct IndexWrite {
  uint16_t index_number = 0;
  int64_t count_delta = 0;
  int64_t bytes_delta = 0;
  double units = 0;  // write capacity units consumed on the index
};

// Adds to `batch` the index changes of an item going from `old_item` to
// `new_item` (either may be null: insert or delete), for every index of the
// table that is not being deleted, and appends what each touched index
// did to `writes`. For an index still being backfilled the old item's entry
// may not exist yet: `kv` is asked, so that the counters stay exact.
Status UpdateEntries(Kv* kv, const TableInfo& table, const Item* old_item, const Item* new_item,
                     KvWriteBatch* batch, std::vector<IndexWrite>* writes);

}  // namespace riptide::index
