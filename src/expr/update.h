#pragma once

// Applying a validated UpdateExpression (or converted AttributeUpdates) to
// an item.

#include <string>
#include <vector>

#include "common/status.h"
#include "expr/ast.h"
#include "model/attribute_value.h"

namespace riptide::expr {

// The error DynamoDB gives when an update writes a key attribute:
// "One or more parameter values were invalid: Cannot update attribute pk.
// This attribute is part of the key". OK when no action touches them.
Status CheckKeyAttributesUntouched(const UpdateExpression& update,
                                   const std::vector<std::string>& key_names);

// AttributeUpdates (UpdateExpression::from_attribute_updates): the checks
// DynamoDB makes entry by entry before applying them, in request order: an
// key attribute, an invalid entry (UpdateAction::invalid), "Type mismatch for
// attribute to update".
Status CheckAttributeUpdates(const UpdateExpression& update, const Item* old_item,
                             const std::vector<std::string>& key_names);

struct UpdateOutcome {
  // The item after the update; meaningful only when `exists`.
  Item new_item;
  // False when the item did not exist and the update only removed things
  // (REMOVE, DELETE): DynamoDB then does not create the item.
  bool exists = true;
};

// Applies `update` to `old_item` (null when there is no item, in which case
// the item starts as `key`). Every value on a right-hand side is read from
// the old item, so "SET a = b, b = a" swaps. Runtime errors, as DynamoDB
// words them:
//   The provided expression refers to an attribute that does not exist in the item
//   An operand in the update expression has an incorrect data type
//   The document path provided in the update expression is invalid for update
//   and the Number errors of + and - and ADD (precision, overflow, underflow).
// (AttributeUpdates say "Type mismatch for attribute to update" instead of
// "An operand in the update expression has an incorrect data type".)
Result<UpdateOutcome> ApplyActions(const UpdateExpression& update, const Item* old_item,
                                   const Item& key);

// The paths every action writes, for UPDATED_OLD / UPDATED_NEW.
std::vector<const Path*> UpdatedPaths(const UpdateExpression& update);

}  // namespace riptide::expr
