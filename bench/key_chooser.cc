#include "key_chooser.h"

#include <cmath>

namespace riptide::bench {
namespace {

uint64_t SplitMix(uint64_t* x) {
  uint64_t z = (*x += 0x9e3779b97f4a7c15ull);
  z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9ull;
  z = (z ^ (z >> 27)) * 0x94d049bb133111ebull;
  return z ^ (z >> 31);
}

uint64_t Rotl(uint64_t x, int k) { return (x << k) | (x >> (64 - k)); }

}  // namespace

Rng::Rng(uint64_t seed) {
  for (auto& s : s_) s = SplitMix(&seed);
}

uint64_t Rng::Next() {
  uint64_t result = Rotl(s_[1] * 5, 7) * 9;
  uint64_t t = s_[1] << 17;
  s_[2] ^= s_[0];
  s_[3] ^= s_[1];
  s_[1] ^= s_[2];
  s_[0] ^= s_[3];
  s_[2] ^= t;
  s_[3] = Rotl(s_[3], 45);
  return result;
}

double Rng::NextDouble() { return static_cast<double>(Next() >> 11) * 0x1.0p-53; }

uint64_t Rng::Below(uint64_t n) {
  return static_cast<uint64_t>((static_cast<unsigned __int128>(Next()) * n) >> 64);
}

std::string_view DistributionName(Distribution d) {
  return d == Distribution::kZipfian ? "zipfian" : "uniform";
}

double Zeta(uint64_t n, double theta) {
  constexpr uint64_t kExact = 1000000;
  uint64_t m = n < kExact ? n : kExact;
  double sum = 0;
  for (uint64_t i = 1; i <= m; ++i) sum += std::pow(static_cast<double>(i), -theta);
  if (n == m) return sum;
  // sum_{i=m+1..n} f(i) = integral_m^n f + (f(n) - f(m))/2 + (f'(n) - f'(m))/12 + ...
  auto f = [&](double x) { return std::pow(x, -theta); };
  auto df = [&](double x) { return -theta * std::pow(x, -theta - 1); };
  double a = static_cast<double>(m), b = static_cast<double>(n);
  double integral = (std::pow(b, 1 - theta) - std::pow(a, 1 - theta)) / (1 - theta);
  return sum + integral + (f(b) - f(a)) / 2 + (df(b) - df(a)) / 12;
}

Zipfian::Zipfian(uint64_t n, double theta)
    : n_(n), theta_(theta), alpha_(1 / (1 - theta)), zetan_(Zeta(n, theta)) {
  double zeta2 = Zeta(2, theta);
  eta_ = (1 - std::pow(2.0 / static_cast<double>(n), 1 - theta)) / (1 - zeta2 / zetan_);
  half_pow_theta_ = 1 + std::pow(0.5, theta);
}

uint64_t Zipfian::Next(Rng& rng) const {
  double u = rng.NextDouble();
  double uz = u * zetan_;
  if (uz < 1) return 0;
  if (uz < half_pow_theta_) return 1;
  auto rank =
      static_cast<uint64_t>(static_cast<double>(n_) * std::pow(eta_ * u - eta_ + 1, alpha_));
  return rank < n_ ? rank : n_ - 1;
}

uint64_t Fnv64(uint64_t v) {
  uint64_t hash = 0xcbf29ce484222325ull;
  for (int i = 0; i < 8; ++i) {
    hash ^= v & 0xff;
    hash *= 1099511628211ull;
    v >>= 8;
  }
  return hash;
}

KeyChooser::KeyChooser(Distribution distribution, uint64_t keys)
    : distribution_(distribution),
      keys_(keys == 0 ? 1 : keys),
      zipfian_(distribution == Distribution::kZipfian ? &Ycsb() : nullptr) {}

// Computing zeta over 10^10 items takes tens of milliseconds: once per process.
const Zipfian& KeyChooser::Ycsb() {
  static const Zipfian zipfian(kScrambledItems, kZipfianTheta);
  return zipfian;
}

uint64_t KeyChooser::Next(Rng& rng) const {
  if (distribution_ == Distribution::kUniform) return rng.Below(keys_);
  return Fnv64(zipfian_->Next(rng)) % keys_;
}

}  // namespace riptide::bench
