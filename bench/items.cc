#include "items.h"

#include <algorithm>

#include "key_chooser.h"

namespace riptide::bench {
namespace {

constexpr size_t kPayloadSize = 1 << 16;
// DynamoDB sizes: "pk" + 14-byte key, "c" + a small number.
constexpr int kKvOverhead = 2 + 14 + 1 + 2;
constexpr int kMaxFields = 10;
constexpr int kFieldNameSize = 2;  // "f0".."f9"

}  // namespace

void AppendUserKey(uint64_t key, std::string* out) {
  char digits[10];
  for (int i = 9; i >= 0; --i) {
    digits[i] = static_cast<char>('0' + key % 10);
    key /= 10;
  }
  out->append("user").append(digits, 10);
}

ItemWriter::ItemWriter(int item_size) {
  int remaining = std::max(item_size - kKvOverhead, kFieldNameSize + 1);
  int fields = std::clamp(remaining / 100, 1, kMaxFields);
  int value_total = std::max(remaining - fields * kFieldNameSize, fields);
  for (int i = 0; i < fields; ++i) {
    field_sizes_.push_back(value_total / fields + (i < value_total % fields ? 1 : 0));
  }
  Rng rng(42);
  static constexpr char kAlphabet[] =
      "abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789";
  int max_field = *std::max_element(field_sizes_.begin(), field_sizes_.end());
  payload_.resize(kPayloadSize + static_cast<size_t>(max_field));
  for (char& ch : payload_) ch = kAlphabet[rng.Below(sizeof(kAlphabet) - 1)];
}

void ItemWriter::AppendKvKey(uint64_t key, std::string* out) const {
  out->append(R"({"pk":{"S":")");
  AppendUserKey(key, out);
  out->append(R"("}})");
}

void ItemWriter::AppendFields(uint64_t seed, std::string* out) const {
  out->append(R"("c":{"N":"0"})");
  for (size_t i = 0; i < field_sizes_.size(); ++i) {
    size_t offset = Fnv64(seed * kMaxFields + i) % kPayloadSize;
    out->append(R"(,"f)").push_back(static_cast<char>('0' + i));
    out->append(R"(":{"S":")").append(payload_, offset, static_cast<size_t>(field_sizes_[i]));
    out->append(R"("})");
  }
}

void ItemWriter::AppendKvItem(uint64_t key, std::string* out) const {
  out->append(R"({"pk":{"S":")");
  AppendUserKey(key, out);
  out->append(R"("},)");
  AppendFields(key, out);
  out->push_back('}');
}

void ItemWriter::AppendQueryItem(uint64_t partition, int sort, std::string* out) const {
  out->append(R"({"pk":{"S":")");
  AppendUserKey(partition, out);
  out->append(R"("},"sk":{"S":"item)");
  out->push_back(static_cast<char>('0' + sort / 10 % 10));
  out->push_back(static_cast<char>('0' + sort % 10));
  out->append(R"("},)");
  AppendFields(partition * kQueryPageItems + static_cast<uint64_t>(sort), out);
  out->push_back('}');
}

std::string ItemWriter::CreateKvTable(std::string_view name) {
  return std::string(R"({"TableName":")") + std::string(name) +
         R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"}],)"
         R"("BillingMode":"PAY_PER_REQUEST"})";
}

std::string ItemWriter::CreateQueryTable(std::string_view name) {
  return std::string(R"({"TableName":")") + std::string(name) +
         R"(","AttributeDefinitions":[{"AttributeName":"pk","AttributeType":"S"},)"
         R"({"AttributeName":"sk","AttributeType":"S"}],)"
         R"("KeySchema":[{"AttributeName":"pk","KeyType":"HASH"},)"
         R"({"AttributeName":"sk","KeyType":"RANGE"}],)"
         R"("BillingMode":"PAY_PER_REQUEST"})";
}

}  // namespace riptide::bench
