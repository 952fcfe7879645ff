#pragma once

// Ordering of DynamoDB scalar values, shared by validation (BETWEEN bounds)
// and evaluation.

#include "model/attribute_value.h"

namespace riptide::expr {

// True for the types <, <=, >, >= and BETWEEN can order: N, S and B.
inline bool IsOrderedType(AttrType t) {
  return t == AttrType::kN || t == AttrType::kS || t == AttrType::kB;
}

// -1, 0 or 1 for two values of the same ordered type: numbers by value,
// strings and binaries by unsigned bytes (UTF-8 order for strings, as
// DynamoDB documents).
int CompareOrdered(const AttributeValue& a, const AttributeValue& b);

}  // namespace riptide::expr
