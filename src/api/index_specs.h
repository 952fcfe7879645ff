#pragma once

// Secondary index definitions in the control plane: reading
// GlobalSecondaryIndexes/LocalSecondaryIndexes (CreateTable) and
// GlobalSecondaryIndexUpdates (UpdateTable) with DynamoDB's validation, and
// describing indexes in a TableDescription.

#include "api/operation.h"
#include "model/table_schema.h"

namespace riptide {

// Reads CreateTable's index definitions into info->indexes. Key attribute
// types are resolved afterwards by BindIndexKeyTypes.
Status ReadIndexDefinitions(const JsonElement& body, TableInfo* info);

// Resolves index key attribute types from info->attribute_definitions.
Status BindIndexKeyTypes(TableInfo* info);

// Every attribute name used by the table's key schema or an index's.
std::vector<std::string> KeyAttributeNames(const TableInfo& info);

// Reads one GSI definition (CreateTable's list, or UpdateTable's Create).
Status ReadGlobalIndex(const JsonElement& spec, const TableInfo& table, IndexInfo* out);

// Appends "LocalSecondaryIndexes" and "GlobalSecondaryIndexes" members to
// an open TableDescription object.
void WriteIndexDescriptions(Request& req, const TableInfo& table);

// UpdateTable's GlobalSecondaryIndexUpdates: one Create, Delete or Update.
// Applies it to `updated` (a copy of the table's descriptor).
Status ApplyGlobalIndexUpdates(Request& req, const JsonElement& body, const JsonElement& updates,
                               TableInfo* updated, bool* creates_index);

}  // namespace riptide
