#include "scan.h"

#include <charconv>

namespace riptide::bench {
namespace {

// Skips blanks and the colon after a member name.
size_t SkipToValue(std::string_view json, size_t pos) {
  while (pos < json.size() && (json[pos] == ' ' || json[pos] == ':' || json[pos] == '\n' ||
                               json[pos] == '\t' || json[pos] == '\r')) {
    ++pos;
  }
  return pos;
}

// The length of the JSON object starting at json[pos] ('{'), strings and
// escapes included; 0 when it does not end in `json`.
size_t ObjectLength(std::string_view json, size_t pos) {
  int depth = 0;
  bool in_string = false;
  for (size_t i = pos; i < json.size(); ++i) {
    char ch = json[i];
    if (in_string) {
      if (ch == '\\') {
        ++i;
      } else if (ch == '"') {
        in_string = false;
      }
    } else if (ch == '"') {
      in_string = true;
    } else if (ch == '{') {
      ++depth;
    } else if (ch == '}' && --depth == 0) {
      return i + 1 - pos;
    }
  }
  return 0;
}

}  // namespace

std::vector<int> OwnedSegments(int conn, int connections, int segments) {
  if (connections >= segments) return {conn % segments};
  std::vector<int> owned;
  for (int s = conn; s < segments; s += connections) owned.push_back(s);
  return owned;
}

bool ParseScanPage(std::string_view body, ScanPage* page) {
  *page = ScanPage{};
  size_t count = body.rfind("\"Count\"");
  if (count != std::string_view::npos) {
    size_t pos = SkipToValue(body, count + 7);
    int64_t value = -1;
    auto [ptr, ec] = std::from_chars(body.data() + pos, body.data() + body.size(), value);
    if (ec == std::errc()) page->count = value;
  }
  size_t last = body.rfind("\"LastEvaluatedKey\"");
  if (last == std::string_view::npos) return true;
  size_t pos = SkipToValue(body, last + 18);
  if (pos >= body.size() || body[pos] != '{') return false;
  size_t length = ObjectLength(body, pos);
  if (length == 0) return false;
  page->last_key = body.substr(pos, length);
  return true;
}

ScanCursor::ScanCursor(std::vector<int> segments, int total_segments)
    : segments_(std::move(segments)), total_segments_(total_segments) {}

void ScanCursor::AppendRequest(std::string_view table, std::string* body) {
  if (pass_done_) {
    pass_done_ = false;
    pass_items_ = 0;
    if (++index_ == segments_.size()) {
      index_ = 0;
    }
  }
  body->append(R"({"TableName":")").append(table).push_back('"');
  if (total_segments_ > 1) {
    body->append(R"(,"Segment":)").append(std::to_string(segment()));
    body->append(R"(,"TotalSegments":)").append(std::to_string(total_segments_));
  }
  if (!start_key_.empty()) body->append(R"(,"ExclusiveStartKey":)").append(start_key_);
  body->push_back('}');
}

bool ScanCursor::Advance(const ScanPage& page) {
  if (page.count > 0) pass_items_ += static_cast<uint64_t>(page.count);
  if (!page.last_key.empty()) {
    start_key_.assign(page.last_key);
    return false;
  }
  start_key_.clear();
  pass_done_ = true;
  if (index_ + 1 == segments_.size()) ++rounds_;
  return true;
}

void ScanCursor::Restart() {
  start_key_.clear();
  pass_items_ = 0;
  pass_done_ = false;
}

}  // namespace riptide::bench
