#include "report.h"

#include <cinttypes>
#include <ctime>

namespace riptide::bench {
namespace {

// A minimal JSON writer: the caller nests correctly; commas are automatic.
class JsonWriter {
 public:
  JsonWriter& Begin(char bracket) {
    Comma();
    out_.push_back(bracket);
    first_ = true;
    return *this;
  }
  JsonWriter& End(char bracket) {
    out_.push_back(bracket);
    first_ = false;
    return *this;
  }
  JsonWriter& Key(std::string_view key) {
    Comma();
    String(key);
    out_.push_back(':');
    first_ = true;  // the value follows without a comma
    return *this;
  }
  JsonWriter& Str(std::string_view s) {
    Comma();
    String(s);
    return *this;
  }
  JsonWriter& Num(double v) {
    Comma();
    char buf[32];
    snprintf(buf, sizeof(buf), "%.6g", v);
    out_.append(buf);
    return *this;
  }
  JsonWriter& Int(uint64_t v) {
    Comma();
    out_.append(std::to_string(v));
    return *this;
  }
  JsonWriter& Null() {
    Comma();
    out_.append("null");
    return *this;
  }
  JsonWriter& Bool(bool v) {
    Comma();
    out_.append(v ? "true" : "false");
    return *this;
  }
  std::string Take() { return std::move(out_); }

 private:
  void Comma() {
    if (!first_) out_.push_back(',');
    first_ = false;
  }
  void String(std::string_view s) {
    out_.push_back('"');
    for (unsigned char ch : s) {
      if (ch == '"' || ch == '\\') {
        out_.push_back('\\');
        out_.push_back(static_cast<char>(ch));
      } else if (ch < 0x20) {
        char buf[8];
        snprintf(buf, sizeof(buf), "\\u%04x", ch);
        out_.append(buf);
      } else {
        out_.push_back(static_cast<char>(ch));
      }
    }
    out_.push_back('"');
  }

  std::string out_;
  bool first_ = true;
};

void LatencyJson(const Histogram& h, JsonWriter& j) {
  j.Begin('{');
  j.Key("count").Int(h.count());
  j.Key("min").Int(h.min());
  j.Key("mean").Num(h.Mean());
  j.Key("p50").Int(h.ValueAtPercentile(50));
  j.Key("p90").Int(h.ValueAtPercentile(90));
  j.Key("p99").Int(h.ValueAtPercentile(99));
  j.Key("p999").Int(h.ValueAtPercentile(99.9));
  j.Key("max").Int(h.max());
  j.End('}');
}

std::string_view ScanCheckName(ScanCheck check) {
  switch (check) {
    case ScanCheck::kNotChecked:
      return "not checked";
    case ScanCheck::kIncomplete:
      return "incomplete";
    case ScanCheck::kOk:
      return "ok";
    case ScanCheck::kWrong:
      return "wrong";
  }
  return "";
}

void ScanJson(const RunResult& run, JsonWriter& j) {
  const RunStats& s = run.stats;
  j.Key("scan").Begin('{');
  j.Key("segments").Int(static_cast<uint64_t>(run.scan_segments));
  j.Key("pages").Int(s.ok);
  j.Key("items").Int(s.scan_items);
  j.Key("items_per_s").Num(run.ItemsPerSecond());
  j.Key("item_size").Int(static_cast<uint64_t>(run.item_size));
  j.Key("mb_per_s").Num(run.ScanItemMbPerSecond());
  j.Key("mb_per_s_is").Str("items returned x item_size, 10^6 bytes per second");
  j.Key("response_bytes").Int(s.response_bytes);
  j.Key("response_mb_per_s").Num(run.ResponseMbPerSecond());
  j.Key("passes").Int(s.scan_passes);
  j.Key("full_pass_check").Str(ScanCheckName(run.scan_check));
  uint64_t total = 0;
  for (const auto& [segment, items] : s.segment_items) total += items;
  j.Key("full_pass_items").Int(total);
  j.End('}');
}

void RunJson(const RunResult& run, JsonWriter& j) {
  const RunStats& s = run.stats;
  j.Begin('{');
  j.Key("workload").Str(run.workload->name);
  j.Key("distribution").Str(DistributionName(run.distribution));
  j.Key("connections").Int(static_cast<uint64_t>(run.connections));
  j.Key("threads").Int(static_cast<uint64_t>(run.threads));
  j.Key("seconds").Num(run.seconds);
  j.Key("ok").Int(s.ok);
  j.Key("errors").Int(s.errors());
  j.Key("ops_per_s").Num(run.OpsPerSecond());
  j.Key("items_per_s").Num(run.ItemsPerSecond());
  j.Key("latency_us");
  LatencyJson(s.latency, j);
  if (run.workload->name == "scan") ScanJson(run, j);
  j.Key("per_op").Begin('{');
  for (int i = 0; i < kOpCount; ++i) {
    const OpStats& op = s.ops[i];
    if (op.ok + op.errors == 0) continue;
    j.Key(OpShortName(static_cast<Op>(i))).Begin('{');
    j.Key("ok").Int(op.ok);
    j.Key("errors").Int(op.errors);
    j.Key("latency_us");
    LatencyJson(op.latency, j);
    j.End('}');
  }
  j.End('}');
  j.Key("error_detail").Begin('{');
  j.Key("http_errors").Int(s.http_errors);
  j.Key("bad_answers").Int(s.bad_answers);
  j.Key("connection_errors").Int(s.connection_errors);
  j.Key("reconnects").Int(run.reconnects);
  j.Key("unprocessed_batches").Int(s.unprocessed_items);
  j.Key("status_counts").Begin('{');
  for (const auto& [status, count] : s.status_counts) j.Key(std::to_string(status)).Int(count);
  j.End('}');
  j.Key("samples").Begin('[');
  for (const auto& sample : s.error_samples) j.Str(sample);
  j.End(']');
  j.End('}');
  j.End('}');
}

// Microseconds as milliseconds with a precision that suits the size.
std::string Ms(uint64_t us) {
  char buf[32];
  if (us < 10000)
    snprintf(buf, sizeof(buf), "%.3f", us / 1000.0);
  else
    snprintf(buf, sizeof(buf), "%.1f", us / 1000.0);
  return buf;
}

// Under a scan row: what the pages carried, and whether full passes
// returned the whole table.
void PrintScanLine(const RunResult& run, FILE* out) {
  const RunStats& s = run.stats;
  uint64_t total = 0;
  for (const auto& [segment, items] : s.segment_items) total += items;
  std::string check(ScanCheckName(run.scan_check));
  if (run.scan_check == ScanCheck::kOk || run.scan_check == ScanCheck::kWrong) {
    check = "a full pass returned " + std::to_string(total) + " items" +
            (run.scan_check == ScanCheck::kWrong ? ": WRONG" : "");
  }
  fprintf(out,
          "  scan, %d segment%s: %.0f items/s, %.1f MB/s of items (items x %d B), %.1f MB/s of "
          "JSON; %" PRIu64 " passes; %s\n",
          run.scan_segments, run.scan_segments == 1 ? "" : "s", run.ItemsPerSecond(),
          run.ScanItemMbPerSecond(), run.item_size, run.ResponseMbPerSecond(), s.scan_passes,
          check.c_str());
}

}  // namespace

double RunResult::OpsPerSecond() const { return seconds > 0 ? stats.ok / seconds : 0; }

double RunResult::ItemsPerSecond() const {
  double items = 0;
  for (int i = 0; i < kOpCount; ++i) {
    if (i == static_cast<int>(Op::kScan)) continue;
    double per = i == static_cast<int>(Op::kBatch)   ? kBatchItems
                 : i == static_cast<int>(Op::kQuery) ? kQueryPageItems
                                                     : 1;
    items += per * static_cast<double>(stats.ops[i].ok);
  }
  items += static_cast<double>(stats.scan_items);
  return seconds > 0 ? items / seconds : 0;
}

double RunResult::ScanItemMbPerSecond() const {
  return seconds > 0 ? static_cast<double>(stats.scan_items) * item_size / seconds / 1e6 : 0;
}

double RunResult::ResponseMbPerSecond() const {
  return seconds > 0 ? static_cast<double>(stats.response_bytes) / seconds / 1e6 : 0;
}

void PrintHeader(FILE* out) {
  fprintf(out, "%-8s %5s %-8s %11s %9s %9s %9s %9s %9s %8s\n", "workload", "conns", "dist", "ops/s",
          "p50 ms", "p90 ms", "p99 ms", "p99.9 ms", "max ms", "errors");
}

void PrintRun(const RunResult& run, FILE* out) {
  const Histogram& h = run.stats.latency;
  fprintf(out, "%-8s %5d %-8s %11.1f %9s %9s %9s %9s %9s %8" PRIu64 "\n",
          std::string(run.workload->name).c_str(), run.connections,
          std::string(DistributionName(run.distribution)).c_str(), run.OpsPerSecond(),
          Ms(h.ValueAtPercentile(50)).c_str(), Ms(h.ValueAtPercentile(90)).c_str(),
          Ms(h.ValueAtPercentile(99)).c_str(), Ms(h.ValueAtPercentile(99.9)).c_str(),
          Ms(h.max()).c_str(), run.stats.errors());
  if (run.workload->name == "scan") PrintScanLine(run, out);
  fflush(out);
}

void PrintErrors(const RunResult& run, FILE* out) {
  const RunStats& s = run.stats;
  if (run.reconnects > 0) {
    fprintf(out, "  %s at %d connections: %" PRIu64 " connections broke and were reopened\n",
            std::string(run.workload->name).c_str(), run.connections, run.reconnects);
  }
  if (s.errors() == 0 && s.ok > 0) return;
  if (s.ok == 0) {
    fprintf(out, "  %s at %d connections: no successful answer in the measured window\n",
            std::string(run.workload->name).c_str(), run.connections);
  }
  if (s.errors() == 0) return;
  fprintf(
      out,
      "  %s: %" PRIu64 " non-200, %" PRIu64 " unexpected answers, %" PRIu64 " broken connections\n",
      std::string(run.workload->name).c_str(), s.http_errors, s.bad_answers, s.connection_errors);
  for (const auto& sample : s.error_samples) fprintf(out, "    %s\n", sample.c_str());
}

std::string ResultsJson(const Options& o, const std::optional<PreloadResult>& preload,
                        const std::vector<RunResult>& runs) {
  JsonWriter j;
  j.Begin('{');
  j.Key("tool").Str("riptide-bench");
  j.Key("label").Str(o.label);
  j.Key("endpoint").Str("http://" + o.endpoint.HostHeader());
  j.Key("timestamp").Int(static_cast<uint64_t>(time(nullptr)));
  j.Key("config").Begin('{');
  j.Key("keys").Int(o.keys);
  j.Key("item_size").Int(static_cast<uint64_t>(o.item_size));
  j.Key("duration_s").Num(o.duration_s);
  j.Key("warmup_s").Num(o.warmup_s);
  j.Key("threads").Int(static_cast<uint64_t>(o.threads));
  j.Key("table_prefix").Str(o.table_prefix);
  j.Key("scan_segments").Int(static_cast<uint64_t>(o.scan_segments));
  j.Key("scan_passes").Int(o.scan_passes);
  j.Key("signed").Bool(o.sign);
  j.Key("verify").Bool(o.verify && !o.fixed_answer);
  j.Key("fixed_answer").Bool(o.fixed_answer);
  j.End('}');
  j.Key("preload");
  if (preload) {
    j.Begin('{');
    j.Key("items").Int(preload->items);
    j.Key("seconds").Num(preload->seconds);
    j.Key("items_per_s").Num(preload->seconds > 0 ? preload->items / preload->seconds : 0);
    j.Key("batches").Int(preload->batches);
    j.Key("retries").Int(preload->retries);
    j.Key("unprocessed").Int(preload->unprocessed);
    j.Key("errors").Int(preload->errors);
    j.End('}');
  } else {
    j.Null();
  }
  j.Key("runs").Begin('[');
  for (const auto& run : runs) RunJson(run, j);
  j.End(']');
  j.End('}');
  std::string text = j.Take();
  text.push_back('\n');
  return text;
}

}  // namespace riptide::bench
