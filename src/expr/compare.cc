#include "expr/compare.h"

#include <cstring>

#include "model/number.h"

namespace riptide::expr {

namespace {
int CompareBytes(const std::string& a, const std::string& b) {
  size_t n = a.size() < b.size() ? a.size() : b.size();
  int c = n == 0 ? 0 : std::memcmp(a.data(), b.data(), n);
  if (c != 0) return c < 0 ? -1 : 1;
  return a.size() == b.size() ? 0 : (a.size() < b.size() ? -1 : 1);
}
}  // namespace

int CompareOrdered(const AttributeValue& a, const AttributeValue& b) {
  if (a.is(AttrType::kN)) {
    if (a.str() == b.str()) return 0;  // canonical text: equal text, equal number
    Result<Number> x = Number::Parse(a.str());
    Result<Number> y = Number::Parse(b.str());
    if (!x.ok() || !y.ok()) return CompareBytes(a.str(), b.str());
    return x->Compare(*y);
  }
  return CompareBytes(a.str(), b.str());
}

}  // namespace riptide::expr
