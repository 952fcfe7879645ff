// Tests for Number. The Parse and arithmetic tables record what DynamoDB
// Local 1.25.1 answered (PutItem of {"N": input} then GetItem; UpdateItem
// with SET n = n + :v, SET n = n - :v, ADD n :v). Where the reference's text
// is not in normal form (arithmetic results such as "3.0"), the expected text
// is the normal form and a comment keeps the reference's answer.

#include "model/number.h"

#include <gtest/gtest.h>

#include <algorithm>
#include <array>
#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <new>
#include <random>
#include <string>
#include <vector>

// Counts heap allocations so that tests can check the hot paths make none.
namespace {
std::atomic<long> g_allocations{0};
}  // namespace

// The replacements pair malloc with free on purpose.
#pragma GCC diagnostic ignored "-Wmismatched-new-delete"
void* operator new(std::size_t size) {
  g_allocations.fetch_add(1, std::memory_order_relaxed);
  if (void* p = std::malloc(size == 0 ? 1 : size)) return p;
  throw std::bad_alloc();
}
void operator delete(void* p) noexcept { std::free(p); }
void operator delete(void* p, std::size_t) noexcept { std::free(p); }

namespace riptide {
namespace {

std::string R(int n, char c) { return std::string(n, c); }
std::string Rep(int n, const std::string& s) {
  std::string out;
  for (int i = 0; i < n; ++i) out += s;
  return out;
}

const std::string kSyntax = "A value provided cannot be converted into a number";
const std::string kPrecision = "DynamoDB only supports precision up to 38 digits";
const std::string kOverflow =
    "Number overflow. Attempting to store a number with magnitude larger than supported range";
const std::string kUnderflow =
    "Number underflow. Attempting to store a number with magnitude smaller than supported range";
// DynamoDB Local answers HTTP 500 InternalFailure for numbers whose scale
// leaves Java's int range once trailing zeros are stripped; Riptide answers
// the overflow ValidationException instead (never a 500 for bad input).
const std::string& kScaleOverflow = kOverflow;

bool IsError(const std::string& want) {
  return want == kSyntax || want == kPrecision || want == kOverflow || want == kUnderflow;
}

// Checks a Parse/Add/Subtract outcome against a canonical text or an error.
void ExpectOutcome(const Result<Number>& got, const std::string& want) {
  if (IsError(want)) {
    ASSERT_FALSE(got.ok()) << "got " << got->ToString();
    EXPECT_EQ(got.status().message(), want);
    EXPECT_EQ(got.status().code(), ErrorCode::kValidation);
  } else {
    ASSERT_TRUE(got.ok()) << got.status().ToString();
    EXPECT_EQ(got->ToString(), want);
  }
}

struct ParseCase {
  std::string input;
  std::string want;  // canonical text, or one of the messages above
};

std::vector<ParseCase> ParseCases() {
  return {
      // Signs, dots and exponents DynamoDB accepts.
      {"1", "1"},
      {"+1", "1"},
      {"-1", "-1"},
      {".5", "0.5"},
      {"1.", "1"},
      {"-.5", "-0.5"},
      {"+.5", "0.5"},
      {"1.e2", "100"},
      {".0", "0"},
      {"0.", "0"},
      {"00", "0"},
      {"1e2", "100"},
      {"1E2", "100"},
      {"1e+2", "100"},
      {"1e-2", "0.01"},
      {"1E+02", "100"},
      {"1e+0", "1"},
      {"1e-0", "1"},
      {"1.5e3", "1500"},
      {"00012.3400", "12.34"},
      {"1.50", "1.5"},
      {"1E-7", "0.0000001"},
      {"-1.5e-3", "-0.0015"},
      {"3.14159", "3.14159"},
      {"-0.000123", "-0.000123"},
      // Zero in every spelling is 0.
      {"0", "0"},
      {"-0", "0"},
      {"+0", "0"},
      {"0.000", "0"},
      {"-0.0", "0"},
      {"-0.0e5", "0"},
      {"-.0e-0", "0"},
      {"0000.0000e-0000", "0"},
      {"0e5", "0"},
      {"-0e5", "0"},
      // Syntax errors: no digits, stray or doubled characters, spaces, words, hex.
      {"", kSyntax},
      {".", kSyntax},
      {"-", kSyntax},
      {"+", kSyntax},
      {"+-", kSyntax},
      {"--1", kSyntax},
      {"+-1", kSyntax},
      {"-+1", kSyntax},
      {"e", kSyntax},
      {"E1", kSyntax},
      {"e5", kSyntax},
      {".e2", kSyntax},
      {"1e", kSyntax},
      {"1E", kSyntax},
      {"1e+", kSyntax},
      {"1e-", kSyntax},
      {"1.5E", kSyntax},
      {"1e--2", kSyntax},
      {"1e+-1", kSyntax},
      {"1e2.5", kSyntax},
      {"1.2.3", kSyntax},
      {"1,5", kSyntax},
      {"1_000", kSyntax},
      {" 1", kSyntax},
      {"1 ", kSyntax},
      {"1\u00a0", kSyntax},
      {"1	", kSyntax},
      {"0x10", kSyntax},
      {"1d", kSyntax},
      {"1f", kSyntax},
      {"1L", kSyntax},
      {"Infinity", kSyntax},
      {"-Infinity", kSyntax},
      {"NaN", kSyntax},
      {"inf", kSyntax},
      {"1e2e3", kSyntax},
      {"1.5.", kSyntax},
      {"1-", kSyntax},
      {"1+1", kSyntax},
      {"e+5", kSyntax},
      // Unicode decimal digits (BMP, category Nd) are digits, as in Java's BigDecimal; other
      // digit-like characters and digits outside the BMP are not.
      {"\u0661\u0662", "12"},
      {"1\u0662", "12"},
      {"\u0663", "3"},
      {"\uff11", "1"},
      {"\uff11.\uff15e\uff12", "150"},
      {"1e\uff11", "10"},
      {"1e+\uff11", "10"},
      {"1e\u0663\u0663", "1" + R(33, '0')},
      {"1e" + Rep(15, "\u0660") + "2", "100"},
      {"-\u0661", "-1"},
      {"\u0661e-\u0662", "0.01"},
      {"\u0e51" + Rep(39, "\u0e50"), "1" + R(39, '0')},
      {"\u0966\u096f.\u0966\u0965", kSyntax},
      {"\u00b2", kSyntax},
      {"1\u00b2", kSyntax},
      {"\u00bd", kSyntax},
      {"\u216b", kSyntax},
      {"1e\u00b2", kSyntax},
      {"\u1d7cf", kSyntax},
      {"1\u1d7cf", kSyntax},
      // Significant digits: leading and trailing zeros do not count.
      {"12345678901234567890123456789012345678", "12345678901234567890123456789012345678"},
      {"123456789012345678901234567890123456789", kPrecision},
      {"-123456789012345678901234567890123456789", kPrecision},
      {"0.12345678901234567890123456789012345678", "0.12345678901234567890123456789012345678"},
      {"0.123456789012345678901234567890123456789", kPrecision},
      {"1" + R(39, '0'), "1" + R(39, '0')},
      {"1" + R(38, '0') + "1", kPrecision},
      {R(50, '0') + "12345678901234567890123456789012345678" + R(50, '0'),
       "12345678901234567890123456789012345678" + R(50, '0')},
      {R(50, '0') + ".12345678901234567890123456789012345678" + R(50, '0'),
       "0.12345678901234567890123456789012345678"},
      {"12345678901234567890123456789012345678." + R(100, '0'),
       "12345678901234567890123456789012345678"},
      {R(38, '9'), R(38, '9')},
      {R(39, '9'), kPrecision},
      {"0." + R(100, '0') + "1" + R(100, '0'), "0." + R(100, '0') + "1"},
      // Range: the leading digit's exponent must be within [-130, 125].
      {"1e125", "1" + R(125, '0')},
      {"1e126", kOverflow},
      {"9.9999e125", "99999" + R(121, '0')},
      {"-1e126", kOverflow},
      {"1" + R(125, '0'), "1" + R(125, '0')},
      {"1" + R(126, '0'), kOverflow},
      {"1" + R(200, '0'), kOverflow},
      {R(38, '9') + "e87", R(38, '9') + R(87, '0')},
      {R(38, '9') + "e88", R(38, '9') + R(88, '0')},
      {"12345678901234567890123456789012345678e87",
       "12345678901234567890123456789012345678" + R(87, '0')},
      {"12345678901234567890123456789012345678e88",
       "12345678901234567890123456789012345678" + R(88, '0')},
      {"1e-130", "0." + R(129, '0') + "1"},
      {"-1e-130", "-0." + R(129, '0') + "1"},
      {"1e-131", kUnderflow},
      {"-1e-131", kUnderflow},
      {"0." + R(129, '0') + "1", "0." + R(129, '0') + "1"},
      {"0." + R(130, '0') + "1", kUnderflow},
      {"0." + R(129, '0') + "12", "0." + R(129, '0') + "12"},
      {"0." + R(129, '0') + "19", "0." + R(129, '0') + "19"},
      {"12345678901234567890123456789012345678e-167",
       "0." + R(129, '0') + "12345678901234567890123456789012345678"},
      {"12345678901234567890123456789012345678e-168", kUnderflow},
      {"1.2e-130", "0." + R(129, '0') + "12"},
      {"9e-131", kUnderflow},
      // Precision is checked before range.
      {"123456789012345678901234567890123456789e200", kPrecision},
      {"123456789012345678901234567890123456789e-300", kPrecision},
      {"-123456789012345678901234567890123456789e126", kPrecision},
      // Huge exponents: exponent and scale must fit a Java int (else syntax error); the
      // leading-digit exponent is computed in 32-bit arithmetic that wraps, so some huge values are
      // underflows; stripping zeros past the int range is DynamoDB Local's 500 InternalFailure.
      {"1e" + R(12, '9'), kSyntax},
      {"1e-" + R(12, '9'), kSyntax},
      {"0e" + R(12, '9'), kSyntax},
      {"1e12345678901", kSyntax},
      {"0e1234567890", "0"},
      {"1e" + R(21, '0') + "2", "100"},
      {"1e" + R(10, '0') + "1", "10"},
      {"1e2147483647", kOverflow},
      {"1e2147483648", kSyntax},
      {"1e-2147483647", kUnderflow},
      {"1e-2147483648", kSyntax},
      {"0e2147483647", "0"},
      {"0e2147483648", kSyntax},
      {"0e-2147483647", "0"},
      {"0e-2147483648", kSyntax},
      {"0e+2147483647", "0"},
      {"000e2147483647", "0"},
      {"0.1e-2147483646", kUnderflow},
      {"0.1e-2147483647", kSyntax},
      {"0.1e-2147483648", kSyntax},
      {"0.0e-2147483646", "0"},
      {"0.0e-2147483647", kSyntax},
      {"0.00e-2147483647", kSyntax},
      {"0.01e-2147483645", kUnderflow},
      {"0.001e-2147483645", kSyntax},
      {"5e-2147483647", kUnderflow},
      {"1.10e-2147483645", kUnderflow},
      {"123.456e-2147483644", kUnderflow},
      {"1.0000e-2147483643", kUnderflow},
      {"10e2147483647", kUnderflow},
      {"-10e2147483647", kUnderflow},
      {"10.0e2147483647", kUnderflow},
      {"1.0e2147483647", kOverflow},
      {"12e2147483646", kOverflow},
      {"12e2147483647", kUnderflow},
      {"123e2147483646", kUnderflow},
      {"100e2147483646", kUnderflow},
      {"100e2147483647", kScaleOverflow},
      {"1000e2147483647", kScaleOverflow},
      {R(37, '1') + "e2147483610", kOverflow},
      {R(37, '1') + "e2147483611", kOverflow},
      {R(37, '1') + "e2147483647", kUnderflow},
      {R(38, '1') + "e2147483610", kOverflow},
      {R(38, '1') + "e2147483611", kUnderflow},
      {R(38, '1') + "e2147483647", kUnderflow},
      {R(38, '1') + "0e2147483647", kUnderflow},
      {R(39, '1') + "e2147483647", kPrecision},
      {R(39, '1') + "e2147483648", kSyntax},
      {R(39, '1') + "0e2147483647", kPrecision},
      {R(39, '1') + "00e2147483647", kScaleOverflow},
      {"1" + R(39, '0') + "e2147483647", kScaleOverflow},
      {"1e2147483609", kOverflow},
      {"1" + R(10, '0') + "e2147483610", kOverflow},
  };
}

TEST(NumberParseTest, MatchesDynamoDBLocal) {
  for (const ParseCase& c : ParseCases()) {
    SCOPED_TRACE("input \"" + c.input + "\"");
    Result<Number> got = Number::Parse(c.input);
    ExpectOutcome(got, c.want);
    if (!got.ok()) continue;
    // The canonical text parses back to the same value and the same text.
    Result<Number> again = Number::Parse(c.want);
    ASSERT_TRUE(again.ok());
    EXPECT_EQ(again->ToString(), c.want);
    EXPECT_TRUE(*again == *got);
  }
}

struct ArithCase {
  std::string a;
  std::string op;  // "+" and "ADD" are Add, "-" is Subtract
  std::string b;
  std::string want;
};

std::vector<ArithCase> ArithCases() {
  return {
      // Exact decimal results.
      {"1", "+", "2", "3"},
      {"0.1", "+", "0.2", "0.3"},
      {"1", "-", "3", "-2"},
      {"5", "ADD", "-5", "0"},
      {"-1", "ADD", "1", "0"},
      {"0", "+", "0", "0"},
      {"0", "-", "0", "0"},
      {"0", "+", "-7.5", "-7.5"},
      {"0", "-", "7.5", "-7.5"},
      {"-7.5", "-", "0", "-7.5"},
      {"10", "-", "10", "0"},
      {"1e2", "-", "1e2", "0"},
      {"1e2", "+", "1e2", "200"},
      {"-0.5", "-", "0.5", "-1"},  // reference: "-1.0"
      {"1.5", "+", "1.5", "3"},    // reference: "3.0"
      {"0.5", "+", "0.5", "1"},    // reference: "1.0"
      {"1.5", "-", "1.5", "0"},    // reference: "0.0"
      {"0.25", "-", "0.25", "0"},  // reference: "0.00"
      {"0.3", "-", "0.1", "0.2"},
      {"1" + R(20, '0') + ".00000001", "-", "1", R(20, '9') + ".00000001"},
      {"123.456", "ADD", "-23.456", "100"},  // reference: "100.000"
      {"-5", "+", "3", "-2"},
      {"-5", "-", "-3", "-2"},
      {"5", "-", "-3", "8"},
      // 38 significant digits are fine.
      {"1", "+", "1e-37", "1." + R(36, '0') + "1"},
      {"1", "-", "1e-38", "0." + R(38, '9')},
      {R(38, '9'), "+", "1", "1" + R(38, '0')},
      {"12345678901234567890123456789012345678", "+", "12345678901234567890123456789012345678",
       "24691357802469135780246913578024691356"},
      {"1e125", "+", "1e125", "2" + R(125, '0')},
      {"1e-130", "+", "1e-130", "0." + R(129, '0') + "2"},
      {"1e125", "-", "1e88", R(37, '9') + R(88, '0')},
      {"1e-92", "+", "1e-129", "0." + R(91, '0') + "1" + R(36, '0') + "1"},
      {"1.1e-129", "-", "1e-129", "0." + R(129, '0') + "1"},
      {"1.01e-128", "-", "1e-128", "0." + R(129, '0') + "1"},
      // DynamoDB never rounds: a result that needs more than 38 significant digits is the precision
      // error (which wins over overflow).
      {"1", "+", "1e-38", kPrecision},
      {"1", "+", "5e-38", kPrecision},
      {"1", "+", "1.5e-38", kPrecision},
      {"1", "+", "2.5e-38", kPrecision},
      {"1", "+", "5.1e-38", kPrecision},
      {"1", "+", "6e-38", kPrecision},
      {"1", "ADD", "1e-38", kPrecision},
      {"1", "-", "5e-39", kPrecision},
      {"1", "-", "6e-39", kPrecision},
      {R(38, '9'), "+", "0.5", kPrecision},
      {R(38, '9'), "+", "0.4", kPrecision},
      {R(38, '9'), "-", "0.5", kPrecision},
      {"1e125", "+", "1e-130", kPrecision},
      {"1e125", "-", "1e-130", kPrecision},
      {"1e125", "ADD", "1e-130", kPrecision},
      {"9." + R(37, '9') + "e125", "+", "1e87", kPrecision},
      {"9." + R(37, '9') + "e125", "+", "4e86", kPrecision},
      {"9." + R(37, '9') + "e125", "+", "5e86", kPrecision},
      {"9." + R(37, '9') + "e125", "+", "1.1e88", kPrecision},
      // Range errors in arithmetic use Parse's messages.
      {"9." + R(37, '9') + "e125", "+", "1e88", kOverflow},
      {"9." + R(37, '9') + "e125", "ADD", "1e88", kOverflow},
      {"-9." + R(37, '9') + "e125", "-", "1e88", kOverflow},
      {"5e125", "+", "5e125", kOverflow},
      {"-5e125", "+", "-5e125", kOverflow},
      {"1e-130", "-", "1.1e-130", kUnderflow},
      {"1.5e-130", "-", "1e-130", kUnderflow},
      {"1.23e-129", "-", "1.2e-129", kUnderflow},
      {"9e-130", "-", "8.9e-130", kUnderflow},
      {"1e-130", "-", "1e-130", "0"},  // reference: "0.000000000000000000..."
      // Random operands, answers from DynamoDB Local.
      {"4.071050725e-130", "+", "-9e-36", kPrecision},
      {"9.9624710948314388839943937341685304746e0", "+", "5.54e-10",
       "9.9624710953854388839943937341685304746"},
      {"-1.287489454e3", "+", "-7.427910945e-1", "-1288.2322450945"},
      {"-6.395047811e118", "-", "-6.847766478e1", kPrecision},
      {"6.277933459e38", "+", "9.145446608e10", "6277933459" + R(18, '0') + "91454466080"},
      {"-5.13596208292896368e16", "+", "-5.135962082928963681e16", "-102719241658579273.61"},
      {"-2.7e-40", "-", "-4.093524417e25", kPrecision},
      {"1.909922256862383278e0", "-", "1.9099222568623832781e0", "-0." + R(18, '0') + "1"},
      {"1.13e-1", "-", "-3.5381315951797719407068203680392493563e-91", kPrecision},
      {"-1.9626382759885885393735406680834429097e22", "ADD", "1.05e3",
       "-19626382759885885392685.406680834429097"},
      {"3.707952787e-7", "ADD", "5.46e1", "54.6000003707952787"},
      {"-8.26e-2", "ADD", "1e-5", "-0.08259"},
      {"5.9467688395724614447797574883159875336e-1", "ADD", "-5.172744212e38", kPrecision},
      {"7.395180923e-124", "ADD", "2.9e71", kPrecision},
      {"6e34", "+", "7.4883373023790855220579247027282720154e3", kPrecision},
      {"-6.013309240956891595e104", "+", "-6.0133092409568915951e104",
       "-120266184819137831901" + R(85, '0')},
      {"8e91", "ADD", "-9.83737991083842088e3", kPrecision},
      {"-8.61e0", "+", "-4e-59", kPrecision},
      {"9.63e6", "+", "9.631e6", "19261000"},
      {"-7.771179368592724174e-2", "ADD", "-3.076489423400974013701715063015699082e97", kPrecision},
      {"-2e3", "-", "-2.77e49", kPrecision},
      {"-5.5e86", "-", "3e0", kPrecision},
      {"-3e-1", "-", "7.5829692610845374650411437673157655107e-18", kPrecision},
      {"-1e-3", "ADD", "5.67759506979619935e-13", "-0.000999999999432240493020380065"},
      {"4.15e-1", "ADD", "-1.85001727e28", "-185001726" + R(20, '9') + ".585"},
      {"7.1e-1", "+", "5e2", "500.71"},
      {"5.230694041e-40", "+", "8.5876318552675052518211872246260091295e-40", kPrecision},
      {"7.68619657526022824e-38", "+", "5.5488952498546933985774072298420575335e23", kPrecision},
      {"9.6721773875518063482930479842257597701e3", "ADD", "4.12109017e0",
       "9676.2984777218063482930479842257597701"},
      {"7.58e18", "-", "3.294111536e1", "757" + R(14, '9') + "67.05888464"},
      {"-7.270893554e1", "-", "-9.017365731e-19", "-72.70893553" + R(10, '9') + "0982634269"},
      {"-5.749382689459408078e20", "-", "-1.2694721048907369299089036718072005093e-95", kPrecision},
      {"6.18e40", "+", "6.181e40", "12361" + R(37, '0')},
      {"-7.269502501579372234e-20", "+", "-4.27e-1", "-0.427" + R(16, '0') + "7269502501579372234"},
      {"7.519345442e3", "-", "7.5193454421e3", "-0.0000001"},
      {"-1.598681341e9", "+", "-1.5986813411e9", "-3197362682.1"},
      {"-4.36840513e3", "ADD", "8.401665836e37", kPrecision},
      {"1e63", "-", "-2.085529092e-24", kPrecision},
      {"5.573887741e40", "ADD", "-2.8470143606865230306811588932896781567e2", kPrecision},
      {"4.64e-1", "-", "-3.51e1", "35.564"},
  };
}

Result<Number> Apply(const Number& a, const std::string& op, const Number& b) {
  return op == "-" ? Number::Subtract(a, b) : Number::Add(a, b);
}

TEST(NumberArithmeticTest, MatchesDynamoDBLocal) {
  for (const ArithCase& c : ArithCases()) {
    SCOPED_TRACE(c.a + " " + c.op + " " + c.b);
    Result<Number> a = Number::Parse(c.a);
    Result<Number> b = Number::Parse(c.b);
    ASSERT_TRUE(a.ok() && b.ok());
    ExpectOutcome(Apply(*a, c.op, *b), c.want);
  }
}

TEST(NumberTest, DefaultIsZero) {
  Number zero;
  EXPECT_TRUE(zero.is_zero());
  EXPECT_FALSE(zero.negative());
  EXPECT_EQ(zero.ToString(), "0");
  EXPECT_TRUE(zero == *Number::Parse("-0.000"));
  EXPECT_FALSE(Number::Parse("-0")->negative());
}

TEST(NumberTest, AppendToAppends) {
  std::string out = "x=";
  Number::Parse("-1.50")->AppendTo(&out);
  EXPECT_EQ(out, "x=-1.5");
}

TEST(NumberTest, FromInt64) {
  const std::vector<std::pair<int64_t, std::string>> cases = {
      {0, "0"},
      {1, "1"},
      {-1, "-1"},
      {100, "100"},
      {-1200, "-1200"},
      {1000000000000000000, "1000000000000000000"},
      {std::numeric_limits<int64_t>::max(), "9223372036854775807"},
      {std::numeric_limits<int64_t>::min(), "-9223372036854775808"},
  };
  for (const auto& [v, want] : cases) {
    Number n = Number::FromInt64(v);
    EXPECT_EQ(n.ToString(), want);
    EXPECT_TRUE(n == *Number::Parse(want));
    EXPECT_EQ(n.negative(), v < 0);
  }
  std::mt19937_64 rng(5);
  for (int i = 0; i < 2000; ++i) {
    const int64_t v = static_cast<int64_t>(rng()) >> (rng() % 64);
    const Number n = Number::FromInt64(v);
    const Number parsed = *Number::Parse(std::to_string(v));
    ASSERT_EQ(n.ToString(), std::to_string(v));
    std::string e1, e2;
    n.EncodeOrdered(&e1);
    parsed.EncodeOrdered(&e2);
    ASSERT_EQ(e1, e2) << v;
  }
}

// Ascending; each group holds spellings of one value.
const std::vector<std::vector<std::string>> kSorted = {
    {"-9.9999999999999999999999999999999999999e125"},
    {"-1e125", "-" + R(1, '1') + R(125, '0')},
    {"-1e124"},
    {"-12345678901234567890123456789012345678"},
    {"-1234567890123456789012345678901234567"},
    {"-100", "-1e2", "-100.000"},
    {"-99.5"},
    {"-10"},
    {"-9"},
    {"-1.5"},
    {"-1", "-1.0", "-10e-1", "-0.1e1"},
    {"-0.99999999999999999999999999999999999999"},
    {"-0.5"},
    {"-1.1e-130"},
    {"-1e-130"},
    {"0", "-0", "0.0", "0e10"},
    {"1e-130"},
    {"1.0000000000000000000000000000000000001e-130"},
    {"1.1e-130"},
    {"2e-130"},
    {"1e-129"},
    {"0.1", "0.10", ".1", "1e-1"},
    {"0.10000000000000000000000000000000000001"},
    {"0.2"},
    {"0.99999999999999999999999999999999999999"},
    {"1", "1.0", "10e-1", "0.1e1", "+1"},
    {"1.0000000000000000000000000000000000001"},
    {"1.5"},
    {"9"},
    {"9.99"},
    {"10"},
    {"11"},
    {"99.5"},
    {"100"},
    {"101"},
    {"1234567890123456789012345678901234567"},
    {"12345678901234567890123456789012345678"},
    {"99999999999999999999999999999999999999"},
    {"1e38", "1" + R(38, '0')},
    {"1.0000000000000000000000000000000000001e38"},
    {"1e124"},
    {"1e125"},
    {"9.9999999999999999999999999999999999998e125"},
    {"9.9999999999999999999999999999999999999e125"},
};

TEST(NumberCompareTest, SortedTable) {
  std::vector<std::pair<int, Number>> all;
  for (size_t g = 0; g < kSorted.size(); ++g) {
    for (const std::string& text : kSorted[g]) {
      Result<Number> n = Number::Parse(text);
      ASSERT_TRUE(n.ok()) << text;
      all.emplace_back(static_cast<int>(g), *n);
    }
  }
  for (const auto& [ga, a] : all) {
    for (const auto& [gb, b] : all) {
      const int want = ga < gb ? -1 : (ga > gb ? 1 : 0);
      ASSERT_EQ(a.Compare(b), want) << a.ToString() << " vs " << b.ToString();
      ASSERT_EQ(a == b, want == 0);
      ASSERT_EQ(a < b, want < 0);
      std::string ea, eb;
      a.EncodeOrdered(&ea);
      b.EncodeOrdered(&eb);
      const int order = ea.compare(eb);
      ASSERT_EQ(order < 0 ? -1 : (order > 0 ? 1 : 0), want)
          << a.ToString() << " vs " << b.ToString();
    }
  }
}

// ---- An independent exact decimal, to check Compare and arithmetic -----------

// digit[i] is the digit of 10^(i - kBias); wide enough for any sum of two
// DynamoDB numbers.
struct Fixed {
  static constexpr int kBias = 200;
  static constexpr int kSize = 420;
  bool negative = false;
  std::array<int8_t, kSize> digit{};
};

// From canonical plain text ("-12.5").
Fixed ToFixed(const std::string& text) {
  Fixed f;
  size_t i = 0;
  if (text[0] == '-') {
    f.negative = true;
    i = 1;
  }
  const size_t point = std::min(text.find('.'), text.size());
  for (size_t k = i; k < point; ++k) f.digit[Fixed::kBias + (point - 1 - k)] = text[k] - '0';
  for (size_t k = point + 1; k < text.size(); ++k) {
    f.digit[Fixed::kBias - static_cast<int>(k - point)] = text[k] - '0';
  }
  return f;
}

int CompareMagnitude(const Fixed& a, const Fixed& b) {
  for (int i = Fixed::kSize - 1; i >= 0; --i) {
    if (a.digit[i] != b.digit[i]) return a.digit[i] < b.digit[i] ? -1 : 1;
  }
  return 0;
}

bool IsZero(const Fixed& a) {
  return std::all_of(a.digit.begin(), a.digit.end(), [](int8_t d) { return d == 0; });
}

int CompareFixed(const Fixed& a, const Fixed& b) {
  const int sa = IsZero(a) ? 0 : (a.negative ? -1 : 1);
  const int sb = IsZero(b) ? 0 : (b.negative ? -1 : 1);
  if (sa != sb) return sa < sb ? -1 : 1;
  return sa * CompareMagnitude(a, b);
}

Fixed AddFixed(const Fixed& a, const Fixed& b) {
  Fixed r;
  if (a.negative == b.negative) {
    r.negative = a.negative;
    int carry = 0;
    for (int i = 0; i < Fixed::kSize; ++i) {
      const int s = a.digit[i] + b.digit[i] + carry;
      r.digit[i] = s % 10;
      carry = s / 10;
    }
    return r;
  }
  const bool a_bigger = CompareMagnitude(a, b) >= 0;
  const Fixed& big = a_bigger ? a : b;
  const Fixed& small = a_bigger ? b : a;
  r.negative = big.negative;
  int borrow = 0;
  for (int i = 0; i < Fixed::kSize; ++i) {
    int s = big.digit[i] - small.digit[i] - borrow;
    borrow = s < 0;
    r.digit[i] = s + 10 * borrow;
  }
  return r;
}

// DynamoDB's answer for an exact value: canonical text or the error.
std::string Expected(const Fixed& f) {
  int hi = Fixed::kSize - 1;
  while (hi >= 0 && f.digit[hi] == 0) --hi;
  if (hi < 0) return "0";
  int lo = 0;
  while (f.digit[lo] == 0) ++lo;
  if (hi - lo + 1 > Number::kMaxDigits) return kPrecision;
  if (hi - Fixed::kBias > 125) return kOverflow;
  if (hi - Fixed::kBias < -130) return kUnderflow;
  std::string s = f.negative ? "-" : "";
  for (int i = std::max(hi, Fixed::kBias); i >= Fixed::kBias; --i) s.push_back('0' + f.digit[i]);
  if (lo < Fixed::kBias) {
    s.push_back('.');
    for (int i = Fixed::kBias - 1; i >= lo; --i) s.push_back('0' + f.digit[i]);
  }
  return s;
}

// ---- Random numbers ---------------------------------------------------------

// A nonzero number by its parts: digits has no leading or trailing zero,
// adjusted is the exponent of the first digit.
struct Spec {
  bool negative = false;
  std::string digits;
  int adjusted = 0;
  bool zero = false;
};

std::string Text(const Spec& s) {
  if (s.zero) return "0";
  return (s.negative ? "-" : "") + s.digits.substr(0, 1) + "." + s.digits.substr(1) + "e" +
         std::to_string(s.adjusted);
}

int Uniform(std::mt19937_64& rng, int lo, int hi) {
  return std::uniform_int_distribution<int>(lo, hi)(rng);
}

char NonzeroDigit(std::mt19937_64& rng) { return static_cast<char>('1' + Uniform(rng, 0, 8)); }

Spec RandomSpec(std::mt19937_64& rng) {
  Spec s;
  if (Uniform(rng, 0, 19) == 0) {
    s.zero = true;
    return s;
  }
  s.negative = Uniform(rng, 0, 1) == 1;
  const int len = Uniform(rng, 0, 2) == 0 ? Uniform(rng, 1, 3) : Uniform(rng, 1, 38);
  s.digits.push_back(NonzeroDigit(rng));
  for (int i = 1; i < len - 1; ++i) s.digits.push_back(static_cast<char>('0' + Uniform(rng, 0, 9)));
  if (len > 1) s.digits.push_back(NonzeroDigit(rng));
  s.adjusted = Uniform(rng, 0, 2) == 0 ? Uniform(rng, -130, 125) : Uniform(rng, -3, 3);
  return s;
}

// A number near s: same, negated, one digit changed, longer, shorter, or
// shifted by one decade.
Spec Near(Spec s, std::mt19937_64& rng) {
  if (s.zero) return RandomSpec(rng);
  switch (Uniform(rng, 0, 5)) {
    case 0:
      break;
    case 1:
      s.negative = !s.negative;
      break;
    case 2: {
      const int i = Uniform(rng, 0, static_cast<int>(s.digits.size()) - 1);
      const bool edge = i == 0 || i + 1 == static_cast<int>(s.digits.size());
      s.digits[i] = edge ? NonzeroDigit(rng) : static_cast<char>('0' + Uniform(rng, 0, 9));
      break;
    }
    case 3:
      if (s.digits.size() < 38) s.digits.push_back(NonzeroDigit(rng));
      break;
    case 4:
      if (s.digits.size() > 1) s.digits.pop_back();
      while (s.digits.back() == '0') s.digits.pop_back();
      break;
    default:
      s.adjusted = std::clamp(s.adjusted + Uniform(rng, -1, 1), -130, 125);
      break;
  }
  return s;
}

struct Pair {
  Number a, b;
};

std::vector<Pair> RandomPairs(uint64_t seed, int count) {
  std::mt19937_64 rng(seed);
  std::vector<Pair> pairs;
  for (int i = 0; i < count; ++i) {
    const Spec sa = RandomSpec(rng);
    const Spec sb = Uniform(rng, 0, 1) == 0 ? RandomSpec(rng) : Near(sa, rng);
    Result<Number> a = Number::Parse(Text(sa));
    Result<Number> b = Number::Parse(Text(sb));
    EXPECT_TRUE(a.ok() && b.ok()) << Text(sa) << " " << Text(sb);
    pairs.push_back({*a, *b});
  }
  return pairs;
}

TEST(NumberCompareTest, RandomPairsMatchExactDecimal) {
  for (const Pair& p : RandomPairs(1, 20000)) {
    const int want = CompareFixed(ToFixed(p.a.ToString()), ToFixed(p.b.ToString()));
    ASSERT_EQ(p.a.Compare(p.b), want) << p.a.ToString() << " vs " << p.b.ToString();
    ASSERT_EQ(p.b.Compare(p.a), -want);
  }
}

TEST(NumberArithmeticTest, RandomPairsMatchExactDecimal) {
  for (const Pair& p : RandomPairs(2, 20000)) {
    const Fixed fa = ToFixed(p.a.ToString());
    Fixed fb = ToFixed(p.b.ToString());
    SCOPED_TRACE(p.a.ToString() + " and " + p.b.ToString());
    ExpectOutcome(Number::Add(p.a, p.b), Expected(AddFixed(fa, fb)));
    ExpectOutcome(Number::Add(p.b, p.a), Expected(AddFixed(fa, fb)));
    fb.negative = !fb.negative;
    ExpectOutcome(Number::Subtract(p.a, p.b), Expected(AddFixed(fa, fb)));
    if (HasFatalFailure() || HasNonfatalFailure()) return;
  }
}

// ---- Ordered encoding ---------------------------------------------------------

std::string Hex(const std::string& bytes) {
  static const char kDigits[] = "0123456789ABCDEF";
  std::string s;
  for (unsigned char c : bytes) {
    if (!s.empty()) s.push_back(' ');
    s.push_back(kDigits[c >> 4]);
    s.push_back(kDigits[c & 15]);
  }
  return s;
}

std::string Encode(const Number& n) {
  std::string out;
  n.EncodeOrdered(&out);
  return out;
}

TEST(NumberEncodingTest, DocumentedExamples) {
  const std::vector<std::pair<std::string, std::string>> cases = {
      {"0", "02"},
      {"1", "03 82 14"},
      {"-1", "01 7D EB"},
      {"123", "03 84 19 3C"},
      {"1e-130", "03 00 14"},
      {"9.9e125", "03 FF C6"},
      {"-9.9e125", "01 00 39"},
      {"0.05", "03 80 64"},
      {R(38, '9'), "03 A7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C7 C6"},
  };
  for (const auto& [text, hex] : cases) EXPECT_EQ(Hex(Encode(*Number::Parse(text))), hex) << text;
}

TEST(NumberEncodingTest, RandomPairsOrderAndRoundTrip) {
  std::mt19937_64 rng(3);
  size_t longest = 0;
  for (const Pair& p : RandomPairs(4, 20000)) {
    const std::string ea = Encode(p.a);
    const std::string eb = Encode(p.b);
    longest = std::max(longest, ea.size());
    const int order = ea.compare(eb);
    ASSERT_EQ(order < 0 ? -1 : (order > 0 ? 1 : 0), p.a.Compare(p.b))
        << p.a.ToString() << " vs " << p.b.ToString();

    // Arbitrary bytes after the encoding neither change the order of
    // different values nor the decoded value, and are left in place.
    std::string suffix_a, suffix_b;
    for (int i = Uniform(rng, 0, 8); i > 0; --i) suffix_a.push_back(static_cast<char>(rng()));
    for (int i = Uniform(rng, 0, 8); i > 0; --i) suffix_b.push_back(static_cast<char>(rng()));
    if (p.a.Compare(p.b) != 0) {
      const int with_suffix = (ea + suffix_a).compare(eb + suffix_b);
      ASSERT_EQ(with_suffix < 0, order < 0);
    }
    const std::string key = ea + suffix_a;
    std::string_view in = key;
    Number decoded = Number::FromInt64(42);
    ASSERT_TRUE(Number::DecodeOrdered(&in, &decoded)) << Hex(key);
    ASSERT_EQ(decoded.ToString(), p.a.ToString());
    ASSERT_TRUE(decoded == p.a);
    ASSERT_EQ(std::string(in), suffix_a);
    ASSERT_EQ(Encode(decoded), ea);
  }
  EXPECT_LE(longest, 21u);
}

TEST(NumberEncodingTest, EveryStrictPrefixIsRejected) {
  for (const Pair& p : RandomPairs(6, 2000)) {
    const std::string e = Encode(p.a);
    for (size_t len = 0; len < e.size(); ++len) {
      std::string_view in(e.data(), len);
      Number n;
      ASSERT_FALSE(Number::DecodeOrdered(&in, &n)) << Hex(e) << " cut at " << len;
      ASSERT_EQ(in.size(), len);  // untouched on failure
    }
  }
}

TEST(NumberEncodingTest, RejectsMalformedInput) {
  const std::vector<std::string> bad = {
      std::string(),
      std::string("\x00", 1),
      "\x04",
      "\xFF\x82\x14",
      "\x03\x82\x15",                                 // no final pair byte
      "\x03\x82\x12",                                 // leading digit 0 (pair 09)
      "\x03\x82\x15\x00",                             // final pair 00
      "\x03\x82\xC8",                                 // pair 100
      "\x01\x7D\x14",                                 // negative with a positive's digit byte
      "\x03\x82" + std::string(19, '\x15') + "\x14",  // 40 digits
  };
  for (const std::string& key : bad) {
    std::string_view in = key;
    Number n = Number::FromInt64(7);
    EXPECT_FALSE(Number::DecodeOrdered(&in, &n)) << Hex(key);
    EXPECT_EQ(in.size(), key.size());
  }
}

TEST(NumberTest, HotPathsDoNotAllocate) {
  const Number a = *Number::Parse("-12345678901234567890.123456789012345678");
  const Number b = *Number::Parse("98765.4321e-100");
  const Number c = *Number::Parse("0.5");
  std::string buf;
  buf.reserve(64);
  long sink = 0;
  const long before = g_allocations.load();
  for (int i = 0; i < 100; ++i) {
    sink += a.Compare(b) + b.Compare(c) + (a == c) + (b < a);
    Result<Number> sum = Number::Add(c, c);
    Result<Number> diff = Number::Subtract(a, c);
    sink += sum.ok() + diff.ok();
    buf.clear();
    a.EncodeOrdered(&buf);
    std::string_view in = buf;
    Number decoded;
    sink += Number::DecodeOrdered(&in, &decoded);
    Result<Number> parsed = Number::Parse("-1.25e-7");
    sink += parsed.ok();
  }
  EXPECT_EQ(g_allocations.load() - before, 0);
  EXPECT_GT(sink, 0);
}

}  // namespace
}  // namespace riptide
