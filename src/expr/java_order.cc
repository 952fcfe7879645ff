#include "expr/java_order.h"

#include <algorithm>

namespace riptide::expr {

namespace {

// Decodes one UTF-8 code point at s[*i] and advances *i; an invalid byte
// decodes as itself.
uint32_t NextCodePoint(std::string_view s, size_t* i) {
  unsigned char c = static_cast<unsigned char>(s[*i]);
  size_t n = c < 0x80 ? 1 : (c >> 5) == 0x6 ? 2 : (c >> 4) == 0xE ? 3 : (c >> 3) == 0x1E ? 4 : 1;
  if (*i + n > s.size()) n = 1;
  if (n == 1) {
    ++*i;
    return c;
  }
  uint32_t cp = c & (0x7F >> n);
  for (size_t k = 1; k < n; ++k) cp = (cp << 6) | (static_cast<unsigned char>(s[*i + k]) & 0x3F);
  *i += n;
  return cp;
}

// The table size of `new HashSet<>(c)`: max(c.size() / .75f + 1, 16)
// rounded up to a power of two.
size_t TableSize(size_t source_size) {
  size_t wanted =
      std::max<size_t>(static_cast<size_t>(static_cast<float>(source_size) / .75f) + 1, 16);
  size_t cap = 1;
  while (cap < wanted) cap <<= 1;
  return cap;
}

}  // namespace

int32_t JavaStringHash(std::string_view s) {
  uint32_t h = 0;
  for (size_t i = 0; i < s.size();) {
    uint32_t cp = NextCodePoint(s, &i);
    if (cp >= 0x10000) {
      cp -= 0x10000;
      h = 31 * h + (0xD800 + (cp >> 10));
      h = 31 * h + (0xDC00 + (cp & 0x3FF));
    } else {
      h = 31 * h + cp;
    }
  }
  return static_cast<int32_t>(h);
}

std::vector<std::string_view> JavaHashSetOrder(const std::vector<std::string_view>& members,
                                               size_t source_size) {
  size_t mask = TableSize(std::max(source_size, members.size())) - 1;
  struct Slot {
    size_t bucket;
    size_t position;
    std::string_view s;
  };
  std::vector<Slot> slots;
  slots.reserve(members.size());
  for (size_t i = 0; i < members.size(); ++i) {
    uint32_t h = static_cast<uint32_t>(JavaStringHash(members[i]));
    slots.push_back({(h ^ (h >> 16)) & mask, i, members[i]});
  }
  // Within a bucket a HashMap keeps insertion order (resizes split buckets
  // without reordering), so bucket then position is the iteration order.
  std::sort(slots.begin(), slots.end(), [](const Slot& a, const Slot& b) {
    return a.bucket != b.bucket ? a.bucket < b.bucket : a.position < b.position;
  });
  std::vector<std::string_view> out;
  out.reserve(slots.size());
  for (const Slot& s : slots) out.push_back(s.s);
  return out;
}

std::string JavaSetToString(const std::vector<std::string_view>& members, size_t source_size) {
  std::string out = "{";
  bool first = true;
  for (std::string_view m : JavaHashSetOrder(members, source_size)) {
    if (!first) out += ", ";
    first = false;
    out += m;
  }
  out += "}";
  return out;
}

}  // namespace riptide::expr
