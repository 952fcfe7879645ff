// Tests for the key layout (storage/keys.h): the ordered encoding of key
// attribute values, the item key layout and the partition hash. Everything
// here is part of the on-disk format: a test that fails after a change means
// stored data would no longer be found.

#include "storage/keys.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "model/number.h"

namespace riptide::keys {
namespace {

using namespace std::string_literals;

std::string Hex(std::string_view bytes) {
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  for (unsigned char c : bytes) {
    out.push_back(kHex[c >> 4]);
    out.push_back(kHex[c & 0xf]);
  }
  return out;
}

AttributeValue S(std::string s) { return AttributeValue::String(std::move(s)); }
AttributeValue B(std::string s) { return AttributeValue::Binary(std::move(s)); }
AttributeValue N(std::string_view text) {
  Result<Number> n = Number::Parse(text);
  EXPECT_TRUE(n.ok()) << text;
  return AttributeValue::NumberText(n.ok() ? n->ToString() : "0");
}

std::string Encode(const AttributeValue& v) {
  std::string out;
  EncodeKeyValue(v, &out);
  return out;
}

// Decodes exactly one value and checks nothing is left over.
AttributeValue DecodeOne(std::string_view in, AttrType type) {
  AttributeValue out;
  EXPECT_TRUE(DecodeKeyValue(&in, type, &out)) << Hex(in);
  EXPECT_TRUE(in.empty()) << "left over: " << Hex(in);
  return out;
}

// --- fixed keys -----------------------------------------------------------------

TEST(KeysTest, MetaAndCatalogKeys) {
  EXPECT_EQ(FormatVersionKey(), "\x01v"s);
  EXPECT_EQ(NextTableNumberKey(), "\x01n"s);
  EXPECT_EQ(CatalogKey("users"), "\x02users"s);
  EXPECT_EQ(CatalogKey(""), "\x02"s);
  EXPECT_EQ(CatalogPrefixEnd(), "\x03"s);
  EXPECT_EQ(CountersKey(0x01020304), "\x05\x01\x02\x03\x04"s);
  EXPECT_EQ(kFormatVersion, 1);
  // Every catalog key sorts inside [CatalogKey(""), CatalogPrefixEnd()).
  for (std::string name : {"a"s, "zzz"s, std::string(255, '\xff')}) {
    EXPECT_LT(CatalogKey(""), CatalogKey(name));
    EXPECT_LT(CatalogKey(name), CatalogPrefixEnd());
  }
}

TEST(KeysTest, BigEndian) {
  std::string out;
  AppendBigEndian32(0x0a0b0c0d, &out);
  EXPECT_EQ(out, "\x0a\x0b\x0c\x0d"s);
  out.clear();
  AppendBigEndian64(0x0102030405060708ull, &out);
  EXPECT_EQ(out, "\x01\x02\x03\x04\x05\x06\x07\x08"s);
  EXPECT_EQ(ReadBigEndian64(out.data()), 0x0102030405060708ull);
  for (uint64_t v : {0ull, 1ull, 0xffull, 0x8000000000000000ull, ~0ull}) {
    std::string buf;
    AppendBigEndian64(v, &buf);
    EXPECT_EQ(ReadBigEndian64(buf.data()), v);
  }
}

// --- value encoding ---------------------------------------------------------------

TEST(KeysTest, StringAndBinaryEncodingIsEscapedAndTerminated) {
  struct Case {
    std::string value;
    std::string encoded;
  };
  // clang-format off
  const Case cases[] = {
      {"", "\x00\x01"s},
      {"a", "a\x00\x01"s},
      {"\x00"s, "\x00\xff\x00\x01"s},
      {"a\0b"s, "a\x00\xff" "b\x00\x01"s},
      {"\x00\x00"s, "\x00\xff\x00\xff\x00\x01"s},
      {"\xff", "\xff\x00\x01"s},
      {"\x01", "\x01\x00\x01"s},
      {"\x00\x01"s, "\x00\xff\x01\x00\x01"s},
  };
  // clang-format on
  for (const Case& c : cases) {
    EXPECT_EQ(Hex(Encode(S(c.value))), Hex(c.encoded)) << Hex(c.value);
    EXPECT_EQ(Hex(Encode(B(c.value))), Hex(c.encoded)) << Hex(c.value);
  }
}

TEST(KeysTest, RoundTripStringsAndBinaries) {
  // clang-format off
  const std::string values[] = {
      "", "a", "abc", "\x00"s, "\x00\x00\x00"s, "\xff\xff"s, "a\x00\xff\x01z"s,
      "\x00\x01"s, "\x00\xff"s, "\xc3\xa9\xe4\xb8\xad", std::string(2048, 'x'),
      std::string(1024, '\0'),
  };
  // clang-format on
  for (const std::string& v : values) {
    AttributeValue s = DecodeOne(Encode(S(v)), AttrType::kS);
    EXPECT_TRUE(s.is(AttrType::kS));
    EXPECT_EQ(s.str(), v);
    AttributeValue b = DecodeOne(Encode(B(v)), AttrType::kB);
    EXPECT_TRUE(b.is(AttrType::kB));
    EXPECT_EQ(b.str(), v);
  }
}

TEST(KeysTest, RoundTripNumbersToCanonicalText) {
  // clang-format off
  const std::pair<std::string, std::string> cases[] = {
      {"0", "0"},       {"-0", "0"},      {"1", "1"},           {"1.50", "1.5"},
      {"-1.5", "-1.5"}, {"1e2", "100"},   {"0.001", "0.001"},
      {"-1e-130", "-0." + std::string(129, '0') + "1"},
      {"9.9999999999999999999999999999999999999e125", std::string(38, '9') + std::string(88, '0')},
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
  };
  // clang-format on
  for (const auto& [text, canonical] : cases) {
    AttributeValue v = DecodeOne(Encode(N(text)), AttrType::kN);
    EXPECT_TRUE(v.is(AttrType::kN));
    EXPECT_EQ(v.str(), canonical) << text;
  }
}

TEST(KeysTest, EncodingsAreSelfDelimiting) {
  // A partition key followed by a sort key decodes back into both, whatever
  // the bytes: the first value's terminator cannot be confused with data.
  const AttributeValue firsts[] = {S(""), S("a\x00"s), B("\x00\xff"s), N("-12.5"), N("0")};
  const AttributeValue seconds[] = {S("\x01"), B(""), N("7"), S("\x00\x01"s)};
  for (const AttributeValue& a : firsts) {
    for (const AttributeValue& b : seconds) {
      std::string key = Encode(a) + Encode(b);
      std::string_view in = key;
      AttributeValue da, db;
      ASSERT_TRUE(DecodeKeyValue(&in, a.type(), &da));
      ASSERT_TRUE(DecodeKeyValue(&in, b.type(), &db));
      EXPECT_TRUE(in.empty());
      EXPECT_EQ(da, a);
      EXPECT_EQ(db, b);
    }
  }
}

TEST(KeysTest, DecodeRejectsMalformedInput) {
  // clang-format off
  const std::string bad[] = {
      "",             // nothing
      "abc",          // no terminator
      "abc\x00"s,     // terminator cut short
      "a\x00\x02"s,   // 0x00 followed by neither 0x01 nor 0xff
      "a\x00\x00"s,   // same
      "\x00"s,        // lone escape
      "\x00\xff"s,    // escaped zero, then nothing
  };
  // clang-format on
  for (const std::string& b : bad) {
    for (AttrType t : {AttrType::kS, AttrType::kB}) {
      std::string_view in = b;
      AttributeValue out;
      EXPECT_FALSE(DecodeKeyValue(&in, t, &out)) << Hex(b);
      EXPECT_EQ(in.size(), b.size()) << "input advanced on failure: " << Hex(b);
    }
  }
  std::string_view empty;
  AttributeValue out;
  EXPECT_FALSE(DecodeKeyValue(&empty, AttrType::kN, &out));
}

TEST(KeysTest, DecodeNeverReadsPastTruncatedInput) {
  // Every proper prefix of a valid encoding is refused (never a crash).
  // clang-format off
  const AttributeValue values[] = {S("ab\x00"s "c"), B("\x00\x00\xff"s), N("-123.456"),
                                   N("1e100"), N("0.5")};
  // clang-format on
  for (const AttributeValue& v : values) {
    std::string enc = Encode(v);
    for (size_t len = 0; len < enc.size(); ++len) {
      std::string_view in(enc.data(), len);
      AttributeValue out;
      EXPECT_FALSE(DecodeKeyValue(&in, v.type(), &out)) << Hex(enc) << " cut at " << len;
    }
  }
}

// --- order --------------------------------------------------------------------------

// Checks that the encodings of `values` (given in DynamoDB's order, strictly
// increasing) are strictly increasing in byte order.
void ExpectStrictlyIncreasing(const std::vector<AttributeValue>& values) {
  for (size_t i = 1; i < values.size(); ++i) {
    std::string a = Encode(values[i - 1]), b = Encode(values[i]);
    EXPECT_LT(a, b) << "#" << i - 1 << " " << Hex(values[i - 1].str()) << " vs #" << i << " "
                    << Hex(values[i].str());
  }
}

TEST(KeysTest, StringOrderIsUtf8ByteOrder) {
  // DynamoDB orders strings by their UTF-8 bytes: a prefix first, and bytes
  // as unsigned ("\x7f" < "\xc3\xa9" even though signed char says otherwise).
  // clang-format off
  ExpectStrictlyIncreasing({S(""), S("\x00"s), S("\x00\x00"s), S("\x00\x01"s), S("\x01"),
                            S("A"), S("Z"), S("a"), S("a\x00"s), S("a\x00\x00"s),
                            S("a\x00\x01"s), S("a\x01"), S("aa"), S("ab"), S("b"), S("\x7f"),
                            S("\xc3\xa9"), S("\xe4\xb8\xad"), S("\xf0\x9f\x98\x80"),
                            S("\xff"), S("\xff\x00"s), S("\xff\xff")});
  // clang-format on
}

TEST(KeysTest, BinaryOrderIsUnsignedByteOrder) {
  // clang-format off
  ExpectStrictlyIncreasing({B(""), B("\x00"s), B("\x00\x00"s), B("\x00\xff"s), B("\x01"),
                            B("\x7f"), B("\x80"), B("\x80\x00"s), B("\xfe\xff"),
                            B("\xff"), B("\xff\x00"s), B("\xff\x01"), B("\xff\xff")});
  // clang-format on
}

TEST(KeysTest, NumberOrderIsNumericOrder) {
  // clang-format off
  ExpectStrictlyIncreasing({
      N("-9.9999999999999999999999999999999999999e125"), N("-1e100"), N("-1000"), N("-101"),
      N("-100"), N("-99.99"), N("-10"), N("-2"), N("-1.5"), N("-1.01"), N("-1"), N("-0.5"),
      N("-0.1"), N("-0.01"), N("-1e-130"), N("0"), N("1e-130"), N("0.01"), N("0.0100001"),
      N("0.1"), N("0.5"), N("1"), N("1.000000000000000000000000000000000001"), N("1.01"),
      N("1.5"), N("2"), N("9"), N("10"), N("10.5"), N("99"), N("100"), N("101"), N("1000"),
      N("1e100"), N("9.9999999999999999999999999999999999999e125"),
  });
  // clang-format on
}

TEST(KeysTest, RandomOrderMatchesDynamoDbOrder) {
  std::mt19937_64 rng(12345);
  // Few distinct bytes, so that prefixes and zero bytes are common.
  const char alphabet[] = {'\0', '\x01', 'a', 'b', '\x7f', '\x80', '\xff'};
  auto random_bytes = [&] {
    std::string s(rng() % 6, '\0');
    for (char& c : s) c = alphabet[rng() % sizeof(alphabet)];
    return s;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string a = random_bytes(), b = random_bytes();
    // std::string compares as unsigned bytes (char_traits<char>::lt).
    int want = a.compare(b);
    int got = Encode(B(a)).compare(Encode(B(b)));
    EXPECT_EQ(want < 0, got < 0) << Hex(a) << " vs " << Hex(b);
    EXPECT_EQ(want == 0, got == 0) << Hex(a) << " vs " << Hex(b);
  }
  auto random_number = [&] {
    std::string text;
    if (rng() % 2) text.push_back('-');
    text += std::to_string(rng() % 100000);
    if (rng() % 2) {
      text.push_back('.');
      text += std::to_string(rng() % 1000);
    }
    text.push_back('e');
    text += std::to_string(static_cast<int>(rng() % 21) - 10);
    return text;
  };
  for (int i = 0; i < 3000; ++i) {
    std::string ta = random_number(), tb = random_number();
    Result<Number> na = Number::Parse(ta), nb = Number::Parse(tb);
    ASSERT_TRUE(na.ok() && nb.ok()) << ta << " " << tb;
    int want = na->Compare(*nb);
    int got = Encode(N(ta)).compare(Encode(N(tb)));
    EXPECT_EQ(want < 0, got < 0) << ta << " vs " << tb;
    EXPECT_EQ(want == 0, got == 0) << ta << " vs " << tb;
  }
}

// --- begins_with prefixes ------------------------------------------------------------

TEST(KeysTest, PrefixEncodingIsAPrefixOfEveryMatchingValue) {
  // clang-format off
  const std::string values[] = {"", "a", "ab", "abc", "a\x00"s, "a\0b"s, "a\x00\x00"s,
                                "\x00"s, "\x00\x01"s, "b", "\xff", "a\x01"};
  // clang-format on
  const std::string prefixes[] = {"", "a", "ab", "a\x00"s, "\x00"s, "\x00\x01"s, "\xff"};
  for (const std::string& p : prefixes) {
    std::string enc_prefix;
    EncodeKeyPrefix(p, &enc_prefix);
    for (const std::string& v : values) {
      std::string enc = Encode(S(v));
      bool matches = v.compare(0, p.size(), p) == 0 && v.size() >= p.size();
      EXPECT_EQ(
          enc.compare(0, enc_prefix.size(), enc_prefix) == 0 && enc.size() >= enc_prefix.size(),
          matches)
          << "prefix " << Hex(p) << " value " << Hex(v);
    }
  }
}

TEST(KeysTest, PrefixEncodingExactBytes) {
  std::string out = "x";
  EncodeKeyPrefix("a\0b"s, &out);
  EXPECT_EQ(out, "xa\0\xff"s + "b");  // appends; no terminator
  out.clear();
  EncodeKeyPrefix("", &out);
  EXPECT_EQ(out, "");
}

TEST(KeysTest, PrefixSortsBeforeEveryExtension) {
  // The encoded value of a string sorts before every longer string that
  // starts with it (DynamoDB: "a" < "a\0" < "ab").
  for (std::string p : {""s, "a"s, "a\x00"s, "\xff"s}) {
    for (std::string tail : {"\x00"s, "\x01"s, "a"s, "\xff"s}) {
      EXPECT_LT(Encode(S(p)), Encode(S(p + tail))) << Hex(p) << "+" << Hex(tail);
    }
  }
}

// --- item keys -------------------------------------------------------------------------

TEST(KeysTest, ItemKeyLayout) {
  // 0x03 <table#:4 BE> <hash:8 BE> <pk> [<sk>]
  std::string key = ItemKey(7, S("a"), nullptr);
  std::string pk = "a\x00\x01"s;
  std::string want = "\x03\x00\x00\x00\x07"s;
  AppendBigEndian64(PartitionHash(pk), &want);
  want += pk;
  EXPECT_EQ(Hex(key), Hex(want));
  // Pinned bytes: the layout and the hash together.
  EXPECT_EQ(Hex(key), "0300000007bc08481f96e3b568610001");

  AttributeValue sk = N("5");
  std::string with_sk = ItemKey(7, S("a"), &sk);
  EXPECT_EQ(with_sk.substr(0, key.size()), key);
  EXPECT_EQ(DecodeOne(std::string_view(with_sk).substr(key.size()), AttrType::kN), sk);
}

TEST(KeysTest, ItemKeyDecodesBackIntoKeyValues) {
  AttributeValue pk = B("\x00\xff\x00"s), sk = S("x\x00y"s);
  std::string key = ItemKey(42, pk, &sk);
  std::string_view in = key;
  ASSERT_GE(in.size(), 13u);
  in.remove_prefix(13);
  AttributeValue dpk, dsk;
  ASSERT_TRUE(DecodeKeyValue(&in, AttrType::kB, &dpk));
  ASSERT_TRUE(DecodeKeyValue(&in, AttrType::kS, &dsk));
  EXPECT_TRUE(in.empty());
  EXPECT_EQ(dpk, pk);
  EXPECT_EQ(dsk, sk);
}

TEST(KeysTest, PartitionPrefixAndHashRelations) {
  const uint32_t tables[] = {0, 1, 255, 256, 0x01000000, UINT32_MAX - 1, UINT32_MAX};
  const AttributeValue pks[] = {S("a"), S(""), B("\x00"s), N("-1"), N("123.5"), S("\xff\xff")};
  AttributeValue sk = S("sort");
  for (uint32_t t : tables) {
    std::string table_prefix = ItemTablePrefix(t);
    std::string table_end = ItemTableEnd(t);
    EXPECT_LT(table_prefix, table_end);
    for (const AttributeValue& pk : pks) {
      std::string partition;
      AppendPartitionPrefix(t, pk, &partition);
      std::string key = ItemKey(t, pk, nullptr);
      std::string key_sk = ItemKey(t, pk, &sk);
      // No sort key: the item key is the partition prefix.
      EXPECT_EQ(key, partition);
      EXPECT_EQ(key_sk.compare(0, partition.size(), partition), 0);
      // Inside the table's range.
      EXPECT_EQ(key.compare(0, table_prefix.size(), table_prefix), 0);
      EXPECT_LE(table_prefix, key);
      EXPECT_LT(key_sk, table_end);
      // The hash in the key is the hash of the encoded partition key.
      uint64_t hash = 0;
      ASSERT_TRUE(ItemKeyHash(key_sk, &hash));
      EXPECT_EQ(hash, PartitionHash(Encode(pk)));
      // ItemHashKey(hash) is the start of the partition's hash range.
      std::string hash_key = ItemHashKey(t, hash);
      EXPECT_EQ(hash_key.size(), 13u);
      EXPECT_EQ(partition.compare(0, 13, hash_key), 0);
      EXPECT_LE(hash_key, key);
      if (hash != UINT64_MAX) {
        EXPECT_LT(key_sk, ItemHashKey(t, hash + 1));
      }
    }
  }
}

TEST(KeysTest, TableRangesDoNotOverlap) {
  EXPECT_EQ(ItemTableEnd(1), ItemTablePrefix(2));
  EXPECT_EQ(ItemTableEnd(0x00ffffff), ItemTablePrefix(0x01000000));
  // The last table's end is the first key after every item key.
  EXPECT_EQ(ItemTableEnd(UINT32_MAX), "\x04"s);
  EXPECT_LT(ItemKey(UINT32_MAX, S("\xff\xff\xff"), nullptr), ItemTableEnd(UINT32_MAX));
  // Item keys sort after the catalog and before the counters.
  EXPECT_LT(CatalogPrefixEnd(), ItemTablePrefix(0) + "\x01");
  EXPECT_LT(ItemTableEnd(UINT32_MAX), CountersKey(0));
  // Tables sort by number (big-endian), not by text.
  EXPECT_LT(ItemKey(2, S("z"), nullptr), ItemKey(10, S("a"), nullptr));
}

TEST(KeysTest, ItemsOfOnePartitionAreContiguousAndOrderedBySortKey) {
  const AttributeValue sks[] = {N("-5"), N("0"), N("0.5"), N("3"), N("30"), N("300")};
  std::string partition;
  AppendPartitionPrefix(9, S("pk"), &partition);
  std::string prev;
  for (const AttributeValue& sk : sks) {
    std::string key = ItemKey(9, S("pk"), &sk);
    EXPECT_EQ(key.compare(0, partition.size(), partition), 0);
    EXPECT_LT(prev, key);
    prev = key;
  }
  // A partition key that is a prefix of another lives in another partition.
  std::string other;
  AppendPartitionPrefix(9, S("pk2"), &other);
  EXPECT_NE(other.compare(0, partition.size(), partition), 0);
}

TEST(KeysTest, ItemKeyHashRejectsNonItemKeys) {
  uint64_t hash = 7;
  EXPECT_FALSE(ItemKeyHash("", &hash));
  EXPECT_FALSE(ItemKeyHash(ItemTablePrefix(1), &hash));
  EXPECT_FALSE(ItemKeyHash(std::string(12, '\x03'), &hash));
  EXPECT_FALSE(ItemKeyHash(CatalogKey("a_long_table_name"), &hash));
  EXPECT_FALSE(ItemKeyHash(CountersKey(1) + std::string(20, 'x'), &hash));
  EXPECT_EQ(hash, 7u);
  EXPECT_TRUE(ItemKeyHash(ItemHashKey(1, 0x1122334455667788ull), &hash));
  EXPECT_EQ(hash, 0x1122334455667788ull);
}

TEST(KeysTest, PartitionHashIsStable) {
  // FNV-1a then MurmurHash3's fmix64. Values computed independently (Python).
  // Changing the hash moves every stored item: these must never change.
  EXPECT_EQ(PartitionHash(""), 0xefd01f60ba992926ull);
  EXPECT_EQ(PartitionHash("a\x00\x01"s), 0xbc08481f96e3b568ull);
  EXPECT_EQ(PartitionHash("user#1\x00\x01"s), 0xc4f38a3f5500a141ull);
  EXPECT_EQ(PartitionHash("\x00\xff\x00\x01"s), 0x3924d2dfd81dc996ull);
  EXPECT_EQ(PartitionHash(Encode(S("user#1"))), 0xc4f38a3f5500a141ull);
  EXPECT_EQ(PartitionHash(Encode(B("\x00"s))), 0x3924d2dfd81dc996ull);
}

TEST(KeysTest, PartitionHashSpreadsOverTheHashSpace) {
  // Parallel scan splits the hash space into equal ranges: sequential keys
  // should land in every one of 16 segments.
  int buckets[16] = {};
  for (int i = 0; i < 1600; ++i) {
    std::string key = std::to_string(i);
    key.insert(key.begin(), 'k');
    ++buckets[PartitionHash(Encode(S(key))) >> 60];
  }
  for (int b : buckets) EXPECT_GT(b, 50);
}

}  // namespace
}  // namespace riptide::keys
