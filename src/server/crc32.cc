#include "server/crc32.h"

#include <array>
#include <cstring>

#if defined(__x86_64__)
#include <immintrin.h>
#endif

namespace riptide {
namespace {

constexpr uint32_t kPolynomial = 0xEDB88320;  // reflected 0x04C11DB7

using Tables = std::array<std::array<uint32_t, 256>, 8>;

// tables[k][b]: the CRC of byte b followed by k zero bytes.
constexpr Tables MakeTables() {
  Tables t{};
  for (uint32_t b = 0; b < 256; ++b) {
    uint32_t c = b;
    for (int i = 0; i < 8; ++i) c = (c >> 1) ^ ((c & 1) ? kPolynomial : 0);
    t[0][b] = c;
  }
  for (size_t k = 1; k < 8; ++k) {
    for (uint32_t b = 0; b < 256; ++b) t[k][b] = (t[k - 1][b] >> 8) ^ t[0][t[k - 1][b] & 0xff];
  }
  return t;
}
constexpr Tables kTables = MakeTables();

// crc is the running register (already inverted by the caller).
uint32_t Slice8(uint32_t crc, const unsigned char* p, size_t n) {
  const Tables& t = kTables;
  for (; n >= 8; p += 8, n -= 8) {
    uint32_t lo, hi;
    memcpy(&lo, p, 4);  // little-endian load
    memcpy(&hi, p + 4, 4);
    lo ^= crc;
    crc = t[7][lo & 0xff] ^ t[6][(lo >> 8) & 0xff] ^ t[5][(lo >> 16) & 0xff] ^ t[4][lo >> 24] ^
          t[3][hi & 0xff] ^ t[2][(hi >> 8) & 0xff] ^ t[1][(hi >> 16) & 0xff] ^ t[0][hi >> 24];
  }
  for (; n > 0; ++p, --n) crc = t[0][(crc ^ *p) & 0xff] ^ (crc >> 8);
  return crc;
}

#if defined(__x86_64__)
// Folding with carry-less multiplication, after Intel's white paper "Fast
// CRC Computation for Generic Polynomials Using PCLMULQDQ Instruction"
// (Gopal et al., 2009). The constants are x^k mod P for the reflected
// polynomial, bit-reflected and shifted as the paper derives them:
// 4x128-bit fold (x^(4*128+32), x^(4*128-32)), 1x128-bit fold
// (x^(128+32), x^(128-32)), 64-to-32 fold (x^64), and Barrett's mu and P.
constexpr uint64_t kFold4Lo = 0x154442bd4, kFold4Hi = 0x1c6e41596;
constexpr uint64_t kFold1Lo = 0x1751997d0, kFold1Hi = 0x0ccaa009e;
constexpr uint64_t kFold64 = 0x163cd6124;
constexpr uint64_t kBarrettP = 0x1db710641, kBarrettMu = 0x1f7011641;

__attribute__((target("pclmul,sse4.1"))) inline __m128i Fold(__m128i x, __m128i next, __m128i k) {
  return _mm_xor_si128(
      _mm_xor_si128(_mm_clmulepi64_si128(x, k, 0x00), _mm_clmulepi64_si128(x, k, 0x11)), next);
}

__attribute__((target("pclmul,sse4.1"))) inline __m128i Load(const unsigned char* p) {
  return _mm_loadu_si128(reinterpret_cast<const __m128i*>(p));
}

// n >= 64 and a multiple of 16.
__attribute__((target("pclmul,sse4.1"))) uint32_t FoldClmul(uint32_t crc, const unsigned char* p,
                                                            size_t n) {
  const __m128i k4 = _mm_set_epi64x(kFold4Hi, kFold4Lo);
  const __m128i k1 = _mm_set_epi64x(kFold1Hi, kFold1Lo);
  __m128i x0 = _mm_xor_si128(Load(p), _mm_cvtsi32_si128(static_cast<int>(crc)));
  __m128i x1 = Load(p + 16), x2 = Load(p + 32), x3 = Load(p + 48);
  for (p += 64, n -= 64; n >= 64; p += 64, n -= 64) {
    x0 = Fold(x0, Load(p), k4);
    x1 = Fold(x1, Load(p + 16), k4);
    x2 = Fold(x2, Load(p + 32), k4);
    x3 = Fold(x3, Load(p + 48), k4);
  }
  x0 = Fold(x0, x1, k1);
  x0 = Fold(x0, x2, k1);
  x0 = Fold(x0, x3, k1);
  for (; n >= 16; p += 16, n -= 16) x0 = Fold(x0, Load(p), k1);
  // 128 -> 64 bits (appending 32 zero bits), then 64 -> 32.
  const __m128i mask32 = _mm_set_epi32(0, 0, 0, -1);
  x0 = _mm_xor_si128(_mm_srli_si128(x0, 8), _mm_clmulepi64_si128(k1, x0, 0x01));
  const __m128i k64 = _mm_set_epi64x(0, kFold64);
  x0 = _mm_xor_si128(_mm_srli_si128(x0, 4),
                     _mm_clmulepi64_si128(_mm_and_si128(x0, mask32), k64, 0x00));
  // Barrett reduction to the 32-bit remainder.
  const __m128i barrett = _mm_set_epi64x(kBarrettMu, kBarrettP);
  __m128i t = _mm_clmulepi64_si128(_mm_and_si128(x0, mask32), barrett, 0x10);
  t = _mm_clmulepi64_si128(_mm_and_si128(t, mask32), barrett, 0x00);
  return static_cast<uint32_t>(_mm_extract_epi32(_mm_xor_si128(x0, t), 1));
}

const bool kHaveClmul = __builtin_cpu_supports("pclmul") && __builtin_cpu_supports("sse4.1");
#endif

}  // namespace

uint32_t Crc32Portable(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  return ~Slice8(0xffffffffu, p, data.size());
}

uint32_t Crc32(std::string_view data) {
  const auto* p = reinterpret_cast<const unsigned char*>(data.data());
  size_t n = data.size();
  uint32_t crc = 0xffffffffu;
#if defined(__x86_64__)
  if (n >= 64 && kHaveClmul) {
    const size_t folded = n & ~size_t{15};
    crc = FoldClmul(crc, p, folded);
    p += folded;
    n -= folded;
  }
#endif
  return ~Slice8(crc, p, n);
}

}  // namespace riptide
