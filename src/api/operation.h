#pragma once

// Operations: one function per DynamoDB operation, registered by name.
//
// Every operation receives the request's parsed JSON object and appends its
// response JSON to `out`. Validation failures and DynamoDB errors are
// returned as a Status; the server turns them into DynamoDB's error body.

#include <string>
#include <string_view>

#include "api/database.h"
#include "api/json_reader.h"
#include "common/json_writer.h"
#include "common/status.h"

namespace riptide {

struct Request {
  Database* db;
  const JsonElement* body;  // the request's JSON object
  JsonWriter* out;          // the response body
  int64_t now_ms;           // the request's time, from the Database's clock
};

using OperationFn = Status (*)(Request& req);

// The operation registered under `name` (the part after
// "DynamoDB_20120810."), or nullptr.
OperationFn FindOperation(std::string_view name);

// Parses `body` as JSON and runs the operation. On success *out holds the
// response body; on failure the returned Status is the DynamoDB error.
Status ExecuteOperation(Database* db, std::string_view operation, std::string_view body,
                        std::string* out);

// The operations, grouped by file.
// table_ops.cc
Status CreateTable(Request& req);
Status DescribeTable(Request& req);
Status ListTables(Request& req);
Status DeleteTable(Request& req);
Status UpdateTable(Request& req);
// item_ops.cc
Status PutItem(Request& req);
Status GetItem(Request& req);
Status DeleteItem(Request& req);
// update_item.cc
Status UpdateItem(Request& req);
// batch_ops.cc
Status BatchGetItem(Request& req);
Status BatchWriteItem(Request& req);
// query_ops.cc
Status Query(Request& req);
Status Scan(Request& req);

}  // namespace riptide
