#pragma once

// Which key a request touches: uniform, or zipfian as YCSB draws it
// (Gray et al., "Quickly generating billion-record synthetic databases",
// SIGMOD 1994), scrambled so that the popular keys are spread over the key
// space instead of being the lowest numbers.

#include <cstdint>
#include <string_view>

namespace riptide::bench {

// xoshiro256**: fast, good enough for load generation; one per connection.
class Rng {
 public:
  explicit Rng(uint64_t seed);
  uint64_t Next();
  double NextDouble();         // [0, 1)
  uint64_t Below(uint64_t n);  // [0, n)

 private:
  uint64_t s_[4];
};

enum class Distribution { kUniform, kZipfian };
std::string_view DistributionName(Distribution d);

// zeta(n, theta) = sum_{i=1..n} i^-theta, exact for small n and by
// Euler-Maclaurin past the first million terms (so it is cheap for 10^10).
double Zeta(uint64_t n, double theta);

// Draws ranks in [0, n) with P(rank i) proportional to 1/(i+1)^theta.
class Zipfian {
 public:
  Zipfian(uint64_t n, double theta);
  uint64_t Next(Rng& rng) const;

 private:
  uint64_t n_;
  double theta_, alpha_, zetan_, eta_, half_pow_theta_;
};

class KeyChooser {
 public:
  // YCSB's constant and its scrambling domain: zipfian ranks are drawn over
  // 10^10 items and hashed into [0, keys), whatever the key count.
  static constexpr double kZipfianTheta = 0.99;
  static constexpr uint64_t kScrambledItems = 10000000000ull;

  KeyChooser(Distribution distribution, uint64_t keys);
  uint64_t Next(Rng& rng) const;
  uint64_t keys() const { return keys_; }

 private:
  static const Zipfian& Ycsb();

  Distribution distribution_;
  uint64_t keys_;
  const Zipfian* zipfian_;
};

// FNV-1a over the 8 little-endian bytes of v (the hash YCSB scrambles with).
uint64_t Fnv64(uint64_t v);

}  // namespace riptide::bench
