#include "api/key_condition.h"

#include <vector>

#include "model/number.h"
#include "storage/keys.h"

namespace riptide {

namespace {

using expr::Condition;
using expr::Operand;

Status Invalid(std::string msg) { return Status::Validation(std::move(msg)); }

constexpr std::string_view kMissedKey = "Query condition missed key schema element";
constexpr std::string_view kNotSupported = "Query key condition not supported";
constexpr std::string_view kNotIndexable =
    "Attempted conditional constraint is not an indexable operation";

Status BadOperator(std::string_view op) {
  return Invalid("Invalid operator used in KeyConditionExpression: " + std::string(op));
}

// Collects the leaves of a tree of ANDs; OR and NOT are not key conditions.
// (In the legacy KeyConditions a NOT can only come from NOT_CONTAINS.)
Status Flatten(const Condition& c, bool legacy, std::vector<const Condition*>* leaves) {
  switch (c.kind) {
    case Condition::Kind::kAnd:
      for (const Condition& child : c.children) {
        RIPTIDE_RETURN_IF_ERROR(Flatten(child, legacy, leaves));
      }
      return Status::OK();
    case Condition::Kind::kOr: return BadOperator("OR");
    case Condition::Kind::kNot:
      return legacy ? Invalid(std::string(kNotIndexable)) : BadOperator("NOT");
    default: leaves->push_back(&c); return Status::OK();
  }
}

// One leaf, reduced to: the key attribute it constrains and how.
struct Leaf {
  std::string attribute;
  KeyCondition::SortOp op = KeyCondition::SortOp::kNone;
  const AttributeValue* a = nullptr;
  const AttributeValue* b = nullptr;
};

KeyCondition::SortOp FromCompare(expr::CompareOp op, bool flipped) {
  using S = KeyCondition::SortOp;
  switch (op) {
    case expr::CompareOp::kEq: return S::kEq;
    case expr::CompareOp::kLt: return flipped ? S::kGt : S::kLt;
    case expr::CompareOp::kLe: return flipped ? S::kGe : S::kLe;
    case expr::CompareOp::kGt: return flipped ? S::kLt : S::kGt;
    case expr::CompareOp::kGe: return flipped ? S::kLe : S::kGe;
    case expr::CompareOp::kNe: return S::kNone;
  }
  return S::kNone;
}

// The key attribute a path operand names; refuses nested paths.
Status KeyPath(const Operand& o, std::string* attribute) {
  if (o.path.size() > 1) {
    return Invalid(
        "Key attributes must be scalars; list random access '[]' and map lookup '.' are not "
        "allowed: Key: " +
        o.path.top());
  }
  *attribute = o.path.top();
  return Status::OK();
}

Status ReduceLeaf(const Condition& c, bool legacy, Leaf* leaf) {
  for (const Operand& o : c.operands) {
    if (o.kind != Operand::Kind::kPath && o.kind != Operand::Kind::kValue &&
        !(c.kind == Condition::Kind::kFunction && &o == &c.operands[0])) {
      return Invalid("KeyConditionExpressions cannot contain nested operations");
    }
  }
  switch (c.kind) {
    case Condition::Kind::kIn:
      return legacy ? Invalid(std::string(kNotIndexable)) : BadOperator("IN");
    case Condition::Kind::kCompare: {
      if (c.op == expr::CompareOp::kNe) {
        return legacy ? Invalid(std::string(kNotIndexable)) : BadOperator("<>");
      }
      const Operand& l = c.operands[0];
      const Operand& r = c.operands[1];
      bool flipped = !l.is_path() && r.is_path();
      const Operand& path = flipped ? r : l;
      const Operand& value = flipped ? l : r;
      if (!path.is_path() || !value.is_value()) {
        return Invalid("KeyConditionExpressions cannot contain nested operations");
      }
      RIPTIDE_RETURN_IF_ERROR(KeyPath(path, &leaf->attribute));
      leaf->op = FromCompare(c.op, flipped);
      leaf->a = value.value;
      return Status::OK();
    }
    case Condition::Kind::kBetween: {
      if (!c.operands[0].is_path() || !c.operands[1].is_value() || !c.operands[2].is_value()) {
        return Invalid("KeyConditionExpressions cannot contain nested operations");
      }
      RIPTIDE_RETURN_IF_ERROR(KeyPath(c.operands[0], &leaf->attribute));
      leaf->op = KeyCondition::SortOp::kBetween;
      leaf->a = c.operands[1].value;
      leaf->b = c.operands[2].value;
      return Status::OK();
    }
    case Condition::Kind::kFunction: {
      const Operand& call = c.operands[0];
      if (call.function != expr::Function::kBeginsWith) {
        if (legacy) {
          // NULL / NOT_NULL arrive as attribute_(not_)exists, CONTAINS and
          // NOT_CONTAINS as contains.
          bool existence = call.function == expr::Function::kAttributeExists ||
                           call.function == expr::Function::kAttributeNotExists;
          return Invalid(existence ? "Only scalar types can be used as Range Key values"
                                   : std::string(kNotIndexable));
        }
        return BadOperator(call.function_name);
      }
      for (const Operand& arg : call.args) {
        if (!arg.is_path() && !arg.is_value()) {
          return Invalid("KeyConditionExpressions cannot contain nested operations");
        }
      }
      if (call.args.size() != 2 || !call.args[0].is_path() || !call.args[1].is_value()) {
        return Invalid(std::string(kNotSupported));
      }
      RIPTIDE_RETURN_IF_ERROR(KeyPath(call.args[0], &leaf->attribute));
      leaf->op = KeyCondition::SortOp::kBeginsWith;
      leaf->a = call.args[1].value;
      return Status::OK();
    }
    default: return Invalid(std::string(kNotSupported));
  }
}

Status CheckOperand(const KeyAttribute& key, const AttributeValue* v) {
  if (!v) return Status::OK();
  if (v->type() != key.type) {
    return Invalid(
        "One or more parameter values were invalid: Condition parameter type does not match "
        "schema type");
  }
  if (v->type() != AttrType::kN && v->str().empty()) {
    return Invalid(std::string("One or more parameter values are not valid. The AttributeValue for "
                               "a key attribute cannot contain an empty ") +
                   (v->type() == AttrType::kS ? "string" : "binary") + " value. Key: " + key.name);
  }
  return Status::OK();
}

// The smallest key greater than every key that starts with `prefix`;
// empty when there is none.
std::string PrefixSuccessor(std::string prefix) {
  while (!prefix.empty() && static_cast<unsigned char>(prefix.back()) == 0xff) prefix.pop_back();
  if (!prefix.empty()) prefix.back() = static_cast<char>(prefix.back() + 1);
  return prefix;
}

}  // namespace

int CompareKeyValues(const AttributeValue& a, const AttributeValue& b) {
  if (a.type() == AttrType::kN) {
    Result<Number> x = Number::Parse(a.str()), y = Number::Parse(b.str());
    if (x.ok() && y.ok()) return x->Compare(*y);
  }
  int c = a.str().compare(b.str());
  return c < 0 ? -1 : c > 0 ? 1 : 0;
}

Status ExtractKeyCondition(const Condition& condition, const TableInfo& table, bool legacy,
                           KeyCondition* out) {
  std::vector<const Condition*> leaves;
  RIPTIDE_RETURN_IF_ERROR(Flatten(condition, legacy, &leaves));
  std::vector<Leaf> reduced(leaves.size());
  for (size_t i = 0; i < leaves.size(); ++i) {
    RIPTIDE_RETURN_IF_ERROR(ReduceLeaf(*leaves[i], legacy, &reduced[i]));
  }
  for (size_t i = 0; i < reduced.size(); ++i) {
    for (size_t j = 0; j < i; ++j) {
      if (reduced[i].attribute == reduced[j].attribute) {
        return Invalid("KeyConditionExpressions must only contain one condition per key");
      }
    }
  }
  if (reduced.size() > 2) {
    return Invalid("KeyConditionExpressions must only contain one condition per key");
  }
  // A second condition on a table without a sort key can only be refused.
  if (!table.range_key && reduced.size() == 2) return Invalid(std::string(kNotSupported));
  const Leaf* hash = nullptr;
  const Leaf* sort = nullptr;
  for (const Leaf& leaf : reduced) {
    if (leaf.attribute == table.hash_key.name) {
      hash = &leaf;
    } else if (table.range_key && leaf.attribute == table.range_key->name) {
      sort = &leaf;
    } else {
      return Invalid(std::string(kMissedKey));
    }
  }
  if (!hash) return Invalid(std::string(kMissedKey));
  if (hash->op != KeyCondition::SortOp::kEq) return Invalid(std::string(kNotSupported));
  RIPTIDE_RETURN_IF_ERROR(CheckOperand(table.hash_key, hash->a));
  out->hash = hash->a;
  if (sort) {
    RIPTIDE_RETURN_IF_ERROR(CheckOperand(*table.range_key, sort->a));
    RIPTIDE_RETURN_IF_ERROR(CheckOperand(*table.range_key, sort->b));
    out->sort_op = sort->op;
    out->a = sort->a;
    out->b = sort->b;
  }
  return Status::OK();
}

void KeyCondition::Range(const TableInfo& table, std::string* lower, std::string* upper) const {
  std::string prefix;
  keys::AppendPartitionPrefix(table.number, *hash, &prefix);
  auto with = [&](const AttributeValue& v) {
    std::string k = prefix;
    keys::EncodeKeyValue(v, &k);
    return k;
  };
  // Every item key of the partition is `prefix` + enc(sort key); enc is
  // self-delimiting, so enc(v) + "\0" is the first key after enc(v).
  std::string end = PrefixSuccessor(prefix);
  if (end.empty()) end = keys::ItemTableEnd(table.number);
  *lower = prefix;
  *upper = end;
  switch (sort_op) {
    case SortOp::kNone: break;
    case SortOp::kEq:
      *lower = with(*a);
      *upper = *lower + '\0';
      break;
    case SortOp::kLt: *upper = with(*a); break;
    case SortOp::kLe: *upper = with(*a) + '\0'; break;
    case SortOp::kGt: *lower = with(*a) + '\0'; break;
    case SortOp::kGe: *lower = with(*a); break;
    case SortOp::kBetween:
      *lower = with(*a);
      *upper = with(*b) + '\0';
      break;
    case SortOp::kBeginsWith: {
      std::string p = prefix;
      keys::EncodeKeyPrefix(a->str(), &p);
      *lower = p;
      std::string succ = PrefixSuccessor(p);
      if (!succ.empty()) *upper = std::min(succ, end);
      break;
    }
  }
}

bool KeyCondition::Matches(const AttributeValue& sort) const {
  switch (sort_op) {
    case SortOp::kNone: return true;
    case SortOp::kEq: return CompareKeyValues(sort, *a) == 0;
    case SortOp::kLt: return CompareKeyValues(sort, *a) < 0;
    case SortOp::kLe: return CompareKeyValues(sort, *a) <= 0;
    case SortOp::kGt: return CompareKeyValues(sort, *a) > 0;
    case SortOp::kGe: return CompareKeyValues(sort, *a) >= 0;
    case SortOp::kBetween:
      return CompareKeyValues(sort, *a) >= 0 && CompareKeyValues(sort, *b) <= 0;
    case SortOp::kBeginsWith: return sort.str().compare(0, a->str().size(), a->str()) == 0;
  }
  return false;
}

const AttributeValue* KeyCondition::FarInclusiveBound(bool forward) const {
  switch (sort_op) {
    case SortOp::kLe: return forward ? a : nullptr;
    case SortOp::kGe: return forward ? nullptr : a;
    case SortOp::kBetween: return forward ? b : a;
    default: return nullptr;
  }
}

}  // namespace riptide
