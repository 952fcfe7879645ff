#pragma once

// Results: one line per run for people, and the whole set as JSON for
// bench_compare.py.

#include <cstdio>
#include <optional>
#include <string>
#include <vector>

#include "options.h"
#include "preload.h"
#include "workload.h"

namespace riptide::bench {

struct RunResult {
  const WorkloadSpec* workload = nullptr;
  Distribution distribution = Distribution::kUniform;
  int connections = 0;
  int threads = 0;
  double seconds = 0;  // measured window
  uint64_t reconnects = 0;
  RunStats stats;
  // Scan runs only.
  int scan_segments = 0;
  int item_size = 0;
  ScanCheck scan_check = ScanCheck::kNotChecked;

  double OpsPerSecond() const;
  // Items written or read per second: 25 per batch, 10 per query, what the
  // pages said for scan.
  double ItemsPerSecond() const;
  // Scan: items returned times --item-size (the DynamoDB size the preload
  // gave every item), and the bytes of the answers' JSON bodies, in MB
  // (10^6 bytes) per second.
  double ScanItemMbPerSecond() const;
  double ResponseMbPerSecond() const;
};

void PrintHeader(FILE* out);
void PrintRun(const RunResult& run, FILE* out);
void PrintErrors(const RunResult& run, FILE* out);

std::string ResultsJson(const Options& options, const std::optional<PreloadResult>& preload,
                        const std::vector<RunResult>& runs);

}  // namespace riptide::bench
