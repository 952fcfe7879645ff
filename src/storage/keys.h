#pragma once

// The key layout: how catalog entries, items and counters are laid out in
// the ordered key space of Kv. docs/storage-format.md documents the same
// layout byte by byte; keep the two in step.
//
//   0x01 'v'                                  -> format version (1 byte: 1)
//   0x01 'n'                                  -> next table number (8 bytes BE)
//   0x02 <table name>                         -> table descriptor (catalog.h)
//   0x03 <table#:4 BE> <hash:8 BE> <pk> [<sk>] -> item (model/item_codec.h)
//   0x04 <table#:4 BE> <index#:2 BE> <hash:8 BE> <index pk...> [<index sk...>]
//        <table pk> [<table sk>]                -> index entry: projected item
//   0x05 <table#:4 BE>                        -> counters: item count, bytes
//   0x05 <table#:4 BE> <index#:2 BE>          -> an index's counters
//   0x06 <table#:4 BE> <hash:8 BE> <pk>       -> item collection size (tables with LSIs)
//
// <pk> and <sk> are key attribute values in the ordered, self-delimiting
// encoding of EncodeKeyValue. Items of one partition are therefore
// contiguous and ordered by sort key, and partitions are ordered by the hash
// of their encoded partition key, which is DynamoDB's scan order in spirit
// and makes parallel-scan segments ranges of the hash space.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace riptide::keys {

inline constexpr char kMetaPrefix = 0x01;
inline constexpr char kCatalogPrefix = 0x02;
inline constexpr char kItemPrefix = 0x03;
inline constexpr char kIndexPrefix = 0x04;
inline constexpr char kCountersPrefix = 0x05;
inline constexpr char kCollectionPrefix = 0x06;
inline constexpr uint8_t kFormatVersion = 1;

std::string FormatVersionKey();
std::string NextTableNumberKey();
std::string CatalogKey(std::string_view table_name);
std::string CatalogPrefixEnd();

// Appends the ordered, self-delimiting encoding of a key attribute value
// (S, N or B):
//   S, B: the bytes with 0x00 escaped as 0x00 0xFF, then 0x00 0x01;
//   N:    Number::EncodeOrdered.
// Byte order of encodings equals DynamoDB's order of values of one type.
void EncodeKeyValue(const AttributeValue& v, std::string* out);
// Appends the encoding of a prefix of an S/B value for begins_with: every
// encoded value whose decoded bytes start with `prefix` starts with this.
void EncodeKeyPrefix(std::string_view prefix, std::string* out);
// Decodes one value of `type` from the front of *in, advancing it.
bool DecodeKeyValue(std::string_view* in, AttrType type, AttributeValue* out);

// The 64-bit hash of an encoded partition key that orders partitions.
uint64_t PartitionHash(std::string_view encoded_pk);

// 0x03 <table#> : the prefix of every item of the table.
std::string ItemTablePrefix(uint32_t table_number);
// 0x03 <table#+1> : the first key after the table's items.
std::string ItemTableEnd(uint32_t table_number);
// 0x03 <table#> <hash> <pk>: the prefix of every item of one partition.
void AppendPartitionPrefix(uint32_t table_number, const AttributeValue& pk, std::string* out);
// The full key of an item; sk is nullptr for tables without a sort key.
std::string ItemKey(uint32_t table_number, const AttributeValue& pk, const AttributeValue* sk);
// 0x03 <table#> <hash>: the first key of the hash range starting at `hash`.
std::string ItemHashKey(uint32_t table_number, uint64_t hash);
// Reads the hash out of an item key. Returns false if the key is not an item key.
bool ItemKeyHash(std::string_view item_key, uint64_t* hash);

std::string CountersKey(uint32_t table_number);
// The counters of one item collection (the items of one partition key and
// their LSI entries), kept for tables with local secondary indexes.
std::string CollectionKey(uint32_t table_number, const AttributeValue& pk);
std::string CollectionTablePrefix(uint32_t table_number);
std::string CollectionTableEnd(uint32_t table_number);
std::string IndexCountersKey(uint32_t table_number, uint16_t index_number);
// [CountersKey(t), CountersEnd(t)) holds the table's and its indexes' counters.
std::string CountersEnd(uint32_t table_number);

// 04 <table#> <index#>: the prefix of every entry of one index.
std::string IndexPrefix(uint32_t table_number, uint16_t index_number);
// The first key after the index's entries.
std::string IndexEnd(uint32_t table_number, uint16_t index_number);
// [IndexTablePrefix(t), IndexTableEnd(t)) holds every index entry of the table.
std::string IndexTablePrefix(uint32_t table_number);
std::string IndexTableEnd(uint32_t table_number);
// 04 <table#> <index#> <hash> <enc(v1)>...<enc(vn)>: the prefix of every
// entry of one index partition. The hash is PartitionHash over the
// concatenated encodings of the partition key values (one value for
// single-attribute keys, up to four for multi-attribute GSI keys).
void AppendIndexPartitionPrefix(uint32_t table_number, uint16_t index_number,
                                const std::vector<const AttributeValue*>& hash_values,
                                std::string* out);
// 04 <table#> <index#> <hash>: the first key of the hash range at `hash`.
std::string IndexHashKey(uint32_t table_number, uint16_t index_number, uint64_t hash);
// The length of the fixed part of an index entry key (prefix, numbers, hash).
inline constexpr size_t kIndexKeyHeader = 1 + 4 + 2 + 8;
// The length of the fixed part of an item key (prefix, number, hash).
inline constexpr size_t kItemKeyHeader = 1 + 4 + 8;
// Reads the hash of an index entry key. Returns false if it is not one.
bool IndexKeyHash(std::string_view key, uint64_t* hash);

void AppendBigEndian16(uint16_t v, std::string* out);
void AppendBigEndian32(uint32_t v, std::string* out);
void AppendBigEndian64(uint64_t v, std::string* out);
uint64_t ReadBigEndian64(const char* p);

}  // namespace riptide::keys
