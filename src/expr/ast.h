#pragma once

// The expression AST shared by condition, filter, key-condition, update and
// projection expressions (STYLE.md: "Expressions are a typed pipeline").
//
// The parser builds these nodes with names and values still unresolved
// (`#n`, `:v` kept as text); validation (validate.h) resolves them against
// the request's ExpressionContext, fills in the resolved fields and checks
// DynamoDB's semantic rules. After a successful parse every node is resolved
// and the AST is read-only: evaluation never copies or mutates it.
//
// The tree is plain data on purpose, so that the Query layer can inspect a
// KeyConditionExpression (`pk = :v AND begins_with(sk, :p)`) by walking it.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "model/attribute_value.h"

namespace riptide::expr {

// One step of a document path: a map key (or top-level attribute name) or a
// list index.
struct PathElement {
  enum class Kind : uint8_t {
    kName,     // a bare identifier in the expression text, e.g. `a`
    kNameRef,  // an ExpressionAttributeNames reference, e.g. `#n`
    kIndex,    // a list index, e.g. `[3]`
  };
  Kind kind = Kind::kName;
  // The source text: the identifier, "#n", or the index digits.
  std::string text;
  // The attribute name after resolution (kName, kNameRef).
  std::string name;
  // The index (kIndex) once validated to fit in 31 bits.
  uint32_t index = 0;

  bool is_index() const { return kind == Kind::kIndex; }
};

struct Path {
  std::vector<PathElement> elements;

  // The top-level attribute name (elements[0] is always a name).
  const std::string& top() const { return elements.front().name; }
  size_t size() const { return elements.size(); }
};

// Functions DynamoDB knows, whatever the expression kind.
enum class Function : uint8_t {
  kUnknown,
  kAttributeExists,
  kAttributeNotExists,
  kAttributeType,
  kBeginsWith,
  kContains,
  kSize,
  kListAppend,
  kIfNotExists,
};

// Returns kUnknown for names DynamoDB does not know (names are case-sensitive).
Function FunctionByName(std::string_view name);
std::string_view FunctionName(Function f);

// A value-producing expression.
struct Operand {
  enum class Kind : uint8_t {
    kPath,      // a document path
    kValue,     // an ExpressionAttributeValues reference `:v`
    kFunction,  // size(...), if_not_exists(...), list_append(...), or a
                // condition function in a position where it is misused
    kPlus,      // args[0] + args[1] (update expressions only)
    kMinus,     // args[0] - args[1] (update expressions only)
  };
  Kind kind = Kind::kPath;
  Path path;                               // kPath
  std::string value_ref;                   // kValue: ":v"
  const AttributeValue* value = nullptr;   // kValue, once resolved; owned by the context
  Function function = Function::kUnknown;  // kFunction
  std::string function_name;               // kFunction, as written
  std::vector<Operand> args;               // kFunction, kPlus, kMinus

  bool is_path() const { return kind == Kind::kPath; }
  bool is_value() const { return kind == Kind::kValue; }
};

enum class CompareOp : uint8_t { kEq, kNe, kLt, kLe, kGt, kGe };
std::string_view CompareOpText(CompareOp op);

struct Condition {
  enum class Kind : uint8_t {
    kCompare,   // operands[0] <op> operands[1]
    kBetween,   // operands[0] BETWEEN operands[1] AND operands[2]
    kIn,        // operands[0] IN (operands[1], ...)
    kFunction,  // operands[0] is the function call (attribute_exists, ...)
    kAnd,       // children[0] AND children[1]
    kOr,        // children[0] OR children[1]
    kNot,       // NOT children[0]
  };
  Kind kind = Kind::kCompare;
  CompareOp op = CompareOp::kEq;
  std::vector<Operand> operands;
  std::vector<Condition> children;
};

// One action of an UpdateExpression.
struct UpdateAction {
  enum class Kind : uint8_t { kSet, kRemove, kAdd, kDelete };
  Kind kind = Kind::kSet;
  Path path;      // the attribute written
  Operand value;  // SET: the new value; ADD/DELETE: the `:v` operand; REMOVE: unused
  // AttributeUpdates only: why the entry is invalid. DynamoDB reports it
  // when it applies the entry, after the condition (legacy.h).
  std::string invalid;
};

struct UpdateExpression {
  // The actions in the order written.
  std::vector<UpdateAction> actions;
  // Converted from the legacy AttributeUpdates (legacy.h): its runtime type
  // error is worded differently, ADD also appends lists, and even an update
  // without actions creates the item.
  bool from_attribute_updates = false;
};

struct ProjectionExpression {
  std::vector<Path> paths;
};

}  // namespace riptide::expr
