// Tests for the table catalog (storage/catalog.h) against a real Kv, in
// memory and on disk.

#include "storage/catalog.h"

#include <gtest/gtest.h>
#include <unistd.h>

#include <atomic>
#include <filesystem>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "storage/keys.h"
#include "storage/temp_dir_for_tests.h"

namespace riptide {
namespace {

TableInfo Table(std::string name) {
  TableInfo t;
  t.name = std::move(name);
  t.table_id = "00000000-0000-4000-8000-000000000001";
  t.creation_ms = 1700000000123;
  t.hash_key = {"pk", AttrType::kS};
  t.attribute_definitions = {{"pk", AttrType::kS}};
  t.billing_mode = BillingMode::kPayPerRequest;
  t.pay_per_request_since_ms = 1700000000123;
  return t;
}

TableInfo FullTable() {
  TableInfo t;
  t.name = "Full.table-name_1";
  t.number = 42;
  t.table_id = "3f2504e0-4f89-41d3-9a0c-0305e82c3301";
  t.creation_ms = 1700000000999;
  t.hash_key = {"h\"ash", AttrType::kB};
  t.range_key = KeyAttribute{"range", AttrType::kN};
  t.attribute_definitions = {
      {"h\"ash", AttrType::kB}, {"range", AttrType::kN}, {"x", AttrType::kS}};
  t.billing_mode = BillingMode::kProvisioned;
  t.pay_per_request_since_ms = 1600000000000;
  t.throughput = {5, 10, 1700000001000, 1700000002000, 3};
  t.deletion_protection = true;
  return t;
}

void ExpectSameTable(const TableInfo& a, const TableInfo& b) {
  EXPECT_EQ(a.name, b.name);
  EXPECT_EQ(a.number, b.number);
  EXPECT_EQ(a.table_id, b.table_id);
  EXPECT_EQ(a.creation_ms, b.creation_ms);
  EXPECT_EQ(a.hash_key.name, b.hash_key.name);
  EXPECT_EQ(a.hash_key.type, b.hash_key.type);
  ASSERT_EQ(a.range_key.has_value(), b.range_key.has_value());
  if (a.range_key) {
    EXPECT_EQ(a.range_key->name, b.range_key->name);
    EXPECT_EQ(a.range_key->type, b.range_key->type);
  }
  ASSERT_EQ(a.attribute_definitions.size(), b.attribute_definitions.size());
  for (size_t i = 0; i < a.attribute_definitions.size(); ++i) {
    EXPECT_EQ(a.attribute_definitions[i].name, b.attribute_definitions[i].name);
    EXPECT_EQ(a.attribute_definitions[i].type, b.attribute_definitions[i].type);
  }
  EXPECT_EQ(a.billing_mode, b.billing_mode);
  EXPECT_EQ(a.pay_per_request_since_ms, b.pay_per_request_since_ms);
  EXPECT_EQ(a.throughput.read_capacity_units, b.throughput.read_capacity_units);
  EXPECT_EQ(a.throughput.write_capacity_units, b.throughput.write_capacity_units);
  EXPECT_EQ(a.throughput.last_increase_ms, b.throughput.last_increase_ms);
  EXPECT_EQ(a.throughput.last_decrease_ms, b.throughput.last_decrease_ms);
  EXPECT_EQ(a.throughput.decreases_today, b.throughput.decreases_today);
  EXPECT_EQ(a.deletion_protection, b.deletion_protection);
}

// --- the descriptor encoding ---------------------------------------------------------

TEST(CatalogCodecTest, RoundTrip) {
  for (const TableInfo& t : {FullTable(), Table("plain")}) {
    std::string data = Catalog::EncodeTable(t);
    TableInfo decoded;
    Status st = Catalog::DecodeTable(data, &decoded);
    ASSERT_TRUE(st.ok()) << st.ToString();
    ExpectSameTable(decoded, t);
  }
}

TEST(CatalogCodecTest, ExactEncoding) {
  // Part of the storage format (docs/storage-format.md).
  TableInfo t = Table("users");
  t.number = 3;
  EXPECT_EQ(
      Catalog::EncodeTable(t),
      R"({"version":1,"name":"users","number":3,)"
      R"("table_id":"00000000-0000-4000-8000-000000000001","creation_ms":1700000000123,)"
      R"("hash_key":{"name":"pk","type":"S"},"attribute_definitions":[{"name":"pk","type":"S"}],)"
      R"("billing_mode":"PAY_PER_REQUEST","pay_per_request_since_ms":1700000000123,)"
      R"("read_capacity_units":0,"write_capacity_units":0,"last_increase_ms":0,)"
      R"("last_decrease_ms":0,"decreases_today":0,"deletion_protection":false,)"
      R"("next_index_number":1,"indexes":[]})");
}

TEST(CatalogCodecTest, IndexesRoundTrip) {
  TableInfo t = Table("users");
  IndexInfo gsi;
  gsi.name = "by_email";
  gsi.number = 1;
  gsi.hash_keys = {{"email", AttrType::kS}, {"tenant", AttrType::kN}};
  gsi.range_keys = {{"created", AttrType::kN}};
  gsi.projection = ProjectionType::kInclude;
  gsi.non_key_attributes = {"name", "age"};
  gsi.throughput.read_capacity_units = 3;
  gsi.status = IndexStatus::kCreating;
  gsi.backfilling = true;
  IndexInfo lsi;
  lsi.name = "by_date";
  lsi.number = 2;
  lsi.global = false;
  lsi.hash_keys = {{"pk", AttrType::kS}};
  lsi.range_keys = {{"date", AttrType::kS}};
  lsi.projection = ProjectionType::kKeysOnly;
  t.indexes = {gsi, lsi};
  t.next_index_number = 3;
  TableInfo back;
  ASSERT_TRUE(Catalog::DecodeTable(Catalog::EncodeTable(t), &back).ok());
  ASSERT_EQ(back.indexes.size(), 2u);
  EXPECT_EQ(back.next_index_number, 3);
  const IndexInfo& g = back.indexes[0];
  EXPECT_EQ(g.name, "by_email");
  EXPECT_TRUE(g.global);
  ASSERT_EQ(g.hash_keys.size(), 2u);
  EXPECT_EQ(g.hash_keys[1].name, "tenant");
  EXPECT_EQ(g.hash_keys[1].type, AttrType::kN);
  EXPECT_EQ(g.range_keys[0].name, "created");
  EXPECT_EQ(g.projection, ProjectionType::kInclude);
  EXPECT_EQ(g.non_key_attributes, (std::vector<std::string>{"name", "age"}));
  EXPECT_EQ(g.throughput.read_capacity_units, 3);
  EXPECT_EQ(g.status, IndexStatus::kCreating);
  EXPECT_TRUE(g.backfilling);
  const IndexInfo& l = back.indexes[1];
  EXPECT_FALSE(l.global);
  EXPECT_EQ(l.number, 2);
  EXPECT_EQ(l.projection, ProjectionType::kKeysOnly);
  EXPECT_EQ(Catalog::EncodeTable(back), Catalog::EncodeTable(t));
}

TEST(CatalogCodecTest, CorruptDescriptors) {
  const char* const bad[] = {
      "",
      "not json",
      "[]",
      R"({"version":1,"name":"t")",                                       // truncated
      R"({"version":2,"name":"t","hash_key":{"name":"pk","type":"S"}})",  // future version
      R"({"name":"t","hash_key":{"name":"pk","type":"S"}})",              // no version
      R"({"version":1,"hash_key":{"name":"pk","type":"S"}})",             // no name
      R"({"version":1,"name":"t","hash_key":"pk"})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":"X"}})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":5}})",
      R"({"version":1,"name":"t","hash_key":{"type":"S"}})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":"S"},"range_key":{"name":1}})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":"S"},)"
      R"("attribute_definitions":[{"name":"pk","type":"Q"}]})",
  };
  for (const char* data : bad) {
    TableInfo t;
    Status st = Catalog::DecodeTable(data, &t);
    EXPECT_FALSE(st.ok()) << data;
    EXPECT_EQ(st.code(), ErrorCode::kIOError) << data;
  }
  // Every truncation of a valid descriptor is refused too.
  std::string good = Catalog::EncodeTable(FullTable());
  for (size_t len = 0; len < good.size(); ++len) {
    TableInfo t;
    EXPECT_FALSE(Catalog::DecodeTable(good.substr(0, len), &t).ok()) << len;
  }
}

// A descriptor without "hash_key", or a key attribute or attribute
// definition without "type", is corrupt: an IOError, never a crash (it once
// indexed the empty result of a failed lookup, crashing at startup).
TEST(CatalogCodecTest, MissingMembersAreCorruptNotACrash) {
  const char* const bad[] = {
      R"({"version":1,"name":"t"})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk"}})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":"S"},"range_key":{"name":"r"}})",
      R"({"version":1,"name":"t","hash_key":{"name":"pk","type":"S"},)"
      R"("attribute_definitions":[{"name":"pk"}]})",
  };
  for (const char* data : bad) {
    TableInfo t;
    Status st = Catalog::DecodeTable(data, &t);
    EXPECT_EQ(st.code(), ErrorCode::kIOError) << data;
  }
}

// --- against a Kv -----------------------------------------------------------------------

class CatalogTest : public ::testing::TestWithParam<bool> {
 protected:
  void SetUp() override {
    options_.in_memory = GetParam();
    options_.path = dir_.path();
    options_.block_cache_bytes = 1 << 20;
    options_.write_buffer_bytes = 1 << 20;
    OpenKv();
  }

  void OpenKv() {
    catalog_.reset();
    kv_.reset();
    Result<std::unique_ptr<Kv>> kv = Kv::Open(options_);
    ASSERT_TRUE(kv.ok()) << kv.status().ToString();
    kv_ = std::move(kv).value();
    Reload();
  }

  // A new Catalog over the same Kv, as after a restart.
  void Reload() {
    catalog_ = std::make_unique<Catalog>(kv_.get());
    Status st = catalog_->Load();
    ASSERT_TRUE(st.ok()) << st.ToString();
  }

  std::shared_ptr<const TableInfo> Create(const std::string& name) {
    std::shared_ptr<const TableInfo> created;
    Status st = catalog_->Create(Table(name), &created);
    EXPECT_TRUE(st.ok()) << st.ToString();
    return created;
  }

  void Put(const std::string& key) {
    auto batch = kv_->NewWriteBatch();
    batch->Put(key, "item");
    ASSERT_TRUE(kv_->Write(batch.get()).ok());
  }

  bool Has(const std::string& key) {
    std::string value;
    return kv_->Get({}, key, &value).ok();
  }

  TempDir dir_{"riptide-catalog-test"};
  KvOptions options_;
  std::unique_ptr<Kv> kv_;
  std::unique_ptr<Catalog> catalog_;
};

INSTANTIATE_TEST_SUITE_P(Storage, CatalogTest, ::testing::Values(true, false),
                         [](const auto& info) { return info.param ? "InMemory" : "OnDisk"; });

TEST_P(CatalogTest, NewDatabase) {
  EXPECT_EQ(catalog_->size(), 0u);
  EXPECT_TRUE(catalog_->Names().empty());
  EXPECT_EQ(catalog_->Find("t"), nullptr);
  // Load wrote the format version.
  std::string version;
  ASSERT_TRUE(kv_->Get({}, keys::FormatVersionKey(), &version).ok());
  EXPECT_EQ(version, std::string(1, '\x01'));
}

TEST_P(CatalogTest, CreateAndFind) {
  auto a = Create("alpha");
  auto b = Create("Beta");
  auto c = Create("gamma.1");
  ASSERT_TRUE(a && b && c);
  EXPECT_EQ(a->number, 1u);
  EXPECT_EQ(b->number, 2u);
  EXPECT_EQ(c->number, 3u);
  EXPECT_EQ(catalog_->Find("alpha"), a);
  EXPECT_EQ(catalog_->Find("ALPHA"), nullptr);  // names are case-sensitive
  EXPECT_EQ(catalog_->size(), 3u);
  // Byte order of names, as ListTables shows them.
  EXPECT_EQ(catalog_->Names(), (std::vector<std::string>{"Beta", "alpha", "gamma.1"}));
  // The descriptor is persisted under the catalog key.
  std::string data;
  ASSERT_TRUE(kv_->Get({}, keys::CatalogKey("alpha"), &data).ok());
  EXPECT_EQ(data, Catalog::EncodeTable(*a));
  // Create without asking for the result.
  ASSERT_TRUE(catalog_->Create(Table("delta"), nullptr).ok());
  EXPECT_EQ(catalog_->Find("delta")->number, 4u);
}

TEST_P(CatalogTest, CreateExistingTableFails) {
  auto a = Create("alpha");
  std::shared_ptr<const TableInfo> out;
  Status st = catalog_->Create(Table("alpha"), &out);
  EXPECT_EQ(st.code(), ErrorCode::kResourceInUse);
  EXPECT_EQ(st.message(), "Cannot create preexisting table");
  EXPECT_EQ(out, nullptr);
  EXPECT_EQ(catalog_->Find("alpha"), a);
  // The failed attempt used no table number.
  EXPECT_EQ(Create("beta")->number, 2u);
}

TEST_P(CatalogTest, ReloadFindsTables) {
  auto a = Create("alpha");
  TableInfo full = FullTable();
  std::shared_ptr<const TableInfo> f;
  ASSERT_TRUE(catalog_->Create(full, &f).ok());
  Reload();
  EXPECT_EQ(catalog_->Names(), (std::vector<std::string>{"Full.table-name_1", "alpha"}));
  ExpectSameTable(*catalog_->Find("alpha"), *a);
  ExpectSameTable(*catalog_->Find("Full.table-name_1"), *f);
  EXPECT_EQ(catalog_->Find("Full.table-name_1")->number, 2u);  // assigned, not 42
  EXPECT_EQ(Create("next")->number, 3u);
}

TEST_P(CatalogTest, ReopenFindsTables) {
  Create("alpha");
  Create("beta");
  ASSERT_TRUE(catalog_->Drop("beta").ok());
  OpenKv();
  if (GetParam()) {
    EXPECT_EQ(catalog_->size(), 0u);  // in memory: a new, empty database
    return;
  }
  EXPECT_EQ(catalog_->Names(), (std::vector<std::string>{"alpha"}));
  EXPECT_EQ(Create("gamma")->number, 3u);
  ASSERT_TRUE(kv_->Flush().ok());
  OpenKv();
  EXPECT_EQ(catalog_->Names(), (std::vector<std::string>{"alpha", "gamma"}));
  EXPECT_EQ(catalog_->Find("gamma")->number, 3u);
}

TEST_P(CatalogTest, Replace) {
  auto a = Create("alpha");
  auto updated = std::make_shared<TableInfo>(*a);
  updated->billing_mode = BillingMode::kProvisioned;
  updated->throughput.read_capacity_units = 7;
  ASSERT_TRUE(catalog_->Replace(a, updated).ok());
  EXPECT_EQ(catalog_->Find("alpha"), updated);
  // The old descriptor stays valid for whoever holds it.
  EXPECT_EQ(a->billing_mode, BillingMode::kPayPerRequest);

  // A stale expected descriptor lost a race.
  auto again = std::make_shared<TableInfo>(*a);
  Status st = catalog_->Replace(a, again);
  EXPECT_EQ(st.code(), ErrorCode::kResourceInUse);
  EXPECT_EQ(catalog_->Find("alpha"), updated);

  // A table that does not exist.
  auto ghost = std::make_shared<TableInfo>(Table("ghost"));
  st = catalog_->Replace(nullptr, ghost);
  EXPECT_EQ(st.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(st.message(), "Cannot do operations on a non-existent table");

  Reload();
  ExpectSameTable(*catalog_->Find("alpha"), *updated);
}

TEST_P(CatalogTest, DropRemovesItemsAndCounters) {
  auto a = Create("alpha");
  auto b = Create("beta");
  auto c = Create("gamma");
  AttributeValue pk = AttributeValue::String("p");
  for (const auto& t : {a, b, c}) {
    Put(keys::ItemKey(t->number, pk, nullptr));
    Put(keys::ItemKey(t->number, AttributeValue::String("\xff\xff"), nullptr));
    Put(keys::ItemTablePrefix(t->number));  // the very first key of the range
    auto batch = kv_->NewWriteBatch();
    batch->AddCounters(keys::CountersKey(t->number), 2, 50);
    ASSERT_TRUE(kv_->Write(batch.get()).ok());
  }
  ASSERT_TRUE(catalog_->Drop("beta").ok());
  EXPECT_EQ(catalog_->Find("beta"), nullptr);
  EXPECT_EQ(catalog_->Names(), (std::vector<std::string>{"alpha", "gamma"}));
  EXPECT_FALSE(Has(keys::CatalogKey("beta")));
  EXPECT_FALSE(Has(keys::ItemKey(b->number, pk, nullptr)));
  EXPECT_FALSE(Has(keys::ItemTablePrefix(b->number)));
  int64_t n = -1, bytes = -1;
  ASSERT_TRUE(kv_->ReadCounters(keys::CountersKey(b->number), &n, &bytes).ok());
  EXPECT_EQ(n, 0);
  EXPECT_EQ(bytes, 0);
  // Neighbours are untouched.
  for (const auto& t : {a, c}) {
    EXPECT_TRUE(Has(keys::ItemKey(t->number, pk, nullptr)));
    EXPECT_TRUE(Has(keys::ItemTablePrefix(t->number)));
    ASSERT_TRUE(kv_->ReadCounters(keys::CountersKey(t->number), &n, &bytes).ok());
    EXPECT_EQ(n, 2);
    EXPECT_EQ(bytes, 50);
  }
  KvReadOptions ro;
  std::string lower = keys::ItemTablePrefix(b->number), upper = keys::ItemTableEnd(b->number);
  ro.lower_bound = lower;
  ro.upper_bound = upper;
  auto it = kv_->NewIterator(ro);
  it->SeekToFirst();
  EXPECT_FALSE(it->Valid());

  Status st = catalog_->Drop("beta");
  EXPECT_EQ(st.code(), ErrorCode::kResourceNotFound);
  EXPECT_EQ(st.message(), "Cannot do operations on a non-existent table");
  Reload();
  EXPECT_EQ(catalog_->Find("beta"), nullptr);
}

TEST_P(CatalogTest, TableNumbersAreNeverReused) {
  Create("a");           // 1
  auto b = Create("b");  // 2
  Put(keys::ItemKey(b->number, AttributeValue::String("old"), nullptr));
  ASSERT_TRUE(catalog_->Drop("b").ok());
  // Re-created under the same name: a new number, so it starts empty.
  auto b2 = Create("b");
  EXPECT_EQ(b2->number, 3u);
  ASSERT_TRUE(catalog_->Drop("b").ok());
  ASSERT_TRUE(catalog_->Drop("a").ok());
  // Even with every table gone, after a reload.
  Reload();
  EXPECT_EQ(catalog_->size(), 0u);
  EXPECT_EQ(Create("c")->number, 4u);
  Reload();
  EXPECT_EQ(Create("d")->number, 5u);
}

TEST_P(CatalogTest, NextNumberRecoveredFromTablesWhenCounterIsMissing) {
  Create("a");
  Create("b");
  auto batch = kv_->NewWriteBatch();
  batch->Delete(keys::NextTableNumberKey());
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  Reload();
  EXPECT_EQ(Create("c")->number, 3u);
}

TEST_P(CatalogTest, UnsupportedFormatVersionIsRefused) {
  auto batch = kv_->NewWriteBatch();
  batch->Put(keys::FormatVersionKey(), std::string(1, '\x02'));
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  Catalog catalog(kv_.get());
  Status st = catalog.Load();
  EXPECT_EQ(st.code(), ErrorCode::kIOError);
  EXPECT_EQ(st.message(), "data directory has an unsupported storage format version");
}

TEST_P(CatalogTest, CorruptDescriptorFailsLoad) {
  Create("a");
  auto batch = kv_->NewWriteBatch();
  batch->Put(keys::CatalogKey("broken"), "{not json");
  ASSERT_TRUE(kv_->Write(batch.get()).ok());
  Catalog catalog(kv_.get());
  EXPECT_EQ(catalog.Load().code(), ErrorCode::kIOError);
}

TEST_P(CatalogTest, ConcurrentCreatesGetDistinctNumbers) {
  std::vector<std::thread> threads;
  for (int t = 0; t < 4; ++t) {
    threads.emplace_back([this, t] {
      for (int i = 0; i < 10; ++i) {
        std::string name = std::to_string(t * 100 + i);
        name.insert(name.begin(), 't');
        EXPECT_TRUE(catalog_->Create(Table(name), nullptr).ok());
        EXPECT_NE(catalog_->Find(name), nullptr);
      }
    });
  }
  for (auto& th : threads) th.join();
  std::set<uint32_t> numbers;
  for (const std::string& name : catalog_->Names()) numbers.insert(catalog_->Find(name)->number);
  EXPECT_EQ(numbers.size(), 40u);
  EXPECT_EQ(*numbers.begin(), 1u);
  EXPECT_EQ(*numbers.rbegin(), 40u);
}

}  // namespace
}  // namespace riptide
