#include "sigv4.h"

#include <gtest/gtest.h>

namespace riptide::bench {
namespace {

// The expected header was produced by botocore's SigV4Auth for the same
// request at 2026-01-02T03:04:05Z, so the tool signs exactly as boto3 does.
TEST(SignerTest, MatchesBotocore) {
  Signer signer(Credentials{"AKIDRIPTIDEBENCH", "riptide-bench-secret", "us-east-1"},
                "127.0.0.1:8000");
  auto s =
      signer.Sign("DynamoDB_20120810.GetItem",
                  R"({"TableName":"bench-kv","Key":{"pk":{"S":"user0000000042"}}})", 1767323045);
  EXPECT_EQ(s.amz_date, "20260102T030405Z");
  EXPECT_EQ(s.authorization,
            "AWS4-HMAC-SHA256 Credential=AKIDRIPTIDEBENCH/20260102/us-east-1/dynamodb/"
            "aws4_request, SignedHeaders=content-type;host;x-amz-date;x-amz-target, "
            "Signature=9d73a84d32f445108cd43e857a951d5f67d5a3b76787f9cd1056dea408fbaefd");
}

TEST(SignerTest, CachedKeySurvivesManyCalls) {
  Signer signer(Credentials{"AKIDRIPTIDEBENCH", "riptide-bench-secret", "us-east-1"},
                "127.0.0.1:8000");
  std::string body = R"({"TableName":"bench-kv","Key":{"pk":{"S":"user0000000042"}}})";
  signer.Sign("DynamoDB_20120810.PutItem", "{}", 1767323000);  // another second, same day
  auto s = signer.Sign("DynamoDB_20120810.GetItem", body, 1767323045);
  EXPECT_NE(std::string(s.authorization).find("Signature=9d73a84d32f4"), std::string::npos);
}

TEST(SignerTest, HexSha256OfEmpty) {
  EXPECT_EQ(Signer::HexSha256(""),
            "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
}

}  // namespace
}  // namespace riptide::bench
