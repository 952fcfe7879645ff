#include "histogram.h"

#include <gtest/gtest.h>

namespace riptide::bench {
namespace {

TEST(HistogramTest, SmallValuesAreExact) {
  Histogram h;
  for (uint64_t v = 1; v <= 100; ++v) h.Record(v);
  EXPECT_EQ(h.count(), 100u);
  EXPECT_EQ(h.ValueAtPercentile(50), 50u);
  EXPECT_EQ(h.ValueAtPercentile(99), 99u);
  EXPECT_EQ(h.ValueAtPercentile(100), 100u);
  EXPECT_EQ(h.min(), 1u);
  EXPECT_EQ(h.max(), 100u);
  EXPECT_DOUBLE_EQ(h.Mean(), 50.5);
}

TEST(HistogramTest, BucketsCoverEveryValueWithBoundedError) {
  for (uint64_t v :
       {127ull, 128ull, 129ull, 1000ull, 4095ull, 4096ull, 123456789ull, (1ull << 39) + 12345}) {
    int i = Histogram::IndexOf(v);
    EXPECT_LE(Histogram::LowestOf(i), v) << v;
    EXPECT_GE(Histogram::HighestOf(i), v) << v;
    double width = static_cast<double>(Histogram::HighestOf(i) - Histogram::LowestOf(i) + 1);
    EXPECT_LE(width / static_cast<double>(v), 1.0 / 63) << v;
  }
  // Consecutive buckets tile the value range without gaps.
  for (int i = 0; i < 2000; ++i) {
    EXPECT_EQ(Histogram::HighestOf(i) + 1, Histogram::LowestOf(i + 1)) << i;
  }
}

TEST(HistogramTest, PercentilesOfASkewedSet) {
  Histogram h;
  for (int i = 0; i < 990; ++i) h.Record(1000);  // 1 ms
  for (int i = 0; i < 10; ++i) h.Record(50000);  // 50 ms tail
  EXPECT_NEAR(static_cast<double>(h.ValueAtPercentile(50)), 1000, 16);
  EXPECT_NEAR(static_cast<double>(h.ValueAtPercentile(99)), 1000, 16);
  EXPECT_EQ(h.ValueAtPercentile(99.9), 50000u);  // clamped to max
}

TEST(HistogramTest, MergeAddsCounts) {
  Histogram a, b;
  a.Record(10);
  b.Record(20);
  b.Record(30);
  a.Merge(b);
  EXPECT_EQ(a.count(), 3u);
  EXPECT_EQ(a.min(), 10u);
  EXPECT_EQ(a.max(), 30u);
  EXPECT_EQ(a.ValueAtPercentile(50), 20u);
}

TEST(HistogramTest, EmptyIsZero) {
  Histogram h;
  EXPECT_EQ(h.ValueAtPercentile(99), 0u);
  EXPECT_EQ(h.min(), 0u);
}

}  // namespace
}  // namespace riptide::bench
