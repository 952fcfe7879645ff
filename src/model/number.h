#pragma once

// Number: DynamoDB's N type, an exact decimal.
//
// DynamoDB numbers have at most 38 significant digits and a magnitude that is
// either zero or within [1E-130, 1E+126). They are exact: "0.1" + "0.2" is
// exactly "0.3". The coefficient therefore fits in an unsigned __int128
// (10^38 - 1 < 2^127), which keeps comparison and arithmetic cheap.
//
// Normal form: the coefficient has no trailing decimal zeros (they move into
// the exponent), zero is {0, 0, positive}. Two Numbers are numerically equal
// exactly when their normal forms are identical, so the canonical text of a
// number (ToString) can be compared byte for byte for equality.

#include <cstdint>
#include <string>
#include <string_view>

#include "common/status.h"

namespace riptide {

class Number {
 public:
  static constexpr int kMaxDigits = 38;

  Number() = default;  // zero
  static Number FromInt64(int64_t v);

  // Parses the text of an N value as DynamoDB accepts it: an optional sign,
  // digits with an optional decimal point, an optional exponent ("1.5e-3",
  // "+5", ".5", "1."). Leading and trailing zeros are not significant.
  // Errors (ValidationException), worded as the reference words them:
  //   "A value provided cannot be converted into a number"
  //   "DynamoDB only supports precision up to 38 digits"
  //   "Number overflow. Attempting to store a number with magnitude larger than supported range"
  //   "Number underflow. Attempting to store a number with magnitude smaller than supported range"
  static Result<Number> Parse(std::string_view text);

  // DynamoDB's normalised text: plain notation without exponent, no
  // trailing fractional zeros, no leading zeros, "-" for negatives, "0" for
  // zero ("1E+2" -> "100", "1.50" -> "1.5", "-0" -> "0", "1e-7" -> "0.0000001").
  std::string ToString() const;
  void AppendTo(std::string* out) const;

  // -1, 0 or 1.
  int Compare(const Number& other) const;
  bool operator==(const Number& o) const { return Compare(o) == 0; }
  bool operator<(const Number& o) const { return Compare(o) < 0; }

  // Exact sums and differences. DynamoDB never rounds: a result needing more
  // than 38 significant digits is the precision ValidationException; one
  // outside the supported range is the overflow/underflow
  // ValidationException, with Parse's messages.
  static Result<Number> Add(const Number& a, const Number& b);
  static Result<Number> Subtract(const Number& a, const Number& b);

  // Order-preserving, self-delimiting encoding: for any a, b,
  // memcmp-order(Encode(a), Encode(b)) == Compare(a, b), and a decoder can
  // find the end of the encoding inside a longer key.
  void EncodeOrdered(std::string* out) const;
  // Decodes one value from the front of *in and advances *in past it.
  // Returns false on malformed input.
  static bool DecodeOrdered(std::string_view* in, Number* out);

  bool is_zero() const { return coefficient_ == 0; }
  bool negative() const { return negative_; }

 private:
  // value = (negative_ ? -1 : 1) * coefficient_ * 10^exponent_
  unsigned __int128 coefficient_ = 0;
  int32_t exponent_ = 0;
  bool negative_ = false;
};

}  // namespace riptide
