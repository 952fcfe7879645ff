// riptide-bench: the load generator behind `make bench-compare`.
// See bench/README.md; `riptide-bench --help` lists the flags.

#include <execinfo.h>
#include <signal.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <fstream>
#include <memory>
#include <optional>
#include <thread>
#include <vector>

#include "client_loop.h"
#include "options.h"
#include "preload.h"
#include "report.h"
#include "sync_client.h"
#include "workload.h"

namespace riptide::bench {
namespace {

Result<RunResult> RunOne(const Options& o, const WorkloadSpec& workload, int connections,
                         const TableNames& tables, const ItemWriter& items) {
  RunConfig config;
  config.workload = &workload;
  config.distribution = o.distribution_set ? o.distribution : workload.default_distribution;
  config.keys = o.keys;
  config.verify = o.verify && !o.fixed_answer;
  config.scan_segments = o.scan_segments;
  config.connections = connections;
  config.scan_passes = o.scan_passes;
  bool scan = workload.name == "scan";
  // Counted passes start with the first page: no warm-up.
  double warmup_s = scan && o.scan_passes > 0 ? 0 : o.warmup_s;

  int threads = std::min(o.threads, connections);
  std::vector<std::unique_ptr<ClientLoop>> loops;
  for (int t = 0; t < threads; ++t) {
    int conns = connections / threads + (t < connections % threads ? 1 : 0);
    loops.push_back(std::make_unique<ClientLoop>(o.endpoint, o.credentials, o.sign, conns));
    RIPTIDE_RETURN_IF_ERROR(loops.back()->Connect());
  }
  uint64_t measure_from = NowNanos() + static_cast<uint64_t>(warmup_s * 1e9);
  uint64_t deadline = measure_from + static_cast<uint64_t>(o.duration_s * 1e9);
  std::vector<std::unique_ptr<RunDriver>> drivers;
  for (int t = 0; t < threads; ++t) {
    uint64_t seed = o.seed * 1000003 + static_cast<uint64_t>(t) * 7919 + connections;
    drivers.push_back(
        std::make_unique<RunDriver>(config, tables, items, seed, measure_from, deadline));
    config.first_connection += connections / threads + (t < connections % threads ? 1 : 0);
  }
  std::vector<Status> statuses(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { statuses[t] = loops[t]->Run(drivers[t].get(), deadline); });
  }
  for (auto& w : workers) w.join();
  for (auto& s : statuses) RIPTIDE_RETURN_IF_ERROR(s);

  RunResult run;
  run.workload = &workload;
  run.distribution = config.distribution;
  run.connections = connections;
  run.threads = threads;
  run.seconds = o.duration_s;
  for (int t = 0; t < threads; ++t) {
    run.stats.Merge(drivers[t]->stats());
    run.reconnects += loops[t]->reconnects();
  }
  if (scan) {
    run.scan_segments = o.scan_segments;
    run.item_size = o.item_size;
    run.scan_check = CheckScanTotal(config, &run.stats);
    // With --scan-passes the run ends when the last connection stops.
    if (o.scan_passes > 0 && run.stats.last_answer_ns > measure_from) {
      run.seconds = std::min(o.duration_s, (run.stats.last_answer_ns - measure_from) / 1e9);
    }
  }
  return run;
}

std::optional<PreloadResult> SetUp(const Options& o, const TableNames& tables,
                                   const ItemWriter& items, bool* failed) {
  *failed = false;
  if (o.fixed_answer || !o.preload) return std::nullopt;
  bool kv = false, query = false;
  for (const auto* w : o.workloads) {
    kv |= w->UsesKvTable();
    query |= w->UsesQueryTable();
  }
  SyncClient client(o.endpoint, o.credentials, o.sign);
  Status created = EnsureTables(client, tables, kv, query);
  if (!created.ok()) {
    fprintf(stderr, "riptide-bench: %s\n", created.message().c_str());
    *failed = true;
    return std::nullopt;
  }
  PreloadSpec spec{kv, query, o.keys, o.preload_connections, o.threads};
  auto loaded = Preload(o.endpoint, o.credentials, o.sign, tables, items, spec, !o.quiet);
  if (!loaded.ok()) {
    fprintf(stderr, "riptide-bench: %s\n", loaded.status().message().c_str());
    *failed = true;
    return std::nullopt;
  }
  if (!o.quiet) {
    printf("preloaded %llu items in %.2f s (%.0f items/s, %llu retries)\n",
           static_cast<unsigned long long>(loaded->items), loaded->seconds,
           loaded->items / std::max(loaded->seconds, 1e-9),
           static_cast<unsigned long long>(loaded->retries));
  }
  return *loaded;
}

// A crash prints where it happened: the tool runs unattended inside
// bench-compare and the smoke test, where a core file is rarely kept.
void OnFatalSignal(int sig) {
  void* frames[64];
  int n = backtrace(frames, 64);
  const char msg[] = "riptide-bench: fatal signal; backtrace:\n";
  (void)!write(STDERR_FILENO, msg, sizeof(msg) - 1);
  backtrace_symbols_fd(frames, n, STDERR_FILENO);
  signal(sig, SIG_DFL);
  raise(sig);
}

int Main(int argc, char** argv) {
  for (int sig : {SIGSEGV, SIGBUS, SIGFPE, SIGILL, SIGABRT}) signal(sig, OnFatalSignal);
  bool help = false;
  auto parsed = ParseOptions(argc, argv, &help);
  if (help) {
    fputs(Usage(), stdout);
    return 0;
  }
  if (!parsed.ok()) {
    fprintf(stderr, "riptide-bench: %s\n\n%s", parsed.status().message().c_str(), Usage());
    return 2;
  }
  const Options& o = *parsed;
  TableNames tables(o.table_prefix);
  ItemWriter items(o.item_size);
  bool setup_failed = false;
  std::optional<PreloadResult> preload = SetUp(o, tables, items, &setup_failed);
  if (setup_failed) return 2;

  std::vector<RunResult> runs;
  bool clean = true;
  if (!o.preload_only) {
    if (!o.quiet) PrintHeader(stdout);
    for (const auto* workload : o.workloads) {
      for (int connections : o.connections) {
        auto run = RunOne(o, *workload, connections, tables, items);
        if (!run.ok()) {
          fprintf(stderr, "riptide-bench: %s\n", run.status().message().c_str());
          return 2;
        }
        if (!o.quiet) PrintRun(*run, stdout);
        clean &= run->stats.errors() == 0 && run->stats.ok > 0;
        runs.push_back(std::move(run).value());
      }
    }
    for (const auto& run : runs) PrintErrors(run, stderr);
  }
  if (!o.json_path.empty()) {
    std::ofstream out(o.json_path);
    out << ResultsJson(o, preload, runs);
    if (!out) {
      fprintf(stderr, "riptide-bench: cannot write %s\n", o.json_path.c_str());
      return 2;
    }
  }
  return clean ? 0 : 1;
}

}  // namespace
}  // namespace riptide::bench

int main(int argc, char** argv) { return riptide::bench::Main(argc, argv); }
