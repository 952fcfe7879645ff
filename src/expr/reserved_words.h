#pragma once

#include <string_view>

namespace riptide::expr {

// True when `word` (an identifier from an expression) is one of DynamoDB's
// reserved words, compared case-insensitively. A reserved word used as a
// bare attribute name is DynamoDB's "Attribute name is a reserved keyword".
bool IsReservedWord(std::string_view word);

}  // namespace riptide::expr
