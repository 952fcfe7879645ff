#include "expr/lexer.h"

#include <strings.h>

namespace riptide::expr {

namespace {

bool IsAlpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsWord(char c) { return IsAlpha(c) || IsDigit(c) || c == '_'; }
// DynamoDB skips only these four; \f, \v and Unicode spaces are errors.
bool IsSpace(char c) { return c == ' ' || c == '\t' || c == '\r' || c == '\n'; }

struct Keyword {
  std::string_view text;
  TokenKind kind;
};
constexpr Keyword kKeywords[] = {
    {"AND", TokenKind::kAnd},         {"OR", TokenKind::kOr},   {"NOT", TokenKind::kNot},
    {"BETWEEN", TokenKind::kBetween}, {"IN", TokenKind::kIn},   {"SET", TokenKind::kSet},
    {"REMOVE", TokenKind::kRemove},   {"ADD", TokenKind::kAdd}, {"DELETE", TokenKind::kDelete},
};

TokenKind IdentifierKind(std::string_view word) {
  for (const Keyword& k : kKeywords) {
    if (k.text.size() == word.size() && strncasecmp(k.text.data(), word.data(), word.size()) == 0) {
      return k.kind;
    }
  }
  return TokenKind::kIdentifier;
}

// Length of the UTF-8 sequence starting at text[i]; 1 for an invalid byte.
size_t CodePointLength(std::string_view text, size_t i) {
  unsigned char c = static_cast<unsigned char>(text[i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (i + n > text.size()) return 1;
  for (size_t k = 1; k < n; ++k) {
    if ((static_cast<unsigned char>(text[i + k]) & 0xC0) != 0x80) return 1;
  }
  return n;
}

// Returns the kind and length of the punctuation token at text[i], or
// kUnknown when text[i] starts none.
TokenKind Punctuation(std::string_view text, size_t i, size_t* len) {
  char c = text[i];
  char next = i + 1 < text.size() ? text[i + 1] : '\0';
  *len = 1;
  switch (c) {
    case '(':
      return TokenKind::kLParen;
    case ')':
      return TokenKind::kRParen;
    case '[':
      return TokenKind::kLBracket;
    case ']':
      return TokenKind::kRBracket;
    case ',':
      return TokenKind::kComma;
    case '.':
      return TokenKind::kDot;
    case '=':
      return TokenKind::kEq;
    case '+':
      return TokenKind::kPlus;
    case '-':
      return TokenKind::kMinus;
    case '<':
      if (next == '>') {
        *len = 2;
        return TokenKind::kNe;
      }
      if (next == '=') {
        *len = 2;
        return TokenKind::kLe;
      }
      return TokenKind::kLt;
    case '>':
      if (next == '=') {
        *len = 2;
        return TokenKind::kGe;
      }
      return TokenKind::kGt;
    default:
      return TokenKind::kUnknown;
  }
}

}  // namespace

std::vector<Token> Tokenize(std::string_view text) {
  std::vector<Token> tokens;
  tokens.reserve(text.size() / 3 + 2);
  size_t i = 0;
  while (i < text.size()) {
    char c = text[i];
    if (IsSpace(c)) {
      ++i;
      continue;
    }
    size_t start = i;
    TokenKind kind;
    if (IsAlpha(c)) {
      while (i < text.size() && IsWord(text[i])) ++i;
      kind = IdentifierKind(text.substr(start, i - start));
    } else if ((c == '#' || c == ':') && i + 1 < text.size() && IsWord(text[i + 1])) {
      ++i;
      while (i < text.size() && IsWord(text[i])) ++i;
      kind = c == '#' ? TokenKind::kNameRef : TokenKind::kValueRef;
    } else if (IsDigit(c)) {
      ++i;
      if (c != '0') {
        while (i < text.size() && IsDigit(text[i])) ++i;
      }
      kind = TokenKind::kNumber;
    } else {
      size_t len;
      kind = Punctuation(text, i, &len);
      if (kind == TokenKind::kUnknown) len = CodePointLength(text, i);
      i += len;
    }
    tokens.push_back({kind, static_cast<uint32_t>(start), static_cast<uint32_t>(i)});
  }
  tokens.push_back(
      {TokenKind::kEof, static_cast<uint32_t>(text.size()), static_cast<uint32_t>(text.size())});
  return tokens;
}

size_t Utf16Length(std::string_view text) {
  size_t units = 0;
  for (size_t i = 0; i < text.size();) {
    size_t n = CodePointLength(text, i);
    units += n == 4 ? 2 : 1;
    i += n;
  }
  return units;
}

}  // namespace riptide::expr
