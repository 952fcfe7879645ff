#include "expr/projection.h"

#include <map>
#include <memory>
#include <string>

#include "expr/evaluate.h"

namespace riptide::expr {

namespace {

// What the selected paths keep of one value: all of it (`whole`), or some
// map members, or some list elements.
struct Selection {
  const AttributeValue* whole = nullptr;
  std::map<std::string, Selection, std::less<>> members;
  std::map<uint32_t, Selection> elements;
};

AttributeValue Materialize(const Selection& s) {
  if (s.whole != nullptr) return *s.whole;
  if (!s.elements.empty()) {
    AttributeList list;
    list.reserve(s.elements.size());
    for (const auto& [index, child] : s.elements) list.push_back(Materialize(child));
    return AttributeValue::List(std::move(list));
  }
  AttributeMap map;
  map.reserve(s.members.size());
  for (const auto& [name, child] : s.members) map.AppendUnsorted(name, Materialize(child));
  return AttributeValue::Map(std::move(map));  // std::map iterates sorted: already in order
}

}  // namespace

Item ProjectItem(const Item* item, const std::vector<const Path*>& paths) {
  Item out;
  if (item == nullptr) return out;
  std::map<std::string, Selection, std::less<>> top;
  for (const Path* path : paths) {
    const AttributeValue* v = FindPath(item, *path);
    if (v == nullptr) continue;
    Selection* s = &top[path->elements[0].name];
    for (size_t i = 1; i < path->elements.size(); ++i) {
      const PathElement& el = path->elements[i];
      s = el.is_index() ? &s->elements[el.index] : &s->members[el.name];
    }
    s->whole = v;
  }
  out.reserve(top.size());
  for (const auto& [name, sel] : top) out.AppendUnsorted(name, Materialize(sel));
  return out;
}

}  // namespace riptide::expr
