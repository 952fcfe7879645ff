#pragma once

// Pieces shared by the operations: table lookup, primary-key validation,
// ReturnConsumedCapacity, and the wording DynamoDB uses for them.

#include <initializer_list>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "api/operation.h"
#include "expr/expression.h"
#include "index/index_entries.h"
#include "model/attribute_value.h"
#include "model/table_schema.h"

namespace riptide {

// DynamoDB's one message for every malformed table name.
inline constexpr std::string_view kInvalidTableName =
    "Invalid table/index name.  Table/index names must be between 3 and 255 characters long, "
    "and may contain only the characters a-z, A-Z, 0-9, '_', '-', and '.'";
inline constexpr std::string_view kTableNotFound = "Cannot do operations on a non-existent table";

bool IsValidTableName(std::string_view name);

// Reads TableName from the request, validates it and looks the table up:
// ValidationException for a bad name, ResourceNotFoundException when absent.
Status ResolveTable(const Request& req, std::shared_ptr<const TableInfo>* table);
// The same for a table name taken from elsewhere in the request.
Status ResolveTableName(const Request& req, std::string_view name,
                        std::shared_ptr<const TableInfo>* table);

// The primary key of an item.
struct PrimaryKey {
  const AttributeValue* hash = nullptr;
  const AttributeValue* range = nullptr;  // nullptr for tables without a sort key
};

// Validates a Key parameter (GetItem, DeleteItem, BatchGetItem, ...): exactly
// the table's key attributes, of the right types, not empty, within the key
// size limits.
Status ValidateKey(const TableInfo& table, const AttributeMap& key, PrimaryKey* out);
// Validates the key attributes of a whole item (PutItem).
Status ValidateItemKey(const TableInfo& table, const Item& item, PrimaryKey* out);
// The storage key of an item with this primary key.
std::string StorageKey(const TableInfo& table, const PrimaryKey& key);
// The item made of just the key attributes.
Item KeyItem(const TableInfo& table, const PrimaryKey& key);

// ReturnConsumedCapacity.
enum class CapacityMode { kNone, kTotal, kIndexes };
Status ReadCapacityMode(const JsonElement& body, CapacityMode* mode);

// Capacity units DynamoDB charges: reads per 4 KB (halved when eventually
// consistent), writes per 1 KB; at least one unit.
double ReadUnits(size_t bytes, bool consistent);
double WriteUnits(size_t bytes);

// Writes a capacity number as DynamoDB does ("1.0", "0.5").
void WriteUnitsValue(JsonWriter* w, double units);
// Writes one ConsumedCapacity object:
// {"TableName":t,"CapacityUnits":u[,"Table":{"CapacityUnits":u}]}.
void WriteConsumedCapacity(JsonWriter* w, std::string_view table, double units, CapacityMode mode);

// What a request consumed, split between the table and its indexes.
struct CapacityUse {
  double table = 0;
  std::map<std::string, double> global_indexes;  // by index name
  std::map<std::string, double> local_indexes;
  double total() const;
};
// Adds the index units of one item write.
void AddIndexWrites(const TableInfo& table, const std::vector<index::IndexWrite>& writes,
                    CapacityUse* use);
// Writes one ConsumedCapacity object with the total, and with INDEXES the
// split: "Table" and the GlobalSecondaryIndexes/LocalSecondaryIndexes maps
// (absent when empty).
void WriteCapacityUse(JsonWriter* w, std::string_view table, const CapacityUse& use,
                      CapacityMode mode);

// ReturnItemCollectionMetrics: true for SIZE.
Status ReadCollectionMetrics(const JsonElement& body, bool* size);
// Writes {"ItemCollectionKey":{pk},"SizeEstimateRangeGB":[low,high]}.
void WriteCollectionMetrics(JsonWriter* w, const TableInfo& table, const AttributeValue& pk,
                            int64_t bytes);

// ReturnValues for PutItem/DeleteItem: NONE or ALL_OLD.
enum class ReturnValues { kNone, kAllOld, kUpdatedOld, kAllNew, kUpdatedNew };
Status ReadReturnValues(const JsonElement& body, ReturnValues* out);

// AttributesToGet (GetItem, BatchGetItem): nullopt when absent. DynamoDB
// refuses an empty list and duplicate names.
// `batch` selects BatchGetItem's wording for duplicates.
Status ReadAttributesToGet(const JsonElement& body, std::optional<std::vector<std::string>>* out,
                           bool batch = false);
// ProjectionExpression (parsed in `ctx`) or AttributesToGet, as one
// projection; nullopt when the request has neither. `batch` as above.
Status ReadProjection(const JsonElement& body, expr::ExpressionContext* ctx,
                      std::optional<expr::ProjectionExpression>* out, bool batch);
// Writes a stored item, projected when a projection is given.
Status WriteReadItem(JsonWriter* w, std::string_view stored,
                     const std::optional<expr::ProjectionExpression>& projection);
// The Key parameter of GetItem, DeleteItem and UpdateItem, validated.
Status ReadKey(const Request& req, const TableInfo& table, AttributeMap* key, PrimaryKey* pk);
// The old item of a write, under ReturnValues ALL_OLD: "Attributes".
struct ItemWrite;
void WriteOldAttributes(JsonWriter* w, const ItemWrite& write);
// After a single-item write: ConsumedCapacity (when asked) and
// ItemCollectionMetrics (when asked and the table has local indexes).
void WriteWriteOutcome(JsonWriter* w, const TableInfo& table, const ItemWrite& write,
                       CapacityMode capacity, bool metrics);

}  // namespace riptide
