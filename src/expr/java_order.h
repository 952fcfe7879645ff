#pragma once

// DynamoDB lists sets of names in some messages ("Value provided in
// ExpressionAttributeNames unused in expressions: keys: {#c, #a, #b}") in the
// iteration order of a java.util.HashSet<String>. Matching the text exactly
// means reproducing that order: String.hashCode over UTF-16 code units, the
// HashMap bucket spread (h ^ h >>> 16), a power-of-two table sized for the
// set the message was built from, and insertion order within a bucket.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riptide::expr {

// java.lang.String.hashCode() of the UTF-8 string `s`.
int32_t JavaStringHash(std::string_view s);

// Returns `members` in the order a java.util.HashSet built as
// `new HashSet<>(c)` from a collection `c` of `source_size` strings iterates
// them, where `members` (a subset of `c`, in `c`'s order) survived removals.
std::vector<std::string_view> JavaHashSetOrder(const std::vector<std::string_view>& members,
                                               size_t source_size);

// "{a, b, c}" in JavaHashSetOrder.
std::string JavaSetToString(const std::vector<std::string_view>& members, size_t source_size);

}  // namespace riptide::expr
