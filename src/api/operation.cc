#include "api/operation.h"

#include <utility>

#include "api/shapes.h"
#include "model/json_value.h"

namespace riptide {

namespace {

struct OperationEntry {
  std::string_view name;
  OperationFn fn;
  const Shape* input;
};

// The dispatch table. Operations not listed here answer
// UnknownOperationException: nothing is accepted and ignored.
const OperationEntry kOperations[] = {
    {"BatchGetItem", BatchGetItem, &kBatchGetItemInput},
    {"BatchWriteItem", BatchWriteItem, &kBatchWriteItemInput},
    {"CreateTable", CreateTable, &kCreateTableInput},
    {"DeleteItem", DeleteItem, &kDeleteItemInput},
    {"DeleteTable", DeleteTable, &kDeleteTableInput},
    {"DescribeTable", DescribeTable, &kDescribeTableInput},
    {"GetItem", GetItem, &kGetItemInput},
    {"ListTables", ListTables, &kListTablesInput},
    {"PutItem", PutItem, &kPutItemInput},
    {"Query", Query, &kQueryInput},
    {"Scan", Scan, &kScanInput},
    {"UpdateItem", UpdateItem, &kUpdateItemInput},
    {"UpdateTable", UpdateTable, &kUpdateTableInput},
};

const OperationEntry* FindEntry(std::string_view name) {
  for (const auto& entry : kOperations) {
    if (entry.name == name) return &entry;
  }
  return nullptr;
}

}  // namespace

OperationFn FindOperation(std::string_view name) {
  const OperationEntry* entry = FindEntry(name);
  return entry ? entry->fn : nullptr;
}

Status ExecuteOperation(Database* db, std::string_view operation, std::string_view body,
                        std::string* out) {
  const OperationEntry* entry = FindEntry(operation);
  if (!entry) return Status::UnknownOperation();

  // One parser per event-loop thread: its buffers are reused across requests.
  thread_local simdjson::dom::parser parser;
  JsonElement root;
  auto error = parser.parse(body.data(), body.size()).get(root);
  if (error) {
    return Status::Serialization(std::string("Malformed JSON: ") + simdjson::error_message(error));
  }
  if (!root.is_object()) return JsonTypeMismatch(root, entry->input->name);
  // Deserialisation comes first in DynamoDB: a member of the wrong JSON type
  // is refused before any validation or table lookup.
  RIPTIDE_RETURN_IF_ERROR(CheckShape(root, *entry->input));
  JsonWriter writer(out);
  Request req{db, &root, &writer, db->clock().NowMillis()};
  Status st = entry->fn(req);
  if (!st.ok()) out->clear();
  return st;
}

}  // namespace riptide
