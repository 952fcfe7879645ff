#include "key_chooser.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace riptide::bench {
namespace {

TEST(ZetaTest, ExactAndApproximatedAgree) {
  EXPECT_NEAR(Zeta(2, 0.99), 1 + std::pow(2.0, -0.99), 1e-12);
  // YCSB's precomputed zeta(10^10, 0.99).
  EXPECT_NEAR(Zeta(10000000000ull, 0.99), 26.46902820178302, 1e-6);
}

TEST(KeyChooserTest, UniformStaysInRangeAndSpreads) {
  KeyChooser chooser(Distribution::kUniform, 100);
  Rng rng(7);
  std::vector<int> hits(100);
  for (int i = 0; i < 100000; ++i) {
    uint64_t k = chooser.Next(rng);
    ASSERT_LT(k, 100u);
    ++hits[k];
  }
  for (int h : hits) EXPECT_GT(h, 800);
}

TEST(KeyChooserTest, ZipfianIsSkewedAndScrambled) {
  constexpr uint64_t kKeys = 10000;
  KeyChooser chooser(Distribution::kZipfian, kKeys);
  Rng rng(7);
  std::vector<int> hits(kKeys);
  constexpr int kDraws = 200000;
  for (int i = 0; i < kDraws; ++i) {
    uint64_t k = chooser.Next(rng);
    ASSERT_LT(k, kKeys);
    ++hits[k];
  }
  std::vector<int> sorted = hits;
  std::sort(sorted.rbegin(), sorted.rend());
  // The hottest key draws about 1/zeta(10^10) = 3.8 % of the requests ...
  EXPECT_NEAR(sorted[0] / static_cast<double>(kDraws), 0.038, 0.006);
  // ... and it is not key 0: scrambling spreads the hot keys.
  auto hottest = std::max_element(hits.begin(), hits.end()) - hits.begin();
  EXPECT_NE(hottest, 0);
}

}  // namespace
}  // namespace riptide::bench
