// Query and Scan.

#include "api/common.h"
#include "api/expressions.h"
#include "api/key_condition.h"
#include "api/read_pager.h"
#include "expr/expression.h"
#include "expr/legacy.h"
#include "index/index_entries.h"
#include "model/item_codec.h"
#include "model/json_value.h"
#include "storage/keys.h"

namespace riptide {

namespace {

enum class Select : uint8_t { kAllAttributes, kAllProjected, kSpecific, kCount };

// What Query and Scan share: the parsed request, ready to run.
struct ReadRequest {
  std::shared_ptr<const TableInfo> table;
  const IndexInfo* index = nullptr;  // IndexName, or nullptr for the table
  Select select = Select::kAllAttributes;
  std::optional<int64_t> limit;
  bool consistent = false;
  CapacityMode capacity = CapacityMode::kNone;
  expr::ExpressionContext ctx;
  // The filter, from FilterExpression or QueryFilter/ScanFilter.
  std::optional<expr::Condition> filter;
  expr::OwnedCondition legacy_filter;
  std::optional<expr::ProjectionExpression> projection;
  std::optional<AttributeMap> exclusive_start_key;

  const expr::Condition* Filter() const {
    if (filter) return &*filter;
    return legacy_filter.has_condition ? &legacy_filter.condition : nullptr;
  }
};

// Select; when absent, SPECIFIC_ATTRIBUTES if a projection is given and
// ALL_ATTRIBUTES otherwise, as DynamoDB defaults it. *explicit_select says
// whether the request named one (only then is it checked against the
// projection parameters).
Status ReadSelect(const JsonElement& body, Select* out, bool* explicit_select) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "Select", &s));
  // An empty Select is no Select, as the reference reads it.
  *explicit_select = s && !s->empty();
  bool projection = Present(body, "ProjectionExpression") || Present(body, "AttributesToGet");
  *out = projection ? Select::kSpecific : Select::kAllAttributes;
  if (!*explicit_select) return Status::OK();
  if (*s == "ALL_ATTRIBUTES") {
    *out = Select::kAllAttributes;
  } else if (*s == "ALL_PROJECTED_ATTRIBUTES") {
    *out = Select::kAllProjected;
  } else if (*s == "SPECIFIC_ATTRIBUTES") {
    *out = Select::kSpecific;
  } else if (*s == "COUNT") {
    *out = Select::kCount;
  } else {
    return Status::Validation(
        "Select must be ALL_ATTRIBUTES, ALL_PROJECTED_ATTRIBUTES, COUNT, or SPECIFIC_ATTRIBUTES");
  }
  return Status::OK();
}

// Select against the projection parameters, with DynamoDB's messages.
Status CheckSelect(const JsonElement& body, Select select, bool has_index) {
  bool projection = Present(body, "ProjectionExpression");
  bool attributes = Present(body, "AttributesToGet");
  std::string_view what;
  switch (select) {
    case Select::kSpecific:
      if (!projection && !attributes) {
        return Status::Validation(
            "Must specify the AttributesToGet or ProjectionExpression when choosing to get "
            "SPECIFIC_ATTRIBUTES");
      }
      return Status::OK();
    case Select::kAllAttributes:
      what = "ALL_ATTRIBUTES";
      break;
    case Select::kCount:
      what = "only the Count";
      break;
    case Select::kAllProjected:
      what = "ALL_PROJECTED_ATTRIBUTES";
      break;
  }
  if (projection) {
    return Status::Validation("Cannot specify the ProjectionExpression when choosing to get " +
                              std::string(what));
  }
  if (attributes) {
    return Status::Validation("Cannot specify the AttributesToGet when choosing to get " +
                              std::string(what));
  }
  if (select == Select::kAllProjected && !has_index) {
    return Status::Validation(
        "ALL_PROJECTED_ATTRIBUTES can be used only when Querying using an IndexName");
  }
  return Status::OK();
}

// Reads a map of legacy Conditions (QueryFilter, ScanFilter, KeyConditions)
// into ConvertExpected's entries, in request order. Unlike Expected, a
// Condition has no Value alternative: a missing ComparisonOperator is an
// unknown one and a missing AttributeValueList an empty one, which is how
// DynamoDB words those mistakes.
Status ReadLegacyConditions(const JsonElement& map, std::vector<expr::ExpectedEntry>* entries) {
  for (auto field : AsObject(map)) {
    expr::ExpectedEntry e;
    e.name = std::string(field.key);
    e.comparison_operator = std::string();
    e.attribute_value_list = std::vector<AttributeValue>();
    if (field.value.is_object()) {
      RIPTIDE_RETURN_IF_ERROR(ReadComparison(field.value, &e));
    }
    entries->push_back(std::move(e));
  }
  return Status::OK();
}

Status ReadConditionalOperator(const JsonElement& body, expr::ConditionalOperator* op) {
  std::optional<std::string_view> s;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "ConditionalOperator", &s));
  *op = expr::ConditionalOperator::kAnd;
  if (!s || *s == "AND") return Status::OK();
  if (*s == "OR") {
    *op = expr::ConditionalOperator::kOr;
    return Status::OK();
  }
  return Status::Validation("1 validation error detected: Value '" + std::string(*s) +
                            "' at 'conditionalOperator' failed to satisfy constraint: Member "
                            "must satisfy enum value set: [AND, OR]");
}

// The legacy filter (QueryFilter/ScanFilter) with ConditionalOperator.
Status ReadLegacyFilter(const JsonElement& body, std::string_view member, ReadRequest* r) {
  std::optional<JsonElement> filter = Member(body, member);
  std::optional<JsonElement> conditional = Member(body, "ConditionalOperator");
  size_t entries_count = filter ? AsObject(*filter).size() : 0;
  if (conditional && entries_count == 0) {
    return Status::Validation("ConditionalOperator cannot be used without Filter or Expected");
  }
  expr::ConditionalOperator op;
  RIPTIDE_RETURN_IF_ERROR(ReadConditionalOperator(body, &op));
  if (!filter) return Status::OK();
  std::vector<expr::ExpectedEntry> entries;
  RIPTIDE_RETURN_IF_ERROR(ReadLegacyConditions(*filter, &entries));
  RIPTIDE_ASSIGN_OR_RETURN(r->legacy_filter, expr::ConvertExpected(entries, op));
  // Checked after the conditions themselves, as the reference does.
  if (conditional && entries_count < 2) {
    return Status::Validation(
        "ConditionalOperator can only be used when Filter or Expected has two or more elements");
  }
  return Status::OK();
}

// Checks that a Query filter names no key attribute (DynamoDB only allows
// key attributes in a Scan's filter).
Status CheckFilterPaths(const expr::Condition& c, const QueryKeys& keys, bool legacy) {
  for (const expr::Condition& child : c.children) {
    RIPTIDE_RETURN_IF_ERROR(CheckFilterPaths(child, keys, legacy));
  }
  std::vector<const expr::Operand*> pending;
  for (const expr::Operand& o : c.operands) pending.push_back(&o);
  while (!pending.empty()) {
    const expr::Operand* o = pending.back();
    pending.pop_back();
    for (const expr::Operand& arg : o->args) pending.push_back(&arg);
    if (!o->is_path()) continue;
    bool key = false;
    for (const auto* list : {&keys.hash, &keys.range}) {
      for (const KeyAttribute& k : *list) key |= k.name == o->path.top();
    }
    if (!key) continue;
    return Status::Validation(
        std::string(legacy ? "QueryFilter" : "Filter Expression") +
        " can only contain non-primary key attributes: Primary key attribute: " + o->path.top());
  }
  return Status::OK();
}

// Limit: at least 1.
Status ReadLimit(const JsonElement& body, ReadRequest* r) {
  RIPTIDE_RETURN_IF_ERROR(ReadInt(body, "Limit", &r->limit));
  if (r->limit && *r->limit < 1) {
    return Status::Validation("Limit must be greater than or equal to 1");
  }
  return Status::OK();
}

// Whether the index can be read this way: no consistent reads of a GSI, and
// no reads of one still backfilling.
Status CheckIndexReadable(const ReadRequest& r) {
  if (!r.index || !r.index->global) return Status::OK();
  if (r.consistent) {
    return Status::Validation("Consistent reads are not supported on global secondary indexes");
  }
  if (r.index->backfilling) {
    return Status::Validation("Cannot read from backfilling global secondary index: " +
                              r.index->name);
  }
  return Status::OK();
}

// Select, checked against the projection parameters and the index. The
// reference checks it after everything else about the request.
Status ReadAndCheckSelect(const JsonElement& body, ReadRequest* r) {
  bool explicit_select = false;
  RIPTIDE_RETURN_IF_ERROR(ReadSelect(body, &r->select, &explicit_select));
  if (!explicit_select) {
    // An index read without Select or projection gets what the index holds.
    if (r->index && r->select == Select::kAllAttributes) r->select = Select::kAllProjected;
    return Status::OK();
  }
  RIPTIDE_RETURN_IF_ERROR(CheckSelect(body, r->select, /*has_index=*/r->index != nullptr));
  if (r->index && r->index->global && r->select == Select::kAllAttributes &&
      r->index->projection != ProjectionType::kAll) {
    return Status::Validation(
        "One or more parameter values were invalid: Select type ALL_ATTRIBUTES is not "
        "supported for global secondary index " +
        r->index->name + " because its projection type is not ALL");
  }
  return Status::OK();
}

// The parts of Query and Scan that are checked first, in the reference's
// order: the table, Limit (Query), the index, ConsistentRead on a GSI
// (Scan; Query checks it after its expressions), then which parameters may
// be combined.
Status ReadCommon(Request& req, bool query, ReadRequest* r) {
  const JsonElement& body = *req.body;
  RIPTIDE_RETURN_IF_ERROR(ResolveTable(req, &r->table));
  if (query) RIPTIDE_RETURN_IF_ERROR(ReadLimit(body, r));
  std::optional<std::string_view> index;
  RIPTIDE_RETURN_IF_ERROR(ReadString(body, "IndexName", &index));
  if (index) {
    r->index = r->table->FindIndex(*index);
    if (!r->index || r->index->status == IndexStatus::kDeleting) {
      return Status::Validation("The table does not have the specified index: " +
                                std::string(*index));
    }
  }
  std::optional<bool> consistent;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "ConsistentRead", &consistent));
  r->consistent = consistent.value_or(false);
  if (!query) RIPTIDE_RETURN_IF_ERROR(CheckIndexReadable(*r));
  RIPTIDE_RETURN_IF_ERROR(ReadCapacityMode(body, &r->capacity));

  bool key_condition_expression = Present(body, "KeyConditionExpression");
  expr::RequestParameters p;
  p.attributes_to_get = Present(body, "AttributesToGet");
  p.query_filter = query && Present(body, "QueryFilter");
  p.scan_filter = !query && Present(body, "ScanFilter");
  p.conditional_operator = Present(body, "ConditionalOperator");
  // KeyConditions only conflicts with KeyConditionExpression: DynamoDB lets
  // it be combined with FilterExpression and ProjectionExpression.
  p.key_conditions = query && Present(body, "KeyConditions") && key_condition_expression;
  p.projection_expression = Present(body, "ProjectionExpression");
  p.filter_expression = Present(body, "FilterExpression");
  p.key_condition_expression = query && key_condition_expression;
  RIPTIDE_RETURN_IF_ERROR(expr::CheckNoMixedParameters(p));

  bool values_usable = p.filter_expression || p.key_condition_expression;
  bool names_usable = values_usable || p.projection_expression;
  RIPTIDE_RETURN_IF_ERROR(CheckExpressionMapsUsable(
      body, names_usable, values_usable,
      query ? "FilterExpression and KeyConditionExpression are null" : "FilterExpression is null"));
  return Status::OK();
}

// Parses FilterExpression, or converts QueryFilter/ScanFilter.
Status ReadFilter(const JsonElement& body, bool query, ReadRequest* r) {
  if (auto text = Member(body, "FilterExpression")) {
    RIPTIDE_ASSIGN_OR_RETURN(r->filter,
                             expr::ParseCondition(text->get_string().value_unsafe(),
                                                  expr::ExpressionType::kFilter, &r->ctx));
    return Status::OK();
  }
  return ReadLegacyFilter(body, query ? "QueryFilter" : "ScanFilter", r);
}

Status ReadProjectionExpression(const JsonElement& body, ReadRequest* r) {
  if (auto text = Member(body, "ProjectionExpression")) {
    RIPTIDE_ASSIGN_OR_RETURN(r->projection,
                             expr::ParseProjection(text->get_string().value_unsafe(), &r->ctx));
  }
  return Status::OK();
}

// AttributesToGet, as a projection (the reference checks it last).
Status ReadLegacyProjection(const JsonElement& body, ReadRequest* r) {
  if (r->projection || !Present(body, "AttributesToGet")) return Status::OK();
  std::optional<std::vector<std::string>> names;
  RIPTIDE_RETURN_IF_ERROR(ReadAttributesToGet(body, &names));
  RIPTIDE_ASSIGN_OR_RETURN(r->projection, expr::ConvertAttributesToGet(*names));
  return Status::OK();
}

// Decodes the primary key attributes out of a storage item key.
Status DecodeItemKey(const TableInfo& table, std::string_view key, AttributeMap* out) {
  out->clear();
  if (key.size() < 13) return Status::IOError("corrupt item key");
  key.remove_prefix(13);  // prefix, table number, hash
  AttributeValue hash;
  if (!keys::DecodeKeyValue(&key, table.hash_key.type, &hash)) {
    return Status::IOError("corrupt item key");
  }
  out->Set(table.hash_key.name, std::move(hash));
  if (table.range_key) {
    AttributeValue range;
    if (!keys::DecodeKeyValue(&key, table.range_key->type, &range)) {
      return Status::IOError("corrupt item key");
    }
    out->Set(table.range_key->name, std::move(range));
  }
  return Status::OK();
}

// Reads ExclusiveStartKey: exactly the key attributes of what is read (the
// table's, or an index's plus the table's), with DynamoDB's (the
// reference's) messages. *storage_key is where reading resumes.
Status ReadExclusiveStartKey(const JsonElement& body, const ReadRequest& r,
                             std::optional<AttributeMap>* out, std::string* storage_key) {
  const TableInfo& table = *r.table;
  std::optional<JsonElement> el;
  RIPTIDE_RETURN_IF_ERROR(ReadObject(body, "ExclusiveStartKey", &el));
  if (!el) return Status::OK();
  AttributeMap key;
  RIPTIDE_RETURN_IF_ERROR(ParseAttributeMap(*el, &key));
  std::vector<KeyAttribute> schema{table.hash_key};
  if (table.range_key) schema.push_back(*table.range_key);
  if (r.index) {
    for (const auto* list : {&r.index->hash_keys, &r.index->range_keys}) {
      for (const KeyAttribute& k : *list) {
        if (!table.IsKeyAttribute(k.name)) schema.push_back(k);
      }
    }
  }
  if (key.size() != schema.size()) {
    return Status::Validation("Exclusive Start Key must have same size as table's key schema");
  }
  for (const KeyAttribute& k : schema) {
    const AttributeValue* v = key.Find(k.name);
    if (!v) return Status::Validation("The provided starting key is invalid");
    if (v->type() != k.type) return Status::Validation("Type mismatch for attribute to update");
    if (v->type() != AttrType::kN && v->str().empty()) {
      return Status::Validation(
          std::string("The query can return at most one row and cannot be restarted. The provided "
                      "starting key is invalid: One or more parameter values are not valid. The "
                      "AttributeValue for a key attribute cannot contain an empty ") +
          (v->type() == AttrType::kS ? "string" : "binary") + " value. Key: " + k.name);
    }
  }
  if (r.index) {
    std::optional<std::string> entry = index::EntryKey(table, *r.index, key);
    if (!entry) return Status::Validation("The provided starting key is invalid");
    *storage_key = std::move(*entry);
  } else {
    PrimaryKey pk{key.Find(table.hash_key.name),
                  table.range_key ? key.Find(table.range_key->name) : nullptr};
    *storage_key = StorageKey(table, pk);
  }
  *out = std::move(key);
  return Status::OK();
}

// The top-level attribute names a condition reads.
void ConditionNames(const expr::Condition& c, std::vector<std::string>* names) {
  for (const expr::Condition& child : c.children) ConditionNames(child, names);
  std::vector<const expr::Operand*> pending;
  for (const expr::Operand& o : c.operands) pending.push_back(&o);
  while (!pending.empty()) {
    const expr::Operand* o = pending.back();
    pending.pop_back();
    for (const expr::Operand& arg : o->args) pending.push_back(&arg);
    if (o->is_path()) names->push_back(o->path.top());
  }
}

// The attributes the index does not project among `names`, sorted, unique.
std::vector<std::string> Unprojected(const ReadRequest& r, std::vector<std::string> names) {
  std::vector<std::string> missing;
  for (std::string& name : names) {
    if (!index::Projects(*r.table, *r.index, name)) missing.push_back(std::move(name));
  }
  std::sort(missing.begin(), missing.end());
  missing.erase(std::unique(missing.begin(), missing.end()), missing.end());
  return missing;
}

std::string JoinNames(const std::vector<std::string>& names) {
  std::string out = "[";
  for (size_t i = 0; i < names.size(); ++i) {
    if (i) out += ", ";
    out += names[i];
  }
  return out + "]";
}

// A Query of a secondary index refuses a filter on attributes the index
// does not project (an LSI's too), as the reference does; it checks this
// before Select.
Status CheckIndexProjectsFilter(const ReadRequest& r) {
  if (!r.index || r.index->projection == ProjectionType::kAll) return Status::OK();
  std::vector<std::string> filter_names;
  if (const expr::Condition* filter = r.Filter()) ConditionNames(*filter, &filter_names);
  std::vector<std::string> missing = Unprojected(r, filter_names);
  if (missing.empty()) return Status::OK();
  return Status::Validation(
      "One or more parameter values were invalid: Secondary index " + r.index->name +
      " does not project one or more filter attributes: " + JoinNames(missing));
}

// What an index read needs from the table. *fetch: the items themselves,
// when an LSI is asked for attributes it does not project (a GSI cannot
// fetch: that is an error). *filter_fetch: the items only to evaluate the
// filter, when a Scan filters on attributes the index does not project; the
// results are still the index entries, as the reference answers.
Status NeedsTableItems(const ReadRequest& r, bool* fetch, bool* filter_fetch) {
  *fetch = *filter_fetch = false;
  if (!r.index || r.index->projection == ProjectionType::kAll) return Status::OK();
  std::vector<std::string> projected_names;
  if (r.projection) {
    for (const expr::Path& p : r.projection->paths) projected_names.push_back(p.top());
  }
  std::vector<std::string> filter_names;
  if (const expr::Condition* filter = r.Filter()) ConditionNames(*filter, &filter_names);
  std::vector<std::string> missing_projection = Unprojected(r, projected_names);
  bool missing_filter = !Unprojected(r, filter_names).empty();
  if (r.index->global && !missing_projection.empty()) {
    return Status::Validation("One or more parameter values were invalid: Global secondary index " +
                              r.index->name + " does not project " + JoinNames(missing_projection));
  }
  *fetch = !r.index->global && (r.select == Select::kAllAttributes || !missing_projection.empty());
  *filter_fetch = missing_filter && !*fetch;
  return Status::OK();
}

// Runs the page and writes the response body.
Status RunPage(Request& req, ReadRequest& r, PageRequest& page,
               const std::function<bool(std::string_view key)>& keep_last_key) {
  const TableInfo& table = *r.table;
  const expr::Condition* filter = r.Filter();
  bool fetch = false, filter_fetch = false;
  RIPTIDE_RETURN_IF_ERROR(NeedsTableItems(r, &fetch, &filter_fetch));
  bool need_item = filter || r.projection || fetch;
  bool write_items = r.select != Select::kCount;
  JsonWriter* w = req.out;
  int64_t count = 0;
  double fetched_units = 0;  // table reads of an LSI fetch, each item rounded
  Item item;
  Item full;  // the table's item, when only the filter needs it
  std::string table_stored;
  w->BeginObject();
  if (write_items) {
    w->Key("Items");
    w->BeginArray();
  }
  PageResult result;
  Status st = ReadPage(
      req.db->kv(), page,
      [&](std::string_view, std::string_view stored) -> Status {
        if (need_item) RIPTIDE_RETURN_IF_ERROR(DecodeItem(stored, &item));
        if (fetch || filter_fetch) {
          // An index entry names its item: read the whole item from the table.
          PrimaryKey pk{item.Find(table.hash_key.name),
                        table.range_key ? item.Find(table.range_key->name) : nullptr};
          if (!pk.hash) return Status::IOError("index entry without the table key");
          Status got = req.db->kv()->Get({}, StorageKey(table, pk), &table_stored);
          if (got.IsNotFound()) return Status::OK();
          RIPTIDE_RETURN_IF_ERROR(got);
          if (!r.index->global) {
            fetched_units += ReadUnits(StoredItemSize(table_stored), r.consistent);
          }
          RIPTIDE_RETURN_IF_ERROR(DecodeItem(table_stored, fetch ? &item : &full));
        }
        if (filter && !expr::EvaluateCondition(*filter, filter_fetch ? &full : &item)) {
          return Status::OK();
        }
        ++count;
        if (!write_items) return Status::OK();
        if (r.projection) {
          WriteAttributeMap(w, expr::ApplyProjection(*r.projection, item));
        } else if (need_item) {
          WriteAttributeMap(w, item);
        } else {
          RIPTIDE_RETURN_IF_ERROR(WriteStoredItemJson(stored, w));
        }
        return Status::OK();
      },
      &result);
  RIPTIDE_RETURN_IF_ERROR(st);
  if (write_items) w->EndArray();
  w->Key("Count");
  w->Int(count);
  w->Key("ScannedCount");
  w->Int(result.scanned);
  if (result.last_key && keep_last_key(*result.last_key)) {
    AttributeMap key;
    if (r.index) {
      RIPTIDE_RETURN_IF_ERROR(index::DecodeEntryKey(table, *r.index, *result.last_key, &key));
    } else {
      RIPTIDE_RETURN_IF_ERROR(DecodeItemKey(table, *result.last_key, &key));
    }
    w->Key("LastEvaluatedKey");
    WriteAttributeMap(w, key);
  }
  if (r.capacity != CapacityMode::kNone) {
    w->Key("ConsumedCapacity");
    // One rounding for the whole page: the sum of the sizes read, in 4 KB
    // units (at least one), halved when eventually consistent.
    CapacityUse use;
    double units = ReadUnits(result.bytes_read, r.consistent);
    if (!r.index) {
      use.table = units;
    } else {
      // An index read is charged to the index, an LSI's fetches to the table.
      use.table = fetched_units;
      (r.index->global ? use.global_indexes : use.local_indexes)[r.index->name] = units;
    }
    WriteCapacityUse(w, table.name, use, r.capacity);
  }
  w->EndObject();
  return Status::OK();
}

}  // namespace

Status Query(Request& req) {
  const JsonElement& body = *req.body;
  ReadRequest r;
  RIPTIDE_RETURN_IF_ERROR(ReadCommon(req, /*query=*/true, &r));
  const TableInfo& table = *r.table;
  bool expression = Present(body, "KeyConditionExpression");
  RIPTIDE_RETURN_IF_ERROR(LoadExpressionContext(body, &r.ctx));
  // The reference's order: the filter, the projection, the key condition,
  // ConsistentRead on a GSI, the key condition against the key schema,
  // ExclusiveStartKey, key attributes in the filter, and Select last.
  bool filter_expression = Present(body, "FilterExpression");
  if (filter_expression) RIPTIDE_RETURN_IF_ERROR(ReadFilter(body, /*query=*/true, &r));
  RIPTIDE_RETURN_IF_ERROR(ReadProjectionExpression(body, &r));
  if (!expression && !Present(body, "KeyConditions")) {
    return Status::Validation(
        "Either the KeyConditions or KeyConditionExpression parameter must be specified in the "
        "request.");
  }

  // The key condition, from the expression or the legacy KeyConditions.
  std::optional<expr::Condition> key_expression;
  expr::OwnedCondition legacy_keys;
  KeyCondition key;
  if (expression) {
    RIPTIDE_ASSIGN_OR_RETURN(
        key_expression,
        expr::ParseCondition(Member(body, "KeyConditionExpression")->get_string().value_unsafe(),
                             expr::ExpressionType::kKeyCondition, &r.ctx));
  } else {
    JsonElement conditions = *Member(body, "KeyConditions");
    size_t n = AsObject(conditions).size();
    if (n < 1 || n > 2) return Status::Validation("Conditions can be of length 1 or 2 only");
    std::vector<expr::ExpectedEntry> entries;
    RIPTIDE_RETURN_IF_ERROR(ReadLegacyConditions(conditions, &entries));
    RIPTIDE_ASSIGN_OR_RETURN(legacy_keys, expr::ConvertExpected(entries));
  }
  RIPTIDE_RETURN_IF_ERROR(r.ctx.CheckAllUsed());
  RIPTIDE_RETURN_IF_ERROR(CheckIndexReadable(r));
  QueryKeys query_keys =
      r.index ? QueryKeys::ForIndex(table, *r.index) : QueryKeys::ForTable(table);
  RIPTIDE_RETURN_IF_ERROR(ExtractKeyCondition(expression ? *key_expression : legacy_keys.condition,
                                              query_keys, /*legacy=*/!expression, &key));

  std::optional<bool> forward_flag;
  RIPTIDE_RETURN_IF_ERROR(ReadBool(body, "ScanIndexForward", &forward_flag));
  bool forward = forward_flag.value_or(true);

  PageRequest page;
  key.Range(query_keys, &page.lower, &page.upper);
  page.reverse = !forward;
  page.limit = r.limit;
  std::string start_key;
  RIPTIDE_RETURN_IF_ERROR(ReadExclusiveStartKey(body, r, &r.exclusive_start_key, &start_key));
  const AttributeValue* far = key.FarInclusiveBound(forward);
  // The ranged sort attribute, whose far inclusive bound ends the results.
  const KeyAttribute* ranged = key.sort_eq.size() < query_keys.range.size()
                                   ? &query_keys.range[key.sort_eq.size()]
                                   : nullptr;
  if (r.exclusive_start_key) {
    // The starting key must lie in the queried partition and satisfy the
    // sort-key condition, short of its far inclusive bound.
    const AttributeMap& esk = *r.exclusive_start_key;
    constexpr std::string_view kMismatch =
        "The provided starting key does not match the range key predicate";
    for (size_t i = 0; i < query_keys.hash.size(); ++i) {
      if (CompareKeyValues(*esk.Find(query_keys.hash[i].name), *key.hash[i]) != 0) {
        return Status::Validation(std::string(kMismatch));
      }
    }
    std::vector<const AttributeValue*> sort;
    for (const KeyAttribute& k : query_keys.range) sort.push_back(esk.Find(k.name));
    // On the table the far inclusive bound is never handed out as a
    // LastEvaluatedKey, so it is refused as a start; on an index entries with
    // equal keys may follow it.
    if (!sort.empty() &&
        (!key.Matches(sort) ||
         (far && ranged && !r.index && CompareKeyValues(*esk.Find(ranged->name), *far) == 0))) {
      return Status::Validation(std::string(kMismatch));
    }
    page.exclusive_start = std::move(start_key);
  }
  // QueryFilter and ConditionalOperator come this late in the reference.
  if (!filter_expression) RIPTIDE_RETURN_IF_ERROR(ReadFilter(body, /*query=*/true, &r));
  if (r.filter) RIPTIDE_RETURN_IF_ERROR(CheckFilterPaths(*r.filter, query_keys, false));
  if (r.legacy_filter.has_condition) {
    RIPTIDE_RETURN_IF_ERROR(CheckFilterPaths(r.legacy_filter.condition, query_keys, true));
  }
  RIPTIDE_RETURN_IF_ERROR(CheckIndexProjectsFilter(r));
  RIPTIDE_RETURN_IF_ERROR(ReadAndCheckSelect(body, &r));
  RIPTIDE_RETURN_IF_ERROR(ReadLegacyProjection(body, &r));
  // DynamoDB returns no LastEvaluatedKey for a table without a sort key (a
  // partition holds one item), nor on the far inclusive bound of the
  // condition: there is nothing after it by construction.
  auto keep = [&](std::string_view last) {
    if (!r.index && !table.range_key) return false;
    // On an index, entries with equal keys may follow the far bound.
    if (r.index || !far || !ranged) return true;
    AttributeMap k;
    Status decoded =
        r.index ? index::DecodeEntryKey(table, *r.index, last, &k) : DecodeItemKey(table, last, &k);
    if (!decoded.ok()) return true;
    const AttributeValue* sort = k.Find(ranged->name);
    return !(sort && CompareKeyValues(*sort, *far) == 0);
  };
  return RunPage(req, r, page, keep);
}

Status Scan(Request& req) {
  const JsonElement& body = *req.body;
  ReadRequest r;
  RIPTIDE_RETURN_IF_ERROR(ReadCommon(req, /*query=*/false, &r));
  const TableInfo& table = *r.table;

  // The reference's order: ScanFilter, Limit, the expressions,
  // ExclusiveStartKey, Select, the segments, and AttributesToGet last.
  if (!Present(body, "FilterExpression")) {
    RIPTIDE_RETURN_IF_ERROR(ReadFilter(body, /*query=*/false, &r));
  }
  RIPTIDE_RETURN_IF_ERROR(ReadLimit(body, &r));
  RIPTIDE_RETURN_IF_ERROR(LoadExpressionContext(body, &r.ctx));
  if (Present(body, "FilterExpression")) {
    RIPTIDE_RETURN_IF_ERROR(ReadFilter(body, /*query=*/false, &r));
  }
  RIPTIDE_RETURN_IF_ERROR(ReadProjectionExpression(body, &r));
  RIPTIDE_RETURN_IF_ERROR(r.ctx.CheckAllUsed());
  std::string start_key;
  RIPTIDE_RETURN_IF_ERROR(ReadExclusiveStartKey(body, r, &r.exclusive_start_key, &start_key));
  RIPTIDE_RETURN_IF_ERROR(ReadAndCheckSelect(body, &r));

  std::optional<int64_t> segment, total;
  RIPTIDE_RETURN_IF_ERROR(ReadInt(body, "Segment", &segment));
  RIPTIDE_RETURN_IF_ERROR(ReadInt(body, "TotalSegments", &total));
  constexpr int64_t kMaxSegments = 1000000;
  auto constraint = [](std::string_view member, int64_t value, std::string_view rule) {
    return Status::Validation("1 validation error detected: Value '" + std::to_string(value) +
                              "' at '" + std::string(member) +
                              "' failed to satisfy constraint: Member must have value " +
                              std::string(rule));
  };
  if (total && *total < 1) return constraint("totalSegments", *total, "greater than or equal to 1");
  if (total && *total > kMaxSegments) {
    return constraint("totalSegments", *total, "less than or equal to 1000000");
  }
  if (segment && *segment < 0) return constraint("segment", *segment, "greater than or equal to 0");
  if (segment && !total) {
    return Status::Validation("If segment is specified, total segment must also be specified");
  }
  if (total && !segment) {
    return Status::Validation(
        "If total segments is specified, a particular segment must also be specified for this "
        "request");
  }
  if (segment && *segment >= *total) {
    return constraint("segment", *segment, "less than or equal to " + std::to_string(*total - 1));
  }

  RIPTIDE_RETURN_IF_ERROR(ReadLegacyProjection(body, &r));

  PageRequest page;
  page.limit = r.limit;
  page.bulk = true;
  // A segment is a range of the partition-hash space.
  uint64_t first_hash = 0;
  std::optional<uint64_t> end_hash;
  if (segment) {
    auto bound = [&](int64_t s) {
      return static_cast<uint64_t>((static_cast<unsigned __int128>(s) << 64) /
                                   static_cast<unsigned __int128>(*total));
    };
    first_hash = bound(*segment);
    if (*segment + 1 < *total) end_hash = bound(*segment + 1);
  }
  if (r.index) {
    uint16_t n = r.index->number;
    page.lower = keys::IndexHashKey(table.number, n, first_hash);
    page.upper =
        end_hash ? keys::IndexHashKey(table.number, n, *end_hash) : keys::IndexEnd(table.number, n);
  } else {
    page.lower = keys::ItemHashKey(table.number, first_hash);
    page.upper =
        end_hash ? keys::ItemHashKey(table.number, *end_hash) : keys::ItemTableEnd(table.number);
  }

  if (r.exclusive_start_key) {
    uint64_t hash = 0;
    if (r.index) {
      keys::IndexKeyHash(start_key, &hash);
    } else {
      keys::ItemKeyHash(start_key, &hash);
    }
    if (hash < first_hash || (end_hash && hash >= *end_hash)) {
      return Status::Validation("Exclusive start key must lie within the segment");
    }
    page.exclusive_start = std::move(start_key);
  }
  return RunPage(req, r, page, [](std::string_view) { return true; });
}

}  // namespace riptide
