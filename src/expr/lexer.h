#pragma once

// The expression lexer: splits expression text into DynamoDB's tokens.
//
// Token rules observed on DynamoDB (and DynamoDB Local):
//   identifier  [A-Za-z][A-Za-z0-9_]*   (AND OR NOT BETWEEN IN SET REMOVE ADD
//                                        DELETE are keywords, any case)
//   #name       '#' [A-Za-z0-9_]+        (a lone '#' is an unknown token)
//   :value      ':' [A-Za-z0-9_]+
//   number      '0' | [1-9][0-9]*        ("01" is two tokens, "0" and "1")
//   punctuation ( ) [ ] , . = <> < <= > >= + -
//   whitespace  space, \t, \r, \n only (\f, \v, NBSP are unknown tokens)
// Every other character is a one-character "unknown" token, so that the
// parser reports it as DynamoDB does: `Syntax error; token: "@"`.

#include <cstdint>
#include <string_view>
#include <vector>

namespace riptide::expr {

enum class TokenKind : uint8_t {
  kIdentifier,
  kNameRef,
  kValueRef,
  kNumber,
  kLParen,
  kRParen,
  kLBracket,
  kRBracket,
  kComma,
  kDot,
  kEq,
  kNe,
  kLt,
  kLe,
  kGt,
  kGe,
  kPlus,
  kMinus,
  kAnd,
  kOr,
  kNot,
  kBetween,
  kIn,
  kSet,
  kRemove,
  kAdd,
  kDelete,
  kUnknown,
  kEof,
};

struct Token {
  TokenKind kind;
  uint32_t begin;  // byte offsets into the expression text
  uint32_t end;
};

// Tokenizes `text` (valid UTF-8 or not: an invalid byte is an unknown token).
// The result always ends with one kEof token at text.size().
std::vector<Token> Tokenize(std::string_view text);

// Number of UTF-16 code units in `text`: DynamoDB measures expression sizes
// in Java chars.
size_t Utf16Length(std::string_view text);

}  // namespace riptide::expr
