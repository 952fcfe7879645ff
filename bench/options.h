#pragma once

// riptide-bench's command line.

#include <cstdint>
#include <string>
#include <vector>

#include "common/status.h"
#include "http.h"
#include "key_chooser.h"
#include "sigv4.h"
#include "workload.h"

namespace riptide::bench {

struct Options {
  Endpoint endpoint;                           // --endpoint, default http://127.0.0.1:8000
  std::vector<const WorkloadSpec*> workloads;  // --workload, default get
  std::vector<int> connections = {16};         // --connections
  int threads = 1;                             // --threads
  double duration_s = 10;                      // --duration
  double warmup_s = 1;                         // --warmup
  uint64_t keys = 10000;                       // --keys
  int item_size = 1024;                        // --item-size
  bool distribution_set = false;               // --distribution given
  Distribution distribution = Distribution::kUniform;
  std::string table_prefix = "bench";  // --table-prefix
  int scan_segments = 1;               // --scan-segments (1: a plain Scan)
  uint64_t scan_passes = 0;            // --scan-passes (0: run for --duration)
  bool preload = true;                 // --no-preload
  bool preload_only = false;           // --preload-only
  int preload_connections = 32;        // --preload-connections
  bool fixed_answer = false;           // --fixed-answer
  bool verify = true;                  // --no-verify
  bool sign = true;                    // --unsigned
  Credentials credentials;             // --access-key --secret-key --region
  std::string json_path;               // --json
  std::string label;                   // --label, copied into the JSON
  uint64_t seed = 1;                   // --seed
  bool quiet = false;                  // --quiet
};

// Parses argv; a usage error comes back as a Status whose message is meant
// for the user. `--help` sets *help.
Result<Options> ParseOptions(int argc, char** argv, bool* help);
const char* Usage();

}  // namespace riptide::bench
