#include "server/http_server.h"

#include <arpa/inet.h>
#include <gtest/gtest.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>
#include <zlib.h>

#include <atomic>
#include <chrono>
#include <random>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

namespace riptide {
namespace {

// A blocking test client on a real socket.
class Client {
 public:
  // receive_buffer > 0 shrinks SO_RCVBUF so that the server's writes block.
  explicit Client(uint16_t port, int receive_buffer = 0) {
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    if (receive_buffer > 0) {
      setsockopt(fd_, SOL_SOCKET, SO_RCVBUF, &receive_buffer, sizeof(receive_buffer));
    }
    sockaddr_in addr{};
    addr.sin_family = AF_INET;
    addr.sin_port = htons(port);
    addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    connected_ = connect(fd_, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) == 0;
    int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    timeval tv{10, 0};  // a hung server fails the test instead of hanging it
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof(tv));
  }
  ~Client() { close(fd_); }

  bool connected() const { return connected_; }
  int fd() const { return fd_; }

  bool Send(std::string_view data) {
    while (!data.empty()) {
      ssize_t n = send(fd_, data.data(), data.size(), MSG_NOSIGNAL);
      if (n <= 0) return false;
      data.remove_prefix(static_cast<size_t>(n));
    }
    return true;
  }

  struct Response {
    int status = 0;
    std::string head;  // status line and headers
    std::string body;
    std::string Header(const std::string& name) const {
      std::string needle = "\r\n" + name + ": ";
      size_t at = head.find(needle);
      if (at == std::string::npos) return "";
      at += needle.size();
      return head.substr(at, head.find("\r\n", at) - at);
    }
  };

  // Reads one response (Content-Length framed). status 0 when the
  // connection closed or timed out first.
  Response Read() {
    Response r;
    size_t head_end;
    while ((head_end = buf_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) return r;
    }
    r.head = buf_.substr(0, head_end + 2);
    r.status = std::atoi(r.head.c_str() + 9);
    size_t length = std::strtoul(r.Header("Content-Length").c_str(), nullptr, 10);
    if (r.status == 100) length = 0;
    while (buf_.size() < head_end + 4 + length) {
      if (!Fill()) {
        r.status = 0;
        return r;
      }
    }
    r.body = buf_.substr(head_end + 4, length);
    buf_.erase(0, head_end + 4 + length);
    return r;
  }

  // True when the server closed the connection (EOF with nothing buffered).
  bool ReadEof() { return buf_.empty() && !Fill(); }

 private:
  bool Fill() {
    char tmp[65536];
    ssize_t n = recv(fd_, tmp, sizeof(tmp), 0);
    if (n <= 0) return false;
    buf_.append(tmp, static_cast<size_t>(n));
    return true;
  }

  int fd_;
  bool connected_ = false;
  std::string buf_;
};

std::string Post(std::string_view body, std::string_view extra_headers = "") {
  return "POST / HTTP/1.1\r\nHost: localhost\r\nX-Amz-Target: DynamoDB_20120810.Echo\r\n" +
         std::string(extra_headers) + "Content-Length: " + std::to_string(body.size()) +
         "\r\n\r\n" + std::string(body);
}

// Echo handler: the body back, plus what it saw.
void Echo(const HttpRequest& req, HttpResponse* resp) {
  resp->body.assign(req.body);
  resp->headers.emplace_back("x-seen-target", std::string(req.Header("X-Amz-Target")));
  resp->headers.emplace_back("x-seen-path", std::string(req.target));
  if (req.target == "/close") resp->close = true;
  if (req.target == "/status") resp->status = 404;
}

class HttpServerTest : public ::testing::Test {
 protected:
  void StartServer(HttpServerOptions options = {}, HttpHandler handler = Echo) {
    options.port = 0;
    if (options.threads == 0) options.threads = 2;
    server_ = std::make_unique<HttpServer>(options, std::move(handler));
    ASSERT_TRUE(server_->Start().ok());
    ASSERT_NE(server_->port(), 0);
  }
  uint16_t port() const { return server_->port(); }

  std::unique_ptr<HttpServer> server_;
};

TEST_F(HttpServerTest, KeepAliveSeveralRequests) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.connected());
  std::string ids;
  for (int i = 0; i < 5; ++i) {
    const std::string body = "{\"n\":" + std::to_string(i) + "}";
    ASSERT_TRUE(c.Send(Post(body)));
    Client::Response r = c.Read();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, body);
    EXPECT_EQ(r.Header("Content-Type"), "application/x-amz-json-1.0");
    EXPECT_EQ(r.Header("x-seen-target"), "DynamoDB_20120810.Echo");
    EXPECT_EQ(r.Header("Connection"), "");
    const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size());
    EXPECT_EQ(r.Header("x-amz-crc32"), std::to_string(crc));
    const std::string id = r.Header("x-amzn-RequestId");
    ASSERT_EQ(id.size(), 52u);
    for (char ch : id) EXPECT_TRUE((ch >= 'A' && ch <= 'Z') || (ch >= '0' && ch <= '9')) << id;
    EXPECT_EQ(ids.find(id), std::string::npos);
    ids += id + " ";
    EXPECT_NE(r.Header("Date").find(" GMT"), std::string::npos);
  }
}

TEST_F(HttpServerTest, HandlerStatusAndEmptyBody) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("GET /status HTTP/1.1\r\nHost: x\r\n\r\n"));
  Client::Response r = c.Read();
  EXPECT_EQ(r.status, 404);
  EXPECT_EQ(r.Header("Content-Length"), "0");
  EXPECT_EQ(r.Header("x-amz-crc32"), "0");
}

TEST_F(HttpServerTest, PipelinedRequestsAnsweredInOrder) {
  StartServer();
  Client c(port());
  std::string all;
  for (int i = 0; i < 50; ++i) all += Post("req" + std::to_string(i));
  ASSERT_TRUE(c.Send(all));
  for (int i = 0; i < 50; ++i) {
    Client::Response r = c.Read();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, "req" + std::to_string(i));
  }
}

// `printf ... | nc` style: requests, then EOF from the client. Every
// request is answered (even while writes are blocked), then the server closes.
TEST_F(HttpServerTest, HalfCloseAfterPipelinedRequests) {
  StartServer();
  Client c(port(), /*receive_buffer=*/4096);
  const std::string big(200000, 'b');
  ASSERT_TRUE(c.Send(Post(big) + Post(big) + Post("small")));
  shutdown(c.fd(), SHUT_WR);
  EXPECT_EQ(c.Read().body, big);
  EXPECT_EQ(c.Read().body, big);
  EXPECT_EQ(c.Read().body, "small");
  EXPECT_TRUE(c.ReadEof());
}

TEST_F(HttpServerTest, ChunkedUpload) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(
      c.Send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
             "4;ext=1\r\n{\"a\"\r\n"));
  ASSERT_TRUE(c.Send("3\r\n:1}\r\n0\r\nTrailer: x\r\n\r\n"));
  Client::Response r = c.Read();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, "{\"a\":1}");
  // The connection stays usable.
  ASSERT_TRUE(c.Send(Post("next")));
  EXPECT_EQ(c.Read().body, "next");
}

TEST_F(HttpServerTest, ExpectContinue) {
  StartServer();
  Client c(port());
  const std::string body(100000, 'x');
  ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: " +
                     std::to_string(body.size()) + "\r\n\r\n"));
  Client::Response interim = c.Read();
  ASSERT_EQ(interim.status, 100);
  EXPECT_EQ(interim.head, "HTTP/1.1 100 Continue\r\n");
  ASSERT_TRUE(c.Send(body));
  Client::Response r = c.Read();
  ASSERT_EQ(r.status, 200);
  EXPECT_EQ(r.body, body);
}

TEST_F(HttpServerTest, LargeBodyInSmallWrites) {
  StartServer();
  Client c(port());
  std::string body(5u << 20, 'a');
  for (size_t i = 0; i < body.size(); ++i) body[i] = static_cast<char>('a' + i % 26);
  ASSERT_TRUE(c.Send(
      "POST / HTTP/1.1\r\nHost: x\r\nContent-Length: " + std::to_string(body.size()) + "\r\n\r\n"));
  // The 5 MB echo comes back while we are still writing, so read on
  // another thread or both sides could block on full socket buffers.
  std::thread writer([&] {
    for (size_t off = 0; off < body.size(); off += 1000) {
      if (!c.Send(std::string_view(body).substr(off, 1000))) return;
    }
  });
  Client::Response r = c.Read();
  writer.join();
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body == body);
  const uLong crc = crc32(0, reinterpret_cast<const Bytef*>(body.data()), body.size());
  EXPECT_EQ(r.Header("x-amz-crc32"), std::to_string(crc));
}

TEST_F(HttpServerTest, LargeChunkedBodyInManyChunks) {
  StartServer();
  Client c(port());
  std::string body;
  std::string wire = "POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n";
  for (int i = 0; i < 2000; ++i) {
    std::string chunk(1 + i % 700, static_cast<char>('a' + i % 26));
    body += chunk;
    char size[16];
    snprintf(size, sizeof(size), "%zx", chunk.size());
    wire += std::string(size) + "\r\n" + chunk + "\r\n";
  }
  wire += "0\r\n\r\n";
  std::thread writer([&] {
    for (size_t off = 0; off < wire.size(); off += 777) {
      if (!c.Send(std::string_view(wire).substr(off, 777))) return;
    }
  });
  Client::Response r = c.Read();
  writer.join();
  ASSERT_EQ(r.status, 200);
  EXPECT_TRUE(r.body == body);
}

TEST_F(HttpServerTest, TooLargeBodyGets413AndClose) {
  HttpServerOptions options;
  options.max_body_bytes = 1000;
  StartServer(options);
  {
    Client c(port());
    ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n"));
    c.Send(std::string(1001, 'x'));
    Client::Response r = c.Read();
    EXPECT_EQ(r.status, 413);
    EXPECT_EQ(r.Header("Connection"), "close");
    EXPECT_NE(r.body.find("RequestEntityTooLarge"), std::string::npos);
    EXPECT_TRUE(c.ReadEof());
  }
  {
    // 100-continue: refused before the client sends the body.
    Client c(port());
    ASSERT_TRUE(c.Send(
        "POST / HTTP/1.1\r\nHost: x\r\nExpect: 100-continue\r\nContent-Length: 5000\r\n\r\n"));
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(port());
    ASSERT_TRUE(c.Send("POST / HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"));
    ASSERT_TRUE(c.Send("200\r\n" + std::string(512, 'x') + "\r\n200\r\n"));
    EXPECT_EQ(c.Read().status, 413);
  }
  {
    Client c(port());  // exactly the limit is fine
    ASSERT_TRUE(c.Send(Post(std::string(1000, 'y'))));
    EXPECT_EQ(c.Read().status, 200);
  }
}

TEST_F(HttpServerTest, MalformedRequestGets400AndClose) {
  StartServer();
  Client c(port());
  ASSERT_TRUE(c.Send("GARBAGE\r\n\r\n"));
  Client::Response r = c.Read();
  EXPECT_EQ(r.status, 400);
  EXPECT_EQ(r.Header("Connection"), "close");
  EXPECT_TRUE(c.ReadEof());

  Client big(port());
  big.Send("GET / HTTP/1.1\r\nX: " + std::string(100000, 'a'));
  EXPECT_EQ(big.Read().status, 431);
}

TEST_F(HttpServerTest, ConnectionClose) {
  StartServer();
  {
    Client c(port());
    ASSERT_TRUE(c.Send(Post("a", "Connection: close\r\n")));
    Client::Response r = c.Read();
    EXPECT_EQ(r.status, 200);
    EXPECT_EQ(r.Header("Connection"), "close");
    EXPECT_TRUE(c.ReadEof());
  }
  {
    // The handler asks to close.
    Client c(port());
    ASSERT_TRUE(c.Send("POST /close HTTP/1.1\r\nContent-Length: 0\r\n\r\n"));
    EXPECT_EQ(c.Read().Header("Connection"), "close");
    EXPECT_TRUE(c.ReadEof());
  }
  {
    // HTTP/1.0 closes unless keep-alive was asked for.
    Client c(port());
    ASSERT_TRUE(c.Send("GET / HTTP/1.0\r\n\r\n"));
    EXPECT_EQ(c.Read().status, 200);
    EXPECT_TRUE(c.ReadEof());
    Client k(port());
    ASSERT_TRUE(k.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    Client::Response r = k.Read();
    EXPECT_EQ(r.Header("Connection"), "keep-alive");
    ASSERT_TRUE(k.Send("GET / HTTP/1.0\r\nConnection: keep-alive\r\n\r\n"));
    EXPECT_EQ(k.Read().status, 200);
  }
}

TEST_F(HttpServerTest, HeadHasNoBody) {
  StartServer(HttpServerOptions{}, [](const HttpRequest&, HttpResponse* r) { r->body = "abc"; });
  Client c(port());
  ASSERT_TRUE(c.Send("HEAD / HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
  Client::Response head = c.Read();  // reads Content-Length: 3 bytes of the next
  EXPECT_EQ(head.status, 200);
  EXPECT_EQ(head.Header("Content-Length"), "3");
  EXPECT_EQ(head.body.substr(0, 3), "HTT");
}

TEST_F(HttpServerTest, ConcurrentClients) {
  StartServer();
  std::atomic<int> ok{0};
  std::vector<std::thread> threads;
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&, t] {
      Client c(port());
      for (int i = 0; i < 200; ++i) {
        const std::string body = std::to_string(t) + ":" + std::to_string(i);
        if (!c.Send(Post(body))) return;
        if (c.Read().body == body) ok.fetch_add(1);
      }
    });
  }
  for (auto& th : threads) th.join();
  EXPECT_EQ(ok.load(), 8 * 200);
}

TEST_F(HttpServerTest, IdleTimeoutClosesConnection) {
  HttpServerOptions options;
  options.idle_timeout_seconds = 1;
  StartServer(options);
  Client c(port());
  ASSERT_TRUE(c.Send(Post("x")));
  EXPECT_EQ(c.Read().status, 200);
  EXPECT_TRUE(c.ReadEof());  // within ~2 s (receive timeout is 10 s)
}

TEST_F(HttpServerTest, StopWhileClientsConnected) {
  StartServer();
  Client idle(port());
  Client partial(port());
  Client active(port());
  ASSERT_TRUE(active.Send(Post("x")));
  EXPECT_EQ(active.Read().status, 200);
  ASSERT_TRUE(partial.Send("POST / HTTP/1.1\r\nContent-Length: 10\r\n\r\nabc"));
  const auto start = std::chrono::steady_clock::now();
  std::thread stopper([&] { server_->Stop(); });
  server_->Wait();
  stopper.join();
  EXPECT_LT(std::chrono::steady_clock::now() - start, std::chrono::seconds(2));
  EXPECT_TRUE(idle.ReadEof());
  EXPECT_TRUE(partial.ReadEof());
  Client late(port());
  EXPECT_FALSE(late.connected());
  server_.reset();  // destructor after Stop/Wait is fine
}

TEST_F(HttpServerTest, BindFailureIsAnError) {
  // SO_REUSEPORT would let a second socket of this process share the port,
  // so bind a port that is certainly taken by something without it.
  int fd = socket(AF_INET, SOCK_STREAM, 0);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  ASSERT_EQ(bind(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)), 0);
  ASSERT_EQ(listen(fd, 1), 0);
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  HttpServerOptions taken;
  taken.port = ntohs(addr.sin_port);
  HttpServer third(taken, Echo);
  Status st = third.Start();
  EXPECT_FALSE(st.ok());
  EXPECT_NE(st.message().find("cannot bind"), std::string::npos) << st.ToString();
  close(fd);

  HttpServerOptions bad_host;
  bad_host.host = "no.such.host.invalid";
  bad_host.port = 0;
  HttpServer fourth(bad_host, Echo);
  EXPECT_FALSE(fourth.Start().ok());
}

// The client pipelines many requests without reading, so the server's
// writes block: responses must still all arrive, complete and in order.
TEST_F(HttpServerTest, SlowReaderGetsEverythingInOrder) {
  for (size_t body_size : {size_t{10000}, size_t{100000}}) {
    StartServer(HttpServerOptions{}, [body_size](const HttpRequest& req, HttpResponse* r) {
      r->body.assign(body_size, req.body.empty() ? '?' : req.body[0]);
    });
    Client c(port(), /*receive_buffer=*/4096);
    const int kRequests = 300;
    std::thread writer([&] {
      for (int i = 0; i < kRequests; ++i) {
        if (!c.Send(Post(std::string(1, static_cast<char>('A' + i % 26))))) return;
      }
    });
    for (int i = 0; i < kRequests; ++i) {
      Client::Response r = c.Read();
      ASSERT_EQ(r.status, 200) << i;
      ASSERT_EQ(r.body, std::string(body_size, static_cast<char>('A' + i % 26))) << i;
    }
    writer.join();
  }
}

// Random bytes and mangled requests on many connections: every connection
// gets an answer or a close, and the server keeps serving.
TEST_F(HttpServerTest, GarbageNeverKillsTheServer) {
  StartServer();
  std::mt19937_64 rng(99);
  const std::string valid = Post("{\"a\":1}");
  for (int i = 0; i < 200; ++i) {
    Client c(port());
    ASSERT_TRUE(c.connected());
    std::string input;
    if (i % 2 == 0) {
      input.resize(1 + rng() % 2000);
      for (char& ch : input) ch = static_cast<char>(rng());
    } else {
      input = valid + valid;
      for (int m = 0; m < 3; ++m) input[rng() % input.size()] = static_cast<char>(rng());
    }
    c.Send(input);
    shutdown(c.fd(), SHUT_WR);
    while (c.Read().status != 0) {
    }
  }
  Client c(port());
  ASSERT_TRUE(c.Send(valid));
  EXPECT_EQ(c.Read().status, 200);
}

// Group commit: a "write" handler leaves something pending; answers wait for
// the commit at the end of the round and never go out before it.
class GroupCommitTest : public HttpServerTest {
 protected:
  void Start(bool commit_succeeds = true) {
    HttpServerOptions options;
    options.thread_start = [this] { thread_starts_.fetch_add(1); };
    // Modelled on RocksKv: pending while some write is not committed; a
    // commit covers the writes done before it began, whichever thread made
    // them (a flag cleared by one thread could hide another's new write).
    options.pending = [this] { return writes_.load() != committed_writes_.load(); };
    options.commit = [this, commit_succeeds] {
      commits_.fetch_add(1);
      if (!commit_succeeds) return false;
      // What the handlers wrote is durable now, and only now.
      const int target = writes_.load();
      int seen = committed_writes_.load();
      while (seen < target && !committed_writes_.compare_exchange_weak(seen, target)) {
      }
      return true;
    };
    StartServer(options, [this](const HttpRequest& req, HttpResponse* resp) {
      if (req.target == "/write") writes_.fetch_add(1);
      resp->body = std::to_string(writes_.load());
    });
  }

  std::atomic<int> thread_starts_{0};
  std::atomic<int> writes_{0};
  std::atomic<int> committed_writes_{0};
  std::atomic<int> commits_{0};
};

std::string PostTo(std::string_view path) {
  return "POST " + std::string(path) + " HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n";
}

TEST_F(GroupCommitTest, AnswersWaitForTheCommit) {
  Start();
  Client c(port());
  for (int i = 1; i <= 20; ++i) {
    ASSERT_TRUE(c.Send(PostTo("/write")));
    Client::Response r = c.Read();
    ASSERT_EQ(r.status, 200);
    // By the time the answer arrives the write it acknowledges is committed.
    EXPECT_GE(committed_writes_.load(), std::stoi(r.body));
  }
  // Every event loop calls thread_start once when its thread begins; the
  // loop that served nobody may begin late on a busy machine.
  for (int i = 0; i < 10000 && thread_starts_.load() < 2; ++i) {
    std::this_thread::sleep_for(std::chrono::milliseconds(1));
  }
  EXPECT_EQ(thread_starts_.load(), 2);
  EXPECT_GE(commits_.load(), 1);
  EXPECT_LE(commits_.load(), 20);
}

TEST_F(GroupCommitTest, ReadsNeedNoCommit) {
  Start();
  Client c(port());
  for (int i = 0; i < 5; ++i) {
    ASSERT_TRUE(c.Send(PostTo("/read")));
    EXPECT_EQ(c.Read().status, 200);
  }
  EXPECT_EQ(commits_.load(), 0);
}

TEST_F(GroupCommitTest, PipelinedWritesAnsweredInOrder) {
  Start();
  Client c(port());
  std::string all;
  for (int i = 0; i < 30; ++i) all += PostTo("/write");
  ASSERT_TRUE(c.Send(all));
  for (int i = 1; i <= 30; ++i) {
    Client::Response r = c.Read();
    ASSERT_EQ(r.status, 200);
    EXPECT_EQ(r.body, std::to_string(i));
    EXPECT_GE(committed_writes_.load(), i);
  }
}

TEST_F(GroupCommitTest, ManyClientsOneCommitPerRound) {
  Start();
  std::vector<std::thread> threads;
  std::atomic<int> answered{0};
  for (int t = 0; t < 8; ++t) {
    threads.emplace_back([&] {
      Client c(port());
      for (int i = 0; i < 50; ++i) {
        if (!c.Send(PostTo("/write"))) return;
        Client::Response r = c.Read();
        if (r.status != 200) return;
        if (committed_writes_.load() >= std::stoi(r.body)) answered.fetch_add(1);
      }
    });
  }
  for (auto& t : threads) t.join();
  EXPECT_EQ(answered.load(), 400);
  EXPECT_LE(commits_.load(), 400);
}

TEST_F(GroupCommitTest, FailedCommitClosesUnanswered) {
  Start(/*commit_succeeds=*/false);
  Client c(port());
  ASSERT_TRUE(c.Send(PostTo("/write")));
  EXPECT_EQ(c.Read().status, 0);
  EXPECT_TRUE(c.ReadEof());
}

TEST(HttpServerLifecycleTest, StopBeforeStartAndStartTwice) {
  HttpServerOptions options;
  options.port = 0;
  options.threads = 1;
  {
    HttpServer never_started(options, Echo);
    never_started.Stop();
    never_started.Wait();
  }
  HttpServer s(options, Echo);
  ASSERT_TRUE(s.Start().ok());
  EXPECT_FALSE(s.Start().ok());
  Client c(s.port());
  ASSERT_TRUE(c.Send(Post("x")));
  EXPECT_EQ(c.Read().body, "x");
}

TEST_F(HttpServerTest, HandlerExceptionGives500) {
  StartServer(HttpServerOptions{}, [](const HttpRequest& req, HttpResponse* r) {
    if (req.target == "/throw") throw std::runtime_error("bug");
    r->body = "fine";
  });
  Client c(port());
  ASSERT_TRUE(c.Send("GET /throw HTTP/1.1\r\n\r\nGET / HTTP/1.1\r\n\r\n"));
  EXPECT_EQ(c.Read().status, 500);
  EXPECT_EQ(c.Read().body, "fine");
}

}  // namespace
}  // namespace riptide
