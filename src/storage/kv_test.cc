// Tests for the Kv interface over RocksDB (storage/kv.h, rocksdb_kv.cc), in
// memory and on disk.

#include "storage/kv.h"

#include <gtest/gtest.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <fstream>
#include <string>
#include <string_view>
#include <thread>
#include <vector>

#include "storage/temp_dir_for_tests.h"

namespace riptide {
namespace {

using namespace std::string_literals;
namespace fs = std::filesystem;

std::unique_ptr<Kv> OpenOrDie(const KvOptions& options) {
  Result<std::unique_ptr<Kv>> kv = Kv::Open(options);
  EXPECT_TRUE(kv.ok()) << kv.status().ToString();
  return kv.ok() ? std::move(kv).value() : nullptr;
}

// Runs every test in memory and on disk.
class KvTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    options_.in_memory = GetParam();
    options_.path = dir_.path();
    options_.block_cache_bytes = 1 << 20;
    options_.write_buffer_bytes = 1 << 20;
    kv_ = OpenOrDie(options_);
    ASSERT_NE(kv_, nullptr);
  }

  bool in_memory() const { return GetParam(); }

  void Put(std::string_view key, std::string_view value) {
    auto batch = kv_->NewWriteBatch();
    batch->Put(key, value);
    ASSERT_TRUE(kv_->Write(batch.get()).ok());
  }

  // The value, or "<absent>".
  std::string Get(std::string_view key, const KvSnapshot* snapshot = nullptr) {
    KvReadOptions ro;
    ro.snapshot = snapshot;
    std::string value = "stale";
    Status st = kv_->Get(ro, key, &value);
    if (st.IsNotFound()) return "<absent>";
    EXPECT_TRUE(st.ok()) << st.ToString();
    return value;
  }

  // Every key the iterator visits from SeekToFirst (or, with reverse, from
  // SeekToLast backwards), joined with '|'.
  std::string Scan(const KvReadOptions& ro, bool reverse = false) {
    auto it = kv_->NewIterator(ro);
    std::string out;
    if (reverse) {
      for (it->SeekToLast(); it->Valid(); it->Prev()) out += std::string(it->key()) + "|";
    } else {
      for (it->SeekToFirst(); it->Valid(); it->Next()) out += std::string(it->key()) + "|";
    }
    EXPECT_TRUE(it->status().ok());
    return out;
  }

  std::pair<int64_t, int64_t> Counters(std::string_view key) {
    int64_t a = -7, b = -7;
    EXPECT_TRUE(kv_->ReadCounters(key, &a, &b).ok());
    return {a, b};
  }

  void Reopen() {
    kv_.reset();
    kv_ = OpenOrDie(options_);
    ASSERT_NE(kv_, nullptr);
  }

  TempDir dir_{"riptide-kv-test"};
  KvOptions options_;
  std::unique_ptr<Kv> kv_;
};

INSTANTIATE_TEST_SUITE_P(Storage, KvTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "InMemory" : "OnDisk"; });

TEST_P(KvTest, GetPutDelete) {
  EXPECT_EQ(Get("a"), "<absent>");
  Put("a", "1");
  EXPECT_EQ(Get("a"), "1");
  Put("a", "2");
  EXPECT_EQ(Get("a"), "2");
  Put("empty", "");
  EXPECT_EQ(Get("empty"), "");
  // Keys and values are arbitrary bytes.
  Put("\x00\xff"s, "\x00\x01\x00"s);
  EXPECT_EQ(Get("\x00\xff"s), "\x00\x01\x00"s);
  EXPECT_EQ(Get("\x00"s), "<absent>");
  std::string big(1 << 20, 'v');
  Put("big", big);
  EXPECT_EQ(Get("big"), big);

  auto batch = kv_->NewWriteBatch();
  batch->Delete("a");
  batch->Delete("never-there");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Get("a"), "<absent>");
  EXPECT_EQ(Get("empty"), "");
}

TEST_P(KvTest, BatchesApplyInOrderAndAtomically) {
  auto batch = kv_->NewWriteBatch();
  EXPECT_EQ(batch->Count(), 0u);
  batch->Put("x", "1");
  batch->Put("y", "1");
  batch->Delete("y");  // later operations win
  batch->Put("z", "old");
  batch->Put("z", "new");
  EXPECT_EQ(batch->Count(), 5u);
  // Nothing is visible before Write.
  EXPECT_EQ(Get("x"), "<absent>");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Get("x"), "1");
  EXPECT_EQ(Get("y"), "<absent>");
  EXPECT_EQ(Get("z"), "new");

  batch->Clear();
  EXPECT_EQ(batch->Count(), 0u);
  batch->Put("cleared", "1");
  batch->Clear();
  ASSERT_TRUE(kv_->Write(batch.get()).ok());  // an empty batch is fine
  EXPECT_EQ(Get("cleared"), "<absent>");
}

TEST_P(KvTest, DeleteRange) {
  for (std::string k : {"a"s, "b"s, "b\x00"s, "c"s, "c\xff"s, "d"s, "e"s}) Put(k, "v");
  auto batch = kv_->NewWriteBatch();
  batch->DeleteRange("b", "d");  // [b, d)
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Scan({}), "a|d|e|");
  // A range that covers nothing, and an empty range.
  batch->Clear();
  batch->DeleteRange("x", "z");
  batch->DeleteRange("d", "d");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Scan({}), "a|d|e|");
  // Keys written after a range delete are visible.
  Put("c", "again");
  EXPECT_EQ(Get("c"), "again");
  // Survives a flush (range tombstones move into files).
  ASSERT_TRUE(kv_->Flush().ok());
  EXPECT_EQ(Scan({}), "a|c|d|e|");
}

TEST_P(KvTest, Counters) {
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{0}, int64_t{0}));
  auto batch = kv_->NewWriteBatch();
  batch->AddCounters("n", 1, 100);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{1}, int64_t{100}));
  batch->Clear();
  batch->AddCounters("n", 2, -30);
  batch->AddCounters("n", -1, 5);  // twice in one batch
  batch->AddCounters("other", 7, 7);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{2}, int64_t{75}));
  EXPECT_EQ(Counters("other"), std::make_pair(int64_t{7}, int64_t{7}));
  // Merges survive a flush, and go on adding afterwards.
  ASSERT_TRUE(kv_->Flush().ok());
  batch->Clear();
  batch->AddCounters("n", 10, 10);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{12}, int64_t{85}));
  // Going negative and large.
  batch->Clear();
  batch->AddCounters("n", -20, int64_t{1} << 40);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{-8}, int64_t{85} + (int64_t{1} << 40)));
  // Deleting the key resets them.
  batch->Clear();
  batch->Delete("n");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{0}, int64_t{0}));
  batch->Clear();
  batch->AddCounters("n", 3, 4);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{3}, int64_t{4}));
}

TEST_P(KvTest, IteratorVisitsKeysInUnsignedByteOrder) {
  for (std::string k : {"b"s, "a"s, "\xff"s, "\x80"s, "\x7f"s, "\x00"s, "a\x00"s, "ab"s})
    Put(k, "v");
  std::vector<std::string> keys;
  auto it = kv_->NewIterator({});
  for (it->SeekToFirst(); it->Valid(); it->Next()) {
    keys.emplace_back(it->key());
    EXPECT_EQ(it->value(), "v");
  }
  const std::vector<std::string> want = {"\x00"s, "a", "a\x00"s, "ab", "b", "\x7f", "\x80", "\xff"};
  EXPECT_EQ(keys, want);
  // Reverse.
  std::vector<std::string> reversed;
  for (it->SeekToLast(); it->Valid(); it->Prev()) reversed.emplace_back(it->key());
  EXPECT_EQ(reversed, std::vector<std::string>(keys.rbegin(), keys.rend()));
}

TEST_P(KvTest, IteratorSeeks) {
  for (const char* k : {"a", "c", "e", "g"}) Put(k, std::string("v") + k);
  auto it = kv_->NewIterator({});
  it->Seek("c");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "c");
  EXPECT_EQ(it->value(), "vc");
  it->Seek("d");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "e");
  it->Prev();
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "c");
  it->SeekForPrev("d");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "c");
  it->SeekForPrev("e");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "e");
  it->Seek("h");
  EXPECT_FALSE(it->Valid());
  it->SeekForPrev("0");
  EXPECT_FALSE(it->Valid());
  EXPECT_TRUE(it->status().ok());
}

TEST_P(KvTest, IteratorBounds) {
  for (const char* k : {"a", "b", "ba", "bz", "c", "d"}) Put(k, "v");
  KvReadOptions ro;
  ro.lower_bound = "b";
  ro.upper_bound = "c";  // exclusive
  EXPECT_EQ(Scan(ro), "b|ba|bz|");
  EXPECT_EQ(Scan(ro, /*reverse=*/true), "bz|ba|b|");
  // Seeks outside the bounds are clamped to them.
  auto it = kv_->NewIterator(ro);
  it->Seek("a");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "b");
  it->SeekForPrev("z");
  ASSERT_TRUE(it->Valid());
  EXPECT_EQ(it->key(), "bz");
  it->Next();
  EXPECT_FALSE(it->Valid());  // "c" is outside
  // One side only.
  KvReadOptions lower_only;
  lower_only.lower_bound = "c";
  EXPECT_EQ(Scan(lower_only), "c|d|");
  EXPECT_EQ(Scan(lower_only, true), "d|c|");
  KvReadOptions upper_only;
  upper_only.upper_bound = "b";
  EXPECT_EQ(Scan(upper_only), "a|");
  EXPECT_EQ(Scan(upper_only, true), "a|");
  // Empty range.
  KvReadOptions empty;
  empty.lower_bound = "bb";
  empty.upper_bound = "by";
  EXPECT_EQ(Scan(empty), "");
  EXPECT_EQ(Scan(empty, true), "");
}

TEST_P(KvTest, IteratorOwnsItsBounds) {
  // The caller's bound strings may go away right after NewIterator.
  for (const char* k : {"a", "b", "c", "d"}) Put(k, "v");
  std::unique_ptr<KvIterator> it;
  {
    std::string lower = "b", upper = "d";
    KvReadOptions ro;
    ro.lower_bound = lower;
    ro.upper_bound = upper;
    it = kv_->NewIterator(ro);
    lower.assign("zzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzzz");
    upper.assign("0");
  }
  std::string keys;
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys += std::string(it->key()) + "|";
  EXPECT_EQ(keys, "b|c|");
}

TEST_P(KvTest, SnapshotsIsolateLaterWrites) {
  Put("a", "1");
  Put("b", "1");
  auto snap = kv_->GetSnapshot();
  ASSERT_NE(snap, nullptr);
  Put("a", "2");
  Put("c", "new");
  auto batch = kv_->NewWriteBatch();
  batch->Delete("b");
  batch->AddCounters("n", 1, 1);
  ASSERT_TRUE(kv_->Write(batch.get()).ok());

  EXPECT_EQ(Get("a", snap.get()), "1");
  EXPECT_EQ(Get("b", snap.get()), "1");
  EXPECT_EQ(Get("c", snap.get()), "<absent>");
  EXPECT_EQ(Get("a"), "2");
  EXPECT_EQ(Get("b"), "<absent>");
  KvReadOptions ro;
  ro.snapshot = snap.get();
  EXPECT_EQ(Scan(ro), "a|b|");
  EXPECT_EQ(Scan({}), "a|c|n|");
  // An iterator on the snapshot survives a flush and later writes.
  auto it = kv_->NewIterator(ro);
  ASSERT_TRUE(kv_->Flush().ok());
  Put("b2", "x");
  std::string keys;
  for (it->SeekToFirst(); it->Valid(); it->Next()) keys += std::string(it->key()) + "|";
  EXPECT_EQ(keys, "a|b|");
  it.reset();
  snap.reset();  // released
  EXPECT_EQ(Scan({}), "a|b2|c|n|");
}

TEST_P(KvTest, ReopenKeepsData) {
  Put("k", "v");
  auto batch = kv_->NewWriteBatch();
  batch->AddCounters("n", 5, 6);
  batch->DeleteRange("x", "y");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  Reopen();
  if (in_memory()) {
    // In memory means gone with the Kv.
    EXPECT_EQ(Get("k"), "<absent>");
    EXPECT_EQ(Counters("n"), std::make_pair(int64_t{0}, int64_t{0}));
    return;
  }
  // Unflushed writes come back from the write-ahead log.
  EXPECT_EQ(Get("k"), "v");
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{5}, int64_t{6}));
  ASSERT_TRUE(kv_->Flush().ok());
  Put("k2", "v2");
  Reopen();
  EXPECT_EQ(Scan({}), "k|k2|n|");
  EXPECT_EQ(Counters("n"), std::make_pair(int64_t{5}, int64_t{6}));
}

TEST_P(KvTest, Sizes) {
  for (int i = 0; i < 200; ++i)
    Put("key" + std::to_string(1000 + i), std::string(1000, 'x' + i % 3));
  ASSERT_TRUE(kv_->Flush().ok());
  EXPECT_GT(kv_->ApproximateSize("key", "kez"), 0u);
  EXPECT_EQ(kv_->ApproximateSize("a", "b"), 0u);
  if (in_memory()) {
    EXPECT_EQ(kv_->DiskUsage(), 0u);
  } else {
    EXPECT_GT(kv_->DiskUsage(), 0u);
  }
}

TEST(KvOpenTest, InMemoryDatabasesAreIndependent) {
  KvOptions options;
  options.in_memory = true;
  auto a = OpenOrDie(options);
  auto b = OpenOrDie(options);
  ASSERT_NE(a, nullptr);
  ASSERT_NE(b, nullptr);
  auto batch = a->NewWriteBatch();
  batch->Put("k", "a");
  ASSERT_TRUE(a->Write(batch.get()).ok());
  std::string value;
  EXPECT_TRUE(b->Get({}, "k", &value).IsNotFound());
  EXPECT_TRUE(a->Get({}, "k", &value).ok());
}

TEST(KvOpenTest, SyncWrites) {
  TempDir dir("riptide-kv-test");
  KvOptions options;
  options.path = dir.path();
  options.sync = true;
  {
    auto kv = OpenOrDie(options);
    ASSERT_NE(kv, nullptr);
    auto batch = kv->NewWriteBatch();
    batch->Put("k", "v");
    ASSERT_TRUE(kv->Write(batch.get()).ok());
  }
  auto kv = OpenOrDie(options);
  ASSERT_NE(kv, nullptr);
  std::string value;
  ASSERT_TRUE(kv->Get({}, "k", &value).ok());
  EXPECT_EQ(value, "v");
}

// Group commit, seen as a crash would see it: a child process writes and
// dies without closing the database (what SIGKILL does); the parent reopens.
// `defer` writes on a thread that defers its log writes; `commit` calls
// CommitLog before dying.
std::vector<std::string> SurvivingKeysAfterCrash(bool defer, bool commit, bool sync) {
  TempDir dir("riptide-kv-test");
  KvOptions options;
  options.path = dir.path();
  options.sync = sync;
  pid_t child = fork();
  if (child == 0) {
    Result<std::unique_ptr<Kv>> kv = Kv::Open(options);
    if (!kv.ok()) _exit(1);
    if (defer) (*kv)->DeferLogWritesOnThisThread();
    for (const char* key : {"a", "b", "c"}) {
      auto batch = (*kv)->NewWriteBatch();
      batch->Put(key, "v");
      if (!(*kv)->Write(batch.get()).ok()) _exit(1);
    }
    if ((*kv)->LogPending() != defer) _exit(3);
    if (commit && !(*kv)->CommitLog().ok()) _exit(1);
    if ((*kv)->LogPending()) _exit(4);
    _exit(0);  // no destructors: the database is not closed
  }
  int status = 0;
  waitpid(child, &status, 0);
  EXPECT_TRUE(WIFEXITED(status));
  EXPECT_EQ(WEXITSTATUS(status), (defer && !commit) ? 4 : 0);
  auto kv = OpenOrDie(options);
  std::vector<std::string> found;
  if (kv == nullptr) return found;
  for (const char* key : {"a", "b", "c"}) {
    std::string value;
    if (kv->Get({}, key, &value).ok()) found.push_back(key);
  }
  return found;
}

TEST(KvGroupCommitTest, WritesAreDurableAtOnceByDefault) {
  EXPECT_EQ(SurvivingKeysAfterCrash(/*defer=*/false, /*commit=*/false, /*sync=*/false),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(KvGroupCommitTest, DeferredWritesAreDurableAfterCommitLog) {
  EXPECT_EQ(SurvivingKeysAfterCrash(/*defer=*/true, /*commit=*/true, /*sync=*/false),
            (std::vector<std::string>{"a", "b", "c"}));
  EXPECT_EQ(SurvivingKeysAfterCrash(/*defer=*/true, /*commit=*/true, /*sync=*/true),
            (std::vector<std::string>{"a", "b", "c"}));
}

TEST(KvGroupCommitTest, DeferredWritesWithoutCommitAreLost) {
  // What the event loop's hold of the answers is for: these writes were
  // never acknowledged, and are gone.
  EXPECT_EQ(SurvivingKeysAfterCrash(/*defer=*/true, /*commit=*/false, /*sync=*/false),
            std::vector<std::string>{});
}

TEST(KvGroupCommitTest, CommitCoversOtherThreadsWrites) {
  KvOptions options;
  options.in_memory = true;
  auto kv = OpenOrDie(options);
  ASSERT_NE(kv, nullptr);
  EXPECT_FALSE(kv->LogPending());
  std::thread writer([&] {
    kv->DeferLogWritesOnThisThread();
    auto batch = kv->NewWriteBatch();
    batch->Put("k", "v");
    ASSERT_TRUE(kv->Write(batch.get()).ok());
  });
  writer.join();
  // Another thread's deferred write is pending here, and readable.
  EXPECT_TRUE(kv->LogPending());
  std::string value;
  EXPECT_TRUE(kv->Get({}, "k", &value).ok());
  ASSERT_TRUE(kv->CommitLog().ok());
  EXPECT_FALSE(kv->LogPending());
  // A thread that does not defer commits its own writes.
  auto batch = kv->NewWriteBatch();
  batch->Put("k2", "v");
  ASSERT_TRUE(kv->Write(batch.get()).ok());
  EXPECT_FALSE(kv->LogPending());
}

TEST(KvOpenTest, CreatesMissingDirectories) {
  TempDir dir("riptide-kv-test");
  KvOptions options;
  options.path = dir.path() + "/nested/data";
  auto kv = OpenOrDie(options);
  ASSERT_NE(kv, nullptr);
  EXPECT_TRUE(fs::is_directory(options.path));
}

TEST(KvOpenTest, UnusablePathIsAnError) {
  TempDir dir("riptide-kv-test");
  fs::create_directories(dir.path());
  std::string file = dir.path() + "/file";
  std::ofstream(file) << "not a directory";
  KvOptions options;
  options.path = file + "/data";
  Result<std::unique_ptr<Kv>> kv = Kv::Open(options);
  ASSERT_FALSE(kv.ok());
  EXPECT_EQ(kv.status().code(), ErrorCode::kIOError);
}

TEST(KvOpenTest, SecondOpenOfTheSameDirectoryFails) {
  // RocksDB's lock file keeps two servers off one data directory.
  TempDir dir("riptide-kv-test");
  KvOptions options;
  options.path = dir.path();
  auto first = OpenOrDie(options);
  ASSERT_NE(first, nullptr);
  Result<std::unique_ptr<Kv>> second = Kv::Open(options);
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.status().code(), ErrorCode::kIOError);
}

}  // namespace
}  // namespace riptide
