#include "expr/evaluate.h"

#include <algorithm>
#include <optional>

#include "expr/compare.h"
#include "expr/lexer.h"
#include "model/number.h"

namespace riptide::expr {

namespace {

// An operand's value during evaluation: usually a pointer into the item or
// the request's values, sometimes computed (size()).
class Value {
 public:
  Value() = default;
  explicit Value(const AttributeValue* p) : ptr_(p) {}
  explicit Value(AttributeValue owned) : owned_(std::move(owned)), ptr_(&*owned_) {}
  Value(Value&& o) noexcept : owned_(std::move(o.owned_)), ptr_(owned_ ? &*owned_ : o.ptr_) {}
  Value& operator=(Value&&) = delete;

  const AttributeValue* get() const { return ptr_; }
  bool missing() const { return ptr_ == nullptr; }

 private:
  std::optional<AttributeValue> owned_;
  const AttributeValue* ptr_ = nullptr;
};

Value EvalOperand(const Operand& op, const Item* item) {
  switch (op.kind) {
    case Operand::Kind::kPath:
      return Value(FindPath(item, op.path));
    case Operand::Kind::kValue:
      return Value(op.value);
    case Operand::Kind::kFunction: {
      // Only size() is an operand function in conditions (validated).
      Value arg = EvalOperand(op.args[0], item);
      if (arg.missing()) return Value();
      int64_t n = SizeOf(*arg.get());
      if (n < 0) return Value();
      return Value(AttributeValue::NumberText(std::to_string(n)));
    }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      break;
  }
  return Value();
}

bool Ordered(const AttributeValue* a, const AttributeValue* b) {
  return a != nullptr && b != nullptr && a->type() == b->type() && IsOrderedType(a->type());
}

bool Compare(CompareOp op, const AttributeValue* a, const AttributeValue* b) {
  switch (op) {
    case CompareOp::kEq:
      return a != nullptr && b != nullptr && *a == *b;
    case CompareOp::kNe:
      // A missing attribute is "not equal" to anything, as in DynamoDB.
      return !(a != nullptr && b != nullptr && *a == *b);
    default:
      break;
  }
  if (!Ordered(a, b)) return false;
  int c = CompareOrdered(*a, *b);
  switch (op) {
    case CompareOp::kLt:
      return c < 0;
    case CompareOp::kLe:
      return c <= 0;
    case CompareOp::kGt:
      return c > 0;
    case CompareOp::kGe:
      return c >= 0;
    default:
      return false;
  }
}

bool Between(const AttributeValue* v, const AttributeValue* lo, const AttributeValue* hi) {
  return Ordered(v, lo) && Ordered(v, hi) && CompareOrdered(*lo, *v) <= 0 &&
         CompareOrdered(*v, *hi) <= 0;
}

bool BeginsWith(const AttributeValue* v, const AttributeValue* prefix) {
  if (v == nullptr || prefix == nullptr || v->type() != prefix->type()) return false;
  if (!v->is(AttrType::kS) && !v->is(AttrType::kB)) return false;
  return v->str().compare(0, prefix->str().size(), prefix->str()) == 0;
}

AttrType MemberType(AttrType set_type) {
  switch (set_type) {
    case AttrType::kSS:
      return AttrType::kS;
    case AttrType::kNS:
      return AttrType::kN;
    default:
      return AttrType::kB;
  }
}

bool Contains(const AttributeValue* v, const AttributeValue* x) {
  if (v == nullptr || x == nullptr) return false;
  switch (v->type()) {
    case AttrType::kS:
    case AttrType::kB:
      return x->type() == v->type() && v->str().find(x->str()) != std::string::npos;
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      // Set members are canonical, so numbers compare as text.
      return x->type() == MemberType(v->type()) &&
             std::find(v->set().begin(), v->set().end(), x->str()) != v->set().end();
    case AttrType::kL:
      return std::any_of(v->list().begin(), v->list().end(),
                         [x](const AttributeValue& e) { return e == *x; });
    default:
      return false;
  }
}

bool EvalFunction(const Operand& f, const Item* item) {
  switch (f.function) {
    case Function::kAttributeExists:
      return FindPath(item, f.args[0].path) != nullptr;
    case Function::kAttributeNotExists:
      return FindPath(item, f.args[0].path) == nullptr;
    case Function::kAttributeType: {
      Value v = EvalOperand(f.args[0], item);
      Value t = EvalOperand(f.args[1], item);
      return !v.missing() && !t.missing() && AttrTypeName(v.get()->type()) == t.get()->str();
    }
    case Function::kBeginsWith: {
      Value v = EvalOperand(f.args[0], item);
      Value p = EvalOperand(f.args[1], item);
      return BeginsWith(v.get(), p.get());
    }
    case Function::kContains: {
      Value v = EvalOperand(f.args[0], item);
      Value x = EvalOperand(f.args[1], item);
      return Contains(v.get(), x.get());
    }
    default:
      return false;
  }
}

}  // namespace

const AttributeValue* FindPath(const Item* item, const Path& path) {
  if (item == nullptr) return nullptr;
  const AttributeValue* v = item->Find(path.elements[0].name);
  for (size_t i = 1; v != nullptr && i < path.elements.size(); ++i) {
    const PathElement& el = path.elements[i];
    if (el.is_index()) {
      v = (v->is(AttrType::kL) && el.index < v->list().size()) ? &v->list()[el.index] : nullptr;
    } else {
      v = v->is(AttrType::kM) ? v->map().Find(el.name) : nullptr;
    }
  }
  return v;
}

int64_t SizeOf(const AttributeValue& v) {
  switch (v.type()) {
    case AttrType::kS:
      return static_cast<int64_t>(Utf16Length(v.str()));
    case AttrType::kB:
      return static_cast<int64_t>(v.str().size());
    case AttrType::kSS:
    case AttrType::kNS:
    case AttrType::kBS:
      return static_cast<int64_t>(v.set().size());
    case AttrType::kL:
      return static_cast<int64_t>(v.list().size());
    case AttrType::kM:
      return static_cast<int64_t>(v.map().size());
    default:
      return -1;
  }
}

bool EvaluateCondition(const Condition& c, const Item* item) {
  switch (c.kind) {
    case Condition::Kind::kCompare: {
      Value a = EvalOperand(c.operands[0], item);
      Value b = EvalOperand(c.operands[1], item);
      return Compare(c.op, a.get(), b.get());
    }
    case Condition::Kind::kBetween: {
      Value v = EvalOperand(c.operands[0], item);
      Value lo = EvalOperand(c.operands[1], item);
      Value hi = EvalOperand(c.operands[2], item);
      return Between(v.get(), lo.get(), hi.get());
    }
    case Condition::Kind::kIn: {
      Value v = EvalOperand(c.operands[0], item);
      if (v.missing()) return false;
      for (size_t i = 1; i < c.operands.size(); ++i) {
        Value x = EvalOperand(c.operands[i], item);
        if (!x.missing() && *v.get() == *x.get()) return true;
      }
      return false;
    }
    case Condition::Kind::kFunction:
      return EvalFunction(c.operands[0], item);
    case Condition::Kind::kAnd:
      return EvaluateCondition(c.children[0], item) && EvaluateCondition(c.children[1], item);
    case Condition::Kind::kOr:
      return EvaluateCondition(c.children[0], item) || EvaluateCondition(c.children[1], item);
    case Condition::Kind::kNot:
      return !EvaluateCondition(c.children[0], item);
  }
  return false;
}

}  // namespace riptide::expr
