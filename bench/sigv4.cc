#include "sigv4.h"

#include <openssl/hmac.h>

#include <cstring>
#include <utility>

// The low-level SHA256_* functions are deprecated in OpenSSL 3 in favour of
// EVP, but EVP cannot copy a digest state without an allocation, and copying
// the two precomputed HMAC states is what makes per-request signing cheap.
#pragma GCC diagnostic ignored "-Wdeprecated-declarations"

namespace riptide::bench {
namespace {

constexpr std::string_view kSignedHeaders = "content-type;host;x-amz-date;x-amz-target";

void AppendHex(const unsigned char* bytes, size_t len, std::string* out) {
  static constexpr char kDigits[] = "0123456789abcdef";
  size_t at = out->size();
  out->resize(at + 2 * len);
  char* p = out->data() + at;
  for (size_t i = 0; i < len; ++i) {
    p[2 * i] = kDigits[bytes[i] >> 4];
    p[2 * i + 1] = kDigits[bytes[i] & 15];
  }
}

// SHA256() is a one-shot EVP fetch in OpenSSL 3 (a lock and a free per call);
// the plain context API costs only the hashing.
void Sha256(std::string_view data, unsigned char out[32]) {
  SHA256_CTX ctx;
  SHA256_Init(&ctx);
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(out, &ctx);
}

void HmacOnce(std::string_view key, std::string_view data, unsigned char out[32]) {
  unsigned int len = 32;
  HMAC(EVP_sha256(), key.data(), static_cast<int>(key.size()),
       reinterpret_cast<const unsigned char*>(data.data()), data.size(), out, &len);
}

}  // namespace

void Signer::Hmac::SetKey(const unsigned char* key, size_t len) {
  unsigned char block[64] = {};
  if (len > sizeof(block)) {
    Sha256({reinterpret_cast<const char*>(key), len}, block);
  } else {
    std::memcpy(block, key, len);
  }
  unsigned char pad[64];
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x36;
  SHA256_Init(&inner_);
  SHA256_Update(&inner_, pad, sizeof(pad));
  for (int i = 0; i < 64; ++i) pad[i] = block[i] ^ 0x5c;
  SHA256_Init(&outer_);
  SHA256_Update(&outer_, pad, sizeof(pad));
}

void Signer::Hmac::Compute(std::string_view data, unsigned char out[32]) const {
  SHA256_CTX ctx = inner_;
  unsigned char inner_digest[32];
  SHA256_Update(&ctx, data.data(), data.size());
  SHA256_Final(inner_digest, &ctx);
  ctx = outer_;
  SHA256_Update(&ctx, inner_digest, sizeof(inner_digest));
  SHA256_Final(out, &ctx);
}

Signer::Signer(Credentials credentials, std::string host)
    : credentials_(std::move(credentials)), host_(std::move(host)) {
  canonical_.reserve(512);
  to_sign_.reserve(256);
  authorization_.reserve(256);
}

std::string Signer::HexSha256(std::string_view data) {
  unsigned char digest[32];
  Sha256(data, digest);
  std::string hex;
  AppendHex(digest, sizeof(digest), &hex);
  return hex;
}

void Signer::UpdateClock(time_t now) {
  if (now == second_) return;
  second_ = now;
  struct tm tm;
  gmtime_r(&now, &tm);
  char buf[32];
  strftime(buf, sizeof(buf), "%Y%m%dT%H%M%SZ", &tm);
  amz_date_ = buf;
  int64_t day = now / 86400;
  if (day == day_) return;
  day_ = day;
  std::string date = amz_date_.substr(0, 8);
  scope_ = date + "/" + credentials_.region + "/dynamodb/aws4_request";
  unsigned char k[32];
  HmacOnce("AWS4" + credentials_.secret_key, date, k);
  HmacOnce({reinterpret_cast<char*>(k), 32}, credentials_.region, k);
  HmacOnce({reinterpret_cast<char*>(k), 32}, "dynamodb", k);
  HmacOnce({reinterpret_cast<char*>(k), 32}, "aws4_request", k);
  signing_key_.SetKey(k, sizeof(k));
}

Signer::Signed Signer::Sign(std::string_view target, std::string_view body, time_t now) {
  UpdateClock(now);
  unsigned char digest[32];
  Sha256(body, digest);

  canonical_.clear();
  canonical_.append("POST\n/\n\ncontent-type:application/x-amz-json-1.0\nhost:");
  canonical_.append(host_).append("\nx-amz-date:").append(amz_date_);
  canonical_.append("\nx-amz-target:").append(target).append("\n\n");
  canonical_.append(kSignedHeaders).push_back('\n');
  AppendHex(digest, sizeof(digest), &canonical_);

  Sha256(canonical_, digest);
  to_sign_.clear();
  to_sign_.append("AWS4-HMAC-SHA256\n").append(amz_date_).push_back('\n');
  to_sign_.append(scope_).push_back('\n');
  AppendHex(digest, sizeof(digest), &to_sign_);

  signing_key_.Compute(to_sign_, digest);
  authorization_.clear();
  authorization_.append("AWS4-HMAC-SHA256 Credential=").append(credentials_.access_key);
  authorization_.append("/").append(scope_).append(", SignedHeaders=").append(kSignedHeaders);
  authorization_.append(", Signature=");
  AppendHex(digest, sizeof(digest), &authorization_);
  return {amz_date_, authorization_};
}

}  // namespace riptide::bench
