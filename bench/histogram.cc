#include "histogram.h"

#include <algorithm>
#include <bit>
#include <cmath>

namespace riptide::bench {

int Histogram::IndexOf(uint64_t value) {
  if (value >= kMaxValue) value = kMaxValue - 1;
  if (value < kSubBucketCount) return static_cast<int>(value);
  // shift >= 1 puts (value >> shift) in [kHalfCount, kSubBucketCount).
  int shift = std::bit_width(value) - kSubBucketBits;
  uint64_t sub = (value >> shift) - kHalfCount;
  return kSubBucketCount + (shift - 1) * kHalfCount + static_cast<int>(sub);
}

uint64_t Histogram::LowestOf(int index) {
  if (index < kSubBucketCount) return static_cast<uint64_t>(index);
  int rel = index - kSubBucketCount;
  int shift = rel / kHalfCount + 1;
  uint64_t sub = static_cast<uint64_t>(rel % kHalfCount) + kHalfCount;
  return sub << shift;
}

uint64_t Histogram::HighestOf(int index) {
  if (index < kSubBucketCount) return static_cast<uint64_t>(index);
  int shift = (index - kSubBucketCount) / kHalfCount + 1;
  return LowestOf(index) + (uint64_t{1} << shift) - 1;
}

void Histogram::Record(uint64_t value_us) {
  ++counts_[IndexOf(value_us)];
  ++count_;
  min_ = std::min(min_, value_us);
  max_ = std::max(max_, value_us);
  sum_ += value_us;
}

void Histogram::Merge(const Histogram& other) {
  for (int i = 0; i < kBucketCount; ++i) counts_[i] += other.counts_[i];
  count_ += other.count_;
  min_ = std::min(min_, other.min_);
  max_ = std::max(max_, other.max_);
  sum_ += other.sum_;
}

void Histogram::Clear() { *this = Histogram(); }

double Histogram::Mean() const { return count_ ? static_cast<double>(sum_ / count_) : 0.0; }

uint64_t Histogram::ValueAtPercentile(double percentile) const {
  if (count_ == 0) return 0;
  double wanted = std::ceil(std::clamp(percentile, 0.0, 100.0) / 100.0 * count_);
  uint64_t target = std::max<uint64_t>(1, static_cast<uint64_t>(wanted));
  uint64_t seen = 0;
  for (int i = 0; i < kBucketCount; ++i) {
    seen += counts_[i];
    if (seen >= target) return std::min(HighestOf(i), max_);
  }
  return max_;
}

}  // namespace riptide::bench
