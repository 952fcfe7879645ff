#pragma once

// Evaluation of resolved conditions against an item, without copying it.

#include "common/status.h"
#include "expr/ast.h"
#include "model/attribute_value.h"

namespace riptide::expr {

// The value at `path` in `item`, or nullptr when the item is absent (null)
// or the path does not lead anywhere (a missing key, an index past the end,
// a step through a value of the wrong type).
const AttributeValue* FindPath(const Item* item, const Path& path);

// Evaluates a validated condition. `item` is null when there is no item, in
// which case every path is missing. DynamoDB evaluates conditions without
// errors: comparisons across types, or of missing attributes, are false.
bool EvaluateCondition(const Condition& cond, const Item* item);

// size() of a value, or -1 when the type has no size (N, BOOL, NULL).
// Strings count UTF-16 code units, as DynamoDB does; binaries count bytes.
int64_t SizeOf(const AttributeValue& v);

}  // namespace riptide::expr
