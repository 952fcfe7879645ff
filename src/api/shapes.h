#pragma once

// Request shapes: the JSON types of every member of every operation's input,
// checked before anything else runs.
//
// DynamoDB deserialises a request into its typed input structure before it
// looks at a single value: a member of the wrong JSON type ("Key": "x",
// {"N": 5}, bad base64 in a B) is a SerializationException even when the
// table does not exist. We do the same with one walk over the parsed body
// against a declarative description of the operation's input. Unknown
// members are ignored and JSON null counts as absent, as in DynamoDB.

#include <span>
#include <string_view>

#include "api/json_reader.h"
#include "common/status.h"

namespace riptide {

enum class ShapeKind : unsigned char {
  kString,
  kBoolean,
  kInteger,
  kLong,
  kDouble,
  kStructure,
  kList,
  kMap,             // object with string keys; values of `element`
  kAttributeValue,  // DynamoDB's AttributeValue union
};

struct Shape;

struct ShapeMember {
  std::string_view name;
  const Shape* shape;
};

struct Shape {
  ShapeKind kind;
  // Coral's name of the type, used in mismatch messages ("String", "Map").
  std::string_view name;
  std::span<const ShapeMember> members = {};  // kStructure
  const Shape* element = nullptr;             // kList, kMap
};

// SerializationException when `value` does not have `shape`.
Status CheckShape(const JsonElement& value, const Shape& shape);

// The input shapes of the operations (shapes.cc).
extern const Shape kCreateTableInput;
extern const Shape kDescribeTableInput;
extern const Shape kListTablesInput;
extern const Shape kDeleteTableInput;
extern const Shape kUpdateTableInput;
extern const Shape kPutItemInput;
extern const Shape kGetItemInput;
extern const Shape kDeleteItemInput;
extern const Shape kUpdateItemInput;
extern const Shape kBatchGetItemInput;
extern const Shape kBatchWriteItemInput;
extern const Shape kQueryInput;
extern const Shape kScanInput;

}  // namespace riptide
