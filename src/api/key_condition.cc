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

QueryKeys QueryKeys::ForTable(const TableInfo& table) {
  QueryKeys k;
  k.hash.push_back(table.hash_key);
  if (table.range_key) k.range.push_back(*table.range_key);
  k.table_number = table.number;
  return k;
}

QueryKeys QueryKeys::ForIndex(const TableInfo& table, const IndexInfo& index) {
  QueryKeys k;
  k.hash = index.hash_keys;
  k.range = index.range_keys;
  k.table_number = table.number;
  k.index_number = index.number;
  return k;
}

Status ExtractKeyCondition(const Condition& condition, const QueryKeys& keys, bool legacy,
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
  if (reduced.size() > keys.hash.size() + std::max<size_t>(keys.range.size(), 1)) {
    return Invalid("KeyConditionExpressions must only contain one condition per key");
  }
  // A condition beyond the partition key on a schema without a sort key
  // can only be refused.
  if (keys.range.empty() && reduced.size() > keys.hash.size()) {
    return Invalid(std::string(kNotSupported));
  }
  std::vector<const Leaf*> hash(keys.hash.size(), nullptr);
  std::vector<const Leaf*> sort(keys.range.size(), nullptr);
  for (const Leaf& leaf : reduced) {
    bool found = false;
    for (size_t i = 0; i < keys.hash.size() && !found; ++i) {
      if (leaf.attribute == keys.hash[i].name) hash[i] = &leaf, found = true;
    }
    for (size_t i = 0; i < keys.range.size() && !found; ++i) {
      if (leaf.attribute == keys.range[i].name) sort[i] = &leaf, found = true;
    }
    if (!found) return Invalid(std::string(kMissedKey));
  }
  for (size_t i = 0; i < hash.size(); ++i) {
    if (!hash[i]) return Invalid(std::string(kMissedKey));
    if (hash[i]->op != KeyCondition::SortOp::kEq) return Invalid(std::string(kNotSupported));
    RIPTIDE_RETURN_IF_ERROR(CheckOperand(keys.hash[i], hash[i]->a));
    out->hash.push_back(hash[i]->a);
  }
  // Sort key attributes are conditioned left to right: equality on all but
  // the last one conditioned, which may use any sort-key operator.
  size_t used = 0;
  while (used < sort.size() && sort[used]) ++used;
  for (size_t i = used; i < sort.size(); ++i) {
    // A sort attribute conditioned after a gap (DynamoDB documents this for
    // multi-attribute keys: conditions go left to right).
    if (sort[i]) return Invalid(std::string(kNotSupported));
  }
  for (size_t i = 0; i < used; ++i) {
    const Leaf& leaf = *sort[i];
    RIPTIDE_RETURN_IF_ERROR(CheckOperand(keys.range[i], leaf.a));
    RIPTIDE_RETURN_IF_ERROR(CheckOperand(keys.range[i], leaf.b));
    if (i + 1 < used) {
      if (leaf.op != KeyCondition::SortOp::kEq) return Invalid(std::string(kNotSupported));
      out->sort_eq.push_back(leaf.a);
    } else {
      out->sort_op = leaf.op;
      out->a = leaf.a;
      out->b = leaf.b;
    }
  }
  return Status::OK();
}

void KeyCondition::Range(const QueryKeys& keys, std::string* lower, std::string* upper) const {
  std::string prefix;
  if (keys.index_number) {
    keys::AppendIndexPartitionPrefix(keys.table_number, *keys.index_number, hash, &prefix);
  } else {
    keys::AppendPartitionPrefix(keys.table_number, *hash[0], &prefix);
  }
  for (const AttributeValue* v : sort_eq) keys::EncodeKeyValue(*v, &prefix);
  auto with = [&](const AttributeValue& v) {
    std::string k = prefix;
    keys::EncodeKeyValue(v, &k);
    return k;
  };
  // Every key of the partition is `prefix` + enc(next sort value) + more:
  // enc is self-delimiting, so PrefixSuccessor(with(v)) is the first key
  // after every key whose next sort value is v.
  std::string end = PrefixSuccessor(prefix);
  if (end.empty()) end = keys.index_number ? keys::IndexTableEnd(keys.table_number)
                                           : keys::ItemTableEnd(keys.table_number);
  auto after = [&](const AttributeValue& v) {
    std::string s = PrefixSuccessor(with(v));
    return s.empty() ? end : s;
  };
  *lower = prefix;
  *upper = end;
  switch (sort_op) {
    case SortOp::kNone: break;
    case SortOp::kEq:
      *lower = with(*a);
      *upper = after(*a);
      break;
    case SortOp::kLt: *upper = with(*a); break;
    case SortOp::kLe: *upper = after(*a); break;
    case SortOp::kGt: *lower = after(*a); break;
    case SortOp::kGe: *lower = with(*a); break;
    case SortOp::kBetween:
      *lower = with(*a);
      *upper = after(*b);
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

bool KeyCondition::Matches(const std::vector<const AttributeValue*>& sort) const {
  for (size_t i = 0; i < sort_eq.size(); ++i) {
    if (i >= sort.size() || CompareKeyValues(*sort[i], *sort_eq[i]) != 0) return false;
  }
  if (sort_op == SortOp::kNone) return true;
  if (sort_eq.size() >= sort.size()) return false;
  const AttributeValue& v = *sort[sort_eq.size()];
  switch (sort_op) {
    case SortOp::kNone: return true;
    case SortOp::kEq: return CompareKeyValues(v, *a) == 0;
    case SortOp::kLt: return CompareKeyValues(v, *a) < 0;
    case SortOp::kLe: return CompareKeyValues(v, *a) <= 0;
    case SortOp::kGt: return CompareKeyValues(v, *a) > 0;
    case SortOp::kGe: return CompareKeyValues(v, *a) >= 0;
    case SortOp::kBetween: return CompareKeyValues(v, *a) >= 0 && CompareKeyValues(v, *b) <= 0;
    case SortOp::kBeginsWith: return v.str().compare(0, a->str().size(), a->str()) == 0;
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
