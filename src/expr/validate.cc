#include "expr/validate.h"

#include <algorithm>
#include <string>

#include "expr/compare.h"
#include "expr/format.h"
#include "expr/java_order.h"
#include "expr/reserved_words.h"

namespace riptide::expr {

namespace {

constexpr size_t kMaxPathDepth = 32;
constexpr int kMaxOperators = 300;
constexpr size_t kMaxInOperands = 100;

enum class Grammar : uint8_t { kCondition, kUpdate };

// Where an operand sits; decides which functions may appear there.
enum class Position : uint8_t {
  kConditionTop,      // a function used as a whole condition
  kConditionOperand,  // an operand of a comparison or a function
  kSetTop,            // the right-hand side of SET
  kArithmetic,        // an operand of + or -
  kListAppendArg,
  kIfNotExistsArg,
};

Status Error(std::string msg) { return Status::Validation(std::move(msg)); }

bool IsConditionFunction(Function f) {
  return f == Function::kAttributeExists || f == Function::kAttributeNotExists ||
         f == Function::kAttributeType || f == Function::kBeginsWith || f == Function::kContains;
}

// A set of AttrTypes as a bit mask.
using TypeMask = uint16_t;
constexpr TypeMask Bit(AttrType t) { return static_cast<TypeMask>(1u << static_cast<int>(t)); }
constexpr TypeMask kOrderedTypes = Bit(AttrType::kN) | Bit(AttrType::kS) | Bit(AttrType::kB);
constexpr TypeMask kSizedTypes = Bit(AttrType::kS) | Bit(AttrType::kB) | Bit(AttrType::kSS) |
                                 Bit(AttrType::kNS) | Bit(AttrType::kBS) | Bit(AttrType::kL) |
                                 Bit(AttrType::kM);
constexpr TypeMask kSetTypes = Bit(AttrType::kSS) | Bit(AttrType::kNS) | Bit(AttrType::kBS);

// ---- pass 1: pre-order, left to right ----

// An index must fit in a signed 32-bit int; the text is digits only.
bool IndexInRange(const std::string& digits) {
  return digits.size() < 10 || (digits.size() == 10 && digits <= "2147483647");
}

Status Pass1Path(const Path& path) {
  for (const PathElement& el : path.elements) {
    if (el.kind == PathElement::Kind::kName && IsReservedWord(el.text)) {
      return Error("Attribute name is a reserved keyword; reserved keyword: " + el.text);
    }
    if (el.kind == PathElement::Kind::kIndex && !IndexInRange(el.text)) {
      return Error("List index is not within the allowable range; index: [" + el.text + "]");
    }
  }
  return Status::OK();
}

Status Pass1Function(const Operand& f, Grammar grammar, Position pos) {
  const std::string& name = f.function_name;
  if (f.function == Function::kUnknown) return Error("Invalid function name; function: " + name);
  bool update_function =
      f.function == Function::kListAppend || f.function == Function::kIfNotExists;
  if (grammar == Grammar::kCondition) {
    if (update_function) {
      return Error("The function is not allowed in a condition expression; function: " + name);
    }
    if ((pos == Position::kConditionTop) != IsConditionFunction(f.function)) {
      return Error("The function is not allowed to be used this way in an expression; function: " +
                   name);
    }
    return Status::OK();
  }
  if (!update_function) {
    return Error("The function is not allowed in an update expression; function: " + name);
  }
  // list_append must be the whole right-hand side of a SET.
  if (f.function == Function::kListAppend && pos != Position::kSetTop) {
    return Error("The function is not allowed to be used this way in an expression; function: " +
                 name);
  }
  return Status::OK();
}

Status Pass1Operand(const Operand& op, Grammar grammar, Position pos) {
  switch (op.kind) {
    case Operand::Kind::kPath:
      return Pass1Path(op.path);
    case Operand::Kind::kValue:
      return Status::OK();
    case Operand::Kind::kFunction: {
      RIPTIDE_RETURN_IF_ERROR(Pass1Function(op, grammar, pos));
      Position child = grammar == Grammar::kCondition         ? Position::kConditionOperand
                       : op.function == Function::kListAppend ? Position::kListAppendArg
                                                              : Position::kIfNotExistsArg;
      for (const Operand& arg : op.args) RIPTIDE_RETURN_IF_ERROR(Pass1Operand(arg, grammar, child));
      return Status::OK();
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      for (const Operand& arg : op.args) {
        RIPTIDE_RETURN_IF_ERROR(Pass1Operand(arg, grammar, Position::kArithmetic));
      }
      return Status::OK();
  }
  return Status::OK();
}

Status Pass1Condition(const Condition& c) {
  if (c.kind == Condition::Kind::kFunction) {
    return Pass1Operand(c.operands[0], Grammar::kCondition, Position::kConditionTop);
  }
  for (const Operand& op : c.operands) {
    RIPTIDE_RETURN_IF_ERROR(Pass1Operand(op, Grammar::kCondition, Position::kConditionOperand));
  }
  for (const Condition& child : c.children) RIPTIDE_RETURN_IF_ERROR(Pass1Condition(child));
  return Status::OK();
}

// ---- pass 2: resolution and checks, post-order ----

// The type an operand is known to have before evaluation, if any: literal
// values have theirs, size() is a number, list_append() a list, + and - a
// number. Document paths and if_not_exists() may be anything.
bool StaticType(const Operand& op, AttrType* type) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      *type = op.value->type();
      return true;
    case Operand::Kind::kFunction:
      if (op.function == Function::kSize) {
        *type = AttrType::kN;
        return true;
      }
      if (op.function == Function::kListAppend) {
        *type = AttrType::kL;
        return true;
      }
      return false;
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      *type = AttrType::kN;
      return true;
    case Operand::Kind::kPath:
      return false;
  }
  return false;
}

Status TypeError(std::string_view op_name, std::string_view type) {
  std::string msg = "Incorrect operand type for operator or function; operator or function: ";
  msg += op_name;
  msg += ", operand type: ";
  msg += type;
  return Error(std::move(msg));
}

Status CheckType(const Operand& op, TypeMask allowed, std::string_view op_name) {
  AttrType t;
  if (StaticType(op, &t) && (allowed & Bit(t)) == 0) return TypeError(op_name, AttrTypeName(t));
  return Status::OK();
}

bool SamePath(const Path& a, const Path& b) {
  if (a.elements.size() != b.elements.size()) return false;
  for (size_t i = 0; i < a.elements.size(); ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.is_index() != y.is_index()) return false;
    if (x.is_index() ? x.index != y.index : x.name != y.name) return false;
  }
  return true;
}

// DynamoDB refuses `a = a`, `a BETWEEN a AND :x`, `contains(a, a)`, ...
Status CheckDistinct(const std::vector<Operand>& ops, std::string_view op_name) {
  if (ops.empty() || !ops[0].is_path()) return Status::OK();
  for (size_t i = 1; i < ops.size(); ++i) {
    if (ops[i].is_path() && SamePath(ops[0].path, ops[i].path)) {
      std::string msg =
          "The first operand must be distinct from the remaining operands for this operator or "
          "function; operator: ";
      msg += op_name;
      msg += ", first operand: ";
      msg += FormatPath(ops[0].path);
      return Error(std::move(msg));
    }
  }
  return Status::OK();
}

size_t Arity(Function f) {
  switch (f) {
    case Function::kAttributeExists:
    case Function::kAttributeNotExists:
    case Function::kSize:
      return 1;
    default:
      return 2;
  }
}

Status RequirePath(const Operand& op, std::string_view name) {
  if (op.is_path()) return Status::OK();
  return Error("Operator or function requires a document path; operator or function: " +
               std::string(name));
}

Status CheckAttributeTypeName(const Operand& type_arg) {
  if (type_arg.is_path()) return TypeError("attribute_type", AnyTypeSetText());
  RIPTIDE_RETURN_IF_ERROR(CheckType(type_arg, Bit(AttrType::kS), "attribute_type"));
  AttrType parsed;
  if (type_arg.is_value() && !ParseAttrTypeName(type_arg.value->str(), &parsed)) {
    return Error("Invalid attribute type name found; type: " + type_arg.value->str() +
                 ", valid types: {N,BS,L,B,NULL,M,S,SS,NS,BOOL}");
  }
  return Status::OK();
}

Status CheckFunction(const Operand& f) {
  const std::string& name = f.function_name;
  if (f.args.size() != Arity(f.function)) {
    return Error("Incorrect number of operands for operator or function; operator or function: " +
                 name + ", number of operands: " + std::to_string(f.args.size()));
  }
  switch (f.function) {
    case Function::kAttributeExists:
    case Function::kAttributeNotExists:
      return RequirePath(f.args[0], name);
    case Function::kIfNotExists:
      RIPTIDE_RETURN_IF_ERROR(RequirePath(f.args[0], name));
      return CheckDistinct(f.args, name);
    case Function::kSize:
      return CheckType(f.args[0], kSizedTypes, name);
    case Function::kBeginsWith: {
      TypeMask strings = Bit(AttrType::kS) | Bit(AttrType::kB);
      RIPTIDE_RETURN_IF_ERROR(CheckType(f.args[0], strings, name));
      RIPTIDE_RETURN_IF_ERROR(CheckType(f.args[1], strings, name));
      return CheckDistinct(f.args, name);
    }
    case Function::kContains:
      return CheckDistinct(f.args, name);
    case Function::kAttributeType:
      RIPTIDE_RETURN_IF_ERROR(CheckDistinct(f.args, name));
      return CheckAttributeTypeName(f.args[1]);
    case Function::kListAppend:
      RIPTIDE_RETURN_IF_ERROR(CheckType(f.args[0], Bit(AttrType::kL), name));
      return CheckType(f.args[1], Bit(AttrType::kL), name);
    case Function::kUnknown:
      break;
  }
  return Status::OK();
}

Status CheckBetweenBounds(const Operand& lo, const Operand& hi) {
  if (!lo.is_value() || !hi.is_value()) return Status::OK();
  const AttributeValue& a = *lo.value;
  const AttributeValue& b = *hi.value;
  if (a.type() != b.type()) {
    return Error(
        "The BETWEEN operator requires same data type for lower and upper bounds; lower bound "
        "operand: " +
        FormatBoundValue(a) + ", upper bound operand: " + FormatBoundValue(b));
  }
  if (CompareOrdered(a, b) > 0) {
    return Error(
        "The BETWEEN operator requires upper bound to be greater than or equal to lower bound; "
        "lower bound operand: " +
        FormatBoundValue(a) + ", upper bound operand: " + FormatBoundValue(b));
  }
  return Status::OK();
}

class Resolver {
 public:
  explicit Resolver(ExpressionContext* ctx) : ctx_(ctx) {}

  Status ResolvePath(Path* path) {
    if (path->elements.size() > kMaxPathDepth) {
      return Error("The document path has too many nesting levels; nesting levels: " +
                   std::to_string(path->elements.size()));
    }
    for (PathElement& el : path->elements) {
      if (el.kind == PathElement::Kind::kNameRef) {
        const std::string* name = ctx_->UseName(el.text);
        // "a.:v" with :v defined as a value: DynamoDB fails this way.
        if (name == nullptr && el.text[0] == ':' && ctx_->UseValue(el.text) != nullptr) {
          return Error("Internal server error");
        }
        if (name == nullptr) {
          return Error(
              "An expression attribute name used in the document path is not defined; attribute "
              "name: " +
              el.text);
        }
        el.name = *name;
      } else if (el.kind == PathElement::Kind::kIndex) {
        el.index = static_cast<uint32_t>(std::stoul(el.text));
      }
    }
    return Status::OK();
  }

  Status ResolveOperand(Operand* op) {
    switch (op->kind) {
      case Operand::Kind::kPath:
        return ResolvePath(&op->path);
      case Operand::Kind::kValue:
        op->value = ctx_->UseValue(op->value_ref);
        if (op->value == nullptr) {
          return Error(
              "An expression attribute value used in expression is not defined; attribute value: " +
              op->value_ref);
        }
        return Status::OK();
      case Operand::Kind::kFunction:
        for (Operand& arg : op->args) RIPTIDE_RETURN_IF_ERROR(ResolveOperand(&arg));
        return CheckFunction(*op);
      case Operand::Kind::kPlus:
      case Operand::Kind::kMinus: {
        std::string_view sign = op->kind == Operand::Kind::kPlus ? "+" : "-";
        for (Operand& arg : op->args) RIPTIDE_RETURN_IF_ERROR(ResolveOperand(&arg));
        for (Operand& arg : op->args)
          RIPTIDE_RETURN_IF_ERROR(CheckType(arg, Bit(AttrType::kN), sign));
        return Status::OK();
      }
    }
    return Status::OK();
  }

  Status ResolveOperands(std::vector<Operand>* ops) {
    for (Operand& op : *ops) RIPTIDE_RETURN_IF_ERROR(ResolveOperand(&op));
    return Status::OK();
  }

  Status ResolveCondition(Condition* c) {
    switch (c->kind) {
      case Condition::Kind::kCompare: {
        RIPTIDE_RETURN_IF_ERROR(ResolveOperands(&c->operands));
        std::string_view name = CompareOpText(c->op);
        if (c->op != CompareOp::kEq && c->op != CompareOp::kNe) {
          for (const Operand& op : c->operands)
            RIPTIDE_RETURN_IF_ERROR(CheckType(op, kOrderedTypes, name));
        }
        return CheckDistinct(c->operands, name);
      }
      case Condition::Kind::kBetween:
        RIPTIDE_RETURN_IF_ERROR(ResolveOperands(&c->operands));
        for (const Operand& op : c->operands)
          RIPTIDE_RETURN_IF_ERROR(CheckType(op, kOrderedTypes, "BETWEEN"));
        RIPTIDE_RETURN_IF_ERROR(CheckDistinct(c->operands, "BETWEEN"));
        return CheckBetweenBounds(c->operands[1], c->operands[2]);
      case Condition::Kind::kIn:
        RIPTIDE_RETURN_IF_ERROR(ResolveOperands(&c->operands));
        if (c->operands.size() - 1 > kMaxInOperands) {
          return Error("The IN operator is provided with too many operands; number of operands: " +
                       std::to_string(c->operands.size() - 1));
        }
        return CheckDistinct(c->operands, "IN");
      case Condition::Kind::kFunction:
        return ResolveOperand(&c->operands[0]);
      case Condition::Kind::kAnd:
      case Condition::Kind::kOr:
      case Condition::Kind::kNot:
        for (Condition& child : c->children) RIPTIDE_RETURN_IF_ERROR(ResolveCondition(&child));
        return Status::OK();
    }
    return Status::OK();
  }

 private:
  ExpressionContext* ctx_;
};

// ---- the operator count ----

int CountOperators(const Operand& op) {
  int n = (op.kind == Operand::Kind::kFunction || op.kind == Operand::Kind::kPlus ||
           op.kind == Operand::Kind::kMinus)
              ? 1
              : 0;
  for (const Operand& arg : op.args) n += CountOperators(arg);
  return n;
}

int CountOperators(const Condition& c) {
  int n = c.kind == Condition::Kind::kFunction ? 0 : 1;
  for (const Operand& op : c.operands) n += CountOperators(op);
  for (const Condition& child : c.children) n += CountOperators(child);
  return n;
}

// ---- updates ----

Status CheckAddDeleteOperand(const UpdateAction& action) {
  AttrType t = action.value.value->type();
  bool add = action.kind == UpdateAction::Kind::kAdd;
  TypeMask allowed = add ? (kSetTypes | Bit(AttrType::kN)) : kSetTypes;
  if (allowed & Bit(t)) return Status::OK();
  std::string msg = "Incorrect operand type for operator or function; operator: ";
  msg += add ? "ADD" : "DELETE";
  msg += ", operand type: ";
  msg += LongTypeName(t);
  msg += add ? ", typeSet: ALLOWED_FOR_ADD_OPERAND" : ", typeSet: ALLOWED_FOR_DELETE_OPERAND";
  return Error(std::move(msg));
}

enum class PathRelation : uint8_t { kDisjoint, kOverlap, kConflict };

// Two paths overlap when one is a prefix of the other (or they are equal);
// they conflict when, after a common prefix, one continues with a name and
// the other with an index (a.b and a[1]).
PathRelation Relate(const Path& one, const Path& two) {
  size_t n = std::min(one.elements.size(), two.elements.size());
  for (size_t k = 0; k < n; ++k) {
    const PathElement& a = one.elements[k];
    const PathElement& b = two.elements[k];
    if (a.is_index() != b.is_index()) return PathRelation::kConflict;
    if (a.is_index() ? a.index != b.index : a.name != b.name) return PathRelation::kDisjoint;
  }
  return PathRelation::kOverlap;
}

Status PathPairError(std::string_view what, const Path& one, const Path& two) {
  std::string msg = "Two document paths ";
  msg += what;
  msg += " with each other; must remove or rewrite one of these paths; path one: ";
  msg += FormatPath(one);
  msg += ", path two: ";
  msg += FormatPath(two);
  return Error(std::move(msg));
}

bool SameElement(const PathElement& a, const PathElement& b) {
  if (a.is_index() != b.is_index()) return false;
  return a.is_index() ? a.index == b.index : a.name == b.name;
}

// DynamoDB keeps the paths already seen in a tree whose nodes hold their
// children in hash maps, and names as "path two" the path found by
// descending from the node where the new path collides, taking at each level
// the last child in the map's iteration order, down to a leaf ("a.x, a[2],
// a[0]" gives path two [a, [2]]; "SET a = :v, c.y = :v, c.x = :v, a.b = :v"
// gives [c, y]). A child hashes like String.hashCode() + 1 (a name) or
// index + 1 in a table of 16 buckets that doubles past 3/4 full; children
// in one bucket rank by their last use in the request, the later first.
// Inferred from the reference on pairs of indexes 0..33 and nested cases;
// names whose String.hashCode() exceeds 16 bits (three characters or more)
// rank differently on the reference, in an order not worked out yet.
uint32_t ChildBucket(const PathElement& el, size_t children) {
  uint32_t h = el.is_index() ? el.index + 1 : static_cast<uint32_t>(JavaStringHash(el.name)) + 1;
  size_t cap = 16;
  while (children * 4 > cap * 3) cap *= 2;
  return (h ^ (h >> 16)) & static_cast<uint32_t>(cap - 1);
}

// The path DynamoDB names after `prefix` (the node at which the collision
// was found) among `seen` (in request order).
Path SecondPath(const std::vector<const Path*>& seen, Path prefix) {
  for (;;) {
    size_t depth = prefix.elements.size();
    // The distinct children of the node, each with its last use.
    std::vector<const PathElement*> children;
    for (const Path* p : seen) {
      if (p->elements.size() <= depth) continue;
      bool under = true;
      for (size_t k = 0; under && k < depth; ++k) {
        under = SameElement(p->elements[k], prefix.elements[k]);
      }
      if (!under) continue;
      const PathElement& child = p->elements[depth];
      auto same = [&](const PathElement* c) { return SameElement(*c, child); };
      children.erase(std::remove_if(children.begin(), children.end(), same), children.end());
      children.push_back(&child);
    }
    if (children.empty()) return prefix;
    const PathElement* chosen = nullptr;
    uint32_t chosen_bucket = 0;
    for (const PathElement* c : children) {  // by last use: a later equal bucket wins
      uint32_t bucket = ChildBucket(*c, children.size());
      if (chosen == nullptr || bucket >= chosen_bucket) {
        chosen = c;
        chosen_bucket = bucket;
      }
    }
    prefix.elements.push_back(*chosen);
  }
}

// Where `path` collides with `other`, a path already seen: the depth of the
// first element that conflicts (a name where the other has an index, or the
// reverse) or overlaps (the last element of the shorter path), or npos.
size_t CollisionDepth(const Path& path, const Path& other, PathRelation* relation) {
  size_t n = std::min(path.elements.size(), other.elements.size());
  for (size_t k = 0; k < n; ++k) {
    const PathElement& a = path.elements[k];
    const PathElement& b = other.elements[k];
    if (a.is_index() != b.is_index()) {
      *relation = PathRelation::kConflict;
      return k;
    }
    if (!SameElement(a, b)) return std::string::npos;
  }
  *relation = PathRelation::kOverlap;
  return n - 1;
}

// Resolves `paths` last first (the order in which DynamoDB walks them and
// reports undefined names), checking each against the ones already seen.
// The first collision along the path decides the error; path two is
// SecondPath() from the node holding the colliding element.
template <typename PathAt>
Status ResolveDisjointPaths(size_t count, PathAt path_at, Resolver* resolver) {
  for (size_t i = count; i-- > 0;) {
    Path* path = path_at(i);
    RIPTIDE_RETURN_IF_ERROR(resolver->ResolvePath(path));
    size_t depth = std::string::npos;
    PathRelation relation = PathRelation::kDisjoint;
    for (size_t j = i + 1; j < count; ++j) {
      PathRelation r;
      size_t k = CollisionDepth(*path, *path_at(j), &r);
      if (k < depth) {
        depth = k;
        relation = r;
      }
    }
    if (relation == PathRelation::kDisjoint) continue;
    std::vector<const Path*> seen;
    for (size_t j = i + 1; j < count; ++j) seen.push_back(path_at(j));
    Path prefix;
    prefix.elements.assign(path->elements.begin(), path->elements.begin() + depth);
    return PathPairError(relation == PathRelation::kConflict ? "conflict" : "overlap", *path,
                         SecondPath(seen, std::move(prefix)));
  }
  return Status::OK();
}

}  // namespace

Status CheckPathsDisjoint(const Path& one, const Path& two) {
  switch (Relate(one, two)) {
    case PathRelation::kConflict:
      return PathPairError("conflict", one, two);
    case PathRelation::kOverlap:
      return PathPairError("overlap", one, two);
    case PathRelation::kDisjoint:
      break;
  }
  return Status::OK();
}

Status ValidateCondition(Condition* cond, ExpressionContext* ctx) {
  RIPTIDE_RETURN_IF_ERROR(Pass1Condition(*cond));
  Resolver resolver(ctx);
  RIPTIDE_RETURN_IF_ERROR(resolver.ResolveCondition(cond));
  if (CountOperators(*cond) > kMaxOperators) {
    // DynamoDB stops counting at the first operator over the limit.
    return Error("The expression contains too many operators; operator count: " +
                 std::to_string(kMaxOperators + 1));
  }
  return Status::OK();
}

Status ValidateUpdate(UpdateExpression* update, const Status& repeated_clause,
                      ExpressionContext* ctx) {
  std::vector<UpdateAction>& actions = update->actions;
  for (const UpdateAction& a : actions) {
    RIPTIDE_RETURN_IF_ERROR(Pass1Path(a.path));
    if (a.kind == UpdateAction::Kind::kSet) {
      RIPTIDE_RETURN_IF_ERROR(Pass1Operand(a.value, Grammar::kUpdate, Position::kSetTop));
    }
  }
  if (!repeated_clause.ok()) return repeated_clause;
  Resolver resolver(ctx);
  RIPTIDE_RETURN_IF_ERROR(ResolveDisjointPaths(
      actions.size(), [&](size_t i) { return &actions[i].path; }, &resolver));
  for (size_t i = actions.size(); i-- > 0;) {
    UpdateAction& a = actions[i];
    if (a.kind == UpdateAction::Kind::kRemove) continue;
    RIPTIDE_RETURN_IF_ERROR(resolver.ResolveOperand(&a.value));
    if (a.kind != UpdateAction::Kind::kSet) RIPTIDE_RETURN_IF_ERROR(CheckAddDeleteOperand(a));
  }
  return Status::OK();
}

Status ValidateProjection(ProjectionExpression* projection, ExpressionContext* ctx) {
  for (const Path& p : projection->paths) RIPTIDE_RETURN_IF_ERROR(Pass1Path(p));
  Resolver resolver(ctx);
  return ResolveDisjointPaths(
      projection->paths.size(), [&](size_t i) { return &projection->paths[i]; }, &resolver);
}

}  // namespace riptide::expr
