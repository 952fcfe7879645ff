#pragma once

// The stored form of an item, and DynamoDB's item size rules.
//
// Stored item (format 1), documented in docs/storage-format.md:
//   item  := 0x01 varint(count) attr*          attributes sorted by name
//   attr  := varint(len) name value
//   value := 0x01 varint(len) bytes            S
//          | 0x02 varint(len) text             N (canonical text)
//          | 0x03 varint(len) bytes            B
//          | 0x04 | 0x05                       BOOL false | true
//          | 0x06                              NULL
//          | 0x07 varint(count) attr*          M (sorted by name)
//          | 0x08 varint(count) value*         L
//          | 0x09|0x0A|0x0B varint(count) (varint(len) bytes)*   SS | NS | BS
// varint is unsigned LEB128.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/json_writer.h"
#include "common/status.h"
#include "model/attribute_value.h"

namespace riptide {

inline constexpr uint8_t kItemFormatVersion = 1;
// DynamoDB's largest item: 400 KB.
inline constexpr size_t kMaxItemSize = 400 * 1024;

void EncodeItem(const Item& item, std::string* out);
// Returns an IOError (corruption) when `data` is not a valid stored item.
Status DecodeItem(std::string_view data, Item* out);
// Writes the JSON of a stored item ({"a":{"S":"x"},...}) without building an
// Item first: the GetItem/Query fast path.
Status WriteStoredItemJson(std::string_view data, JsonWriter* w);

// DynamoDB's size of a value, of an attribute (name + value) and of an item,
// in bytes, as DynamoDB computes them for the 400 KB limit and for capacity
// units.
size_t NumberSize(std::string_view canonical);
size_t ValueSize(const AttributeValue& v);
size_t ItemSize(const Item& item);
// The size of a stored item, computed from its encoding without decoding.
size_t StoredItemSize(std::string_view data);

void PutVarint(uint64_t v, std::string* out);
bool GetVarint(std::string_view* in, uint64_t* v);

}  // namespace riptide
