#include "options.h"

#include <charconv>
#include <cstdlib>
#include <string_view>

namespace riptide::bench {
namespace {

std::vector<std::string_view> SplitCommas(std::string_view s) {
  std::vector<std::string_view> parts;
  while (true) {
    size_t comma = s.find(',');
    parts.push_back(s.substr(0, comma));
    if (comma == std::string_view::npos) return parts;
    s.remove_prefix(comma + 1);
  }
}

template <typename T>
Status ParseNumber(std::string_view flag, std::string_view text, T min, T* out) {
  T value{};
  auto [ptr, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || ptr != text.data() + text.size() || value < min) {
    return Status::Internal(std::string(flag) + ": not a valid number: " + std::string(text));
  }
  *out = value;
  return Status::OK();
}

Status ParseWorkloads(std::string_view text, Options* o) {
  o->workloads.clear();
  for (std::string_view name : SplitCommas(text)) {
    if (name == "all") {
      for (const auto& w : AllWorkloads()) o->workloads.push_back(&w);
      continue;
    }
    const WorkloadSpec* w = FindWorkload(name);
    if (w == nullptr) return Status::Internal("unknown workload: " + std::string(name));
    o->workloads.push_back(w);
  }
  return Status::OK();
}

Status ParseFlag(std::string_view flag, std::string_view value, Options* o) {
  if (flag == "--endpoint") {
    RIPTIDE_ASSIGN_OR_RETURN(o->endpoint, ParseEndpoint(value));
  } else if (flag == "--workload") {
    RIPTIDE_RETURN_IF_ERROR(ParseWorkloads(value, o));
  } else if (flag == "--connections") {
    o->connections.clear();
    for (auto part : SplitCommas(value)) {
      int n = 0;
      RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, part, 1, &n));
      o->connections.push_back(n);
    }
  } else if (flag == "--threads") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 1, &o->threads));
  } else if (flag == "--duration") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 0.0, &o->duration_s));
  } else if (flag == "--warmup") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 0.0, &o->warmup_s));
  } else if (flag == "--keys") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, uint64_t{1}, &o->keys));
  } else if (flag == "--item-size") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 1, &o->item_size));
  } else if (flag == "--distribution") {
    if (value != "uniform" && value != "zipfian") {
      return Status::Internal("--distribution: uniform or zipfian, not " + std::string(value));
    }
    o->distribution_set = true;
    o->distribution = value == "zipfian" ? Distribution::kZipfian : Distribution::kUniform;
  } else if (flag == "--scan-segments") {
    // DynamoDB's bound on TotalSegments.
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 1, &o->scan_segments));
    if (o->scan_segments > 1000000) {
      return Status::Internal("--scan-segments: at most 1000000, DynamoDB's TotalSegments limit");
    }
  } else if (flag == "--scan-passes") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, uint64_t{0}, &o->scan_passes));
  } else if (flag == "--table-prefix") {
    o->table_prefix = std::string(value);
  } else if (flag == "--preload-connections") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, 1, &o->preload_connections));
  } else if (flag == "--access-key") {
    o->credentials.access_key = std::string(value);
  } else if (flag == "--secret-key") {
    o->credentials.secret_key = std::string(value);
  } else if (flag == "--region") {
    o->credentials.region = std::string(value);
  } else if (flag == "--json") {
    o->json_path = std::string(value);
  } else if (flag == "--label") {
    o->label = std::string(value);
  } else if (flag == "--seed") {
    RIPTIDE_RETURN_IF_ERROR(ParseNumber(flag, value, uint64_t{0}, &o->seed));
  } else {
    return Status::Internal("unknown flag: " + std::string(flag));
  }
  return Status::OK();
}

bool SetSwitch(std::string_view flag, Options* o) {
  if (flag == "--no-preload")
    o->preload = false;
  else if (flag == "--preload-only")
    o->preload_only = true;
  else if (flag == "--fixed-answer")
    o->fixed_answer = true;
  else if (flag == "--no-verify")
    o->verify = false;
  else if (flag == "--unsigned")
    o->sign = false;
  else if (flag == "--quiet")
    o->quiet = true;
  else
    return false;
  return true;
}

}  // namespace

const char* Usage() {
  return R"(usage: riptide-bench [flags]
Drives a DynamoDB-compatible server with YCSB-style workloads over HTTP/1.1
keep-alive connections, every request signed with SigV4, and reports
throughput, latency percentiles and errors (any non-200 answer is an error).

  --endpoint URL            server to drive (default http://127.0.0.1:8000)
  --workload LIST           comma list of: get put update query batch scan
                            ycsb-a ycsb-b ycsb-c, or all (default get)
  --connections LIST        connections per run, e.g. 16,64 (default 16)
  --threads N               client threads sharing the connections (default 1)
  --duration SEC            measured seconds per run (default 10)
  --warmup SEC              unmeasured seconds before each run (default 1)
  --keys N                  items per table (default 10000)
  --item-size BYTES         approximate item size (default 1024)
  --distribution D          uniform or zipfian (default: uniform, but
                            zipfian for the ycsb-* workloads)
  --table-prefix NAME       tables NAME-kv and NAME-query (default bench)
  --scan-segments N         scan: a parallel Scan of N segments; connection
                            i reads segment i mod N, over and over (with
                            fewer connections than segments, connection i
                            reads segments i, i+conns, ... in turn)
                            (default 1: a plain Scan)
  --scan-passes N           scan: each connection stops after N passes over
                            its segments; the run ends when all have stopped
                            (--duration caps it), no warm-up (default 0:
                            scan until --duration ends)
  --no-preload              the tables exist and hold their items already
  --preload-only            create and fill the tables, run nothing
  --preload-connections N   connections for the preload (default 32)
  --fixed-answer            the server answers every request with a fixed
                            body (a ceiling such as nginx): no tables, no
                            preload, no answer checks; count the 200s
  --no-verify               do not check that GetItem found its item,
                            Query returned 10 items and a full Scan --keys
  --unsigned                send no Authorization header
  --access-key K --secret-key S --region R   SigV4 credentials
  --json FILE               also write the results as JSON
  --label TEXT              a name for this server in the JSON
  --seed N                  random seed (default 1)
  --quiet                   no table on stdout
Exit status: 0 when every run answered with no error, 1 when a run had
errors or no answers, 2 on bad usage or when the server cannot be set up.
)";
}

Result<Options> ParseOptions(int argc, char** argv, bool* help) {
  Options o;
  *help = false;
  for (int i = 1; i < argc; ++i) {
    std::string_view arg = argv[i];
    if (arg == "--help" || arg == "-h") {
      *help = true;
      return o;
    }
    if (SetSwitch(arg, &o)) continue;
    std::string_view value;
    size_t eq = arg.find('=');
    if (eq != std::string_view::npos) {
      value = arg.substr(eq + 1);
      arg = arg.substr(0, eq);
    } else if (i + 1 < argc) {
      value = argv[++i];
    } else {
      return Status::Internal("missing value for " + std::string(arg));
    }
    RIPTIDE_RETURN_IF_ERROR(ParseFlag(arg, value, &o));
  }
  if (o.workloads.empty()) o.workloads.push_back(FindWorkload("get"));
  for (const auto* w : o.workloads) {
    if (w->name == "batch" && o.keys < 2 * kBatchItems && !o.fixed_answer) {
      return Status::Internal("the batch workload needs --keys of at least 50");
    }
  }
  return o;
}

}  // namespace riptide::bench
