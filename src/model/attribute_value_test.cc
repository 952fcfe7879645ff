// Tests for AttributeMap's ordering (model/attribute_value.h): decoders
// append names as they come and sort once; a repeated name keeps the later
// value, as a JSON object parsed by DynamoDB does.

#include "model/attribute_value.h"

#include <gtest/gtest.h>

#include <cstdio>
#include <string>
#include <utility>
#include <vector>

namespace riptide {
namespace {

using Pairs = std::vector<std::pair<std::string, std::string>>;

AttributeMap Build(const Pairs& in) {
  AttributeMap m;
  for (const auto& [name, value] : in) m.AppendUnsorted(name, AttributeValue::String(value));
  return m;
}

Pairs Contents(const AttributeMap& m) {
  Pairs out;
  for (const auto& [name, value] : m) out.emplace_back(name, value.str());
  return out;
}

struct SortCase {
  const char* what;
  Pairs in;
  Pairs want;
  bool unique;
};

TEST(AttributeMapTest, SortAndCheckUnique) {
  const std::vector<SortCase> cases = {
      {"empty", {}, {}, true},
      {"one", {{"a", "1"}}, {{"a", "1"}}, true},
      {"sorted", {{"a", "1"}, {"b", "2"}, {"c", "3"}}, {{"a", "1"}, {"b", "2"}, {"c", "3"}}, true},
      {"reversed", {{"c", "3"}, {"b", "2"}, {"a", "1"}}, {{"a", "1"}, {"b", "2"}, {"c", "3"}}, true},
      {"bytewise", {{"b", "1"}, {"B", "2"}, {"ab", "3"}, {"a", "4"}},
       {{"B", "2"}, {"a", "4"}, {"ab", "3"}, {"b", "1"}}, true},
      {"duplicate keeps the later", {{"b", "1"}, {"a", "2"}, {"b", "3"}}, {{"a", "2"}, {"b", "3"}},
       false},
      {"adjacent duplicate", {{"a", "1"}, {"a", "2"}}, {{"a", "2"}}, false},
      {"three of one name", {{"x", "1"}, {"x", "2"}, {"a", "0"}, {"x", "3"}},
       {{"a", "0"}, {"x", "3"}}, false},
  };
  for (const SortCase& c : cases) {
    AttributeMap m = Build(c.in);
    EXPECT_EQ(m.SortAndCheckUnique(), c.unique) << c.what;
    EXPECT_EQ(Contents(m), c.want) << c.what;
  }
}

TEST(AttributeMapTest, SortsManyEntries) {
  // Past the insertion-sort size, with duplicates spread out.
  Pairs in, want;
  for (int i = 99; i >= 0; --i) {
    char name[8];
    snprintf(name, sizeof(name), "n%03d", i % 60);
    in.emplace_back(name, std::to_string(i));
  }
  AttributeMap m = Build(in);
  EXPECT_FALSE(m.SortAndCheckUnique());
  ASSERT_EQ(m.size(), 60u);
  for (int i = 0; i < 60; ++i) {
    char name[8];
    snprintf(name, sizeof(name), "n%03d", i);
    const AttributeValue* v = m.Find(name);
    ASSERT_NE(v, nullptr) << name;
    // 99..0 counting down: the later (smaller) number of each name is kept.
    EXPECT_EQ(v->str(), std::to_string(i)) << name;
  }
}

}  // namespace
}  // namespace riptide
