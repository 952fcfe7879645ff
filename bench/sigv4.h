#pragma once

// AWS Signature Version 4 for DynamoDB's JSON protocol, signed the way the
// SDKs sign it (botocore signs content-type;host;x-amz-date;x-amz-target).
//
// The load generator signs every request, as an SDK would, so a server that
// checks signatures pays the cost it will pay in production. To keep the
// client cheap the signing key is derived once per day, the x-amz-date
// string once per second, and HMAC uses precomputed inner/outer SHA-256
// states. Not thread-safe: one Signer per client thread.

#include <openssl/sha.h>

#include <cstdint>
#include <ctime>
#include <string>
#include <string_view>

namespace riptide::bench {

struct Credentials {
  std::string access_key = "AKIDRIPTIDEBENCH";
  std::string secret_key = "riptide-bench-secret";
  std::string region = "us-east-1";
};

class Signer {
 public:
  // `host` is the Host header's value ("127.0.0.1:8000").
  Signer(Credentials credentials, std::string host);

  // Signs one POST / with the given X-Amz-Target and body at Unix time `now`.
  // The returned views stay valid until the next call.
  struct Signed {
    std::string_view amz_date;       // "20260101T120000Z"
    std::string_view authorization;  // the whole Authorization header value
  };
  Signed Sign(std::string_view target, std::string_view body, time_t now);

  static std::string HexSha256(std::string_view data);

 private:
  // HMAC-SHA256 with a fixed key: the key is absorbed once into two states.
  class Hmac {
   public:
    void SetKey(const unsigned char* key, size_t len);
    void Compute(std::string_view data, unsigned char out[32]) const;

   private:
    SHA256_CTX inner_;
    SHA256_CTX outer_;
  };

  void UpdateClock(time_t now);

  Credentials credentials_;
  std::string host_;
  time_t second_ = -1;
  int64_t day_ = -1;
  std::string amz_date_;  // per second
  std::string scope_;     // "20260101/us-east-1/dynamodb/aws4_request", per day
  Hmac signing_key_;      // per day
  std::string canonical_;
  std::string to_sign_;
  std::string authorization_;
};

}  // namespace riptide::bench
