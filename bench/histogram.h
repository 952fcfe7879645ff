#pragma once

// A log-linear latency histogram in the spirit of HdrHistogram: values (in
// microseconds) below 2^kSubBucketBits are counted exactly, larger ones in
// buckets whose width is 1/64 of their magnitude, so every recorded value is
// known to within 1.6 %. Recording is one index computation and one
// increment; histograms of several threads merge by adding counters.

#include <array>
#include <cstdint>

namespace riptide::bench {

class Histogram {
 public:
  // Values at or above kMaxValue are counted in the last bucket (kept exact
  // in max()). Default: 2^40 us, about 12 days.
  static constexpr int kSubBucketBits = 7;
  static constexpr uint64_t kMaxValue = uint64_t{1} << 40;

  void Record(uint64_t value_us);
  void Merge(const Histogram& other);
  void Clear();

  uint64_t count() const { return count_; }
  uint64_t min() const { return count_ ? min_ : 0; }
  uint64_t max() const { return max_; }
  double Mean() const;

  // The smallest value v such that at least `percentile` % of the recorded
  // values are <= v, reported as the upper end of v's bucket (never an
  // underestimate), clamped to max(). 0 when empty.
  uint64_t ValueAtPercentile(double percentile) const;

  // Exposed for tests: the bucket index of a value and a bucket's range.
  static int IndexOf(uint64_t value);
  static uint64_t LowestOf(int index);
  static uint64_t HighestOf(int index);

 private:
  static constexpr int kSubBucketCount = 1 << kSubBucketBits;
  static constexpr int kHalfCount = kSubBucketCount / 2;
  static constexpr int kBucketCount = kSubBucketCount + (40 - kSubBucketBits + 1) * kHalfCount;

  std::array<uint64_t, kBucketCount> counts_{};
  uint64_t count_ = 0;
  uint64_t min_ = UINT64_MAX;
  uint64_t max_ = 0;
  long double sum_ = 0;
};

}  // namespace riptide::bench
