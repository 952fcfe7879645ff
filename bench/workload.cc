#include "workload.h"

#include <algorithm>
#include <charconv>

namespace riptide::bench {
namespace {

constexpr size_t kMaxErrorSamples = 5;

// The integer after `"name":` in a JSON text, or -1.
int64_t FindIntMember(std::string_view json, std::string_view quoted_name) {
  size_t pos = json.find(quoted_name);
  if (pos == std::string_view::npos) return -1;
  pos += quoted_name.size();
  while (pos < json.size() && (json[pos] == ' ' || json[pos] == ':')) ++pos;
  int64_t value = -1;
  std::from_chars(json.data() + pos, json.data() + json.size(), value);
  return value;
}

// True when `"UnprocessedItems":{}` (allowing blanks): nothing came back.
bool NothingUnprocessed(std::string_view json) {
  size_t pos = json.find("\"UnprocessedItems\"");
  if (pos == std::string_view::npos) return true;
  pos += 18;
  auto skip = [&] {
    while (pos < json.size() && (json[pos] == ' ' || json[pos] == ':')) ++pos;
  };
  skip();
  if (pos >= json.size() || json[pos] != '{') return false;
  ++pos;
  skip();
  return pos < json.size() && json[pos] == '}';
}

}  // namespace

std::string_view OpName(Op op) {
  static constexpr std::string_view kNames[] = {"GetItem", "PutItem",        "UpdateItem",
                                                "Query",   "BatchWriteItem", "Scan"};
  return kNames[static_cast<int>(op)];
}

std::string_view OpShortName(Op op) {
  static constexpr std::string_view kNames[] = {"get", "put", "update", "query", "batch", "scan"};
  return kNames[static_cast<int>(op)];
}

bool WorkloadSpec::UsesKvTable() const {
  return std::any_of(mix.begin(), mix.end(), [](auto& m) { return m.first != Op::kQuery; });
}

bool WorkloadSpec::UsesQueryTable() const {
  return std::any_of(mix.begin(), mix.end(), [](auto& m) { return m.first == Op::kQuery; });
}

const std::vector<WorkloadSpec>& AllWorkloads() {
  static const std::vector<WorkloadSpec> kWorkloads = {
      {"get", {{Op::kGet, 1.0}}, Distribution::kUniform},
      {"put", {{Op::kPut, 1.0}}, Distribution::kUniform},
      {"update", {{Op::kUpdate, 1.0}}, Distribution::kUniform},
      {"query", {{Op::kQuery, 1.0}}, Distribution::kUniform},
      {"batch", {{Op::kBatch, 1.0}}, Distribution::kUniform},
      {"scan", {{Op::kScan, 1.0}}, Distribution::kUniform},
      // YCSB's core workloads A, B and C draw keys from a scrambled zipfian.
      {"ycsb-a", {{Op::kGet, 0.5}, {Op::kUpdate, 0.5}}, Distribution::kZipfian},
      {"ycsb-b", {{Op::kGet, 0.95}, {Op::kUpdate, 0.05}}, Distribution::kZipfian},
      {"ycsb-c", {{Op::kGet, 1.0}}, Distribution::kZipfian},
  };
  return kWorkloads;
}

const WorkloadSpec* FindWorkload(std::string_view name) {
  for (const auto& w : AllWorkloads()) {
    if (w.name == name) return &w;
  }
  return nullptr;
}

void RunStats::Merge(const RunStats& other) {
  for (int i = 0; i < kOpCount; ++i) {
    ops[i].latency.Merge(other.ops[i].latency);
    ops[i].ok += other.ops[i].ok;
    ops[i].errors += other.ops[i].errors;
  }
  latency.Merge(other.latency);
  ok += other.ok;
  http_errors += other.http_errors;
  bad_answers += other.bad_answers;
  connection_errors += other.connection_errors;
  unprocessed_items += other.unprocessed_items;
  for (const auto& [status, count] : other.status_counts) status_counts[status] += count;
  for (const auto& sample : other.error_samples) AddErrorSample(sample);
  response_bytes += other.response_bytes;
  last_answer_ns = std::max(last_answer_ns, other.last_answer_ns);
  scan_items += other.scan_items;
  scan_passes += other.scan_passes;
  for (const auto& [segment, items] : other.segment_items) {
    auto [it, inserted] = segment_items.emplace(segment, items);
    if (inserted || it->second == items) continue;
    ++bad_answers;
    ++ops[static_cast<int>(Op::kScan)].errors;
    AddErrorSample("segment " + std::to_string(segment) + " returned " + std::to_string(items) +
                   " items in one pass and " + std::to_string(it->second) + " in another");
  }
}

ScanCheck CheckScanTotal(const RunConfig& config, RunStats* stats) {
  if (!config.verify) return ScanCheck::kNotChecked;
  if (stats->segment_items.size() < static_cast<size_t>(config.scan_segments)) {
    return ScanCheck::kIncomplete;
  }
  uint64_t total = 0;
  for (const auto& [segment, items] : stats->segment_items) total += items;
  if (total == config.keys) return ScanCheck::kOk;
  ++stats->bad_answers;
  ++stats->ops[static_cast<int>(Op::kScan)].errors;
  stats->AddErrorSample("a full Scan returned " + std::to_string(total) +
                        " items; the table holds --keys " + std::to_string(config.keys));
  return ScanCheck::kWrong;
}

void RunStats::AddErrorSample(std::string_view what) {
  if (error_samples.size() >= kMaxErrorSamples) return;
  std::string sample(what.substr(0, 300));
  if (std::find(error_samples.begin(), error_samples.end(), sample) == error_samples.end()) {
    error_samples.push_back(std::move(sample));
  }
}

RunDriver::RunDriver(const RunConfig& config, const TableNames& tables, const ItemWriter& items,
                     uint64_t seed, uint64_t measure_from_ns, uint64_t measure_until_ns)
    : config_(config),
      tables_(tables),
      items_(items),
      rng_(seed),
      kv_keys_(config.distribution, config.keys),
      partitions_(config.distribution, std::max<uint64_t>(1, config.keys / kQueryPageItems)),
      measure_from_ns_(measure_from_ns),
      measure_until_ns_(measure_until_ns) {}

Op RunDriver::PickOp() {
  const auto& mix = config_.workload->mix;
  if (mix.size() == 1) return mix[0].first;
  double u = rng_.NextDouble();
  for (const auto& [op, weight] : mix) {
    if (u < weight) return op;
    u -= weight;
  }
  return mix.back().first;
}

void RunDriver::BuildBody(Op op, std::string* body) {
  body->clear();
  switch (op) {
    case Op::kGet:
      body->append(R"({"TableName":")").append(tables_.kv).append(R"(","Key":)");
      items_.AppendKvKey(kv_keys_.Next(rng_), body);
      body->push_back('}');
      break;
    case Op::kPut:
      body->append(R"({"TableName":")").append(tables_.kv).append(R"(","Item":)");
      items_.AppendKvItem(kv_keys_.Next(rng_), body);
      body->push_back('}');
      break;
    case Op::kUpdate:
      body->append(R"({"TableName":")").append(tables_.kv).append(R"(","Key":)");
      items_.AppendKvKey(kv_keys_.Next(rng_), body);
      body->append(R"(,"UpdateExpression":"SET #c = #c + :one",)"
                   R"("ExpressionAttributeNames":{"#c":"c"},)"
                   R"("ExpressionAttributeValues":{":one":{"N":"1"}}})");
      break;
    case Op::kQuery:
      body->append(R"({"TableName":")").append(tables_.query);
      body->append(R"(","KeyConditionExpression":"pk = :p",)"
                   R"("ExpressionAttributeValues":{":p":{"S":")");
      AppendUserKey(partitions_.Next(rng_), body);
      body->append(R"("}}})");
      break;
    case Op::kBatch: {
      // DynamoDB rejects a batch that names one key twice, so draw 25
      // distinct keys (the caller guarantees keys >= 2 * kBatchItems).
      uint64_t keys[kBatchItems];
      for (int i = 0; i < kBatchItems; ++i) {
        do {
          keys[i] = kv_keys_.Next(rng_);
        } while (std::find(keys, keys + i, keys[i]) != keys + i);
      }
      body->append(R"({"RequestItems":{")").append(tables_.kv).append(R"(":[)");
      for (int i = 0; i < kBatchItems; ++i) {
        if (i > 0) body->push_back(',');
        body->append(R"({"PutRequest":{"Item":)");
        items_.AppendKvItem(keys[i], body);
        body->append("}}");
      }
      body->append("]}}");
      break;
    }
    case Op::kScan:
      break;  // Prepare asks the connection's cursor
  }
}

ScanCursor& RunDriver::Cursor(int conn) {
  while (cursors_.size() <= static_cast<size_t>(conn)) {
    int global = config_.first_connection + static_cast<int>(cursors_.size());
    cursors_.emplace_back(OwnedSegments(global, config_.connections, config_.scan_segments),
                          config_.scan_segments);
  }
  return cursors_[conn];
}

Driver::Next RunDriver::Prepare(int conn, uint64_t now_ns, Call* call) {
  Op op = PickOp();
  call->kind = static_cast<int>(op);
  call->op = OpName(op);
  if (op == Op::kScan) {
    ScanCursor& cursor = Cursor(conn);
    if (config_.scan_passes > 0 && cursor.rounds() >= config_.scan_passes) return Next::kFinished;
    call->body.clear();
    cursor.AppendRequest(tables_.kv, &call->body);
    return Next::kSend;
  }
  BuildBody(op, &call->body);
  return Next::kSend;
}

bool RunDriver::AnswerLooksRight(Op op, std::string_view body) {
  switch (op) {
    case Op::kGet:
      return body.find("\"Item\"") != std::string_view::npos;
    case Op::kQuery:
      return FindIntMember(body, "\"Count\"") == kQueryPageItems;
    case Op::kBatch:
      if (!NothingUnprocessed(body)) ++stats_.unprocessed_items;  // throttling, not an error
      return true;
    default:
      return true;
  }
}

bool RunDriver::OnScanAnswer(int conn, const HttpResponse& response, uint64_t* items) {
  ScanCursor& cursor = Cursor(conn);
  *items = 0;
  if (response.status != 200) {
    cursor.Restart();  // the pass is incomplete: count it from its start again
    return true;       // the status is what is wrong, counted as such
  }
  ScanPage page;
  bool parsed = ParseScanPage(response.body, &page);
  if (config_.verify && (!parsed || page.count < 0)) {
    cursor.Restart();
    return false;
  }
  if (!parsed) page = ScanPage{};  // unchecked (a fixed answer): the pass ends
  *items = page.count > 0 ? static_cast<uint64_t>(page.count) : 0;
  if (!cursor.Advance(page)) return true;
  ++stats_.scan_passes;
  if (!config_.verify) return true;
  auto [it, inserted] = stats_.segment_items.emplace(cursor.segment(), cursor.pass_items());
  if (inserted || it->second == cursor.pass_items()) return true;
  stats_.AddErrorSample("segment " + std::to_string(cursor.segment()) + " returned " +
                        std::to_string(cursor.pass_items()) + " items in one pass and " +
                        std::to_string(it->second) + " in another");
  return false;
}

void RunDriver::CountBadAnswer(Op op, std::string_view what, std::string_view body) {
  ++stats_.bad_answers;
  ++stats_.ops[static_cast<int>(op)].errors;
  stats_.AddErrorSample(std::string(what) + std::string(OpName(op)) + ": " + std::string(body));
}

void RunDriver::Complete(int conn, const Call& call, const HttpResponse& response,
                         uint64_t latency_ns, uint64_t now_ns) {
  auto op = static_cast<Op>(call.kind);
  // A scan moves on with every answer, warm-up included; a pass that
  // returns a wrong count is an error whenever it ends.
  uint64_t scan_items = 0;
  bool scan_ok = op != Op::kScan || OnScanAnswer(conn, response, &scan_items);
  bool in_window = now_ns >= measure_from_ns_ && now_ns < measure_until_ns_;
  if (!in_window) {
    if (!scan_ok) CountBadAnswer(op, "unexpected answer to ", response.body.substr(0, 200));
    return;
  }
  OpStats& op_stats = stats_.ops[call.kind];
  if (response.status == 0) {
    ++stats_.connection_errors;
    ++op_stats.errors;
    stats_.AddErrorSample("connection failed before an answer");
    return;
  }
  uint64_t latency_us = latency_ns / 1000;
  stats_.latency.Record(latency_us);
  op_stats.latency.Record(latency_us);
  if (response.status != 200) {
    ++stats_.http_errors;
    ++op_stats.errors;
    ++stats_.status_counts[response.status];
    stats_.AddErrorSample(std::to_string(response.status) + " " + std::string(call.op) + ": " +
                          std::string(response.body));
    return;
  }
  if (!scan_ok || (config_.verify && !AnswerLooksRight(op, response.body))) {
    CountBadAnswer(op, "unexpected answer to ", response.body.substr(0, 300));
    return;
  }
  ++stats_.ok;
  ++op_stats.ok;
  stats_.response_bytes += response.body.size();
  stats_.scan_items += scan_items;
  stats_.last_answer_ns = now_ns;
}

}  // namespace riptide::bench
