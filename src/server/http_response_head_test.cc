#include "server/http_response_head.h"

#include <gtest/gtest.h>

#include <regex>
#include <string>
#include <unordered_set>

namespace riptide {
namespace {

TEST(RequestIdGeneratorTest, ShapeAndUniqueness) {
  RequestIdGenerator a, b;
  std::unordered_set<std::string> seen;
  char id[RequestIdGenerator::kLength];
  for (int i = 0; i < 100000; ++i) {
    (i % 2 ? a : b).Next(id);
    std::string s(id, sizeof(id));
    ASSERT_TRUE(std::regex_match(s, std::regex("[A-Z0-9]{52}"))) << s;
    ASSERT_TRUE(seen.insert(s).second) << s;
  }
}

// Replaces the parts that change per call so the rest can be compared.
std::string Normalise(std::string head) {
  head = std::regex_replace(head, std::regex("Date: [^\r]*"), "Date: D");
  return std::regex_replace(head, std::regex("x-amzn-RequestId: [A-Z0-9]{52}"),
                            "x-amzn-RequestId: ID");
}

TEST(ResponseHeadWriterTest, Format) {
  ResponseHeadWriter w;
  HttpResponse r;
  r.body = "{\"TableNames\":[]}";
  std::string out = "previous";
  w.Append(r, /*keep_alive=*/true, /*http10=*/false, &out);
  EXPECT_EQ(Normalise(out),
            "previousHTTP/1.1 200 OK\r\nDate: D\r\nContent-Type: application/x-amz-json-1.0\r\n"
            "Content-Length: 17\r\nx-amzn-RequestId: ID\r\nx-amz-crc32: 1315925753\r\n\r\n");
  EXPECT_TRUE(std::regex_search(
      out, std::regex("Date: (Mon|Tue|Wed|Thu|Fri|Sat|Sun), \\d\\d [A-Z][a-z]{2} \\d{4} "
                      "\\d\\d:\\d\\d:\\d\\d GMT\r\n")));

  r.status = 400;
  r.content_type.clear();
  r.body.clear();
  r.headers = {{"x-extra", "1"}, {"Retry-After", "5"}};
  out.clear();
  w.Append(r, /*keep_alive=*/false, /*http10=*/false, &out);
  EXPECT_EQ(Normalise(out),
            "HTTP/1.1 400 Bad Request\r\nDate: D\r\nContent-Length: 0\r\nx-amzn-RequestId: ID\r\n"
            "x-amz-crc32: 0\r\nx-extra: 1\r\nRetry-After: 5\r\nConnection: close\r\n\r\n");

  out.clear();
  r.headers.clear();
  r.status = 299;
  w.Append(r, /*keep_alive=*/true, /*http10=*/true, &out);
  EXPECT_EQ(Normalise(out),
            "HTTP/1.1 299 Unknown\r\nDate: D\r\nContent-Length: 0\r\nx-amzn-RequestId: ID\r\n"
            "x-amz-crc32: 0\r\nConnection: keep-alive\r\n\r\n");
}

TEST(ResponseHeadWriterTest, LongHeadersFit) {
  ResponseHeadWriter w;
  HttpResponse r;
  r.content_type = std::string(1000, 'c');
  for (int i = 0; i < 50; ++i) r.headers.emplace_back(std::string(100, 'n'), std::string(500, 'v'));
  std::string out;
  w.Append(r, true, false, &out);
  EXPECT_EQ(out.substr(out.size() - 4), "\r\n\r\n");
  EXPECT_NE(out.find(std::string(1000, 'c')), std::string::npos);
}

}  // namespace
}  // namespace riptide
