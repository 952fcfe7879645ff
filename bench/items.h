#pragma once

// The benchmark's data: two tables and the JSON of their keys and items.
//
//   <prefix>-kv     hash key pk (S): "user0000012345"; one item per key
//   <prefix>-query  hash key pk (S), range key sk (S): every partition holds
//                   exactly kQueryPageItems items, so a Query on one
//                   partition returns that many
//
// Items carry a counter `c` (N, what UpdateItem increments) and string
// fields f0..f9 sized so that the item's DynamoDB size (attribute names plus
// values) is about --item-size bytes, as YCSB's 10 fields of 100 bytes.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riptide::bench {

inline constexpr int kQueryPageItems = 10;
inline constexpr int kBatchItems = 25;  // DynamoDB's BatchWriteItem limit

struct TableNames {
  std::string kv;
  std::string query;
  explicit TableNames(std::string_view prefix)
      : kv(std::string(prefix) + "-kv"), query(std::string(prefix) + "-query") {}
};

// Appends "user" and `key` as 10 digits.
void AppendUserKey(uint64_t key, std::string* out);

class ItemWriter {
 public:
  explicit ItemWriter(int item_size);

  // {"pk":{"S":"user0000000042"}}
  void AppendKvKey(uint64_t key, std::string* out) const;
  // The whole item for the kv table.
  void AppendKvItem(uint64_t key, std::string* out) const;
  // Item `sort` (0..kQueryPageItems-1) of query partition `partition`.
  void AppendQueryItem(uint64_t partition, int sort, std::string* out) const;

  // JSON bodies of CreateTable for both tables (on-demand billing).
  static std::string CreateKvTable(std::string_view name);
  static std::string CreateQueryTable(std::string_view name);

 private:
  void AppendFields(uint64_t seed, std::string* out) const;

  std::vector<int> field_sizes_;
  std::string payload_;  // random printable bytes that field values are cut from
};

}  // namespace riptide::bench
