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
  static constexpr std::string_view kNames[] = {"GetItem", "PutItem", "UpdateItem", "Query",
                                                "BatchWriteItem"};
  return kNames[static_cast<int>(op)];
}

std::string_view OpShortName(Op op) {
  static constexpr std::string_view kNames[] = {"get", "put", "update", "query", "batch"};
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
  }
}

Driver::Next RunDriver::Prepare(int conn, uint64_t now_ns, Call* call) {
  Op op = PickOp();
  call->kind = static_cast<int>(op);
  call->op = OpName(op);
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

void RunDriver::Complete(int conn, const Call& call, const HttpResponse& response,
                         uint64_t latency_ns, uint64_t now_ns) {
  if (now_ns < measure_from_ns_ || now_ns >= measure_until_ns_) return;
  auto op = static_cast<Op>(call.kind);
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
  if (config_.verify && !AnswerLooksRight(op, response.body)) {
    ++stats_.bad_answers;
    ++op_stats.errors;
    stats_.AddErrorSample("unexpected answer to " + std::string(call.op) + ": " +
                          std::string(response.body));
    return;
  }
  ++stats_.ok;
  ++op_stats.ok;
}

}  // namespace riptide::bench
