#include "expr/legacy.h"

#include <algorithm>
#include <string_view>
#include <unordered_set>

#include "expr/compare.h"
#include "expr/format.h"

namespace riptide::expr {

namespace {

Status Invalid(std::string msg) {
  return Status::Validation("One or more parameter values were invalid: " + std::move(msg));
}

using TypeMask = uint16_t;
constexpr TypeMask Bit(AttrType t) { return static_cast<TypeMask>(1u << static_cast<int>(t)); }
constexpr TypeMask kAll = 0x3FF;
constexpr TypeMask kScalar = Bit(AttrType::kS) | Bit(AttrType::kN) | Bit(AttrType::kB);
constexpr TypeMask kContainable = kScalar | Bit(AttrType::kBool) | Bit(AttrType::kNull);

enum class LegacyOp : uint8_t {
  kEq,
  kNe,
  kLe,
  kLt,
  kGe,
  kGt,
  kNotNull,
  kNull,
  kContains,
  kNotContains,
  kBeginsWith,
  kIn,
  kBetween,
};

// What each ComparisonOperator accepts in its AttributeValueList, as
// DynamoDB enforces it (observed on the reference; CONTAINS takes BOOL and
// NULL values although the documentation lists only S, N and B).
struct OpSpec {
  std::string_view name;
  LegacyOp op;
  size_t min_args;
  size_t max_args;
  TypeMask types;
};
constexpr OpSpec kOps[] = {
    {"EQ", LegacyOp::kEq, 1, 1, kAll},
    {"NE", LegacyOp::kNe, 1, 1, kAll},
    {"LE", LegacyOp::kLe, 1, 1, kScalar},
    {"LT", LegacyOp::kLt, 1, 1, kScalar},
    {"GE", LegacyOp::kGe, 1, 1, kScalar},
    {"GT", LegacyOp::kGt, 1, 1, kScalar},
    {"NOT_NULL", LegacyOp::kNotNull, 0, 0, 0},
    {"NULL", LegacyOp::kNull, 0, 0, 0},
    {"CONTAINS", LegacyOp::kContains, 1, 1, kContainable},
    {"NOT_CONTAINS", LegacyOp::kNotContains, 1, 1, kContainable},
    {"BEGINS_WITH", LegacyOp::kBeginsWith, 1, 1, Bit(AttrType::kS) | Bit(AttrType::kB)},
    {"IN", LegacyOp::kIn, 1, SIZE_MAX, kScalar},
    {"BETWEEN", LegacyOp::kBetween, 2, 2, kScalar},
};

const OpSpec* FindOp(std::string_view name) {
  for (const OpSpec& s : kOps) {
    if (s.name == name) return &s;
  }
  return nullptr;
}

// Builds condition nodes over one attribute, keeping the values alive.
class Builder {
 public:
  Builder(const std::string& name, OwnedCondition* out) : out_(out) {
    PathElement el;
    el.kind = PathElement::Kind::kName;
    el.text = el.name = name;
    path_.elements.push_back(std::move(el));
  }

  Operand PathOperand() const {
    Operand op;
    op.kind = Operand::Kind::kPath;
    op.path = path_;
    return op;
  }
  Operand ValueOperand(const AttributeValue& v) {
    out_->values.push_back(std::make_unique<AttributeValue>(v));
    Operand op;
    op.kind = Operand::Kind::kValue;
    op.value = out_->values.back().get();
    return op;
  }
  Condition Compare(CompareOp op, const AttributeValue& v) {
    Condition c;
    c.kind = Condition::Kind::kCompare;
    c.op = op;
    c.operands.push_back(PathOperand());
    c.operands.push_back(ValueOperand(v));
    return c;
  }
  Condition Function(expr::Function f, const AttributeValue* v) {
    Operand call;
    call.kind = Operand::Kind::kFunction;
    call.function = f;
    call.function_name = std::string(FunctionName(f));
    call.args.push_back(PathOperand());
    if (v != nullptr) call.args.push_back(ValueOperand(*v));
    Condition c;
    c.kind = Condition::Kind::kFunction;
    c.operands.push_back(std::move(call));
    return c;
  }
  Condition List(Condition::Kind kind, const std::vector<AttributeValue>& args) {
    Condition c;
    c.kind = kind;
    c.operands.push_back(PathOperand());
    for (const AttributeValue& v : args) c.operands.push_back(ValueOperand(v));
    return c;
  }

 private:
  Path path_;
  OwnedCondition* out_;
};

Condition Combine(Condition::Kind kind, Condition a, Condition b) {
  Condition c;
  c.kind = kind;
  c.children.push_back(std::move(a));
  c.children.push_back(std::move(b));
  return c;
}

Condition Negate(Condition a) {
  Condition c;
  c.kind = Condition::Kind::kNot;
  c.children.push_back(std::move(a));
  return c;
}

Condition BuildComparison(LegacyOp op, const std::vector<AttributeValue>& args, Builder* b) {
  switch (op) {
    case LegacyOp::kEq:
      return b->Compare(CompareOp::kEq, args[0]);
    case LegacyOp::kNe:
      return b->Compare(CompareOp::kNe, args[0]);
    case LegacyOp::kLe:
      return b->Compare(CompareOp::kLe, args[0]);
    case LegacyOp::kLt:
      return b->Compare(CompareOp::kLt, args[0]);
    case LegacyOp::kGe:
      return b->Compare(CompareOp::kGe, args[0]);
    case LegacyOp::kGt:
      return b->Compare(CompareOp::kGt, args[0]);
    case LegacyOp::kNotNull:
      return b->Function(Function::kAttributeExists, nullptr);
    case LegacyOp::kNull:
      return b->Function(Function::kAttributeNotExists, nullptr);
    case LegacyOp::kContains:
      return b->Function(Function::kContains, &args[0]);
    case LegacyOp::kNotContains:
      // Unlike NOT contains(), NOT_CONTAINS is false for a missing attribute.
      return Combine(Condition::Kind::kAnd, b->Function(Function::kAttributeExists, nullptr),
                     Negate(b->Function(Function::kContains, &args[0])));
    case LegacyOp::kBeginsWith:
      return b->Function(Function::kBeginsWith, &args[0]);
    case LegacyOp::kIn:
      return b->List(Condition::Kind::kIn, args);
    case LegacyOp::kBetween:
      return b->List(Condition::Kind::kBetween, args);
  }
  return Condition();
}

Status CheckArguments(const OpSpec& spec, const std::vector<AttributeValue>& args) {
  std::string name(spec.name);
  if (args.size() < spec.min_args || args.size() > spec.max_args) {
    return Invalid("Invalid number of argument(s) for the " + name + " ComparisonOperator");
  }
  for (const AttributeValue& v : args) {
    if ((spec.types & Bit(v.type())) == 0) {
      return Invalid("ComparisonOperator " + name + " is not valid for " +
                     std::string(AttrTypeName(v.type())) + " AttributeValue type");
    }
  }
  if (spec.op == LegacyOp::kIn || spec.op == LegacyOp::kBetween) {
    for (const AttributeValue& v : args) {
      if (v.type() != args[0].type()) {
        return Invalid("AttributeValues inside AttributeValueList must be of same type");
      }
    }
  }
  if (spec.op == LegacyOp::kBetween && CompareOrdered(args[0], args[1]) > 0) {
    return Status::Validation(
        "The BETWEEN condition was provided a range where the lower bound is greater than the "
        "upper "
        "bound");
  }
  return Status::OK();
}

// One entry with a ComparisonOperator.
Result<Condition> ConvertComparison(const ExpectedEntry& e, Builder* b) {
  const std::string& attr = e.name;
  if (e.exists.has_value()) {
    return Invalid("Exists and ComparisonOperator cannot be used together for Attribute: " + attr);
  }
  const OpSpec* spec = FindOp(*e.comparison_operator);
  if (spec == nullptr) return Status::Validation("Comparison type does not exist in DynamoDB");
  if (e.value && e.attribute_value_list) {
    return Invalid("Value and AttributeValueList cannot be used together for Attribute: " + attr);
  }
  // A Value stands for a one-element AttributeValueList.
  std::vector<AttributeValue> single;
  const std::vector<AttributeValue>* args = &single;
  if (e.value) {
    single.push_back(*e.value);
  } else if (e.attribute_value_list) {
    args = &*e.attribute_value_list;
  } else if (spec->min_args > 0) {
    return Invalid("Value or AttributeValueList must be used with ComparisonOperator: " +
                   *e.comparison_operator + " for Attribute: " + attr);
  }
  RIPTIDE_RETURN_IF_ERROR(CheckArguments(*spec, *args));
  return BuildComparison(spec->op, *args, b);
}

// One entry without a ComparisonOperator: Value and/or Exists.
Result<Condition> ConvertExists(const ExpectedEntry& e, Builder* b) {
  const std::string& attr = e.name;
  if (e.value && e.attribute_value_list) {
    return Invalid("Value and AttributeValueList cannot be used together for Attribute: " + attr);
  }
  if (e.attribute_value_list) {
    return Invalid("AttributeValueList can only be used with a ComparisonOperator for Attribute: " +
                   attr);
  }
  if (e.exists == false) {
    if (e.value) return Invalid("Value cannot be used when Exists is false for Attribute: " + attr);
    return b->Function(Function::kAttributeNotExists, nullptr);
  }
  if (!e.value) {
    return Invalid(std::string("Value must be provided when Exists is ") +
                   (e.exists.has_value() ? "true" : "null") + " for Attribute: " + attr);
  }
  return b->Compare(CompareOp::kEq, *e.value);
}

}  // namespace

Result<OwnedCondition> ConvertExpected(const std::vector<ExpectedEntry>& entries,
                                       ConditionalOperator op) {
  OwnedCondition out;
  for (const ExpectedEntry& e : entries) {
    if (e.name.empty()) return Status::Validation("Empty attribute name");
    Builder b(e.name, &out);
    Result<Condition> c = e.comparison_operator ? ConvertComparison(e, &b) : ConvertExists(e, &b);
    if (!c.ok()) return c.TakeStatus();
    if (!out.has_condition) {
      out.condition = std::move(c).value();
      out.has_condition = true;
    } else {
      Condition::Kind kind =
          op == ConditionalOperator::kOr ? Condition::Kind::kOr : Condition::Kind::kAnd;
      out.condition = Combine(kind, std::move(out.condition), std::move(c).value());
    }
  }
  return out;
}

namespace {

// What is wrong with an AttributeUpdates entry, or "".
std::string EntryProblem(const AttributeUpdateEntry& e) {
  const std::string prefix = "One or more parameter values were invalid: ";
  if (e.name.empty()) return "Empty attribute name";
  if (!e.value) {
    if (e.action == AttributeAction::kDelete) return "";
    return prefix + "Only DELETE action is allowed when no attribute value is specified";
  }
  AttrType t = e.value->type();
  if (e.action == AttributeAction::kDelete && !IsSetType(t)) {
    return prefix + "DELETE action with value is not supported for the type " +
           std::string(LongTypeName(t));
  }
  if (e.action == AttributeAction::kAdd && !IsSetType(t) && t != AttrType::kN &&
      t != AttrType::kL) {
    return prefix + "ADD action is not supported for the type " + std::string(LongTypeName(t));
  }
  return "";
}

}  // namespace

// An invalid entry is not an error yet: DynamoDB checks each entry when it
// applies it, in request order after the condition (a failed Expected wins
// over "Only DELETE action is allowed ..."), see ApplyUpdate.
Result<OwnedUpdate> ConvertAttributeUpdates(const std::vector<AttributeUpdateEntry>& entries) {
  OwnedUpdate out;
  out.update.from_attribute_updates = true;
  for (const AttributeUpdateEntry& e : entries) {
    UpdateAction action;
    PathElement el;
    el.kind = PathElement::Kind::kName;
    el.text = el.name = e.name;
    action.path.elements.push_back(std::move(el));
    action.invalid = EntryProblem(e);
    if (!e.value) {
      action.kind = UpdateAction::Kind::kRemove;
      out.update.actions.push_back(std::move(action));
      continue;
    }
    action.kind = e.action == AttributeAction::kPut   ? UpdateAction::Kind::kSet
                  : e.action == AttributeAction::kAdd ? UpdateAction::Kind::kAdd
                                                      : UpdateAction::Kind::kDelete;
    out.values.push_back(std::make_unique<AttributeValue>(*e.value));
    action.value.kind = Operand::Kind::kValue;
    action.value.value = out.values.back().get();
    out.update.actions.push_back(std::move(action));
  }
  return out;
}

Result<ProjectionExpression> ConvertAttributesToGet(const std::vector<std::string>& names) {
  if (names.empty()) return Status::Validation("AttributesToGet cannot be empty");
  ProjectionExpression out;
  std::unordered_set<std::string_view> seen;
  for (const std::string& name : names) {
    if (name.empty()) return Status::Validation("Empty attribute name");
    if (!seen.insert(name).second) {
      return Status::Validation("Cannot have two attributes with the same name");
    }
    Path path;
    PathElement el;
    el.kind = PathElement::Kind::kName;
    el.text = el.name = name;
    path.elements.push_back(std::move(el));
    out.paths.push_back(std::move(path));
  }
  return out;
}

Status CheckNoMixedParameters(const RequestParameters& p) {
  // DynamoDB lists the parameters in this fixed order (not the request's).
  std::vector<std::string_view> legacy;
  if (p.attributes_to_get) legacy.push_back("AttributesToGet");
  if (p.attribute_updates) legacy.push_back("AttributeUpdates");
  if (p.expected) legacy.push_back("Expected");
  if (p.query_filter) legacy.push_back("QueryFilter");
  if (p.scan_filter) legacy.push_back("ScanFilter");
  if (p.conditional_operator) legacy.push_back("ConditionalOperator");
  if (p.key_conditions) legacy.push_back("KeyConditions");
  std::vector<std::string_view> modern;
  if (p.projection_expression) modern.push_back("ProjectionExpression");
  if (p.update_expression) modern.push_back("UpdateExpression");
  if (p.condition_expression) modern.push_back("ConditionExpression");
  if (p.filter_expression) modern.push_back("FilterExpression");
  if (p.key_condition_expression) modern.push_back("KeyConditionExpression");
  if (legacy.empty() || modern.empty()) return Status::OK();
  auto join = [](const std::vector<std::string_view>& v) {
    std::string s = "{";
    for (size_t i = 0; i < v.size(); ++i) {
      if (i > 0) s += ", ";
      s += v[i];
    }
    return s + "}";
  };
  return Status::Validation(
      "Can not use both expression and non-expression parameters in the same request: "
      "Non-expression parameters: " +
      join(legacy) + " Expression parameters: " + join(modern));
}

}  // namespace riptide::expr
