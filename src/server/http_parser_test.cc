#include "server/http_parser.h"

#include <gtest/gtest.h>

#include <cstring>
#include <memory>
#include <random>
#include <string>
#include <tuple>
#include <vector>

namespace riptide {
namespace {

using Result = HttpRequestParser::Result;

struct GoodCase {
  const char* name;
  std::string input;
  std::string method;
  std::string target;
  std::string body;
  size_t header_count;
  bool keep_alive;
  bool expects_continue = false;
};

std::vector<GoodCase> GoodCases() {
  return {
      {"get", "GET / HTTP/1.1\r\nHost: x\r\n\r\n", "GET", "/", "", 1, true},
      {"no_headers", "GET /a?b=1 HTTP/1.1\r\n\r\n", "GET", "/a?b=1", "", 0, true},
      {"post_length",
       "POST / HTTP/1.1\r\nHost: localhost:8000\r\nX-Amz-Target: DynamoDB_20120810.GetItem\r\n"
       "Content-Type: application/x-amz-json-1.0\r\nContent-Length: 17\r\n\r\n"
       "{\"TableName\":\"t\"}",
       "POST", "/", "{\"TableName\":\"t\"}", 4, true},
      {"bare_lf", "POST / HTTP/1.1\nContent-Length: 2\n\nhi", "POST", "/", "hi", 1, true},
      {"leading_crlf", "\r\n\r\nGET / HTTP/1.1\r\n\r\n", "GET", "/", "", 0, true},
      {"ows_around_value", "GET / HTTP/1.1\r\nA:  b c \t\r\nB:\r\n\r\n", "GET", "/", "", 2, true},
      {"http10_closes", "GET / HTTP/1.0\r\n\r\n", "GET", "/", "", 0, false},
      {"http10_keep_alive", "GET / HTTP/1.0\r\nConnection: Keep-Alive\r\n\r\n", "GET", "/", "", 1,
       true},
      {"connection_close", "GET / HTTP/1.1\r\nConnection: keep-alive, CLOSE\r\n\r\n", "GET", "/",
       "", 1, false},
      {"expect_continue", "POST / HTTP/1.1\r\nExpect: 100-Continue\r\nContent-Length: 3\r\n\r\nabc",
       "POST", "/", "abc", 2, true, true},
      {"zero_length", "POST / HTTP/1.1\r\nContent-Length: 0\r\n\r\n", "POST", "/", "", 1, true},
      {"chunked",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n"
       "5\r\nhello\r\n1;ext=1;x\r\n,\r\nA\r\n world 123\r\n0\r\n\r\n",
       "POST", "/", "hello, world 123", 1, true},
      {"chunked_upper_hex_trailers",
       "POST / HTTP/1.1\r\ntransfer-encoding: Chunked\r\n\r\n"
       "1F  ;  name=\"v\"\r\n0123456789abcdef0123456789abcde\r\n0\r\nX-Trailer: 1\r\nY: 2\r\n\r\n",
       "POST", "/", "0123456789abcdef0123456789abcde", 1, true},
      {"chunked_lf_only", "POST / HTTP/1.1\nTransfer-Encoding: chunked\n\n2\nab\n0\n\n", "POST",
       "/", "ab", 1, true},
      {"chunked_empty", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n0\r\n\r\n", "POST",
       "/", "", 1, true},
      {"same_length_twice", "POST / HTTP/1.1\r\nContent-Length: 1\r\ncontent-length: 1\r\n\r\nx",
       "POST", "/", "x", 2, true},
  };
}

void ExpectMatches(const GoodCase& c, const HttpRequestParser& p, const HttpRequest& r) {
  EXPECT_EQ(r.method, c.method) << c.name;
  EXPECT_EQ(r.target, c.target) << c.name;
  EXPECT_EQ(r.body, c.body) << c.name;
  EXPECT_EQ(r.headers.size(), c.header_count) << c.name;
  EXPECT_EQ(p.keep_alive(), c.keep_alive) << c.name;
  EXPECT_EQ(p.expects_continue(), c.expects_continue) << c.name;
  EXPECT_EQ(p.consumed(), c.input.size()) << c.name;
}

TEST(HttpParserTest, CompleteRequests) {
  for (const GoodCase& c : GoodCases()) {
    std::string buf = c.input;
    HttpRequestParser p;
    HttpRequest r;
    ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kComplete) << c.name;
    ExpectMatches(c, p, r);
  }
}

// Feeds the request one byte at a time into a growing string (which moves
// as it grows), then checks that every split point gives the same result.
TEST(HttpParserTest, EveryByteBoundary) {
  for (const GoodCase& c : GoodCases()) {
    std::string buf;
    HttpRequestParser p;
    HttpRequest r;
    for (size_t i = 0; i + 1 < c.input.size(); ++i) {
      buf.push_back(c.input[i]);
      ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kNeedMore) << c.name << " at " << i;
    }
    buf.push_back(c.input.back());
    buf.shrink_to_fit();
    ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kComplete) << c.name;
    ExpectMatches(c, p, r);

    for (size_t split = 1; split < c.input.size(); ++split) {
      std::string two = c.input.substr(0, split);
      HttpRequestParser q;
      ASSERT_EQ(q.Parse(two.data(), two.size(), &r), Result::kNeedMore) << c.name << split;
      two += c.input.substr(split);
      ASSERT_EQ(q.Parse(two.data(), two.size(), &r), Result::kComplete) << c.name << split;
      ExpectMatches(c, q, r);
    }
  }
}

TEST(HttpParserTest, HeaderValuesAndLookup) {
  std::string buf =
      "POST / HTTP/1.1\r\nX-Amz-Target: DynamoDB_20120810.PutItem\r\nHost: h\r\n"
      "x-amz-target: second\r\n\r\n";
  HttpRequestParser p;
  HttpRequest r;
  ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kComplete);
  EXPECT_EQ(r.headers[0].first, "X-Amz-Target");
  EXPECT_EQ(r.Header("x-amz-target"), "DynamoDB_20120810.PutItem");
  EXPECT_EQ(r.Header("HOST"), "h");
  EXPECT_EQ(r.Header("Absent"), "");
}

TEST(HttpParserTest, PipelinedRequests) {
  const std::string one = "POST /1 HTTP/1.1\r\nContent-Length: 3\r\n\r\nabc";
  const std::string two =
      "POST /2 HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n2\r\nde\r\n0\r\n\r\n";
  const std::string three = "GET /3 HTTP/1.1\r\nConnection: close\r\n\r\n";
  std::string buf = one + two + three;
  HttpRequestParser p;
  HttpRequest r;
  size_t off = 0;
  const std::vector<std::tuple<std::string, std::string, bool>> want = {
      {"/1", "abc", true}, {"/2", "de", true}, {"/3", "", false}};
  for (const auto& [target, body, keep_alive] : want) {
    ASSERT_EQ(p.Parse(buf.data() + off, buf.size() - off, &r), Result::kComplete) << target;
    EXPECT_EQ(r.target, target);
    EXPECT_EQ(r.body, body);
    EXPECT_EQ(p.keep_alive(), keep_alive);
    off += p.consumed();
    p.Reset();
  }
  EXPECT_EQ(off, buf.size());
}

TEST(HttpParserTest, ChunkedDecodingDoesNotTouchTheNextRequest) {
  std::string next = "GET /next HTTP/1.1\r\n\r\n";
  std::string buf =
      "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n3\r\ndef\r\n0\r\n\r\n" +
      next;
  HttpRequestParser p;
  HttpRequest r;
  ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kComplete);
  EXPECT_EQ(r.body, "abcdef");
  EXPECT_EQ(buf.substr(p.consumed()), next);
}

TEST(HttpParserTest, HeadersCompleteBeforeBody) {
  std::string buf = "POST / HTTP/1.1\r\nExpect: 100-continue\r\nContent-Length: 10\r\n\r\n";
  HttpRequestParser p;
  HttpRequest r;
  EXPECT_FALSE(p.headers_complete());
  ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kNeedMore);
  EXPECT_TRUE(p.headers_complete());
  EXPECT_TRUE(p.expects_continue());
  EXPECT_EQ(p.expected_size(), buf.size() + 10);
}

TEST(HttpParserTest, ExpectIgnoredForHttp10) {
  std::string buf = "POST / HTTP/1.0\r\nExpect: 100-continue\r\nContent-Length: 1\r\n\r\n";
  HttpRequestParser p;
  HttpRequest r;
  ASSERT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kNeedMore);
  EXPECT_FALSE(p.expects_continue());
}

struct BadCase {
  const char* name;
  std::string input;
  int status;
};

TEST(HttpParserTest, BadRequests) {
  const std::vector<BadCase> cases = {
      {"no_method", " / HTTP/1.1\r\n\r\n", 400},
      {"no_target", "GET  HTTP/1.1\r\n\r\n", 400},
      {"no_version", "GET /\r\n\r\n", 400},
      {"bad_version", "GET / HTTX/1.1\r\n\r\n", 400},
      {"http2", "GET / HTTP/2.0\r\n\r\n", 505},
      {"garbage", "\x01\x02\x03\r\n\r\n", 400},
      {"space_before_colon", "GET / HTTP/1.1\r\nHost : x\r\n\r\n", 400},
      {"obs_fold", "GET / HTTP/1.1\r\nA: b\r\n c\r\n\r\n", 400},
      {"no_colon", "GET / HTTP/1.1\r\nHost\r\n\r\n", 400},
      {"ctl_in_value", std::string("GET / HTTP/1.1\r\nA: b\x01\r\n\r\n"), 400},
      {"nul_in_value", std::string("GET / HTTP/1.1\r\nA: b\0c\r\n\r\n", 25), 400},
      {"bare_cr_in_value", "GET / HTTP/1.1\r\nA: b\rc\r\n\r\n", 400},
      {"negative_length", "POST / HTTP/1.1\r\nContent-Length: -1\r\n\r\n", 400},
      {"length_list", "POST / HTTP/1.1\r\nContent-Length: 1, 1\r\n\r\nx", 400},
      {"differing_lengths", "POST / HTTP/1.1\r\nContent-Length: 1\r\nContent-Length: 2\r\n\r\n",
       400},
      {"empty_length", "POST / HTTP/1.1\r\nContent-Length:\r\n\r\n", 400},
      {"huge_length", "POST / HTTP/1.1\r\nContent-Length: 99999999999999999999999\r\n\r\n", 413},
      {"too_large", "POST / HTTP/1.1\r\nContent-Length: 1025\r\n\r\n", 413},
      {"length_and_chunked",
       "POST / HTTP/1.1\r\nContent-Length: 3\r\nTransfer-Encoding: chunked\r\n\r\n", 400},
      {"gzip_encoding", "POST / HTTP/1.1\r\nTransfer-Encoding: gzip, chunked\r\n\r\n", 501},
      {"chunked_twice",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\nTransfer-Encoding: chunked\r\n\r\n", 501},
      {"bad_chunk_size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nzz\r\n", 400},
      {"no_chunk_size", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n\r\n", 400},
      {"chunk_junk", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1 x\r\n", 400},
      {"chunk_no_crlf", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n1\r\naXY0\r\n\r\n",
       400},
      {"chunk_too_large", "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n401\r\n", 413},
      {"chunks_sum_too_large",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\n200\r\n" + std::string(512, 'a') +
           "\r\n201\r\n",
       413},
      {"chunk_size_overflow",
       "POST / HTTP/1.1\r\nTransfer-Encoding: chunked\r\n\r\nffffffffffffffffffff\r\n", 413},
      {"huge_header", "GET / HTTP/1.1\r\nA: " + std::string(70000, 'a'), 431},
      {"huge_request_line", "GET /" + std::string(70000, 'a'), 431},
      {"many_fields",
       "GET / HTTP/1.1\r\n" +
           [] {
             std::string s;
             for (int i = 0; i < 200; ++i) s += "A: b\r\n";
             return s;
           }(),
       431},
      {"endless_blank_lines", std::string(70000, '\n'), 431},
  };
  HttpParserLimits limits;
  limits.max_body_bytes = 1024;
  for (const BadCase& c : cases) {
    std::string buf = c.input;
    HttpRequestParser p(limits);
    HttpRequest r;
    EXPECT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kError) << c.name;
    EXPECT_EQ(p.error_status(), c.status) << c.name;
    // Once failed, it stays failed.
    EXPECT_EQ(p.Parse(buf.data(), buf.size(), &r), Result::kError) << c.name;
  }
}

// Random bytes and random mutations of valid requests, fed in random
// pieces: the parser must never crash, never read past `size` (ASan checks
// that in the sanitizer build) and keep its views inside the buffer.
TEST(HttpParserTest, FuzzNeverCrashes) {
  std::mt19937_64 rng(12345);
  std::vector<std::string> seeds;
  for (const GoodCase& c : GoodCases()) seeds.push_back(c.input);
  const char kAlphabet[] = "\r\n :;,0123456789abcdefABCDEF\t-\x01\x7f\x80GETPOSTHTP/1.";
  HttpParserLimits limits;
  limits.max_body_bytes = 4096;
  limits.max_header_bytes = 2048;
  HttpRequest r;
  int complete = 0, errors = 0;
  for (int iter = 0; iter < 20000; ++iter) {
    std::string input;
    if (iter % 4 == 0) {
      input.resize(rng() % 300);
      for (char& ch : input) ch = static_cast<char>(rng());
    } else {
      input = seeds[rng() % seeds.size()] + seeds[rng() % seeds.size()];
      const int mutations = 1 + static_cast<int>(rng() % 4);
      for (int m = 0; m < mutations && !input.empty(); ++m) {
        size_t at = rng() % input.size();
        switch (rng() % 3) {
          case 0:
            input[at] = kAlphabet[rng() % (sizeof(kAlphabet) - 1)];
            break;
          case 1:
            input.erase(at, 1 + rng() % 4);
            break;
          default:
            input.insert(at, 1, kAlphabet[rng() % (sizeof(kAlphabet) - 1)]);
            break;
        }
      }
    }
    // Exact-size heap copies so ASan sees any overread.
    HttpRequestParser p(limits);
    size_t fed = 0;
    std::unique_ptr<char[]> buf;
    Result res = Result::kNeedMore;
    while (res == Result::kNeedMore && fed < input.size()) {
      size_t next = std::min(input.size(), fed + 1 + rng() % 64);
      std::unique_ptr<char[]> grown(new char[next]);
      if (fed > 0) memcpy(grown.get(), buf.get(), fed);
      memcpy(grown.get() + fed, input.data() + fed, next - fed);
      buf = std::move(grown);
      fed = next;
      res = p.Parse(buf.get(), fed, &r);
      if (res == Result::kComplete) {
        ++complete;
        ASSERT_LE(p.consumed(), fed);
        ASSERT_GE(r.body.data(), buf.get());
        ASSERT_LE(r.body.data() + r.body.size(), buf.get() + fed);
        ASSERT_LE(r.target.data() + r.target.size(), buf.get() + fed);
        for (const auto& [n, v] : r.headers) {
          ASSERT_LE(v.data() + v.size(), buf.get() + fed);
          ASSERT_FALSE(n.empty());
        }
      } else if (res == Result::kError) {
        ++errors;
        int s = p.error_status();
        ASSERT_TRUE(s == 400 || s == 413 || s == 431 || s == 501 || s == 505) << s;
      }
    }
  }
  // The mutations must leave both outcomes common, or the fuzz tests little.
  EXPECT_GT(complete, 2000);
  EXPECT_GT(errors, 2000);
}

}  // namespace
}  // namespace riptide
