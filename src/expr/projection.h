#pragma once

// Projection of an item on document paths: ProjectionExpression, and the
// UPDATED_OLD / UPDATED_NEW return values of UpdateItem.

#include <vector>

#include "expr/ast.h"
#include "model/attribute_value.h"

namespace riptide::expr {

// The parts of `item` that `paths` select, nested as in the item: map keys
// keep only the selected members, lists keep only the selected elements in
// index order ("a.c[2], a.c[0]" gives {"a": {"c": [c0, c2]}}). Paths that do
// not exist in the item contribute nothing. `paths` must be disjoint
// (validated expressions are). A null `item` gives an empty map.
Item ProjectItem(const Item* item, const std::vector<const Path*>& paths);

}  // namespace riptide::expr
