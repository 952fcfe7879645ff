#include "preload.h"

#include <simdjson.h>

#include <atomic>
#include <cstdio>
#include <deque>
#include <mutex>
#include <thread>

#include "client_loop.h"

namespace riptide::bench {
namespace {

constexpr int kMaxAttempts = 12;

// The chunks of 25 items every thread takes from, in order: first the kv
// table's keys, then the query table's items.
struct Plan {
  uint64_t kv_chunks = 0;
  uint64_t query_items = 0;
  uint64_t query_chunks = 0;
  uint64_t keys = 0;
  std::atomic<uint64_t> next_chunk{0};
  std::atomic<uint64_t> items_done{0};
  std::atomic<bool> failed{false};
};

uint64_t ChunksOf(uint64_t n) { return (n + kBatchItems - 1) / kBatchItems; }

// Items the server handed back under UnprocessedItems, re-wrapped as the
// RequestItems of a new call (they have the same shape). 0 when none.
uint64_t TakeUnprocessed(std::string_view body, std::string* retry_body) {
  simdjson::dom::parser parser;
  simdjson::dom::object unprocessed;
  if (parser.parse(body.data(), body.size()).get_object()["UnprocessedItems"].get(unprocessed)) {
    return 0;
  }
  uint64_t count = 0;
  for (auto field : unprocessed) {
    simdjson::dom::array requests;
    if (!field.value.get(requests)) count += requests.size();
  }
  if (count > 0) {
    *retry_body = std::string(R"({"RequestItems":)") + simdjson::minify(unprocessed) + "}";
  }
  return count;
}

class PreloadDriver : public Driver {
 public:
  PreloadDriver(Plan& plan, const TableNames& tables, const ItemWriter& items)
      : plan_(plan), tables_(tables), items_(items) {}

  Next Prepare(int conn, uint64_t now_ns, Call* call) override {
    call->op = "BatchWriteItem";
    if (plan_.failed) return Next::kFinished;
    if (!retries_.empty() && retries_.front().not_before_ns <= now_ns) {
      Retry r = std::move(retries_.front());
      retries_.pop_front();
      call->body = std::move(r.body);
      call->tag = r.items | (static_cast<uint64_t>(r.attempt) << 32);
      return Next::kSend;
    }
    uint64_t chunk = plan_.next_chunk.fetch_add(1);
    if (chunk < plan_.kv_chunks + plan_.query_chunks) {
      call->tag = BuildChunk(chunk, &call->body);
      return Next::kSend;
    }
    return retries_.empty() ? Next::kFinished : Next::kWait;
  }

  void Complete(int conn, const Call& call, const HttpResponse& response, uint64_t latency_ns,
                uint64_t now_ns) override {
    uint64_t items = call.tag & 0xffffffffu;
    int attempt = static_cast<int>(call.tag >> 32);
    if (response.status == 200) {
      ++result_.batches;
      std::string retry_body;
      uint64_t unprocessed = TakeUnprocessed(response.body, &retry_body);
      plan_.items_done += items - unprocessed;
      result_.items += items - unprocessed;
      if (unprocessed > 0) {
        result_.unprocessed += unprocessed;
        Schedule(std::move(retry_body), unprocessed, attempt + 1, now_ns);
      }
      return;
    }
    ++result_.errors;
    if (result_.error_samples.size() < 3) {
      result_.error_samples.push_back(response.status == 0
                                          ? std::string("connection failed")
                                          : std::to_string(response.status) + ": " +
                                                std::string(response.body.substr(0, 300)));
    }
    Schedule(call.body, items, attempt + 1, now_ns);
  }

  const PreloadResult& result() const { return result_; }

 private:
  struct Retry {
    std::string body;
    uint64_t items;
    int attempt;
    uint64_t not_before_ns;
  };

  // Exponential backoff from 1 ms, as the SDKs do for UnprocessedItems.
  void Schedule(std::string body, uint64_t items, int attempt, uint64_t now_ns) {
    ++result_.retries;
    if (attempt > kMaxAttempts) {
      plan_.failed = true;
      return;
    }
    uint64_t backoff_ns = uint64_t{1000000} << std::min(attempt - 1, 10);
    retries_.push_back({std::move(body), items, attempt, now_ns + backoff_ns});
  }

  // Writes chunk `chunk`'s BatchWriteItem body; returns its item count.
  uint64_t BuildChunk(uint64_t chunk, std::string* body) {
    body->clear();
    bool kv = chunk < plan_.kv_chunks;
    uint64_t first = (kv ? chunk : chunk - plan_.kv_chunks) * kBatchItems;
    uint64_t end = std::min(first + kBatchItems, kv ? plan_.keys : plan_.query_items);
    body->append(R"({"RequestItems":{")").append(kv ? tables_.kv : tables_.query);
    body->append(R"(":[)");
    for (uint64_t i = first; i < end; ++i) {
      if (i > first) body->push_back(',');
      body->append(R"({"PutRequest":{"Item":)");
      if (kv) {
        items_.AppendKvItem(i, body);
      } else {
        items_.AppendQueryItem(i / kQueryPageItems, static_cast<int>(i % kQueryPageItems), body);
      }
      body->append("}}");
    }
    body->append("]}}");
    return end - first;
  }

  Plan& plan_;
  const TableNames& tables_;
  const ItemWriter& items_;
  std::deque<Retry> retries_;
  PreloadResult result_;
};

bool IsActive(std::string_view describe_body) {
  simdjson::dom::parser parser;
  std::string_view status;
  auto doc = parser.parse(describe_body.data(), describe_body.size());
  if (doc["Table"]["TableStatus"].get(status)) return false;
  return status == "ACTIVE";
}

Status CreateAndWait(SyncClient& client, std::string_view name, const std::string& create_body) {
  RIPTIDE_ASSIGN_OR_RETURN(SyncAnswer created, client.Call("CreateTable", create_body));
  bool exists =
      created.status == 400 && created.body.find("ResourceInUseException") != std::string::npos;
  if (created.status != 200 && !exists) {
    return Status::Internal("CreateTable " + std::string(name) + " answered " +
                            std::to_string(created.status) + ": " + created.body);
  }
  std::string describe = std::string(R"({"TableName":")") + std::string(name) + "\"}";
  for (int i = 0; i < 600; ++i) {
    RIPTIDE_ASSIGN_OR_RETURN(SyncAnswer answer, client.Call("DescribeTable", describe));
    if (answer.status == 200 && IsActive(answer.body)) return Status::OK();
    std::this_thread::sleep_for(std::chrono::milliseconds(100));
  }
  return Status::Internal("table " + std::string(name) + " did not become ACTIVE in 60 s");
}

}  // namespace

Status EnsureTables(SyncClient& client, const TableNames& tables, bool kv, bool query) {
  if (kv)
    RIPTIDE_RETURN_IF_ERROR(CreateAndWait(client, tables.kv, ItemWriter::CreateKvTable(tables.kv)));
  if (query) {
    RIPTIDE_RETURN_IF_ERROR(
        CreateAndWait(client, tables.query, ItemWriter::CreateQueryTable(tables.query)));
  }
  return Status::OK();
}

Result<PreloadResult> Preload(const Endpoint& endpoint, const Credentials& credentials, bool sign,
                              const TableNames& tables, const ItemWriter& items,
                              const PreloadSpec& spec, bool show_progress) {
  Plan plan;
  plan.keys = spec.keys;
  plan.kv_chunks = spec.kv ? ChunksOf(spec.keys) : 0;
  plan.query_items =
      spec.query ? std::max<uint64_t>(1, spec.keys / kQueryPageItems) * kQueryPageItems : 0;
  plan.query_chunks = ChunksOf(plan.query_items);
  uint64_t total_items = (spec.kv ? spec.keys : 0) + plan.query_items;

  int threads = std::max(1, spec.threads);
  std::vector<std::unique_ptr<PreloadDriver>> drivers;
  std::vector<std::unique_ptr<ClientLoop>> loops;
  for (int t = 0; t < threads; ++t) {
    int conns = spec.connections / threads + (t < spec.connections % threads ? 1 : 0);
    loops.push_back(std::make_unique<ClientLoop>(endpoint, credentials, sign, std::max(1, conns)));
    RIPTIDE_RETURN_IF_ERROR(loops.back()->Connect());
    drivers.push_back(std::make_unique<PreloadDriver>(plan, tables, items));
  }
  uint64_t start = NowNanos();
  std::vector<Status> statuses(threads);
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] { statuses[t] = loops[t]->Run(drivers[t].get(), UINT64_MAX); });
  }
  std::atomic<bool> done{false};
  std::thread progress([&] {
    uint64_t last = NowNanos();
    while (!done) {
      std::this_thread::sleep_for(std::chrono::milliseconds(50));
      if (show_progress && NowNanos() - last > 5000000000ull) {
        last = NowNanos();
        fprintf(stderr, "  preload: %llu / %llu items\n",
                static_cast<unsigned long long>(plan.items_done.load()),
                static_cast<unsigned long long>(total_items));
      }
    }
  });
  for (auto& w : workers) w.join();
  done = true;
  progress.join();

  PreloadResult result;
  result.seconds = static_cast<double>(NowNanos() - start) / 1e9;
  for (auto& d : drivers) {
    const PreloadResult& r = d->result();
    result.items += r.items;
    result.batches += r.batches;
    result.retries += r.retries;
    result.unprocessed += r.unprocessed;
    result.errors += r.errors;
    for (const auto& s : r.error_samples) result.error_samples.push_back(s);
  }
  for (auto& s : statuses) RIPTIDE_RETURN_IF_ERROR(s);
  if (plan.failed || result.items != total_items) {
    std::string why = "preload wrote " + std::to_string(result.items) + " of " +
                      std::to_string(total_items) + " items";
    if (!result.error_samples.empty()) why += "; first error: " + result.error_samples[0];
    return Status::Internal(why);
  }
  return result;
}

}  // namespace riptide::bench
