#include "http.h"

#include <gtest/gtest.h>

namespace riptide::bench {
namespace {

TEST(ParseResponseTest, ContentLength) {
  std::string in =
      "HTTP/1.1 200 OK\r\nContent-Type: application/x-amz-json-1.0\r\n"
      "content-length: 2\r\n\r\n{}HTTP/1.1";
  HttpResponse r;
  std::string scratch;
  ASSERT_EQ(ParseResponse(in, &r, &scratch), ParseOutcome::kComplete);
  EXPECT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{}");
  EXPECT_TRUE(r.keep_alive);
  EXPECT_EQ(in.substr(r.consumed), "HTTP/1.1");
}

TEST(ParseResponseTest, IncompleteHeadOrBody) {
  HttpResponse r;
  std::string scratch;
  EXPECT_EQ(ParseResponse("HTTP/1.1 200 OK\r\nContent-Len", &r, &scratch), ParseOutcome::kNeedMore);
  EXPECT_EQ(ParseResponse("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\n{}", &r, &scratch),
            ParseOutcome::kNeedMore);
}

TEST(ParseResponseTest, ChunkedAndClose) {
  std::string in =
      "HTTP/1.1 400 Bad Request\r\nTransfer-Encoding: chunked\r\nConnection: close\r\n\r\n"
      "3\r\n{\"a\r\n4\r\n\":1}\r\n0\r\n\r\n";
  HttpResponse r;
  std::string scratch;
  ASSERT_EQ(ParseResponse(in, &r, &scratch), ParseOutcome::kComplete);
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.body, "{\"a\":1}");
  EXPECT_FALSE(r.keep_alive);
  EXPECT_EQ(r.consumed, in.size());
  EXPECT_EQ(ParseResponse(in.substr(0, in.size() - 2), &r, &scratch), ParseOutcome::kNeedMore);
}

// A big answer arrives in many reads: every cut before its end asks for
// more, never a half body.
TEST(ParseResponseTest, ChunkedInPieces) {
  std::string body(5000, 'x');
  std::string in = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (size_t at = 0; at < body.size(); at += 1024) {
    std::string chunk = body.substr(at, 1024);
    char size[16];
    snprintf(size, sizeof(size), "%zx\r\n", chunk.size());
    in.append(size).append(chunk).append("\r\n");
  }
  in.append("0\r\n\r\n");
  HttpResponse r;
  std::string scratch;
  for (size_t cut = 0; cut < in.size(); cut += 97) {
    EXPECT_EQ(ParseResponse(std::string_view(in).substr(0, cut), &r, &scratch),
              ParseOutcome::kNeedMore)
        << cut;
  }
  ASSERT_EQ(ParseResponse(in, &r, &scratch), ParseOutcome::kComplete);
  EXPECT_EQ(r.body, body);
  EXPECT_EQ(r.consumed, in.size());
}

TEST(ParseResponseTest, Malformed) {
  HttpResponse r;
  std::string scratch;
  EXPECT_EQ(ParseResponse("SMTP ready\r\n\r\n", &r, &scratch), ParseOutcome::kMalformed);
  EXPECT_EQ(ParseResponse("HTTP/1.1 200 OK\r\n\r\n", &r, &scratch), ParseOutcome::kMalformed);
}

TEST(ParseEndpointTest, Forms) {
  auto e = ParseEndpoint("http://localhost:8073/");
  ASSERT_TRUE(e.ok());
  EXPECT_EQ(e->host, "127.0.0.1");
  EXPECT_EQ(e->port, 8073);
  EXPECT_FALSE(ParseEndpoint("https://127.0.0.1:1").ok());
  EXPECT_FALSE(ParseEndpoint("http://127.0.0.1:x").ok());
}

TEST(RequestWriterTest, SignedRequestHasSdkHeaders) {
  Endpoint endpoint;
  RequestWriter writer(endpoint, Credentials{}, true);
  std::string out;
  writer.Append("GetItem", "{}", 1767323045, &out);
  EXPECT_EQ(out.rfind("POST / HTTP/1.1\r\nHost: 127.0.0.1:8000\r\n", 0), 0u);
  EXPECT_NE(out.find("X-Amz-Target: DynamoDB_20120810.GetItem\r\n"), std::string::npos);
  EXPECT_NE(out.find("X-Amz-Date: 20260102T030405Z\r\n"), std::string::npos);
  EXPECT_NE(out.find("Authorization: AWS4-HMAC-SHA256 Credential="), std::string::npos);
  EXPECT_TRUE(out.ends_with("Content-Length: 2\r\n\r\n{}"));
}

}  // namespace
}  // namespace riptide::bench
