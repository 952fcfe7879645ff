#pragma once

// How DynamoDB prints expression pieces inside its error messages.

#include <string>
#include <string_view>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace riptide::expr {

// "[a, b, [1]]": names as resolved, indexes in brackets.
std::string FormatPath(const Path& path);

// "AttributeValue: {N:5}", "AttributeValue: {S:x}", or for binaries
// "AttributeValue: {B:java.nio.HeapByteBuffer[pos=0 lim=2 cap=2]}" (the
// Java object's toString, which DynamoDB prints as it is).
std::string FormatBoundValue(const AttributeValue& v);

// The long type names of ADD/DELETE operand errors: STRING, NUMBER, BINARY,
// BOOLEAN, NULL, LIST, MAP, STRING_SET, NUMBER_SET, BINARY_SET.
std::string_view LongTypeName(AttrType t);

// What DynamoDB prints as the operand type of a document path (any type):
// "{DOUBLESET,FLOAT,...}".
std::string_view AnyTypeSetText();

}  // namespace riptide::expr
