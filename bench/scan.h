#pragma once

// The scan workload's bookkeeping: which parallel-scan segments a connection
// reads, the next Scan request of a pass (ExclusiveStartKey from the last
// answer's LastEvaluatedKey), and what one answer says.
//
// A pass reads one segment (or the whole table when there is one segment)
// from its first page to the page without LastEvaluatedKey, as a client that
// wants every item pages through a Scan.

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace riptide::bench {

// The segments connection `conn` (0-based over the whole run, all client
// threads together) reads out of `segments`, with `connections` connections:
// segment conn mod segments when there are at least as many connections as
// segments, so that every connection restarts its own segment; otherwise
// every segment s with s mod connections == conn, read one after the other,
// so that the run still covers the whole table.
std::vector<int> OwnedSegments(int conn, int connections, int segments);

struct ScanPage {
  int64_t count = -1;         // "Count", -1 when missing
  std::string_view last_key;  // "LastEvaluatedKey"'s object, empty when none
};

// Reads Count and LastEvaluatedKey from a Scan answer. Both servers write
// them after "Items", so they are looked for from the end; the bench's items
// (attribute names pk, c, f0..f9 and alphanumeric values) never contain
// those names, so the last occurrence is the top-level member. False when
// the LastEvaluatedKey object is cut short.
bool ParseScanPage(std::string_view body, ScanPage* page);

class ScanCursor {
 public:
  // `segments` as OwnedSegments returns them; `total_segments` 1 is a plain
  // Scan without Segment and TotalSegments.
  ScanCursor(std::vector<int> segments, int total_segments);

  // The body of the next page request (after a finished pass, the first
  // page of the next one).
  void AppendRequest(std::string_view table, std::string* body);

  // Takes the page answered to the last request. True when it ended a pass
  // (no LastEvaluatedKey); segment() and pass_items() then describe the pass
  // just finished until the next call.
  bool Advance(const ScanPage& page);

  // After an error: the pass starts over from its first page.
  void Restart();

  int segment() const { return segments_[index_]; }
  uint64_t pass_items() const { return pass_items_; }
  // Passes over every owned segment completed (--scan-passes counts these).
  uint64_t rounds() const { return rounds_; }

 private:
  std::vector<int> segments_;
  int total_segments_;
  size_t index_ = 0;
  bool pass_done_ = false;  // the last Advance ended a pass: move on first
  std::string start_key_;   // empty: the first page
  uint64_t pass_items_ = 0;
  uint64_t rounds_ = 0;
};

}  // namespace riptide::bench
