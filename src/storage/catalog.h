#pragma once

// Catalog: the set of tables, persisted in Kv under the catalog prefix and
// cached in memory. Lookups are lock-free for readers in the sense that they
// take a shared lock only long enough to copy a shared_ptr; a TableInfo is
// immutable once published.

#include <map>
#include <memory>
#include <shared_mutex>
#include <string>
#include <string_view>
#include <vector>

#include "common/status.h"
#include "model/table_schema.h"
#include "storage/kv.h"

namespace riptide {

class Catalog {
 public:
  explicit Catalog(Kv* kv) : kv_(kv) {}

  // Reads every table descriptor and checks the format version; writes the
  // version on a new database.
  Status Load();

  // nullptr when there is no such table.
  std::shared_ptr<const TableInfo> Find(std::string_view name) const;
  // All table names in ascending order.
  std::vector<std::string> Names() const;
  size_t size() const;

  // Assigns info.number, persists and publishes the table. ResourceInUse
  // (with DynamoDB's message) when the name is taken.
  Status Create(TableInfo info, std::shared_ptr<const TableInfo>* created);
  // Persists and publishes a changed descriptor of an existing table (same
  // name and number). `expected` must be the currently published one,
  // otherwise the update lost a race and Conflict-like Internal is returned.
  Status Replace(const std::shared_ptr<const TableInfo>& expected,
                 std::shared_ptr<const TableInfo> updated);
  // Removes the table and all its data in one atomic batch.
  Status Drop(const std::string& name);
  // Removes an index of a table, its entries and its counters, in one
  // atomic batch. OK when the table or index is already gone.
  Status DropIndex(const std::string& table_name, const std::string& index_name);

  // The descriptor encoding (JSON with a format version), exposed for tests.
  static std::string EncodeTable(const TableInfo& info);
  static Status DecodeTable(std::string_view data, TableInfo* info);

 private:
  Kv* kv_;
  mutable std::shared_mutex mu_;
  // Guarded by mu_.
  std::map<std::string, std::shared_ptr<const TableInfo>, std::less<>> tables_;
  uint32_t next_number_ = 1;  // guarded by mu_
};

}  // namespace riptide
