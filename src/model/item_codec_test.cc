// Tests for the stored item format and DynamoDB's item size rules
// (model/item_codec.h). The size tables were computed with tests/helpers.py
// item_size(), whose rules test_item_size.py confirmed against DynamoDB
// Local at the exact 400 KB boundary.

#include "model/item_codec.h"

#include <gtest/gtest.h>
#include <simdjson.h>

#include <algorithm>
#include <cstdint>
#include <random>
#include <string>
#include <string_view>
#include <vector>

#include "model/json_value.h"
#include "model/number.h"

namespace riptide {
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

// Parses DynamoDB JSON ({"a":{"S":"x"}}) into an Item.
Item ParseItem(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element el;
  EXPECT_EQ(parser.parse(padded).get(el), simdjson::SUCCESS) << json;
  Item item;
  Status st = ParseAttributeMap(el, &item);
  EXPECT_TRUE(st.ok()) << json << ": " << st.ToString();
  return item;
}

AttributeValue ParseValue(std::string_view json) {
  simdjson::dom::parser parser;
  simdjson::padded_string padded(json);
  simdjson::dom::element el;
  EXPECT_EQ(parser.parse(padded).get(el), simdjson::SUCCESS) << json;
  AttributeValue v;
  Status st = ParseAttributeValue(el, &v);
  EXPECT_TRUE(st.ok()) << json << ": " << st.ToString();
  return v;
}

std::string Encode(const Item& item) {
  std::string out;
  EncodeItem(item, &out);
  return out;
}

std::string MapJson(const Item& item) {
  std::string out;
  JsonWriter w(&out);
  WriteAttributeMap(&w, item);
  return out;
}

std::string StoredJson(std::string_view data, Status* st) {
  std::string out;
  JsonWriter w(&out);
  *st = WriteStoredItemJson(data, &w);
  return out;
}

// A list nested `depth` levels around a scalar, alternating L and M.
AttributeValue Nested(int depth) {
  AttributeValue v = AttributeValue::String("leaf");
  for (int i = 0; i < depth; ++i) {
    if (i % 2) {
      AttributeMap m;
      m.Set("k", std::move(v));
      v = AttributeValue::Map(std::move(m));
    } else {
      v = AttributeValue::List({std::move(v)});
    }
  }
  return v;
}

const char* const kItems[] = {
    R"({})",
    R"({"pk":{"S":"a"}})",
    R"({"s":{"S":""},"b":{"B":""},"n":{"N":"0"},"t":{"BOOL":true},"f":{"BOOL":false},
        "z":{"NULL":true},"m":{"M":{}},"l":{"L":[]}})",
    R"({"pk":{"S":"all"},"s":{"S":"x"},"n":{"N":"-1.5e-3"},"b":{"B":"AP8A/w=="},
        "bool":{"BOOL":true},"null":{"NULL":true},"m":{"M":{"k":{"S":"v"}," ":{"N":"1"}}},
        "l":{"L":[{"N":"2"},{"S":"x"},{"L":[]},{"M":{}}]},"ss":{"SS":["b","a","","é"]},
        "ns":{"NS":["3","-1","1e125","1e-130"]},"bs":{"BS":["AA==","","/w=="]}})",
    R"({"unicode é中😀":{"S":"é中😀\u0000nul\"quote\\slash\n"},"\u0001":{"S":"\u001f"}})",
    R"({"m":{"M":{"a":{"M":{"b":{"L":[{"NS":["12345678901234567890123456789012345678"]},
        {"BS":["YWJj"]},{"M":{"x":{"SS":["q"]}}}]}}}}}})",
};

// --- round trips -------------------------------------------------------------------

TEST(ItemCodecTest, RoundTripAllTypes) {
  for (const char* json : kItems) {
    Item item = ParseItem(json);
    std::string data = Encode(item);
    Item decoded;
    ASSERT_TRUE(DecodeItem(data, &decoded).ok()) << json;
    EXPECT_EQ(decoded, item) << json;
    // The encoding is canonical: re-encoding gives the same bytes.
    EXPECT_EQ(Hex(Encode(decoded)), Hex(data)) << json;
    // Set members are stored in order (equality of sets ignores it).
    const AttributeValue* ss = decoded.Find("ss");
    if (ss) {
      std::vector<std::string> want = item.Find("ss")->set();
      std::sort(want.begin(), want.end());
      EXPECT_EQ(ss->set(), want);
    }
  }
}

TEST(ItemCodecTest, RoundTripLargeValues) {
  Item item;
  item.Set("big", AttributeValue::String(std::string(400 * 1024, 'x')));
  std::string bytes(70000, '\0');
  for (size_t i = 0; i < bytes.size(); ++i) bytes[i] = static_cast<char>(i * 7);
  item.Set("bin", AttributeValue::Binary(bytes));
  AttributeList list;
  for (int i = 0; i < 5000; ++i) list.push_back(AttributeValue::NumberText(std::to_string(i)));
  item.Set("list", AttributeValue::List(std::move(list)));
  std::string data = Encode(item);
  Item decoded;
  ASSERT_TRUE(DecodeItem(data, &decoded).ok());
  EXPECT_EQ(decoded, item);
  EXPECT_EQ(StoredItemSize(data), ItemSize(item));
}

TEST(ItemCodecTest, RoundTripDeepNesting) {
  // DynamoDB accepts 31 containers around a value; stored items never hold
  // more, and the decoder applies the same limit.
  for (int depth : {1, 2, 30, 31}) {
    Item item;
    item.Set("v", Nested(depth));
    std::string data = Encode(item);
    Item decoded;
    ASSERT_TRUE(DecodeItem(data, &decoded).ok()) << depth;
    EXPECT_EQ(decoded, item) << depth;
    Status st;
    EXPECT_EQ(StoredJson(data, &st), MapJson(item)) << depth;
    EXPECT_TRUE(st.ok());
    EXPECT_EQ(StoredItemSize(data), ItemSize(item)) << depth;
  }
}

TEST(ItemCodecTest, DecodeReplacesPreviousContents) {
  Item out = ParseItem(R"({"old":{"S":"x"}})");
  ASSERT_TRUE(DecodeItem(Encode(ParseItem(R"({"new":{"N":"1"}})")), &out).ok());
  EXPECT_EQ(out, ParseItem(R"({"new":{"N":"1"}})"));
  EXPECT_FALSE(DecodeItem("", &out).ok());
  EXPECT_TRUE(out.empty());
}

// --- the format, byte by byte (docs/storage-format.md) ---------------------------------

TEST(ItemCodecTest, ExactEncoding) {
  struct Case {
    const char* json;
    const char* stored;  // after the version byte and the size varint
    uint64_t size;
  };
  const Case cases[] = {
      {R"({})", "{}", 0},
      {R"({"a":{"S":"x"}})", R"({"a":{"S":"x"}})", 2},
      {R"({"a":{"N":"-1.50"}})", R"({"a":{"N":"-1.5"}})", 1 + 4},
      {R"({"a":{"B":"AP8="}})", R"({"a":{"B":"AP8="}})", 1 + 2},
      {R"({"a":{"BOOL":false},"b":{"NULL":true}})", R"({"a":{"BOOL":false},"b":{"NULL":true}})", 4},
      {R"({"a":{"M":{"b":{"S":""}}}})", R"({"a":{"M":{"b":{"S":""}}}})", 1 + 3 + 1 + 1},
      {R"({"a":{"SS":["x","yz"]}})", R"({"a":{"SS":["x","yz"]}})", 1 + 3},
      // Attributes sorted by name, whatever the request order.
      {R"({"b":{"BOOL":true},"a":{"NULL":true}})", R"({"a":{"NULL":true},"b":{"BOOL":true}})", 4},
  };
  for (const Case& c : cases) {
    std::string want(1, '\x01');
    PutVarint(c.size, &want);
    want += c.stored;
    EXPECT_EQ(Hex(Encode(ParseItem(c.json))), Hex(want)) << c.json;
  }
  // A 200-byte string: the size needs a two-byte varint (201 = 0xc9 0x01).
  Item item;
  item.Set("a", AttributeValue::String(std::string(200, 'q')));
  EXPECT_EQ(Hex(Encode(item)).substr(0, 6), "01c901");
}

TEST(ItemCodecTest, Varints) {
  const std::pair<uint64_t, const char*> cases[] = {
      {0, "00"},
      {1, "01"},
      {127, "7f"},
      {128, "8001"},
      {300, "ac02"},
      {16383, "ff7f"},
      {16384, "808001"},
      {UINT32_MAX, "ffffffff0f"},
      {UINT64_MAX, "ffffffffffffffffff01"},
  };
  for (const auto& [v, hex] : cases) {
    std::string out;
    PutVarint(v, &out);
    EXPECT_EQ(Hex(out), hex);
    std::string with_tail = out + "tail";
    std::string_view in = with_tail;
    uint64_t got = 0;
    ASSERT_TRUE(GetVarint(&in, &got));
    EXPECT_EQ(got, v);
    EXPECT_EQ(in, "tail");
    // Every truncation is refused.
    for (size_t len = 0; len < out.size(); ++len) {
      std::string_view cut(out.data(), len);
      EXPECT_FALSE(GetVarint(&cut, &got)) << hex << " cut at " << len;
    }
  }
  // More than ten bytes of continuation is not a varint.
  std::string endless(11, '\x80');
  std::string_view in = endless;
  uint64_t v;
  EXPECT_FALSE(GetVarint(&in, &v));
  std::string many(64, '\xff');
  in = many;
  EXPECT_FALSE(GetVarint(&in, &v));
}

// --- JSON from the stored form -------------------------------------------------------

TEST(ItemCodecTest, StoredJsonEqualsWriteAttributeMap) {
  for (const char* json : kItems) {
    Item item = ParseItem(json);
    Status st;
    std::string stored = StoredJson(Encode(item), &st);
    ASSERT_TRUE(st.ok()) << json;
    EXPECT_EQ(stored, MapJson(item)) << json;
  }
}

TEST(ItemCodecTest, StoredJsonExactText) {
  Item item = ParseItem(
      R"({"b":{"B":"AP8="},"a":{"L":[{"N":"1e2"},{"NULL":true},{"BOOL":false}]},
          "c":{"SS":["x\"y"]},"d":{"BS":["AQ=="]},"e":{"M":{"k":{"NS":["-0.50"]}}}})");
  Status st;
  EXPECT_EQ(StoredJson(Encode(item), &st),
            R"({"a":{"L":[{"N":"100"},{"NULL":true},{"BOOL":false}]},"b":{"B":"AP8="},)"
            R"("c":{"SS":["x\"y"]},"d":{"BS":["AQ=="]},"e":{"M":{"k":{"NS":["-0.5"]}}}})");
  EXPECT_TRUE(st.ok());
}

// --- corrupt input ---------------------------------------------------------------------

// Every corrupt input is an IOError from DecodeItem. The read fast path
// (WriteStoredItemJson) checks only the framing, not the JSON itself (RocksDB
// checksums the blocks), but it must never crash.
void ExpectCorrupt(std::string_view data, const std::string& what) {
  Item item;
  Status st = DecodeItem(data, &item);
  EXPECT_FALSE(st.ok()) << what;
  EXPECT_EQ(st.code(), ErrorCode::kIOError) << what;
  Status json_st;
  StoredJson(data, &json_st);
  if (!json_st.ok()) {
    EXPECT_EQ(json_st.code(), ErrorCode::kIOError) << what;
  }
  (void)StoredItemSize(data);  // must not crash; the value is meaningless
}

TEST(ItemCodecTest, EveryTruncationIsCorrupt) {
  for (const char* json : kItems) {
    std::string data = Encode(ParseItem(json));
    for (size_t len = 0; len < data.size(); ++len) {
      // A copy of exactly `len` bytes, so that reading past it is caught by
      // sanitizers.
      std::string cut = data.substr(0, len);
      ExpectCorrupt(cut, std::string(json).substr(0, 40) + " cut at " + std::to_string(len));
    }
  }
}

TEST(ItemCodecTest, BadVersionAndFraming) {
  std::string good = Encode(ParseItem(R"({"a":{"S":"x"}})"));
  for (char version : {'\x00', '\x02', '\xff'}) {
    std::string bad = good;
    bad[0] = version;
    ExpectCorrupt(bad, "version " + Hex(std::string(1, version)));
    Status st;
    StoredJson(bad, &st);
    EXPECT_FALSE(st.ok());
  }
  ExpectCorrupt("\x01"s + std::string(12, '\xff'), "overlong size varint");
  ExpectCorrupt("\x01\x02"s + "not json", "not JSON");
  ExpectCorrupt("\x01\x02"s + R"({"a":{"X":"y"}})", "not an attribute value");
  ExpectCorrupt("\x01\x02"s + R"({"a":{"SS":[]}})", "an invalid value");
  Status st;
  StoredJson("\x01\x02"s + "xyz", &st);
  EXPECT_FALSE(st.ok());
}

TEST(ItemCodecTest, CorruptDeepNestingIsBounded) {
  // A million nested lists: refused without exhausting the stack.
  std::string data = "\x01\x01"s + R"({"a":)";
  for (int i = 0; i < 1000000; ++i) data += R"({"L":[)";
  data += R"({"NULL":true})";
  for (int i = 0; i < 1000000; ++i) data += "]}";
  data += "}";
  ExpectCorrupt(data, "deep lists");
}

TEST(ItemCodecTest, RandomMutationsNeverCrash) {
  std::mt19937 rng(2024);
  std::vector<std::string> seeds;
  for (const char* json : kItems) seeds.push_back(Encode(ParseItem(json)));
  int accepted = 0;
  for (int i = 0; i < 20000; ++i) {
    std::string data = seeds[rng() % seeds.size()];
    int edits = 1 + rng() % 3;
    for (int e = 0; e < edits && !data.empty(); ++e) {
      size_t at = rng() % data.size();
      switch (rng() % 4) {
        case 0:
          data[at] = static_cast<char>(rng());
          break;
        case 1:
          data.erase(at, 1 + rng() % 4);
          break;
        case 2:
          data.insert(at, 1, static_cast<char>(rng()));
          break;
        default:
          data[at] ^= static_cast<char>(1 << (rng() % 8));
          break;
      }
    }
    Item item;
    Status st = DecodeItem(data, &item);
    Status json_st;
    std::string json = StoredJson(data, &json_st);
    (void)StoredItemSize(data);
    if (!st.ok()) {
      EXPECT_EQ(st.code(), ErrorCode::kIOError);
      continue;
    }
    ++accepted;
    // When the mutated data is itself a canonical encoding, everything agrees.
    if (Encode(item) == data) {
      EXPECT_TRUE(json_st.ok()) << Hex(data);
      EXPECT_EQ(json, MapJson(item)) << Hex(data);
    }
  }
  EXPECT_GT(accepted, 0);  // the fuzzing reached past the first byte
}

// A stored item followed by extra bytes is not a valid stored item:
// DecodeItem and WriteStoredItemJson must consume the whole input.
TEST(ItemCodecTest, TrailingBytesAreCorrupt) {
  std::string data = Encode(ParseItem(R"({"a":{"S":"x"}})")) + "\x06";
  ExpectCorrupt(data, "trailing byte");
}

// --- DynamoDB's size rules ----------------------------------------------------------------

TEST(ItemCodecTest, NumberSize) {
  // From tests/helpers.py number_size(): 1 + base-100 digit pairs aligned on
  // the decimal point (leading and trailing zero pairs dropped) + 1 if negative.
  // clang-format off
  const std::pair<const char*, size_t> cases[] = {
      {"0", 1},         {"1", 2},           {"9", 2},          {"10", 2},
      {"11", 2},        {"12", 2},          {"99", 2},         {"100", 2},
      {"101", 3},       {"123", 3},         {"1000", 2},       {"1001", 3},
      {"12345", 4},     {"100000", 2},      {"1234567", 5},    {"0.1", 2},
      {"0.5", 2},       {"0.01", 2},        {"0.001", 2},      {"0.0001", 2},
      {"0.00001", 2},   {"1.5", 3},         {"1.01", 3},       {"1.001", 4},
      {"12.5", 3},      {"12.34", 3},       {"-12.34", 4},     {"-1", 3},
      {"-0.5", 3},      {"-100", 3},        {"-0.001", 3},     {"-123456789", 7},
      {"123456789", 6}, {"1.5e10", 3},      {"1e125", 2},      {"3.14159", 5},
      {"9.9999999999999999999999999999999999999e125", 20},
      {"1e-130", 2},    {"-1e-130", 3},     {"1e50", 2},       {"1.01e32", 3},
      {"1e-11", 2},
      {"12345678901234567890123456789012345678", 20},
      {"1234567890123456789012345678901234567.8", 21},
      {"0.12345678901234567890123456789012345678", 20},
  };
  // clang-format on
  for (const auto& [text, size] : cases) {
    Result<Number> n = Number::Parse(text);
    ASSERT_TRUE(n.ok()) << text;
    std::string canonical = n->ToString();
    EXPECT_EQ(NumberSize(canonical), size) << text << " = " << canonical;
    EXPECT_EQ(ValueSize(AttributeValue::NumberText(canonical)), size) << text;
  }
}

TEST(ItemCodecTest, ValueSize) {
  // Computed with tests/helpers.py value_size().
  const std::pair<const char*, size_t> cases[] = {
      {R"({"S": ""})", 0},
      {R"({"S": "abc"})", 3},
      {R"({"S": "é中😀"})", 9},
      {R"({"B": ""})", 0},
      {R"({"B": "AP8B"})", 3},
      {R"({"BOOL": true})", 1},
      {R"({"BOOL": false})", 1},
      {R"({"NULL": true})", 1},
      {R"({"N": "0"})", 1},
      {R"({"N": "-12.34"})", 4},
      {R"({"N": "1e125"})", 2},
      {R"({"SS": ["ab", "c", "é"]})", 5},
      {R"({"SS": [""]})", 0},
      {R"({"NS": ["12", "1234", "-1.5"]})", 9},
      {R"({"BS": ["YWI=", "Yw=="]})", 3},
      {R"({"BS": [""]})", 0},
      {R"({"M": {}})", 3},
      {R"({"L": []})", 3},
      {R"({"M": {"k": {"S": "vv"}, "kk": {"N": "123"}}})", 13},
      {R"({"L": [{"S": "vv"}, {"BOOL": false}, {"NULL": true}]})", 10},
      {R"({"M": {"a": {"L": [{"M": {"x": {"SS": ["q"]}}}, {"L": []}]}}})", 19},
      {R"({"M": {"é": {"M": {}}}})", 9},
      {R"({"L": [{"L": [{"L": []}]}]})", 11},
  };
  for (const auto& [json, size] : cases) {
    AttributeValue v = ParseValue(json);
    EXPECT_EQ(ValueSize(v), size) << json;
    Item item;
    item.Set("attr", v);
    EXPECT_EQ(ItemSize(item), 4 + size) << json;
    EXPECT_EQ(StoredItemSize(Encode(item)), 4 + size) << json;
  }
}

TEST(ItemCodecTest, ItemSize) {
  // Computed with tests/helpers.py item_size(): names count in UTF-8 bytes,
  // top-level attributes add no per-entry byte (unlike map entries).
  const std::pair<std::string, size_t> cases[] = {
      {R"({})", 0},
      {R"({"pk": {"S": "sz"}})", 4},
      {R"({"éé": {"S": "x"}})", 5},
      // 100 zero bytes.
      {R"({"a": {"N": "1"}, "bb": {"B": ")" + std::string(134, 'A') + R"(=="}})", 105},
      {R"({"pk": {"S": "sz"}, "b": {"M": {"a": {"L": [{"M": {"x": {"SS": ["q"]}}}, {"L": []}]}}}})",
       24},
  };
  for (const auto& [json, size] : cases) {
    Item item = ParseItem(json);
    EXPECT_EQ(ItemSize(item), size) << json;
    EXPECT_EQ(StoredItemSize(Encode(item)), size) << json;
  }
  EXPECT_EQ(kMaxItemSize, 409600u);
}

TEST(ItemCodecTest, StoredItemSizeMatchesItemSize) {
  for (const char* json : kItems) {
    Item item = ParseItem(json);
    std::string data = Encode(item);
    Item decoded;
    ASSERT_TRUE(DecodeItem(data, &decoded).ok());
    EXPECT_EQ(StoredItemSize(data), ItemSize(decoded)) << json;
    EXPECT_EQ(ItemSize(decoded), ItemSize(item)) << json;
  }
  EXPECT_EQ(StoredItemSize(""), 0u);
}

}  // namespace
}  // namespace riptide
