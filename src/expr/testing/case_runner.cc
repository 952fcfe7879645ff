#include "expr/testing/case_runner.h"

#include <simdjson.h>

#include <fstream>
#include <optional>
#include <sstream>

#include "expr/expression.h"
#include "expr/legacy.h"
#include "expr/testing/dynamo_json.h"

namespace riptide::expr::testing {

namespace {

using simdjson::dom::element;

// What a case expects: an error message (ValidationException unless the
// text names another type) or a JSON value compared by the runner.
struct Expectation {
  std::optional<std::string> error;
  element value;
};

std::string Describe(const std::string& path, int line, std::string_view text) {
  std::string s = path.substr(path.rfind('/') + 1) + ":" + std::to_string(line) + ": ";
  s += text.size() > 400 ? std::string(text.substr(0, 400)) + "..." : std::string(text);
  return s;
}

std::string ErrorText(const Status& s) {
  if (s.code() == ErrorCode::kValidation) return s.message();
  return std::string(ErrorName(s.code())) + ": " + s.message();
}

// Builds the request context and the item of a case, as the API layer would.
struct CaseInput {
  ExpressionContext ctx;
  std::optional<Item> item;
  Item key;
  std::vector<std::string> key_names;
};

Status LoadInput(element c, CaseInput* in) {
  bool hash_range = false;
  std::string_view table;
  if (!c["table"].get(table) && table == "hash_range") hash_range = true;
  in->key.Set("pk", AttributeValue::String("k"));
  in->key_names.push_back("pk");
  if (hash_range) {
    in->key.Set("sk", AttributeValue::NumberText("1"));
    in->key_names.push_back("sk");
  }
  element names;
  if (!c["names"].get(names)) {
    for (auto [k, v] : names.get_object())
      in->ctx.AddName(std::string(k), std::string(v.get_string().value()));
  }
  element values;
  if (!c["values"].get(values)) {
    in->ctx.ReserveValues(values.get_object().size());
    for (auto [k, v] : values.get_object()) {
      AttributeValue av;
      Status s = ToAttributeValue(v, &av);
      if (!s.ok()) {
        // What the API layer answers for a value it cannot accept.
        return Status::Validation("ExpressionAttributeValues contains invalid value: " +
                                  s.message() + " for key " + std::string(k));
      }
      in->ctx.AddValue(std::string(k), std::move(av));
    }
  }
  element item;
  if (!c["item"].get(item) && !item.is_null()) {
    Item it;
    RIPTIDE_RETURN_IF_ERROR(ToItem(item, &it));
    for (const auto& [k, v] : in->key) {
      if (it.Find(k) == nullptr) it.Set(k, v);
    }
    in->item = std::move(it);
  }
  return Status::OK();
}

std::optional<Item> JsonToOptionalItem(element el) {
  if (el.is_null()) return std::nullopt;
  Item it;
  if (!ToItem(el, &it).ok()) return std::nullopt;
  return it;
}

std::string OptionalItemJson(const std::optional<Item>& item) {
  return item ? ToJson(*item) : "null";
}

// Compares an optional expected item (JSON null = absent) with `got`.
bool SameItem(element expected, const std::optional<Item>& got, std::string* why,
              const char* what) {
  std::optional<Item> want = JsonToOptionalItem(expected);
  if (want.has_value() == got.has_value() && (!want || *want == *got)) return true;
  *why += std::string(what) + ": expected " + OptionalItemJson(want) + ", got " +
          OptionalItemJson(got) + ". ";
  return false;
}

std::optional<Item> NonEmpty(Item item) {
  if (item.empty()) return std::nullopt;
  return item;
}

// Each runner returns "" when the case passed, else why it failed.
std::string CheckError(const std::optional<std::string>& expected_error, const Status& got) {
  if (expected_error && *expected_error == ErrorText(got)) return "";
  return "expected " +
         (expected_error ? "error [" + *expected_error + "]" : std::string("success")) +
         ", got error [" + ErrorText(got) + "]";
}

std::string RunCondition(element c, CaseInput* in, const Expectation& want) {
  std::string_view text = c["expr"].get_string().value();
  Result<Condition> cond = ParseCondition(text, ExpressionType::kCondition, &in->ctx);
  if (!cond.ok()) return CheckError(want.error, cond.status());
  Status unused = in->ctx.CheckAllUsed();
  if (!unused.ok()) return CheckError(want.error, unused);
  bool got = EvaluateCondition(*cond, in->item ? &*in->item : nullptr);
  if (want.error) return "expected error [" + *want.error + "], got " + (got ? "true" : "false");
  bool expected = want.value.get_bool().value();
  return got == expected ? ""
                         : std::string("expected ") + (expected ? "true" : "false") + ", got " +
                               (got ? "true" : "false");
}

// Applies an update to the case's item and compares the new item and the
// UPDATED_OLD / UPDATED_NEW attributes with the expectation.
std::string CheckApplied(const UpdateExpression& update, CaseInput* in, const Expectation& want) {
  const Item* old = in->item ? &*in->item : nullptr;
  Result<AppliedUpdate> applied = ApplyUpdate(update, old, in->key, in->key_names);
  if (!applied.ok()) return CheckError(want.error, applied.status());
  if (want.error) return "expected error [" + *want.error + "], got success";
  std::optional<Item> new_item;
  if (applied->exists) new_item = applied->new_item;
  std::string why;
  SameItem(want.value["new"], new_item, &why, "new item");
  element e;
  if (!want.value["updated_old"].get(e)) {
    SameItem(e, NonEmpty(UpdatedAttributes(update, old)), &why, "UPDATED_OLD");
  }
  if (!want.value["updated_new"].get(e)) {
    SameItem(e, NonEmpty(UpdatedAttributes(update, new_item ? &*new_item : nullptr)), &why,
             "UPDATED_NEW");
  }
  return why;
}

std::string RunUpdate(element c, CaseInput* in, const Expectation& want) {
  std::string_view text = c["expr"].get_string().value();
  Result<UpdateExpression> update = ParseUpdate(text, &in->ctx);
  if (!update.ok()) return CheckError(want.error, update.status());
  std::optional<Condition> cond;
  std::string_view cond_text;
  if (!c["cond"].get(cond_text)) {
    Result<Condition> parsed = ParseCondition(cond_text, ExpressionType::kCondition, &in->ctx);
    if (!parsed.ok()) return CheckError(want.error, parsed.status());
    cond = std::move(parsed).value();
  }
  Status unused = in->ctx.CheckAllUsed();
  if (!unused.ok()) return CheckError(want.error, unused);
  const Item* old = in->item ? &*in->item : nullptr;
  if (cond && !EvaluateCondition(*cond, old)) {
    return CheckError(want.error, Status::ConditionalCheckFailed());
  }
  return CheckApplied(*update, in, want);
}

std::string RunProjection(element c, CaseInput* in, const Expectation& want) {
  std::string_view text = c["expr"].get_string().value();
  Result<ProjectionExpression> projection = ParseProjection(text, &in->ctx);
  if (!projection.ok()) return CheckError(want.error, projection.status());
  Status unused = in->ctx.CheckAllUsed();
  if (!unused.ok()) return CheckError(want.error, unused);
  if (want.error) return "expected error [" + *want.error + "], got success";
  std::optional<Item> got;
  if (in->item) got = ApplyProjection(*projection, *in->item);
  std::string why;
  SameItem(want.value["item"], got, &why, "item");
  return why;
}

// ---- legacy parameters ----

Status ToExpected(element expected, std::vector<ExpectedEntry>* out) {
  for (auto [name, spec] : expected.get_object()) {
    ExpectedEntry e;
    e.name = std::string(name);
    bool exists;
    if (!spec["Exists"].get(exists)) e.exists = exists;
    element v;
    if (!spec["Value"].get(v)) {
      AttributeValue av;
      RIPTIDE_RETURN_IF_ERROR(ToAttributeValue(v, &av));
      e.value = std::move(av);
    }
    std::string_view op;
    if (!spec["ComparisonOperator"].get(op)) e.comparison_operator = std::string(op);
    simdjson::dom::array list;
    if (!spec["AttributeValueList"].get(list)) {
      e.attribute_value_list.emplace();
      for (element item : list) {
        AttributeValue av;
        RIPTIDE_RETURN_IF_ERROR(ToAttributeValue(item, &av));
        e.attribute_value_list->push_back(std::move(av));
      }
    }
    out->push_back(std::move(e));
  }
  return Status::OK();
}

Status ToAttributeUpdates(element updates, std::vector<AttributeUpdateEntry>* out) {
  for (auto [name, spec] : updates.get_object()) {
    AttributeUpdateEntry e;
    e.name = std::string(name);
    std::string_view action;
    if (!spec["Action"].get(action)) {
      e.action = action == "ADD"      ? AttributeAction::kAdd
                 : action == "DELETE" ? AttributeAction::kDelete
                                      : AttributeAction::kPut;
    }
    element v;
    if (!spec["Value"].get(v)) {
      AttributeValue av;
      RIPTIDE_RETURN_IF_ERROR(ToAttributeValue(v, &av));
      e.value = std::move(av);
    }
    out->push_back(std::move(e));
  }
  return Status::OK();
}

// Emulates the API layer's order for a request with legacy parameters:
// maps without expressions, mixing, ConditionalOperator without Expected,
// then the conversions (Expected before AttributeUpdates).
std::string RunLegacy(element c, CaseInput* in, const Expectation& want) {
  std::string_view op = c["op"].get_string().value();
  element expected, updates, to_get, names, values;
  bool has_expected = !c["Expected"].get(expected);
  bool has_updates = !c["AttributeUpdates"].get(updates);
  bool has_to_get = !c["AttributesToGet"].get(to_get);
  bool has_cond_op = !c["ConditionalOperator"].error();
  bool has_expr = !c["expr"].error();
  bool has_cond = !c["cond"].error();
  RequestParameters p;
  p.expected = has_expected;
  p.attribute_updates = has_updates;
  p.attributes_to_get = has_to_get;
  p.conditional_operator = has_cond_op;
  p.condition_expression = has_cond || (has_expr && op == "PutItem");
  p.update_expression = has_expr && op == "UpdateItem";
  p.projection_expression = has_expr && op == "GetItem";
  bool any_expression = p.condition_expression || p.update_expression || p.projection_expression;
  if (!c["names"].get(names) && !any_expression) {
    return CheckError(want.error,
                      Status::Validation(
                          "ExpressionAttributeNames can only be specified when using expressions"));
  }
  if (!c["values"].get(values) && !any_expression) {
    std::string which = op == "UpdateItem" ? "UpdateExpression and ConditionExpression are null"
                                           : "ConditionExpression is null";
    return CheckError(
        want.error,
        Status::Validation(
            "ExpressionAttributeValues can only be specified when using expressions: " + which));
  }
  Status mixed = CheckNoMixedParameters(p);
  if (!mixed.ok()) return CheckError(want.error, mixed);
  if (has_cond_op && (!has_expected || expected.get_object().size() == 0)) {
    return CheckError(
        want.error,
        Status::Validation("ConditionalOperator cannot be used without Filter or Expected"));
  }
  OwnedCondition cond;
  if (has_expected) {
    std::vector<ExpectedEntry> entries;
    Status s = ToExpected(expected, &entries);
    if (!s.ok()) return "bad case: " + s.message();
    std::string_view cop;
    ConditionalOperator co = !c["ConditionalOperator"].get(cop) && cop == "OR"
                                 ? ConditionalOperator::kOr
                                 : ConditionalOperator::kAnd;
    Result<OwnedCondition> converted = ConvertExpected(entries, co);
    if (!converted.ok()) return CheckError(want.error, converted.status());
    cond = std::move(converted).value();
  }
  const Item* old = in->item ? &*in->item : nullptr;
  if (op == "GetItem") {
    std::vector<std::string> list;
    for (element n : to_get.get_array()) list.emplace_back(n.get_string().value());
    Result<ProjectionExpression> projection = ConvertAttributesToGet(list);
    if (!projection.ok()) return CheckError(want.error, projection.status());
    if (want.error) return "expected error [" + *want.error + "], got success";
    std::optional<Item> got;
    if (old) got = ApplyProjection(*projection, *old);
    std::string why;
    SameItem(want.value["item"], got, &why, "item");
    return why;
  }
  if (op == "PutItem") {
    bool got = !cond.has_condition || EvaluateCondition(cond.condition, old);
    if (want.error) return "expected error [" + *want.error + "], got " + (got ? "true" : "false");
    bool expected_result = want.value.get_bool().value();
    return got == expected_result ? ""
                                  : std::string("expected ") + (expected_result ? "true" : "false");
  }
  std::vector<AttributeUpdateEntry> entries;
  Status s = ToAttributeUpdates(updates, &entries);
  if (!s.ok()) return "bad case: " + s.message();
  Result<OwnedUpdate> update = ConvertAttributeUpdates(entries);
  if (!update.ok()) return CheckError(want.error, update.status());
  if (cond.has_condition && !EvaluateCondition(cond.condition, old)) {
    return CheckError(want.error, Status::ConditionalCheckFailed());
  }
  return CheckApplied(update->update, in, want);
}

std::string RunCase(element c, CaseKind kind) {
  Expectation want;
  if (c["expect"].get(want.value)) return "case has no \"expect\"";
  std::string_view err;
  if (want.value.is_object() && !want.value["error"].get(err)) want.error = std::string(err);
  CaseInput in;
  Status loaded = LoadInput(c, &in);
  if (!loaded.ok()) return CheckError(want.error, loaded);
  switch (kind) {
    case CaseKind::kCondition:
      return RunCondition(c, &in, want);
    case CaseKind::kUpdate:
      return RunUpdate(c, &in, want);
    case CaseKind::kProjection:
      return RunProjection(c, &in, want);
    case CaseKind::kLegacy:
      return RunLegacy(c, &in, want);
  }
  return "unknown case kind";
}

}  // namespace

CaseReport RunCaseFile(const std::string& path, CaseKind kind) {
  CaseReport report;
  std::ifstream file(path);
  if (!file) {
    report.failures.push_back("cannot read " + path);
    return report;
  }
  simdjson::dom::parser parser;
  std::string line;
  int line_no = 0;
  while (std::getline(file, line)) {
    ++line_no;
    if (line.empty() || line.rfind("//", 0) == 0) continue;
    element c;
    if (parser.parse(line).get(c)) {
      report.failures.push_back(Describe(path, line_no, "unparsable line"));
      continue;
    }
    ++report.run;
    std::string why = RunCase(c, kind);
    if (!why.empty()) report.failures.push_back(Describe(path, line_no, line) + "\n    " + why);
  }
  return report;
}

}  // namespace riptide::expr::testing
