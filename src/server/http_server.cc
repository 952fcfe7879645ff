#include "server/http_server.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/eventfd.h>
#include <sys/socket.h>
#include <sys/syscall.h>
#include <sys/timerfd.h>
#include <sys/uio.h>
#include <unistd.h>

#include <algorithm>
#include <cerrno>
#include <cstdlib>
#include <cstring>
#include <ctime>
#include <mutex>
#include <thread>

#include "server/http_parser.h"
#include "server/http_response_head.h"

namespace riptide {
namespace {

// A connection's input buffer starts at this size and comes from a per-loop
// pool, so an idle keep-alive connection holds no buffer at all.
constexpr size_t kStandardBufferSize = 16u << 10;
constexpr size_t kMaxPooledBuffers = 256;
// Read only when at least this much room is free (else compact or grow).
constexpr size_t kMinReadSpace = 4u << 10;
// Response bodies at least this large are sent straight from the response
// with writev instead of being copied behind the head.
constexpr size_t kCopyBodyLimit = 16u << 10;
// Responses queued for one connection are sent once they reach this size.
constexpr size_t kFlushThreshold = 64u << 10;
// After an error response the connection reads and drops the rest of the
// request for at most this long, so the client sees the response instead of
// a reset (what nginx calls a lingering close).
constexpr int kLingerSeconds = 2;
constexpr int kMaxEvents = 256;
// epoll_data values that are not connections.
constexpr uint64_t kListenTag = 0;
constexpr uint64_t kWakeTag = 1;
constexpr uint64_t kTickTag = 2;

constexpr std::string_view kContinue = "HTTP/1.1 100 Continue\r\n\r\n";

std::string ErrnoText(int err) { return std::string(strerror(err)); }

// The hot-path syscalls, made directly: glibc's wrappers for read, sendmsg
// and epoll_wait are thread-cancellation points and toggle the cancel state
// around every call (~2% of the loop's CPU in perf). We never cancel.
ssize_t SysRead(int fd, void* buf, size_t n) { return syscall(SYS_read, fd, buf, n); }
ssize_t SysSendmsg(int fd, const msghdr* msg, int flags) {
  return syscall(SYS_sendmsg, fd, msg, flags);
}
int SysEpollWait(int epfd, epoll_event* events, int max) {
  // epoll_pwait with no mask: plain epoll_wait does not exist on arm64.
  return static_cast<int>(syscall(SYS_epoll_pwait, epfd, events, max, -1, nullptr, 0));
}

int64_t MonotonicSeconds() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC_COARSE, &ts);
  return ts.tv_sec;
}

struct Connection {
  explicit Connection(int fd_in, const HttpParserLimits& limits) : fd(fd_in), parser(limits) {}

  int fd;
  size_t index = 0;  // position in EventLoop::connections_
  // Input: [in_begin, in_end) of `in` holds bytes not yet consumed; the
  // request being parsed starts at in_begin.
  char* in = nullptr;
  size_t in_cap = 0;
  size_t in_begin = 0;
  size_t in_end = 0;
  HttpRequestParser parser;
  // Response bytes the socket did not take yet; while non-empty, no new
  // request is processed and EPOLLIN is off (back-pressure).
  std::string out;
  size_t out_off = 0;
  int64_t last_active = 0;
  bool continue_sent = false;
  bool close_after_write = false;   // close once `out` is drained
  bool linger_after_write = false;  // error: linger instead of closing
  bool lingering = false;           // write side shut, dropping input
  bool peer_closed = false;
  bool failed = false;   // socket error: close without further ado
  bool writing = false;  // registered for EPOLLOUT instead of EPOLLIN
  bool held = false;     // `out` waits for the round's commit (in held_)
};

}  // namespace

// One event loop: its own epoll set, listening socket and connections.
class EventLoop {
 public:
  EventLoop(const HttpServerOptions& options, const HttpHandler& handler, int listen_fd)
      : options_(options), handler_(handler), listen_fd_(listen_fd) {
    limits_.max_body_bytes = options.max_body_bytes;
    // A chunked request's raw size may exceed its decoded size; beyond this
    // it is refused rather than buffered without bound.
    const size_t body = std::min<size_t>(options.max_body_bytes, SIZE_MAX / 4);
    max_raw_request_ = 2 * body + limits_.max_header_bytes + (1u << 20);
  }
  ~EventLoop();

  Status Init();
  void Run();
  // Async-signal-safe: one write(2).
  void Wake() {
    uint64_t one = 1;
    ssize_t n = write(wake_fd_, &one, sizeof(one));
    (void)n;
  }

 private:
  void Accept();
  void OnEvent(Connection* c, uint32_t events);
  void OnReadable(Connection* c);
  void OnWritable(Connection* c);
  void Linger(Connection* c);
  bool EnsureReadSpace(Connection* c);
  void ProcessInput(Connection* c);
  void Handle(Connection* c);
  void AppendResponse(Connection* c, const HttpResponse& r, bool keep_alive, bool head_only);
  void AppendError(Connection* c, int status);
  void SendQueued(Connection* c, std::string_view body);
  void Finish(Connection* c);
  void ReleaseHeld();
  void SetWriting(Connection* c, bool writing);
  void ReleaseInput(Connection* c);
  void Close(Connection* c);
  void SweepIdle();
  void Shutdown();

  const HttpServerOptions& options_;
  const HttpHandler& handler_;
  HttpParserLimits limits_;
  size_t max_raw_request_;
  int listen_fd_;
  int epoll_fd_ = -1;
  int wake_fd_ = -1;
  int tick_fd_ = -1;   // a timerfd firing every second, for the idle sweep
  int spare_fd_ = -1;  // released to accept-and-close when out of fds
  bool stopping_ = false;
  int64_t now_ = 0;

  std::vector<Connection*> connections_;
  // Connections whose answers wait for the commit at the end of the round.
  std::vector<Connection*> held_;
  std::vector<char*> buffer_pool_;
  // Reused for every request handled on this loop.
  HttpRequest request_;
  HttpResponse response_;
  std::string out_;  // responses for the connection being served
  ResponseHeadWriter head_writer_;
};

EventLoop::~EventLoop() {
  for (Connection* c : connections_) {
    close(c->fd);
    free(c->in);
    delete c;
  }
  for (char* b : buffer_pool_) free(b);
  if (listen_fd_ >= 0) close(listen_fd_);
  if (epoll_fd_ >= 0) close(epoll_fd_);
  if (wake_fd_ >= 0) close(wake_fd_);
  if (tick_fd_ >= 0) close(tick_fd_);
  if (spare_fd_ >= 0) close(spare_fd_);
}

Status EventLoop::Init() {
  epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  wake_fd_ = eventfd(0, EFD_NONBLOCK | EFD_CLOEXEC);
  // The sweep timer is a timerfd rather than an epoll_wait timeout: a
  // timeout arms a kernel hrtimer on every wait.
  tick_fd_ = timerfd_create(CLOCK_MONOTONIC, TFD_NONBLOCK | TFD_CLOEXEC);
  if (epoll_fd_ < 0 || wake_fd_ < 0 || tick_fd_ < 0) {
    return Status::IOError("epoll: " + ErrnoText(errno));
  }
  itimerspec tick{};
  tick.it_interval.tv_sec = tick.it_value.tv_sec = 1;
  timerfd_settime(tick_fd_, 0, &tick, nullptr);
  spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.u64 = kListenTag;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, listen_fd_, &ev) != 0) {
    return Status::IOError("epoll_ctl: " + ErrnoText(errno));
  }
  ev.data.u64 = kWakeTag;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, wake_fd_, &ev) != 0) {
    return Status::IOError("epoll_ctl: " + ErrnoText(errno));
  }
  ev.data.u64 = kTickTag;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, tick_fd_, &ev) != 0) {
    return Status::IOError("epoll_ctl: " + ErrnoText(errno));
  }
  out_.reserve(kFlushThreshold);
  return Status::OK();
}

void EventLoop::Run() {
  if (options_.thread_start) options_.thread_start();
  epoll_event events[kMaxEvents];
  now_ = MonotonicSeconds();
  while (!stopping_) {
    const int n = SysEpollWait(epoll_fd_, events, kMaxEvents);
    // Coarse clocks are read from the vDSO in a few nanoseconds.
    now_ = MonotonicSeconds();
    head_writer_.RefreshDate();
    for (int i = 0; i < n; ++i) {
      const uint64_t tag = events[i].data.u64;
      if (tag == kListenTag) {
        Accept();
      } else if (tag == kWakeTag) {
        stopping_ = true;
      } else if (tag == kTickTag) {
        uint64_t expirations;
        if (SysRead(tick_fd_, &expirations, sizeof(expirations)) > 0) SweepIdle();
      } else {
        OnEvent(static_cast<Connection*>(events[i].data.ptr), events[i].events);
      }
    }
    if (!held_.empty()) ReleaseHeld();
  }
  Shutdown();
}

// The end of a round: one commit for everything the held answers depend
// on, then the answers. Sending may process pipelined requests, which may
// be held again: repeat until none is.
void EventLoop::ReleaseHeld() {
  while (!held_.empty()) {
    const bool durable = !options_.commit || options_.commit();
    std::vector<Connection*> batch;
    batch.swap(held_);
    for (Connection* c : batch) {
      c->held = false;
      if (durable) {
        OnWritable(c);
      } else {
        // An answer must not claim what the log could not keep.
        c->failed = true;
      }
      Finish(c);
    }
  }
}

void EventLoop::Accept() {
  for (int i = 0; i < 64; ++i) {
    int fd = accept4(listen_fd_, nullptr, nullptr, SOCK_NONBLOCK | SOCK_CLOEXEC);
    if (fd < 0) {
      if (errno == EINTR || errno == ECONNABORTED) continue;
      if ((errno == EMFILE || errno == ENFILE) && spare_fd_ >= 0) {
        // Out of descriptors: accept with the spare one and close at once,
        // else the level-triggered listening socket would spin.
        close(spare_fd_);
        int victim = accept(listen_fd_, nullptr, nullptr);
        if (victim >= 0) close(victim);
        spare_fd_ = open("/dev/null", O_RDONLY | O_CLOEXEC);
      }
      return;
    }
    int one = 1;
    setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
    auto* c = new Connection(fd, limits_);
    c->last_active = now_;
    epoll_event ev{};
    ev.events = EPOLLIN;
    ev.data.ptr = c;
    if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
      close(fd);
      delete c;
      continue;
    }
    c->index = connections_.size();
    connections_.push_back(c);
  }
}

// Connections are closed only here (and by the sweeper), never in the
// middle of processing, so no callee ever sees a deleted Connection.
void EventLoop::OnEvent(Connection* c, uint32_t events) {
  if (c->writing) {
    OnWritable(c);
  } else if (c->lingering) {
    Linger(c);
  } else {
    OnReadable(c);
  }
  Finish(c);
}

// Makes room to read: takes a buffer from the pool, compacts, or grows
// (straight to the announced request size when Content-Length is known).
bool EventLoop::EnsureReadSpace(Connection* c) {
  // Growth is by doubling, capped at the announced size: a Content-Length
  // alone does not make us allocate 17 MiB up front.
  if (c->in == nullptr) {
    if (!buffer_pool_.empty()) {
      c->in = buffer_pool_.back();
      buffer_pool_.pop_back();
    } else {
      c->in = static_cast<char*>(malloc(kStandardBufferSize));
      if (c->in == nullptr) return false;
    }
    c->in_cap = kStandardBufferSize;
    c->in_begin = c->in_end = 0;
  }
  if (c->in_cap - c->in_end >= kMinReadSpace) return true;
  const size_t pending = c->in_end - c->in_begin;
  const size_t need = pending + kMinReadSpace;
  if (c->in_begin > 0) {
    memmove(c->in, c->in + c->in_begin, pending);
    c->in_begin = 0;
    c->in_end = pending;
  }
  if (c->in_cap >= need) return true;
  size_t cap = std::max(need, c->in_cap * 2);
  const size_t expected = c->parser.expected_size();
  if (expected > 0) cap = std::min(cap, std::max(need, expected + kMinReadSpace));
  char* grown = static_cast<char*>(realloc(c->in, cap));
  if (grown == nullptr) return false;
  c->in = grown;
  c->in_cap = cap;
  return true;
}

void EventLoop::ReleaseInput(Connection* c) {
  if (c->in == nullptr || c->in_begin != c->in_end) return;
  if (c->in_cap == kStandardBufferSize && buffer_pool_.size() < kMaxPooledBuffers) {
    buffer_pool_.push_back(c->in);
  } else {
    free(c->in);
  }
  c->in = nullptr;
  c->in_cap = c->in_begin = c->in_end = 0;
}

void EventLoop::OnReadable(Connection* c) {
  for (;;) {
    if (!EnsureReadSpace(c)) {
      c->failed = true;
      return;
    }
    const size_t space = c->in_cap - c->in_end;
    ssize_t n = SysRead(c->fd, c->in + c->in_end, space);
    if (n > 0) {
      c->in_end += static_cast<size_t>(n);
      c->last_active = now_;
      ProcessInput(c);
      // A short read means the socket is (very likely) drained: skip the
      // read that would only say EAGAIN; epoll reports more data anyway.
      if (static_cast<size_t>(n) < space || !c->out.empty() || c->close_after_write || c->failed) {
        break;
      }
      continue;
    }
    if (n == 0) {
      c->peer_closed = true;
      break;
    }
    if (errno == EINTR) continue;
    if (errno == EAGAIN || errno == EWOULDBLOCK) break;
    c->failed = true;
    return;
  }
  ReleaseInput(c);
  SendQueued(c, {});
}

// Parses and answers every complete request in the buffer, in order.
void EventLoop::ProcessInput(Connection* c) {
  while (c->in_begin < c->in_end && c->out.empty() && !c->close_after_write && !c->failed) {
    char* data = c->in + c->in_begin;
    const size_t size = c->in_end - c->in_begin;
    HttpRequestParser::Result r = c->parser.Parse(data, size, &request_);
    if (r == HttpRequestParser::Result::kNeedMore) {
      if (size > max_raw_request_) {
        AppendError(c, 413);
      } else if (c->parser.headers_complete() && c->parser.expects_continue() &&
                 !c->continue_sent) {
        // The AWS CLI and several SDKs send Expect: 100-continue with large
        // bodies and wait for this before sending them.
        out_.append(kContinue);
        c->continue_sent = true;
      }
      return;
    }
    if (r == HttpRequestParser::Result::kError) {
      AppendError(c, c->parser.error_status());
      return;
    }
    Handle(c);
    c->in_begin += c->parser.consumed();
    c->parser.Reset();
    c->continue_sent = false;
    if (out_.size() >= kFlushThreshold) SendQueued(c, {});
  }
}

void EventLoop::Handle(Connection* c) {
  HttpResponse& r = response_;
  r.status = 200;
  r.content_type.assign("application/x-amz-json-1.0");
  if (r.body.capacity() > (4u << 20)) std::string().swap(r.body);
  r.body.clear();
  r.headers.clear();
  r.close = false;
  try {
    handler_(request_, &r);
  } catch (...) {
    // Handlers report errors as values; an exception here is a bug or
    // std::bad_alloc. Answer 500 rather than take the process down.
    r.status = 500;
    r.content_type.assign("application/x-amz-json-1.0");
    r.body.assign(
        "{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\","
        "\"message\":\"Internal server error\"}");
    r.headers.clear();
  }
  const bool keep_alive = c->parser.keep_alive() && !r.close && !stopping_;
  AppendResponse(c, r, keep_alive, request_.method == "HEAD");
}

// Status line and headers go into out_; a small body is copied behind them,
// a large one is sent from `r.body` directly.
void EventLoop::AppendResponse(Connection* c, const HttpResponse& r, bool keep_alive,
                               bool head_only) {
  head_writer_.Append(r, keep_alive, c->parser.version_minor() == 0, &out_);
  if (!keep_alive) c->close_after_write = true;
  if (head_only) return;
  if (r.body.size() >= kCopyBodyLimit) {
    SendQueued(c, r.body);
  } else {
    out_.append(r.body);
  }
}

// Errors found by the parser. The connection cannot be resynchronised, so
// it is closed after the response (with a lingering close, see Linger).
void EventLoop::AppendError(Connection* c, int status) {
  HttpResponse r;
  r.status = status;
  if (status == 413) {
    r.body =
        "{\"__type\":\"com.amazon.coral.service#RequestEntityTooLarge\","
        "\"message\":\"Request entity too large\"}";
  } else {
    r.content_type = "text/plain";
    r.body = std::string(ReasonPhrase(status)) + "\n";
  }
  AppendResponse(c, r, /*keep_alive=*/false, /*head_only=*/false);
  c->linger_after_write = true;
}

// Sends out_ (and then `body`, if any) with one writev. What the socket
// does not take is kept in c->out and sent on EPOLLOUT.
void EventLoop::SendQueued(Connection* c, std::string_view body) {
  if (!c->held && !c->failed && !(out_.empty() && body.empty()) && options_.pending &&
      options_.pending()) {
    c->held = true;
    held_.push_back(c);
  }
  if (!c->out.empty() || c->held) {
    // Already blocked: keep order by queueing behind what is pending.
    c->out.append(out_);
    c->out.append(body);
    out_.clear();
    return;
  }
  if (c->failed) {
    out_.clear();
    return;
  }
  if (out_.empty() && body.empty()) return;
  iovec iov[2] = {{out_.data(), out_.size()}, {const_cast<char*>(body.data()), body.size()}};
  const size_t total = out_.size() + body.size();
  msghdr msg{};
  msg.msg_iov = iov;
  msg.msg_iovlen = body.empty() ? 1 : 2;
  ssize_t n;
  do {
    n = SysSendmsg(c->fd, &msg, MSG_NOSIGNAL);
  } while (n < 0 && errno == EINTR);
  if (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK) {
    out_.clear();
    c->failed = true;
    return;
  }
  const size_t sent = n < 0 ? 0 : static_cast<size_t>(n);
  if (sent < total) {
    if (sent < out_.size()) {
      c->out.assign(out_, sent);
      c->out.append(body);
    } else {
      c->out.assign(body.substr(sent - out_.size()));
    }
    c->out_off = 0;
  }
  out_.clear();
}

// After each event: wait for EPOLLOUT if output is pending, else close or
// linger if the connection is done.
void EventLoop::Finish(Connection* c) {
  // ReleaseHeld finishes it after the commit.
  if (c->held) return;
  if (c->failed) {
    Close(c);
    return;
  }
  if (!c->out.empty()) {
    SetWriting(c, true);
    return;
  }
  SetWriting(c, false);
  // The client half-closed and every complete request it sent is answered.
  if (c->peer_closed && !c->lingering) {
    Close(c);
    return;
  }
  if (!c->close_after_write || c->lingering) return;
  if (c->linger_after_write && !c->peer_closed) {
    shutdown(c->fd, SHUT_WR);
    c->lingering = true;
    c->last_active = now_;
    c->in_begin = c->in_end = 0;
    ReleaseInput(c);
    return;
  }
  Close(c);
}

void EventLoop::SetWriting(Connection* c, bool writing) {
  if (c->writing == writing) return;
  c->writing = writing;
  epoll_event ev{};
  ev.events = writing ? EPOLLOUT : EPOLLIN;
  ev.data.ptr = c;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
}

void EventLoop::OnWritable(Connection* c) {
  while (c->out_off < c->out.size()) {
    ssize_t n = send(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off, MSG_NOSIGNAL);
    if (n > 0) {
      c->out_off += static_cast<size_t>(n);
      c->last_active = now_;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    c->failed = true;
    return;
  }
  if (c->out.capacity() > kFlushThreshold) {
    std::string().swap(c->out);
  } else {
    c->out.clear();
  }
  c->out_off = 0;
  if (c->close_after_write) return;
  // Requests that arrived while we were blocked may be buffered already.
  ProcessInput(c);
  ReleaseInput(c);
  SendQueued(c, {});
}

// Drops input after an error response until the client closes or the
// linger time passes (SweepIdle).
void EventLoop::Linger(Connection* c) {
  char scratch[16384];
  for (int i = 0; i < 64; ++i) {  // bounded: a flood must not starve the loop
    ssize_t n = SysRead(c->fd, scratch, sizeof(scratch));
    if (n > 0) continue;
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) return;
    c->failed = true;
    return;
  }
}

void EventLoop::Close(Connection* c) {
  close(c->fd);  // also removes it from the epoll set
  Connection* last = connections_.back();
  connections_[c->index] = last;
  last->index = c->index;
  connections_.pop_back();
  c->in_begin = c->in_end;
  ReleaseInput(c);
  free(c->in);
  delete c;
}

void EventLoop::SweepIdle() {
  for (size_t i = 0; i < connections_.size();) {
    Connection* c = connections_[i];
    if (c->held) {
      ++i;
      continue;
    }
    const int64_t limit = c->lingering ? kLingerSeconds : options_.idle_timeout_seconds;
    if (now_ - c->last_active >= limit) {
      Close(c);  // moves the last connection into slot i
    } else {
      ++i;
    }
  }
}

// Stop(): no new connections; pending output gets one last try.
void EventLoop::Shutdown() {
  close(listen_fd_);
  listen_fd_ = -1;
  while (!connections_.empty()) {
    Connection* c = connections_.back();
    if (!c->out.empty()) {
      ssize_t n = send(c->fd, c->out.data() + c->out_off, c->out.size() - c->out_off,
                       MSG_NOSIGNAL | MSG_DONTWAIT);
      (void)n;
    }
    Close(c);
  }
}

struct HttpServer::Impl {
  HttpServerOptions options;
  HttpHandler handler;
  std::vector<std::unique_ptr<EventLoop>> loops;
  // How many of `loops` Stop() may touch; published once they all run.
  std::atomic<size_t> live_loops{0};
  std::vector<std::thread> threads;
  std::atomic<bool> started{false};
  std::atomic<bool> stopped{false};
  std::mutex wait_mu;
  uint16_t port = 0;

  Status Bind(int* fd_out);
};

// A listening socket with SO_REUSEPORT; the first binds options.port (maybe
// 0), the others the port it got, so the kernel spreads connections.
Status HttpServer::Impl::Bind(int* fd_out) {
  addrinfo hints{};
  hints.ai_family = AF_UNSPEC;
  hints.ai_socktype = SOCK_STREAM;
  hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
  addrinfo* res = nullptr;
  const std::string service = std::to_string(port);
  const std::string where = options.host + ":" + service;
  int rc = getaddrinfo(options.host.c_str(), service.c_str(), &hints, &res);
  if (rc != 0) return Status::IOError("cannot resolve " + where + ": " + gai_strerror(rc));
  int fd = socket(res->ai_family, SOCK_STREAM | SOCK_NONBLOCK | SOCK_CLOEXEC, 0);
  if (fd < 0) {
    freeaddrinfo(res);
    return Status::IOError("socket: " + ErrnoText(errno));
  }
  int one = 1;
  setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof(one));
  setsockopt(fd, SOL_SOCKET, SO_REUSEPORT, &one, sizeof(one));
  if (bind(fd, res->ai_addr, res->ai_addrlen) != 0 || listen(fd, SOMAXCONN) != 0) {
    int err = errno;
    freeaddrinfo(res);
    close(fd);
    return Status::IOError("cannot bind " + where + ": " + ErrnoText(err));
  }
  freeaddrinfo(res);
  sockaddr_storage addr{};
  socklen_t len = sizeof(addr);
  getsockname(fd, reinterpret_cast<sockaddr*>(&addr), &len);
  port = ntohs(addr.ss_family == AF_INET6 ? reinterpret_cast<sockaddr_in6*>(&addr)->sin6_port
                                          : reinterpret_cast<sockaddr_in*>(&addr)->sin_port);
  *fd_out = fd;
  return Status::OK();
}

HttpServer::HttpServer(HttpServerOptions options, HttpHandler handler)
    : impl_(std::make_unique<Impl>()) {
  impl_->options = std::move(options);
  impl_->handler = std::move(handler);
  impl_->port = impl_->options.port;
}

HttpServer::~HttpServer() {
  Stop();
  Wait();
}

Status HttpServer::Start() {
  Impl& s = *impl_;
  if (s.started.exchange(true)) return Status::Internal("HttpServer already started");
  int n = s.options.threads;
  if (n <= 0) n = static_cast<int>(std::max(1u, std::thread::hardware_concurrency()));
  for (int i = 0; i < n; ++i) {
    int fd = -1;
    Status st = s.Bind(&fd);
    if (st.ok()) {
      s.loops.push_back(std::make_unique<EventLoop>(s.options, s.handler, fd));
      st = s.loops.back()->Init();
    }
    if (!st.ok()) {
      s.loops.clear();
      s.port = s.options.port;
      return st;
    }
  }
  for (auto& loop : s.loops) s.threads.emplace_back([l = loop.get()] { l->Run(); });
  s.live_loops.store(s.loops.size());
  // A Stop() that raced with Start() must still reach the new loops.
  if (s.stopped.load()) Stop();
  return Status::OK();
}

void HttpServer::Stop() {
  impl_->stopped.store(true);
  const size_t n = impl_->live_loops.load();
  for (size_t i = 0; i < n; ++i) impl_->loops[i]->Wake();
}

void HttpServer::Wait() {
  std::lock_guard<std::mutex> lock(impl_->wait_mu);
  for (std::thread& t : impl_->threads) {
    if (t.joinable()) t.join();
  }
}

uint16_t HttpServer::port() const { return impl_->port; }

}  // namespace riptide
