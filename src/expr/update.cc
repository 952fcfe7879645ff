#include "expr/update.h"

#include <algorithm>
#include <numeric>

#include "expr/evaluate.h"
#include "expr/java_order.h"
#include "model/number.h"

namespace riptide::expr {

namespace {

constexpr char kMissingAttribute[] =
    "The provided expression refers to an attribute that does not exist in the item";
constexpr char kIncorrectType[] = "An operand in the update expression has an incorrect data type";
constexpr char kTypeMismatch[] = "Type mismatch for attribute to update";
constexpr char kInvalidPath[] =
    "The document path provided in the update expression is invalid for update";

Status IncorrectType() { return Status::Validation(kIncorrectType); }
Status InvalidPath() { return Status::Validation(kInvalidPath); }

Result<AttributeValue> Eval(const Operand& op, const Item* old);

// Evaluates `op` and checks its type, so that "a.b + c[1]" with a string a.b
// reports the type before looking at c[1], as DynamoDB does.
Result<AttributeValue> EvalTyped(const Operand& op, const Item* old, AttrType type) {
  RIPTIDE_ASSIGN_OR_RETURN(AttributeValue v, Eval(op, old));
  if (!v.is(type)) return IncorrectType();
  return v;
}

Result<AttributeValue> EvalArithmetic(const Operand& op, const Item* old) {
  RIPTIDE_ASSIGN_OR_RETURN(AttributeValue a, EvalTyped(op.args[0], old, AttrType::kN));
  RIPTIDE_ASSIGN_OR_RETURN(AttributeValue b, EvalTyped(op.args[1], old, AttrType::kN));
  RIPTIDE_ASSIGN_OR_RETURN(Number x, Number::Parse(a.str()));
  RIPTIDE_ASSIGN_OR_RETURN(Number y, Number::Parse(b.str()));
  Result<Number> sum = op.kind == Operand::Kind::kPlus ? Number::Add(x, y) : Number::Subtract(x, y);
  if (!sum.ok()) return sum.TakeStatus();
  return AttributeValue::NumberText(sum->ToString());
}

Result<AttributeValue> Eval(const Operand& op, const Item* old) {
  switch (op.kind) {
    case Operand::Kind::kValue:
      return *op.value;
    case Operand::Kind::kPath: {
      const AttributeValue* v = FindPath(old, op.path);
      if (v == nullptr) return Status::Validation(kMissingAttribute);
      return *v;
    }
    case Operand::Kind::kFunction:
      if (op.function == Function::kIfNotExists) {
        // DynamoDB evaluates the fallback even when the attribute exists:
        // "if_not_exists(a, missing)" fails whatever a holds.
        RIPTIDE_ASSIGN_OR_RETURN(AttributeValue fallback, Eval(op.args[1], old));
        const AttributeValue* v = FindPath(old, op.args[0].path);
        if (v != nullptr) return *v;
        return fallback;
      } else {  // list_append (validated)
        RIPTIDE_ASSIGN_OR_RETURN(AttributeValue a, EvalTyped(op.args[0], old, AttrType::kL));
        RIPTIDE_ASSIGN_OR_RETURN(AttributeValue b, EvalTyped(op.args[1], old, AttrType::kL));
        AttributeList& list = a.mutable_list();
        for (AttributeValue& e : b.mutable_list()) list.push_back(std::move(e));
        return a;
      }
    case Operand::Kind::kPlus:
    case Operand::Kind::kMinus:
      return EvalArithmetic(op, old);
  }
  return IncorrectType();
}

// Where the last element of a path lives: a map (for a name) or a list (for
// an index). Found only when every step before it exists with the right type.
struct Slot {
  AttributeMap* map = nullptr;
  AttributeList* list = nullptr;
  const PathElement* last = nullptr;

  AttributeValue* Get() const {
    if (map != nullptr) return map->Find(last->name);
    return last->index < list->size() ? &(*list)[last->index] : nullptr;
  }
  // An index past the end appends, as DynamoDB does for SET and ADD.
  void Set(AttributeValue v) const {
    if (map != nullptr) {
      map->Set(last->name, std::move(v));
    } else if (last->index < list->size()) {
      (*list)[last->index] = std::move(v);
    } else {
      list->push_back(std::move(v));
    }
  }
  void Erase() const {
    if (map != nullptr) {
      map->Erase(last->name);
    } else if (last->index < list->size()) {
      list->erase(list->begin() + last->index);
    }
  }
};

// The value holding the last element of `path` (a path of two or more
// elements), or nullptr when a step is missing or of the wrong type.
AttributeValue* FindParent(Item* item, const Path& path) {
  AttributeValue* cur = item->Find(path.elements[0].name);
  for (size_t i = 1; cur != nullptr && i + 1 < path.elements.size(); ++i) {
    const PathElement& el = path.elements[i];
    if (el.is_index()) {
      cur = (cur->is(AttrType::kL) && el.index < cur->list().size())
                ? &cur->mutable_list()[el.index]
                : nullptr;
    } else {
      cur = cur->is(AttrType::kM) ? cur->mutable_map().Find(el.name) : nullptr;
    }
  }
  if (cur == nullptr) return nullptr;
  AttrType want = path.elements.back().is_index() ? AttrType::kL : AttrType::kM;
  return cur->is(want) ? cur : nullptr;
}

bool FindSlot(Item* item, const Path& path, Slot* slot) {
  slot->last = &path.elements.back();
  if (path.elements.size() == 1) {
    slot->map = item;
    return true;
  }
  AttributeValue* parent = FindParent(item, path);
  if (parent == nullptr) return false;
  if (slot->last->is_index()) {
    slot->list = &parent->mutable_list();
  } else {
    slot->map = &parent->mutable_map();
  }
  return true;
}

// ADD to an existing value: numbers add, sets unite; AttributeUpdates also
// appends lists.
Status AddTo(AttributeValue* existing, const AttributeValue& v, bool legacy) {
  if (existing->is(AttrType::kN) && v.is(AttrType::kN)) {
    RIPTIDE_ASSIGN_OR_RETURN(Number x, Number::Parse(existing->str()));
    RIPTIDE_ASSIGN_OR_RETURN(Number y, Number::Parse(v.str()));
    RIPTIDE_ASSIGN_OR_RETURN(Number sum, Number::Add(x, y));
    *existing = AttributeValue::NumberText(sum.ToString());
    return Status::OK();
  }
  if (legacy && existing->is(AttrType::kL) && v.is(AttrType::kL)) {
    for (const AttributeValue& e : v.list()) existing->mutable_list().push_back(e);
    return Status::OK();
  }
  if (!IsSetType(existing->type()) || existing->type() != v.type()) {
    return Status::Validation(legacy ? kTypeMismatch : kIncorrectType);
  }
  std::vector<std::string>& members = existing->mutable_set();
  for (const std::string& m : v.set()) {
    if (std::find(members.begin(), members.end(), m) == members.end()) members.push_back(m);
  }
  return Status::OK();
}

// Applies one action to `item`, reading right-hand sides from `source` (the
// item as it was). The target is checked before the right-hand side is
// evaluated, as DynamoDB does ("SET missing.x = missing" is an invalid path).
Status ApplyAction(const UpdateAction& action, const Item& source, bool legacy, Item* item) {
  Slot slot;
  if (!FindSlot(item, action.path, &slot)) return InvalidPath();
  switch (action.kind) {
    case UpdateAction::Kind::kSet: {
      RIPTIDE_ASSIGN_OR_RETURN(AttributeValue v, Eval(action.value, &source));
      slot.Set(std::move(v));
      return Status::OK();
    }
    case UpdateAction::Kind::kRemove:
      slot.Erase();
      return Status::OK();
    case UpdateAction::Kind::kAdd: {
      AttributeValue* existing = slot.Get();
      if (existing == nullptr) {
        slot.Set(*action.value.value);
        return Status::OK();
      }
      return AddTo(existing, *action.value.value, legacy);
    }
    case UpdateAction::Kind::kDelete: {
      AttributeValue* existing = slot.Get();
      if (existing == nullptr) return Status::OK();
      const AttributeValue& v = *action.value.value;
      if (existing->type() != v.type()) {
        return Status::Validation(legacy ? kTypeMismatch : kIncorrectType);
      }
      std::vector<std::string>& members = existing->mutable_set();
      members.erase(std::remove_if(members.begin(), members.end(),
                                   [&](const std::string& m) {
                                     return std::find(v.set().begin(), v.set().end(), m) !=
                                            v.set().end();
                                   }),
                    members.end());
      // DynamoDB has no empty sets: deleting every member removes the attribute.
      if (members.empty()) slot.Erase();
      return Status::OK();
    }
  }
  return Status::OK();
}

// Levels of nesting of a value: 1 for a scalar or an empty container.
int Depth(const AttributeValue& v) {
  int deepest = 0;
  if (v.is(AttrType::kM)) {
    for (const auto& [name, child] : v.map()) deepest = std::max(deepest, Depth(child));
  } else if (v.is(AttrType::kL)) {
    for (const AttributeValue& child : v.list()) deepest = std::max(deepest, Depth(child));
  }
  return 1 + deepest;
}

// DynamoDB's limit on nesting (a top-level attribute is level 1), checked on
// the attributes an update wrote.
Status CheckNesting(const UpdateExpression& update, const Item& item) {
  constexpr int kMaxDepth = 32;
  for (const UpdateAction& a : update.actions) {
    const AttributeValue* v = item.Find(a.path.top());
    if (v != nullptr && Depth(*v) > kMaxDepth) {
      return Status::Validation("Nesting Levels have exceeded supported limits");
    }
  }
  return Status::OK();
}

// Orders paths element by element (names by bytes, indexes by value).
bool PathLess(const Path& a, const Path& b) {
  size_t n = std::min(a.elements.size(), b.elements.size());
  for (size_t i = 0; i < n; ++i) {
    const PathElement& x = a.elements[i];
    const PathElement& y = b.elements[i];
    if (x.is_index() != y.is_index()) return !x.is_index();
    if (x.is_index()) {
      if (x.index != y.index) return x.index < y.index;
    } else if (x.name != y.name) {
      return x.name < y.name;
    }
  }
  return a.elements.size() < b.elements.size();
}

}  // namespace

namespace {

Status CheckNotKey(const UpdateAction& a, const std::vector<std::string>& key_names) {
  for (const std::string& key : key_names) {
    if (a.path.top() == key) {
      return Status::Validation(
          "One or more parameter values were invalid: Cannot update attribute " + key +
          ". This attribute is part of the key");
    }
  }
  return Status::OK();
}

}  // namespace

Status CheckKeyAttributesUntouched(const UpdateExpression& update,
                                   const std::vector<std::string>& key_names) {
  for (const UpdateAction& a : update.actions) RIPTIDE_RETURN_IF_ERROR(CheckNotKey(a, key_names));
  return Status::OK();
}

// AttributeUpdates: DynamoDB checks the entries one by one in request order
// when it applies them: the key, the entry itself, then the type of the
// attribute it adds to or deletes from. Arithmetic errors come after every
// entry was checked ({"a": ADD 9e125 to 9e125, "b": ADD 1 to a string} is a
// type mismatch).
Status CheckAttributeUpdates(const UpdateExpression& update, const Item* old_item,
                             const std::vector<std::string>& key_names) {
  for (const UpdateAction& a : update.actions) {
    RIPTIDE_RETURN_IF_ERROR(CheckNotKey(a, key_names));
    if (!a.invalid.empty()) return Status::Validation(a.invalid);
    const AttributeValue* existing = old_item != nullptr ? old_item->Find(a.path.top()) : nullptr;
    if (existing == nullptr || a.kind == UpdateAction::Kind::kSet ||
        a.kind == UpdateAction::Kind::kRemove) {
      continue;
    }
    AttrType have = existing->type();
    AttrType add = a.value.value->type();
    bool fits =
        have == add && (IsSetType(have) || (a.kind == UpdateAction::Kind::kAdd &&
                                            (have == AttrType::kN || have == AttrType::kL)));
    if (!fits) return Status::Validation(kTypeMismatch);
  }
  return Status::OK();
}

// The order in which DynamoDB applies the actions, which decides the error
// it reports when several actions fail: grouped by top-level attribute, the
// groups in descending order of a hash bucket of the name (String.hashCode()
// + 1 in a 16-bucket table, as observed on the reference for short names;
// the same map orders the "path two" of overlaps, see validate.cc), the
// group written last in the request first on ties. Within a group, writes
// go in path order, so that several SETs past the end of one list append in
// index order, then removals from the highest index down, so that every
// REMOVE addresses the list as it was before the update.
std::vector<size_t> ApplyOrder(const std::vector<UpdateAction>& actions) {
  struct Group {
    uint32_t bucket;
    size_t last;  // last position of the name in the request
  };
  std::vector<const std::string*> names;
  std::vector<Group> groups;
  std::vector<size_t> group_of(actions.size());
  for (size_t i = 0; i < actions.size(); ++i) {
    const std::string& top = actions[i].path.top();
    size_t g = 0;
    while (g < names.size() && *names[g] != top) ++g;
    if (g == names.size()) {
      names.push_back(&top);
      groups.push_back({0, i});
    }
    groups[g].last = i;
    group_of[i] = g;
  }
  uint32_t cap = 16;
  while (groups.size() * 4 > cap * 3) cap *= 2;
  for (size_t g = 0; g < groups.size(); ++g) {
    uint32_t h = static_cast<uint32_t>(JavaStringHash(*names[g])) + 1;
    groups[g].bucket = (h ^ (h >> 16)) & (cap - 1);
  }
  std::vector<size_t> order(actions.size());
  std::iota(order.begin(), order.end(), 0);
  std::stable_sort(order.begin(), order.end(), [&](size_t a, size_t b) {
    const Group& ga = groups[group_of[a]];
    const Group& gb = groups[group_of[b]];
    if (ga.bucket != gb.bucket) return ga.bucket > gb.bucket;
    if (ga.last != gb.last) return ga.last > gb.last;
    bool ra = actions[a].kind == UpdateAction::Kind::kRemove;
    bool rb = actions[b].kind == UpdateAction::Kind::kRemove;
    if (ra != rb) return rb;
    return ra ? PathLess(actions[b].path, actions[a].path)
              : PathLess(actions[a].path, actions[b].path);
  });
  return order;
}

Result<UpdateOutcome> ApplyActions(const UpdateExpression& update, const Item* old_item,
                                   const Item& key) {
  const std::vector<UpdateAction>& actions = update.actions;
  // Right-hand sides read the item as it was, so "SET a = b, b = a" swaps.
  // When there is no item they still see the key ("SET a = pk" works).
  const Item& source = old_item != nullptr ? *old_item : key;
  UpdateOutcome out;
  out.new_item = source;
  for (size_t i : ApplyOrder(actions)) {
    RIPTIDE_RETURN_IF_ERROR(
        ApplyAction(actions[i], source, update.from_attribute_updates, &out.new_item));
  }
  RIPTIDE_RETURN_IF_ERROR(CheckNesting(update, out.new_item));
  // DynamoDB does not create an item for an update that only removes; an
  // empty AttributeUpdates does create it (an empty UpdateExpression is a
  // syntax error).
  bool writes = update.from_attribute_updates && actions.empty();
  for (const UpdateAction& a : actions) {
    writes |= a.kind == UpdateAction::Kind::kSet || a.kind == UpdateAction::Kind::kAdd;
  }
  out.exists = old_item != nullptr || writes;
  return out;
}

std::vector<const Path*> UpdatedPaths(const UpdateExpression& update) {
  std::vector<const Path*> paths;
  paths.reserve(update.actions.size());
  for (const UpdateAction& a : update.actions) paths.push_back(&a.path);
  return paths;
}

}  // namespace riptide::expr
