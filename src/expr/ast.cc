#include "expr/ast.h"

namespace riptide::expr {

namespace {
struct FunctionEntry {
  std::string_view name;
  Function function;
};
constexpr FunctionEntry kFunctions[] = {
    {"attribute_exists", Function::kAttributeExists},
    {"attribute_not_exists", Function::kAttributeNotExists},
    {"attribute_type", Function::kAttributeType},
    {"begins_with", Function::kBeginsWith},
    {"contains", Function::kContains},
    {"size", Function::kSize},
    {"list_append", Function::kListAppend},
    {"if_not_exists", Function::kIfNotExists},
};
}  // namespace

Function FunctionByName(std::string_view name) {
  for (const FunctionEntry& f : kFunctions) {
    if (f.name == name) return f.function;
  }
  return Function::kUnknown;
}

std::string_view FunctionName(Function f) {
  for (const FunctionEntry& e : kFunctions) {
    if (e.function == f) return e.name;
  }
  return "";
}

std::string_view CompareOpText(CompareOp op) {
  switch (op) {
    case CompareOp::kEq:
      return "=";
    case CompareOp::kNe:
      return "<>";
    case CompareOp::kLt:
      return "<";
    case CompareOp::kLe:
      return "<=";
    case CompareOp::kGt:
      return ">";
    case CompareOp::kGe:
      return ">=";
  }
  return "";
}

}  // namespace riptide::expr
