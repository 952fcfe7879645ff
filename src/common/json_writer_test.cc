// Tests for JsonWriter and the base64 helpers (common/json_writer.h).

#include "common/json_writer.h"

#include <gtest/gtest.h>

#include <cstdint>
#include <cstdio>
#include <limits>
#include <random>
#include <string>
#include <string_view>

namespace riptide {
namespace {

using namespace std::string_literals;

std::string Escaped(std::string_view s) {
  std::string out;
  JsonWriter::AppendEscaped(&out, s);
  return out;
}

std::string Base64(std::string_view bytes) {
  std::string out;
  AppendBase64(&out, bytes);
  return out;
}

// --- escaping ---------------------------------------------------------------------

TEST(JsonWriterTest, EscapesWhatJsonRequires) {
  const std::pair<std::string, std::string> cases[] = {
      {"", ""},
      {"plain text", "plain text"},
      {"\"", "\\\""},
      {"\\", "\\\\"},
      {"a\"b\\c", "a\\\"b\\\\c"},
      {"\n\r\t\b\f", "\\n\\r\\t\\b\\f"},
      {"\x00"s, "\\u0000"},
      {"\x01\x1f", "\\u0001\\u001f"},
      {"\x0b", "\\u000b"},
      {"\x1a", "\\u001a"},
      // Not escaped: '/', DEL, and every byte >= 0x80 (UTF-8 passes through).
      {"/", "/"},
      {"\x7f", "\x7f"},
      {"é中😀", "é中😀"},
      {"\xff\xfe", "\xff\xfe"},
      {"x\x00y\x00"s, "x\\u0000y\\u0000"},
  };
  for (const auto& [in, want] : cases) EXPECT_EQ(Escaped(in), want);
}

TEST(JsonWriterTest, EveryControlCharacter) {
  for (int c = 0; c < 0x20; ++c) {
    std::string got = Escaped(std::string(1, static_cast<char>(c)));
    switch (c) {
      case '\b':
        EXPECT_EQ(got, "\\b");
        break;
      case '\t':
        EXPECT_EQ(got, "\\t");
        break;
      case '\n':
        EXPECT_EQ(got, "\\n");
        break;
      case '\f':
        EXPECT_EQ(got, "\\f");
        break;
      case '\r':
        EXPECT_EQ(got, "\\r");
        break;
      default: {
        char want[7];
        std::snprintf(want, sizeof(want), "\\u%04x", c);
        EXPECT_EQ(got, want) << c;
      }
    }
  }
  for (int c = 0x20; c < 0x100; ++c) {
    if (c == '"' || c == '\\') continue;
    EXPECT_EQ(Escaped(std::string(1, static_cast<char>(c))), std::string(1, static_cast<char>(c)));
  }
}

TEST(JsonWriterTest, AppendEscapedAppends) {
  std::string out = "keep:";
  JsonWriter::AppendEscaped(&out, "a\"");
  EXPECT_EQ(out, "keep:a\\\"");
}

// --- structure ------------------------------------------------------------------------

TEST(JsonWriterTest, ObjectsArraysAndSeparators) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.Key("s");
  w.String("x");
  w.Key("a");
  w.BeginArray();
  w.Int(1);
  w.Bool(true);
  w.Null();
  w.BeginObject();
  w.EndObject();
  w.BeginArray();
  w.EndArray();
  w.String("");
  w.EndArray();
  w.Key("o");
  w.BeginObject();
  w.Key("k\"");
  w.Bool(false);
  w.EndObject();
  w.Key("");
  w.Uint(7);
  w.EndObject();
  EXPECT_EQ(out, R"({"s":"x","a":[1,true,null,{},[],""],"o":{"k\"":false},"":7})");
  EXPECT_EQ(w.out(), &out);
}

TEST(JsonWriterTest, PlainKeysSeparateLikeKeys) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.PlainKey("S");
  w.String("a");
  w.PlainKey("N");
  w.BeginObject();
  w.PlainKey("L");
  w.BeginArray();
  w.EndArray();
  w.EndObject();
  w.EndObject();
  EXPECT_EQ(out, R"({"S":"a","N":{"L":[]}})");
}

TEST(JsonWriterTest, AppendsToExistingText) {
  std::string out = "prefix";
  JsonWriter w(&out);
  w.BeginArray();
  w.Int(1);
  w.EndArray();
  EXPECT_EQ(out, "prefix[1]");
}

TEST(JsonWriterTest, RawAndRawMembers) {
  std::string out;
  JsonWriter w(&out);
  w.BeginObject();
  w.RawMembers("");  // nothing, and no separator owed
  w.Key("a");
  w.Raw(R"({"x":1})");
  w.RawMembers(R"("b":2,"c":3)");
  w.RawMembers("");
  w.Key("d");
  w.Int(4);
  w.EndObject();
  EXPECT_EQ(out, R"({"a":{"x":1},"b":2,"c":3,"d":4})");

  std::string first;
  JsonWriter w2(&first);
  w2.BeginObject();
  w2.RawMembers(R"("b":2)");
  w2.Key("c");
  w2.Null();
  w2.EndObject();
  EXPECT_EQ(first, R"({"b":2,"c":null})");
}

TEST(JsonWriterTest, Integers) {
  const std::pair<int64_t, const char*> ints[] = {
      {0, "0"},
      {-1, "-1"},
      {1700000000, "1700000000"},
      {std::numeric_limits<int64_t>::max(), "9223372036854775807"},
      {std::numeric_limits<int64_t>::min(), "-9223372036854775808"},
  };
  for (const auto& [v, want] : ints) {
    std::string out;
    JsonWriter(&out).Int(v);
    EXPECT_EQ(out, want);
  }
  std::string out;
  JsonWriter(&out).Uint(std::numeric_limits<uint64_t>::max());
  EXPECT_EQ(out, "18446744073709551615");
}

TEST(JsonWriterTest, Doubles) {
  // Shortest text that reads back as the same double; non-finite -> null.
  const std::pair<double, const char*> cases[] = {
      {0.0, "0"},
      {1.0, "1"},
      {0.5, "0.5"},
      {1.5, "1.5"},
      {0.1, "0.1"},
      {-2.25, "-2.25"},
      {1e300, "1e+300"},
      {std::numeric_limits<double>::infinity(), "null"},
      {-std::numeric_limits<double>::infinity(), "null"},
      {std::numeric_limits<double>::quiet_NaN(), "null"},
  };
  for (const auto& [v, want] : cases) {
    std::string out;
    JsonWriter(&out).Double(v);
    EXPECT_EQ(out, want) << v;
  }
}

TEST(JsonWriterTest, EpochSeconds) {
  // DynamoDB writes timestamps as epoch seconds with a millisecond fraction.
  const std::pair<int64_t, const char*> cases[] = {
      {0, "0.000"},
      {1, "0.001"},
      {999, "0.999"},
      {1000, "1.000"},
      {1700000000123, "1700000000.123"},
      {1700000000005, "1700000000.005"},
      {1700000000050, "1700000000.050"},
      {1700000000000, "1700000000.000"},
      {-1000, "-1.000"},
      {-1500, "-1.500"},
  };
  for (const auto& [ms, want] : cases) {
    std::string out;
    JsonWriter w(&out);
    w.BeginArray();
    w.EpochSeconds(ms);
    w.EpochSeconds(ms);
    w.EndArray();
    EXPECT_EQ(out, "["s + want + "," + want + "]") << ms;
  }
}

// Times between -1 s and 0 keep their sign: EpochSeconds(-500) writes
// "-0.500" (a regression test: integer division once dropped the sign).
TEST(JsonWriterTest, EpochSecondsJustBeforeTheEpoch) {
  std::string out;
  JsonWriter(&out).EpochSeconds(-500);
  EXPECT_EQ(out, "-0.500");
}

// --- base64 ------------------------------------------------------------------------------

TEST(Base64Test, Rfc4648Vectors) {
  const std::pair<const char*, const char*> cases[] = {
      {"", ""},
      {"f", "Zg=="},
      {"fo", "Zm8="},
      {"foo", "Zm9v"},
      {"foob", "Zm9vYg=="},
      {"fooba", "Zm9vYmE="},
      {"foobar", "Zm9vYmFy"},
  };
  for (const auto& [raw, enc] : cases) {
    EXPECT_EQ(Base64(raw), enc);
    std::string decoded;
    EXPECT_TRUE(DecodeBase64(enc, &decoded)) << enc;
    EXPECT_EQ(decoded, raw);
  }
  EXPECT_EQ(Base64("\x00\xff\xfe"s), "AP/+");
  EXPECT_EQ(Base64("\xfb\xff"), "+/8=");
}

TEST(Base64Test, AppendBase64Appends) {
  std::string out = "B:";
  AppendBase64(&out, "foo");
  AppendBase64(&out, "f");
  EXPECT_EQ(out, "B:Zm9vZg==");
}

TEST(Base64Test, RoundTripAllLengths) {
  std::mt19937 rng(7);
  for (int round = 0; round < 20; ++round) {
    for (size_t len = 0; len <= 64; ++len) {
      std::string bytes(len, '\0');
      for (char& c : bytes) c = static_cast<char>(rng());
      std::string enc = Base64(bytes);
      EXPECT_EQ(enc.size(), (len + 2) / 3 * 4);
      EXPECT_TRUE(IsValidBase64(enc)) << enc;
      std::string decoded = "stale";
      ASSERT_TRUE(DecodeBase64(enc, &decoded)) << enc;
      EXPECT_EQ(decoded, bytes) << enc;
    }
  }
  // Every byte value.
  std::string all;
  for (int c = 0; c < 256; ++c) all.push_back(static_cast<char>(c));
  std::string decoded;
  ASSERT_TRUE(DecodeBase64(Base64(all), &decoded));
  EXPECT_EQ(decoded, all);
}

TEST(Base64Test, DecodeTable) {
  struct Case {
    std::string text;
    bool ok;
    std::string bytes;
  };
  const Case cases[] = {
      {"", true, ""},
      {"YQ==", true, "a"},
      {"YWI=", true, "ab"},
      {"YWJj", true, "abc"},
      {"AAAA", true, "\x00\x00\x00"s},
      // The reference decodes group by group; padding may end any group.
      {"YQ==YQ==", true, "aa"},
      {"YWI=YWJj", true, "ababc"},
      // Refused (reference: SerializationException / 500).
      {"!!!!", false, ""},
      {"YQ=Z", false, ""},
      {"Y Q=", false, ""},
      {"YQ", false, ""},
      {"YQ=", false, ""},
      {"Y", false, ""},
      {"YWJjZA", false, ""},
      {"====", false, ""},
      {"Y===", false, ""},
      {"=YQ=", false, ""},
      {"YQ===", false, ""},
      {"YWJj=", false, ""},
      {"YW-j", false, ""},  // base64url is not base64
      {"YW_j", false, ""},
      {"YWJ\x80", false, ""},
      {"YW\x00j"s, false, ""},
  };
  for (const Case& c : cases) {
    std::string out = "stale";
    bool ok = DecodeBase64(c.text, &out);
    EXPECT_EQ(ok, c.ok) << c.text;
    EXPECT_EQ(IsValidBase64(c.text), c.ok) << c.text;
    if (c.ok) {
      EXPECT_EQ(out, c.bytes) << c.text;
    }
  }
}

TEST(Base64Test, IsValidAgreesWithDecode) {
  // Random strings over an alphabet rich in the tricky characters.
  const char alphabet[] = "AQYwz09+/=\n\r -_!";
  std::mt19937 rng(99);
  int valid = 0;
  for (int i = 0; i < 50000; ++i) {
    std::string text(rng() % 13, ' ');
    for (char& c : text) c = alphabet[rng() % (sizeof(alphabet) - 1)];
    std::string out;
    bool ok = DecodeBase64(text, &out);
    EXPECT_EQ(IsValidBase64(text), ok) << text;
    if (ok) ++valid;
  }
  EXPECT_GT(valid, 100);
}

TEST(Base64Test, WriterQuotesBase64) {
  std::string out;
  JsonWriter w(&out);
  w.BeginArray();
  w.Base64("foo");
  w.Base64("");
  w.EndArray();
  EXPECT_EQ(out, R"(["Zm9v",""])");
}

// DynamoDB's deserialiser (Jackson's base64 decoding, as DynamoDB Local
// 1.25.1 shows) skips any character <= 0x20 (space, tab, CR, LF, other
// control characters) BETWEEN groups of four, and refuses one INSIDE a
// group. Reference answers (PutItem of {"B": text}, then GetItem):
//   " YWJj", "YWJj ", "\tYWJj", "\u0001YWJj", "YQ== YQ==", "YWJj\nYWJj",
//   "YWJj\r\nYWJj", "\nYWJj", " " -> accepted;
//   "YW\nJj", "Y\nQ==", "YWJjY\nQ==", "YW\rJj", "YQ=\n=" -> refused (500).
TEST(Base64Test, WhitespaceOnlyBetweenGroups) {
  const std::pair<std::string, std::string> accepted[] = {
      {" YWJj", "abc"},           {"YWJj ", "abc"},    {"\tYWJj", "abc"},
      {"\x01YWJj", "abc"},        {"YQ== YQ==", "aa"}, {"YWJj\nYWJj", "abcabc"},
      {"YWJj\r\nYWJj", "abcabc"}, {"\nYWJj", "abc"},   {" ", ""},
  };
  for (const auto& [text, bytes] : accepted) {
    std::string out;
    EXPECT_TRUE(DecodeBase64(text, &out)) << text;
    EXPECT_EQ(out, bytes) << text;
    EXPECT_TRUE(IsValidBase64(text)) << text;
  }
  for (std::string text : {"YW\nJj", "Y\nQ==", "YWJjY\nQ==", "YW\rJj", "YQ=\n="}) {
    std::string out;
    EXPECT_FALSE(DecodeBase64(text, &out)) << text;
    EXPECT_FALSE(IsValidBase64(text)) << text;
  }
}

}  // namespace
}  // namespace riptide
