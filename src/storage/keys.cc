#include "storage/keys.h"

#include "model/number.h"

namespace riptide::keys {

void AppendBigEndian16(uint16_t v, std::string* out) {
  char buf[2] = {static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(buf, 2);
}

void AppendBigEndian32(uint32_t v, std::string* out) {
  char buf[4] = {static_cast<char>(v >> 24), static_cast<char>(v >> 16),
                 static_cast<char>(v >> 8), static_cast<char>(v)};
  out->append(buf, 4);
}

void AppendBigEndian64(uint64_t v, std::string* out) {
  char buf[8];
  for (int i = 7; i >= 0; --i) {
    buf[i] = static_cast<char>(v & 0xff);
    v >>= 8;
  }
  out->append(buf, 8);
}

uint64_t ReadBigEndian64(const char* p) {
  uint64_t v = 0;
  for (int i = 0; i < 8; ++i) v = (v << 8) | static_cast<unsigned char>(p[i]);
  return v;
}

std::string FormatVersionKey() { return std::string{kMetaPrefix, 'v'}; }
std::string NextTableNumberKey() { return std::string{kMetaPrefix, 'n'}; }

std::string CatalogKey(std::string_view table_name) {
  std::string key(1, kCatalogPrefix);
  key.append(table_name);
  return key;
}

std::string CatalogPrefixEnd() { return std::string(1, kCatalogPrefix + 1); }

void EncodeKeyPrefix(std::string_view prefix, std::string* out) {
  size_t start = 0;
  for (size_t i = 0; i < prefix.size(); ++i) {
    if (prefix[i] == '\0') {
      out->append(prefix.data() + start, i - start);
      out->push_back('\0');
      out->push_back('\xff');
      start = i + 1;
    }
  }
  out->append(prefix.data() + start, prefix.size() - start);
}

void EncodeKeyValue(const AttributeValue& v, std::string* out) {
  if (v.type() == AttrType::kN) {
    Result<Number> n = Number::Parse(v.str());
    // Canonical text always parses; an error here is a bug upstream.
    if (n.ok()) n->EncodeOrdered(out);
    return;
  }
  EncodeKeyPrefix(v.str(), out);
  out->push_back('\0');
  out->push_back('\x01');
}

bool DecodeKeyValue(std::string_view* in, AttrType type, AttributeValue* out) {
  if (type == AttrType::kN) {
    Number n;
    if (!Number::DecodeOrdered(in, &n)) return false;
    *out = AttributeValue::NumberText(n.ToString());
    return true;
  }
  std::string bytes;
  size_t i = 0;
  while (true) {
    if (i >= in->size()) return false;
    char c = (*in)[i];
    if (c != '\0') {
      bytes.push_back(c);
      ++i;
      continue;
    }
    if (i + 1 >= in->size()) return false;
    char next = (*in)[i + 1];
    i += 2;
    if (next == '\x01') break;
    if (next != '\xff') return false;
    bytes.push_back('\0');
  }
  in->remove_prefix(i);
  *out = type == AttrType::kS ? AttributeValue::String(std::move(bytes))
                              : AttributeValue::Binary(std::move(bytes));
  return true;
}

uint64_t PartitionHash(std::string_view encoded_pk) {
  // FNV-1a, then MurmurHash3's 64-bit finaliser to spread the bits evenly
  // over the hash space (parallel-scan segments split it into equal ranges).
  // Part of the storage format: never change it.
  uint64_t h = 14695981039346656037ull;
  for (unsigned char c : encoded_pk) {
    h ^= c;
    h *= 1099511628211ull;
  }
  h ^= h >> 33;
  h *= 0xff51afd7ed558ccdull;
  h ^= h >> 33;
  h *= 0xc4ceb9fe1a85ec53ull;
  h ^= h >> 33;
  return h;
}

std::string ItemTablePrefix(uint32_t table_number) {
  std::string key(1, kItemPrefix);
  AppendBigEndian32(table_number, &key);
  return key;
}

std::string ItemTableEnd(uint32_t table_number) {
  std::string key(1, kItemPrefix);
  if (table_number == UINT32_MAX) {
    key[0] = kItemPrefix + 1;
    return key;
  }
  AppendBigEndian32(table_number + 1, &key);
  return key;
}

void AppendPartitionPrefix(uint32_t table_number, const AttributeValue& pk, std::string* out) {
  out->push_back(kItemPrefix);
  AppendBigEndian32(table_number, out);
  size_t hash_at = out->size();
  out->append(8, '\0');
  size_t pk_at = out->size();
  EncodeKeyValue(pk, out);
  uint64_t h = PartitionHash(std::string_view(*out).substr(pk_at));
  for (int i = 7; i >= 0; --i) {
    (*out)[hash_at + i] = static_cast<char>(h & 0xff);
    h >>= 8;
  }
}

std::string ItemKey(uint32_t table_number, const AttributeValue& pk, const AttributeValue* sk) {
  std::string key;
  key.reserve(32 + pk.str().size() + (sk ? sk->str().size() : 0));
  AppendPartitionPrefix(table_number, pk, &key);
  if (sk) EncodeKeyValue(*sk, &key);
  return key;
}

std::string ItemHashKey(uint32_t table_number, uint64_t hash) {
  std::string key = ItemTablePrefix(table_number);
  AppendBigEndian64(hash, &key);
  return key;
}

bool ItemKeyHash(std::string_view item_key, uint64_t* hash) {
  if (item_key.size() < 13 || item_key[0] != kItemPrefix) return false;
  *hash = ReadBigEndian64(item_key.data() + 5);
  return true;
}

std::string CountersKey(uint32_t table_number) {
  std::string key(1, kCountersPrefix);
  AppendBigEndian32(table_number, &key);
  return key;
}

std::string CollectionKey(uint32_t table_number, const AttributeValue& pk) {
  std::string key;
  AppendPartitionPrefix(table_number, pk, &key);
  key[0] = kCollectionPrefix;
  return key;
}

std::string CollectionTablePrefix(uint32_t table_number) {
  std::string key(1, kCollectionPrefix);
  AppendBigEndian32(table_number, &key);
  return key;
}

std::string CollectionTableEnd(uint32_t table_number) {
  if (table_number == UINT32_MAX) return std::string(1, kCollectionPrefix + 1);
  return CollectionTablePrefix(table_number + 1);
}

std::string IndexCountersKey(uint32_t table_number, uint16_t index_number) {
  std::string key = CountersKey(table_number);
  AppendBigEndian16(index_number, &key);
  return key;
}

std::string CountersEnd(uint32_t table_number) {
  std::string key = CountersKey(table_number);
  key.push_back('\xff');
  key.push_back('\xff');
  key.push_back('\xff');
  return key;
}

std::string IndexPrefix(uint32_t table_number, uint16_t index_number) {
  std::string key(1, kIndexPrefix);
  AppendBigEndian32(table_number, &key);
  AppendBigEndian16(index_number, &key);
  return key;
}

std::string IndexEnd(uint32_t table_number, uint16_t index_number) {
  if (index_number == UINT16_MAX) return IndexTableEnd(table_number);
  return IndexPrefix(table_number, static_cast<uint16_t>(index_number + 1));
}

std::string IndexTablePrefix(uint32_t table_number) {
  std::string key(1, kIndexPrefix);
  AppendBigEndian32(table_number, &key);
  return key;
}

std::string IndexTableEnd(uint32_t table_number) {
  if (table_number == UINT32_MAX) return std::string(1, kIndexPrefix + 1);
  return IndexTablePrefix(table_number + 1);
}

void AppendIndexPartitionPrefix(uint32_t table_number, uint16_t index_number,
                                const std::vector<const AttributeValue*>& hash_values,
                                std::string* out) {
  out->append(IndexPrefix(table_number, index_number));
  size_t hash_at = out->size();
  out->append(8, '\0');
  size_t values_at = out->size();
  for (const AttributeValue* v : hash_values) EncodeKeyValue(*v, out);
  uint64_t h = PartitionHash(std::string_view(*out).substr(values_at));
  for (int i = 7; i >= 0; --i) {
    (*out)[hash_at + i] = static_cast<char>(h & 0xff);
    h >>= 8;
  }
}

std::string IndexHashKey(uint32_t table_number, uint16_t index_number, uint64_t hash) {
  std::string key = IndexPrefix(table_number, index_number);
  AppendBigEndian64(hash, &key);
  return key;
}

bool IndexKeyHash(std::string_view key, uint64_t* hash) {
  if (key.size() < kIndexKeyHeader || key[0] != kIndexPrefix) return false;
  *hash = ReadBigEndian64(key.data() + 7);
  return true;
}

}  // namespace riptide::keys
