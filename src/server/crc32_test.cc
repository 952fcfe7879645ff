#include "server/crc32.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <random>
#include <string>

namespace riptide {
namespace {

uint32_t Zlib(std::string_view s) {
  return static_cast<uint32_t>(crc32_z(0, reinterpret_cast<const Bytef*>(s.data()), s.size()));
}

TEST(Crc32Test, KnownValues) {
  EXPECT_EQ(Crc32(""), 0u);
  EXPECT_EQ(Crc32("123456789"), 0xCBF43926u);  // the standard check value
  EXPECT_EQ(Crc32("{\"TableNames\":[]}"), Zlib("{\"TableNames\":[]}"));
}

TEST(Crc32Test, MatchesZlibAtEveryLengthAndAlignment) {
  std::mt19937 rng(7);
  std::string data(5000, '\0');
  for (char& c : data) c = static_cast<char>(rng());
  for (size_t offset = 0; offset < 16; ++offset) {
    for (size_t len = 0; len + offset <= 700; ++len) {
      std::string_view s(data.data() + offset, len);
      ASSERT_EQ(Crc32(s), Zlib(s)) << offset << " " << len;
      ASSERT_EQ(Crc32Portable(s), Zlib(s)) << offset << " " << len;
    }
  }
  for (size_t len : {1023u, 1024u, 4096u, 4999u}) {
    ASSERT_EQ(Crc32(std::string_view(data.data() + 1, len)), Zlib({data.data() + 1, len}));
  }
  std::string big(3u << 20, 'x');
  for (char& c : big) c = static_cast<char>(rng());
  EXPECT_EQ(Crc32(big), Zlib(big));
}

}  // namespace
}  // namespace riptide
