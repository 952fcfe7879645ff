#pragma once

// The workloads: which operations a run sends, in which proportions, and
// how each answer is judged.
//
//   get     GetItem on the kv table
//   put     PutItem of a whole item over an existing key
//   update  UpdateItem SET #c = #c + :one
//   query   Query of one partition of the query table (10 items)
//   batch   BatchWriteItem of 25 puts on distinct keys
//   scan    full Scans of the kv table, page after page (scan.h)
//   ycsb-a  50 % get, 50 % update   (zipfian keys unless told otherwise)
//   ycsb-b  95 % get,  5 % update   (zipfian)
//   ycsb-c  100 % get               (zipfian)

#include <array>
#include <cstdint>
#include <map>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "client_loop.h"
#include "histogram.h"
#include "items.h"
#include "key_chooser.h"
#include "scan.h"

namespace riptide::bench {

enum class Op : int { kGet, kPut, kUpdate, kQuery, kBatch, kScan };
inline constexpr int kOpCount = 6;
std::string_view OpName(Op op);       // the DynamoDB operation, "GetItem"
std::string_view OpShortName(Op op);  // "get"

struct WorkloadSpec {
  std::string_view name;
  std::vector<std::pair<Op, double>> mix;  // weights sum to 1
  Distribution default_distribution;
  bool UsesKvTable() const;
  bool UsesQueryTable() const;
};

// nullptr for an unknown name.
const WorkloadSpec* FindWorkload(std::string_view name);
const std::vector<WorkloadSpec>& AllWorkloads();

struct OpStats {
  Histogram latency;
  uint64_t ok = 0;
  uint64_t errors = 0;
};

// Everything one run measured, mergeable across client threads.
struct RunStats {
  std::array<OpStats, kOpCount> ops;
  Histogram latency;         // every answered call, ok or not
  uint64_t ok = 0;           // 200 and the answer looked right
  uint64_t http_errors = 0;  // answered with a status other than 200
  uint64_t bad_answers = 0;  // 200 but not the answer the workload expects
  uint64_t connection_errors = 0;
  uint64_t unprocessed_items = 0;          // BatchWriteItem items the server sent back
  std::map<int, uint64_t> status_counts;   // non-200 statuses
  std::vector<std::string> error_samples;  // first few distinct error bodies
  uint64_t response_bytes = 0;             // bodies of the 200s counted as ok
  uint64_t last_answer_ns = 0;             // when the last counted answer came

  // Scan only. Items returned by the pages counted as ok:
  uint64_t scan_items = 0;
  // Passes (one segment, first page to last) completed during the whole
  // run, warm-up included, and the items of each segment's first complete
  // pass: every later pass must return as many, and the segments together
  // --keys (checked once the run is over, see CheckScanTotal).
  uint64_t scan_passes = 0;
  std::map<int, uint64_t> segment_items;

  uint64_t errors() const { return http_errors + bad_answers + connection_errors; }
  void Merge(const RunStats& other);
  void AddErrorSample(std::string_view what);
};

struct RunConfig {
  const WorkloadSpec* workload = nullptr;
  Distribution distribution = Distribution::kUniform;
  uint64_t keys = 10000;
  bool verify = true;  // check GetItem found its item and Query its 10 items
  // Scan: TotalSegments (1: a plain Scan), the run's connections over all
  // client threads, the first of them this driver owns, and how many rounds
  // over its segments each connection makes before it stops (0: no limit).
  int scan_segments = 1;
  int connections = 1;
  int first_connection = 0;
  uint64_t scan_passes = 0;
};

// What a run's scan check concluded.
enum class ScanCheck { kNotChecked, kIncomplete, kOk, kWrong };

// After a scan run, with the drivers' stats merged: when every segment has
// completed a pass, their items must add up to `keys`; a wrong total is
// counted as a bad answer. kIncomplete when some segment never finished a
// pass (a big table and a short run).
ScanCheck CheckScanTotal(const RunConfig& config, RunStats* stats);

// Drives one client thread's connections through a workload. Only answers
// that complete in [measure_from_ns, measure_until_ns) are counted: not the
// warm-up, and not a straggler the loop saw after its deadline.
class RunDriver : public Driver {
 public:
  RunDriver(const RunConfig& config, const TableNames& tables, const ItemWriter& items,
            uint64_t seed, uint64_t measure_from_ns, uint64_t measure_until_ns);

  Next Prepare(int conn, uint64_t now_ns, Call* call) override;
  void Complete(int conn, const Call& call, const HttpResponse& response, uint64_t latency_ns,
                uint64_t now_ns) override;

  const RunStats& stats() const { return stats_; }

 private:
  Op PickOp();
  void BuildBody(Op op, std::string* body);
  bool AnswerLooksRight(Op op, std::string_view body);
  ScanCursor& Cursor(int conn);
  // Moves connection `conn`'s scan on after an answer; false when a 200
  // does not look like a Scan answer or a pass returned a count that
  // differs from an earlier pass over the same segment.
  bool OnScanAnswer(int conn, const HttpResponse& response, uint64_t* items);
  void CountBadAnswer(Op op, std::string_view what, std::string_view body);

  RunConfig config_;
  const TableNames& tables_;
  const ItemWriter& items_;
  Rng rng_;
  KeyChooser kv_keys_;
  KeyChooser partitions_;
  std::vector<ScanCursor> cursors_;  // per connection, scan only
  uint64_t measure_from_ns_;
  uint64_t measure_until_ns_;
  RunStats stats_;
};

}  // namespace riptide::bench
