#pragma once

// The stored form of an item, and DynamoDB's item size rules.
//
// Stored item (format 1), documented in docs/storage-format.md:
//   item := 0x01 varint(size) json
// `size` is the item's DynamoDB size (ItemSize), so that paging and capacity
// need not walk the item; `json` is the item exactly as DynamoDB's JSON
// writes it ({"a":{"S":"x"},...}, attributes sorted by name, numbers in
// canonical text), so that GetItem, Query and Scan answer with a copy of it.
// varint is unsigned LEB128.
//
// Why JSON rather than a binary encoding: reads outnumber writes, and every
// read of a whole item must produce this JSON. Rendering it once at write
// time made a Query of ten 1 KB items cost a third less CPU than walking a
// binary encoding and escaping strings on every read. Decoding (conditions,
// filters, updates, projections) parses it with simdjson.

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

// Appends the stored form of `item`; returns its DynamoDB size.
size_t EncodeItem(const Item& item, std::string* out);
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
// The DynamoDB size of a stored item, read from its header (0 if corrupt).
size_t StoredItemSize(std::string_view data);

void PutVarint(uint64_t v, std::string* out);
bool GetVarint(std::string_view* in, uint64_t* v);

}  // namespace riptide
