// Number: DynamoDB's N type (see number.h).
//
// ---------------------------------------------------------------------------
// Ordered key encoding (EncodeOrdered / DecodeOrdered), storage format
// ---------------------------------------------------------------------------
// A number is encoded as 1 to 21 bytes. memcmp order of two encodings is the
// numeric order of the numbers, and the encoding is self-delimiting: no
// encoding is a proper prefix of another, so a decoder finds its end inside a
// longer key and bytes that follow never change the order.
//
// Let the number be  sign * 0.d1 d2 ... dn * 10^(adj + 1)  with d1 != 0 and
// dn != 0 (normal form: n = number of significant digits, 1 <= n <= 38, and
// adj = the decimal exponent of d1, -130 <= adj <= 125).
//
//   byte 0      tag: 0x01 negative, 0x02 zero, 0x03 positive.
//               Zero is this single byte and nothing follows.
//   byte 1      exponent: adj + 130 for positives (0..255; DynamoDB's range
//               [-130, 125] uses exactly one byte), 125 - adj for negatives
//               (so a larger magnitude sorts first).
//   bytes 2..   the digits d1..dn in pairs, most significant first: pair
//               k = 10 * d(2k-1) + d(2k), an odd n padded with one 0 digit.
//               There are m = ceil(n / 2) pair bytes (1..19). Pair byte k is
//               2 * pair + 1 for k < m and 2 * pair for the last one, so a
//               byte is odd while more pairs follow and even on the last
//               (values 0..199). For negatives every pair byte is
//               complemented (255 - byte), which makes it even while more
//               follow and odd on the last.
//
// Why this orders: equal tags and exponents leave the digit strings to
// decide; at the first differing pair the larger pair wins (2p+1 < 2(p+1));
// when pairs are equal and one string ends there, its even final byte sorts
// below the other's odd byte, and a string that ends first is the smaller
// magnitude (the other has further nonzero digits). Complementing a
// prefix-free set of strings reverses its order, which is what negatives need.
//
// Canonical form (DecodeOrdered rejects anything else): the first pair is at
// least 10 (d1 != 0), the last pair is not 0, pair values are at most 99,
// at most 19 pair bytes.
//
// Examples: 0 -> 02;  1 -> 03 82 14;  -1 -> 01 7D EB;  123 -> 03 84 19 3C;
//           1E-130 -> 03 00 14;  9.9E+125 -> 03 FF C6.
// ---------------------------------------------------------------------------

#include "model/number.h"

#include <array>
#include <cstdint>

namespace riptide {
namespace {

using u128 = unsigned __int128;

// DynamoDB's range, as the decimal exponent of the leading digit.
constexpr int kMaxAdjusted = 125;
constexpr int kMinAdjusted = -130;

// Error texts, exactly as DynamoDB (and DynamoDB Local 1.25.1) word them.
// Arithmetic reports the same texts as Parse, without any prefix.
constexpr char kSyntaxMessage[] = "A value provided cannot be converted into a number";
constexpr char kPrecisionMessage[] = "DynamoDB only supports precision up to 38 digits";
constexpr char kOverflowMessage[] =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
constexpr char kUnderflowMessage[] =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";

constexpr uint8_t kNegativeTag = 0x01;
constexpr uint8_t kZeroTag = 0x02;
constexpr uint8_t kPositiveTag = 0x03;
constexpr int kMaxPairs = 19;

constexpr std::array<u128, 40> MakePow10() {
  std::array<u128, 40> t{};
  t[0] = 1;
  for (size_t i = 1; i < t.size(); ++i) t[i] = t[i - 1] * 10;
  return t;
}
// 10^0 .. 10^39 (10^39 < 2^128).
constexpr std::array<u128, 40> kPow10 = MakePow10();
constexpr u128 kLimb = kPow10[38];  // base of the two-limb sums in Add
constexpr uint64_t kPow10_18 = 1000000000000000000ULL;
constexpr uint64_t kPow10_19 = 10000000000000000000ULL;

Status SyntaxError() { return Status::Validation(kSyntaxMessage); }
Status PrecisionError() { return Status::Validation(kPrecisionMessage); }

int BitLength(u128 v) {
  const uint64_t hi = static_cast<uint64_t>(v >> 64);
  if (hi != 0) return 128 - __builtin_clzll(hi);
  const uint64_t lo = static_cast<uint64_t>(v);
  return lo == 0 ? 0 : 64 - __builtin_clzll(lo);
}

// Number of decimal digits of v > 0 (1..39), without division.
int DigitCount(u128 v) {
  const int t = (BitLength(v) * 1233) >> 12;  // 1233 / 4096 ~ log10(2)
  return t - (v < kPow10[t]) + 1;
}

int TrailingZeros64(uint64_t v) {
  int n = 0;
  while (v % 10 == 0) {
    v /= 10;
    ++n;
  }
  return n;
}

// Decimal trailing zeros of v > 0.
int TrailingZeros(u128 v) {
  int n = 0;
  while (static_cast<uint64_t>(v >> 64) != 0) {
    const uint64_t rem = static_cast<uint64_t>(v % kPow10_19);
    if (rem != 0) return n + TrailingZeros64(rem);
    v /= kPow10_19;
    n += 19;
  }
  return n + TrailingZeros64(static_cast<uint64_t>(v));
}

// DynamoDB's range check for a nonzero value whose leading digit has decimal
// exponent `adjusted`.
Status CheckRange(int64_t adjusted) {
  if (adjusted > kMaxAdjusted) return Status::Validation(kOverflowMessage);
  if (adjusted < kMinAdjusted) return Status::Validation(kUnderflowMessage);
  return Status::OK();
}

// ---- Parsing --------------------------------------------------------------

// The code points of the Unicode decimal digit zeros (category Nd) in the
// Basic Multilingual Plane; each starts a run of ten digits. DynamoDB parses
// numbers with Java's BigDecimal, which accepts any such digit ("١٢" is 12,
// "１" is 1: checked against DynamoDB Local), but not digits outside the BMP.
constexpr uint16_t kUnicodeZeros[] = {
    0x0660, 0x06F0, 0x07C0, 0x0966, 0x09E6, 0x0A66, 0x0AE6, 0x0B66, 0x0BE6, 0x0C66, 0x0CE6, 0x0D66,
    0x0DE6, 0x0E50, 0x0ED0, 0x0F20, 0x1040, 0x1090, 0x17E0, 0x1810, 0x1946, 0x19D0, 0x1A80, 0x1A90,
    0x1B50, 0x1BB0, 0x1C40, 0x1C50, 0xA620, 0xA8D0, 0xA900, 0xA9D0, 0xA9F0, 0xAA50, 0xABF0, 0xFF10,
};

// Decodes the non-ASCII UTF-8 character at *p. Returns its digit value and
// advances *p past it, or returns -1 when it is not a decimal digit.
int DecodeUnicodeDigit(const char** p, const char* end) {
  const auto* s = reinterpret_cast<const unsigned char*>(*p);
  const auto left = end - *p;
  uint32_t cp;
  int len;
  if (s[0] >= 0xC2 && s[0] <= 0xDF && left >= 2 && (s[1] & 0xC0) == 0x80) {
    cp = ((s[0] & 0x1Fu) << 6) | (s[1] & 0x3Fu);
    len = 2;
  } else if (s[0] >= 0xE0 && s[0] <= 0xEF && left >= 3 && (s[1] & 0xC0) == 0x80 &&
             (s[2] & 0xC0) == 0x80) {
    cp = ((s[0] & 0x0Fu) << 12) | ((s[1] & 0x3Fu) << 6) | (s[2] & 0x3Fu);
    len = 3;
    if (cp < 0x800) return -1;  // overlong
  } else {
    return -1;
  }
  for (uint16_t zero : kUnicodeZeros) {
    if (cp >= zero && cp < zero + 10u) {
      *p += len;
      return static_cast<int>(cp - zero);
    }
  }
  return -1;
}

// Reads one decimal digit (ASCII or Unicode) at *p and advances, or -1.
inline int NextDigit(const char** p, const char* end) {
  const unsigned char c = static_cast<unsigned char>(**p);
  if (static_cast<unsigned>(c - '0') < 10u) {
    ++*p;
    return c - '0';
  }
  if (c < 0x80) return -1;
  return DecodeUnicodeDigit(p, end);
}

// The exponent after 'e'/'E' (text [p, end)): an optional sign and at least
// one digit, the value within a Java int; leading zeros are free
// ("1e0000000000000000000002" is 100). Java's BigDecimal rules.
bool ParseExponent(const char* p, const char* end, int64_t* out) {
  bool negative = false;
  if (p != end && (*p == '+' || *p == '-')) {
    negative = *p == '-';
    ++p;
  }
  if (p == end) return false;
  int64_t value = 0;
  int significant = 0;
  while (p != end) {
    const int d = NextDigit(&p, end);
    if (d < 0) return false;
    if (value == 0 && d == 0) continue;
    if (++significant > 10) return false;
    value = value * 10 + d;
  }
  *out = negative ? -value : value;
  return *out >= INT32_MIN && *out <= INT32_MAX;
}

// The digits of the mantissa, seen one at a time.
struct DigitScan {
  u128 coefficient = 0;       // digits from the first to the last nonzero one
  int64_t significant = 0;    // how many; coefficient is exact while <= 38
  int64_t pending_zeros = 0;  // zeros after the last nonzero digit so far
  int64_t fraction_digits = 0;
  int64_t digits = 0;

  void Add(int digit, bool in_fraction) {
    ++digits;
    fraction_digits += in_fraction;
    if (digit == 0) {
      pending_zeros += significant != 0;  // leading zeros do not count
      return;
    }
    const int64_t next = significant + pending_zeros + 1;
    if (next <= Number::kMaxDigits) {
      coefficient = coefficient * kPow10[pending_zeros + 1] + static_cast<unsigned>(digit);
    }
    significant = next;
    pending_zeros = 0;
  }
};

// ---- Digits out -------------------------------------------------------------

// Writes the decimal digits of v > 0 so that they end at `end`; returns the
// first. At most 39 digits.
char* WriteDigits(u128 v, char* end) {
  char* p = end;
  while (static_cast<uint64_t>(v >> 64) != 0 || static_cast<uint64_t>(v) >= kPow10_19) {
    uint64_t chunk = static_cast<uint64_t>(v % kPow10_19);
    v /= kPow10_19;
    for (int i = 0; i < 19; ++i, chunk /= 10) *--p = static_cast<char>('0' + chunk % 10);
  }
  for (uint64_t rest = static_cast<uint64_t>(v); rest != 0; rest /= 10) {
    *--p = static_cast<char>('0' + rest % 10);
  }
  return p;
}

// Splits v (an even number of digits, at most 38) into its base-100 digits,
// most significant first, into pairs[0..count). Returns count.
int SplitPairs(u128 v, int digits, uint8_t* pairs) {
  const int count = digits / 2;
  uint64_t chunks[3] = {0, 0, 0};
  if (static_cast<uint64_t>(v >> 64) == 0) {  // common case: 64-bit divisions only
    chunks[0] = static_cast<uint64_t>(v) % kPow10_18;
    chunks[1] = static_cast<uint64_t>(v) / kPow10_18;
  } else {
    chunks[0] = static_cast<uint64_t>(v % kPow10_18);
    const u128 high = v / kPow10_18;
    chunks[1] = static_cast<uint64_t>(high % kPow10_18);
    chunks[2] = static_cast<uint64_t>(high / kPow10_18);
  }
  int k = count;
  for (uint64_t chunk : chunks) {
    for (int i = 0; i < 9 && k > 0; ++i, chunk /= 100) pairs[--k] = chunk % 100;
  }
  return count;
}

}  // namespace

// ---- Construction -------------------------------------------------------------

Number Number::FromInt64(int64_t v) {
  Number n;
  if (v == 0) return n;
  uint64_t magnitude = v < 0 ? 0 - static_cast<uint64_t>(v) : static_cast<uint64_t>(v);
  const int zeros = TrailingZeros64(magnitude);
  for (int i = 0; i < zeros; ++i) magnitude /= 10;
  n.coefficient_ = magnitude;
  n.exponent_ = zeros;
  n.negative_ = v < 0;
  return n;
}

// DynamoDB reads the text with Java's BigDecimal(String) and then checks the
// value stripped of trailing zeros. We follow the same steps so that every
// error is the one DynamoDB Local gives, edge cases included:
//  1. Syntax (BigDecimal): [+|-] digits with at most one '.', at least one
//     digit, then optionally e|E [+|-] digits. No spaces, no "Infinity", no
//     "NaN", no hex. The exponent must fit a Java int and so must the scale
//     (fraction digits minus exponent): "0.1e-2147483647" is a syntax error.
//  2. Zero (any spelling, "-0.0e5") is 0 and passes every other check.
//  3. Stripping trailing zeros lowers the scale; below the int range Java
//     throws and DynamoDB Local answers 500 InternalFailure
//     ("100e2147483647"). A number that does not fit is bad input, never a
//     server error: we answer the overflow ValidationException.
//  4. More than 38 significant digits: precision error. This wins over
//     overflow and underflow ("1234...789e200" with 39 digits).
//  5. The leading digit's exponent, precision - scale - 1, computed in 32-bit
//     arithmetic that wraps: above 125 is overflow, below -130 underflow.
//     The wrap makes "10e2147483647" an underflow, as DynamoDB Local says.
Result<Number> Number::Parse(std::string_view text) {
  const char* p = text.data();
  const char* const end = p + text.size();
  bool negative = false;
  if (p != end && (*p == '-' || *p == '+')) {
    negative = *p == '-';
    ++p;
  }
  DigitScan scan;
  bool dot = false;
  int64_t exponent = 0;
  while (p != end) {
    const char c = *p;
    if (c == '.') {
      if (dot) return SyntaxError();
      dot = true;
      ++p;
    } else if (c == 'e' || c == 'E') {
      if (!ParseExponent(p + 1, end, &exponent)) return SyntaxError();
      break;
    } else {
      const int d = NextDigit(&p, end);
      if (d < 0) return SyntaxError();
      scan.Add(d, dot);
    }
  }
  if (scan.digits == 0) return SyntaxError();
  const int64_t scale = scan.fraction_digits - exponent;
  if (scale < INT32_MIN || scale > INT32_MAX) return SyntaxError();
  if (scan.significant == 0) return Number();

  const int64_t stripped_scale = scale - scan.pending_zeros;
  if (stripped_scale < INT32_MIN) return Status::Validation(kOverflowMessage);
  if (scan.significant > kMaxDigits) return PrecisionError();
  const auto adjusted = static_cast<int32_t>(
      static_cast<uint32_t>(static_cast<uint64_t>(scan.significant - stripped_scale - 1)));
  RIPTIDE_RETURN_IF_ERROR(CheckRange(adjusted));

  Number n;
  n.coefficient_ = scan.coefficient;
  n.exponent_ = static_cast<int32_t>(-stripped_scale);
  n.negative_ = negative;
  return n;
}

// ---- Text -------------------------------------------------------------------

std::string Number::ToString() const {
  std::string s;
  AppendTo(&s);
  return s;
}

void Number::AppendTo(std::string* out) const {
  if (coefficient_ == 0) {
    out->push_back('0');
    return;
  }
  char buf[40];
  char* const end = buf + sizeof(buf);
  const char* digits = WriteDigits(coefficient_, end);
  const int count = static_cast<int>(end - digits);
  if (negative_) out->push_back('-');
  if (exponent_ >= 0) {
    out->append(digits, count);
    out->append(exponent_, '0');
    return;
  }
  const int point = count + exponent_;  // digits before the decimal point
  if (point > 0) {
    out->append(digits, point);
    out->push_back('.');
    out->append(digits + point, count - point);
  } else {
    out->append("0.");
    out->append(-point, '0');
    out->append(digits, count);
  }
}

// ---- Comparison ---------------------------------------------------------------

namespace {

// Compares |a| and |b| for nonzero values given as coefficient and exponent.
int CompareMagnitude(u128 ca, int32_t ea, u128 cb, int32_t eb) {
  if (ea == eb) return ca < cb ? -1 : (ca > cb ? 1 : 0);
  const int da = DigitCount(ca);
  const int db = DigitCount(cb);
  const int64_t adj_a = int64_t{ea} + da;
  const int64_t adj_b = int64_t{eb} + db;
  if (adj_a != adj_b) return adj_a < adj_b ? -1 : 1;
  // Same leading exponent: align the shorter coefficient (stays < 10^38).
  if (da < db) ca *= kPow10[db - da];
  if (db < da) cb *= kPow10[da - db];
  return ca < cb ? -1 : (ca > cb ? 1 : 0);
}

}  // namespace

int Number::Compare(const Number& other) const {
  const int sa = coefficient_ == 0 ? 0 : (negative_ ? -1 : 1);
  const int sb = other.coefficient_ == 0 ? 0 : (other.negative_ ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  if (sa == 0) return 0;
  const int m = CompareMagnitude(coefficient_, exponent_, other.coefficient_, other.exponent_);
  return negative_ ? -m : m;
}

// ---- Arithmetic ---------------------------------------------------------------

// DynamoDB computes the exact sum and then applies Parse's checks to it
// (checked against DynamoDB Local with SET n = n + :v, SET n = n - :v and
// ADD n :v): it never rounds. A sum that needs more than 38 significant
// digits ("1" + "1e-38") fails with the precision error, which wins over
// overflow; then the overflow/underflow errors. The messages are Parse's,
// without any prefix.
Result<Number> Number::Add(const Number& a, const Number& b) {
  if (a.coefficient_ == 0) return b;
  if (b.coefficient_ == 0) return a;
  // x has the larger exponent; y's exponent is the result's unit.
  const Number& x = a.exponent_ >= b.exponent_ ? a : b;
  const Number& y = a.exponent_ >= b.exponent_ ? b : a;
  const int64_t shift = int64_t{x.exponent_} - y.exponent_;
  // y's last digit is nonzero (normal form) and lies `shift` places below
  // x's last digit, so the exact result spans more than 38 digits.
  if (shift > kMaxDigits) return PrecisionError();

  // x.coefficient_ * 10^shift as hi * 10^38 + lo; usually it fits in lo
  // alone and no 128-bit division is needed.
  u128 hi = 0;
  u128 lo;
  if (x.coefficient_ < kPow10[kMaxDigits - shift]) {
    lo = x.coefficient_ * kPow10[shift];
  } else {
    hi = x.coefficient_ / kPow10[kMaxDigits - shift];
    lo = (x.coefficient_ % kPow10[kMaxDigits - shift]) * kPow10[shift];
  }
  bool negative = x.negative_;
  if (x.negative_ == y.negative_) {
    lo += y.coefficient_;
    if (lo >= kLimb) {
      lo -= kLimb;
      ++hi;
    }
  } else if (hi != 0 || lo > y.coefficient_) {
    if (lo >= y.coefficient_) {
      lo -= y.coefficient_;
    } else {
      lo = lo + kLimb - y.coefficient_;
      --hi;
    }
  } else if (lo == y.coefficient_) {
    return Number();
  } else {
    lo = y.coefficient_ - lo;
    negative = y.negative_;
  }
  if (hi == 0 && lo == 0) return Number();

  const int zeros = lo == 0 ? kMaxDigits + TrailingZeros(hi) : TrailingZeros(lo);
  const int total = hi != 0 ? kMaxDigits + DigitCount(hi) : DigitCount(lo);
  const int significant = total - zeros;
  if (significant > kMaxDigits) return PrecisionError();
  Number n;
  n.coefficient_ = zeros >= kMaxDigits ? hi / kPow10[zeros - kMaxDigits]
                                       : hi * kPow10[kMaxDigits - zeros] + lo / kPow10[zeros];
  n.exponent_ = static_cast<int32_t>(y.exponent_ + zeros);
  n.negative_ = negative;
  RIPTIDE_RETURN_IF_ERROR(CheckRange(int64_t{n.exponent_} + significant - 1));
  return n;
}

Result<Number> Number::Subtract(const Number& a, const Number& b) {
  Number negated = b;
  negated.negative_ = b.coefficient_ != 0 && !b.negative_;
  return Add(a, negated);
}

// ---- Ordered encoding -------------------------------------------------------

void Number::EncodeOrdered(std::string* out) const {
  if (coefficient_ == 0) {
    out->push_back(static_cast<char>(kZeroTag));
    return;
  }
  int digits = DigitCount(coefficient_);
  const int adjusted = exponent_ + digits - 1;
  u128 padded = coefficient_;
  if (digits % 2 != 0) {
    padded *= 10;
    ++digits;
  }
  uint8_t bytes[2 + kMaxPairs];
  const int pairs = SplitPairs(padded, digits, bytes + 2);
  const uint8_t flip = negative_ ? 0xFF : 0x00;
  bytes[0] = negative_ ? kNegativeTag : kPositiveTag;
  bytes[1] = static_cast<uint8_t>(adjusted - kMinAdjusted) ^ flip;
  for (int k = 0; k < pairs; ++k) {
    const int last = k == pairs - 1;
    bytes[2 + k] = static_cast<uint8_t>(2 * bytes[2 + k] + 1 - last) ^ flip;
  }
  out->append(reinterpret_cast<const char*>(bytes), 2 + pairs);
}

bool Number::DecodeOrdered(std::string_view* in, Number* out) {
  const auto* s = reinterpret_cast<const uint8_t*>(in->data());
  const size_t size = in->size();
  if (size == 0) return false;
  if (s[0] == kZeroTag) {
    *out = Number();
    in->remove_prefix(1);
    return true;
  }
  if ((s[0] != kNegativeTag && s[0] != kPositiveTag) || size < 3) return false;
  const bool negative = s[0] == kNegativeTag;
  const uint8_t flip = negative ? 0xFF : 0x00;
  const int adjusted = (s[1] ^ flip) + kMinAdjusted;
  u128 coefficient = 0;
  int digits = 0;
  for (size_t i = 2; i < size && i < 2 + kMaxPairs; ++i) {
    const unsigned byte = s[i] ^ flip;
    if (byte > 199) return false;
    const unsigned pair = byte >> 1;
    if (i == 2 && pair < 10) return false;  // leading digit must be nonzero
    if (byte & 1) {
      coefficient = coefficient * 100 + pair;
      digits += 2;
      continue;
    }
    if (pair == 0) return false;
    if (pair % 10 == 0) {  // odd digit count: the last 0 is padding
      coefficient = coefficient * 10 + pair / 10;
      digits += 1;
    } else {
      coefficient = coefficient * 100 + pair;
      digits += 2;
    }
    out->coefficient_ = coefficient;
    out->exponent_ = adjusted - digits + 1;
    out->negative_ = negative;
    in->remove_prefix(i + 1);
    return true;
  }
  return false;  // no final pair byte
}

}  // namespace riptide
