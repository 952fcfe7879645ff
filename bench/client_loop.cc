#include "client_loop.h"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/epoll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace riptide::bench {

uint64_t NowNanos() {
  timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return static_cast<uint64_t>(ts.tv_sec) * 1000000000u + static_cast<uint64_t>(ts.tv_nsec);
}

enum class ConnState { kIdle, kBusy, kWaiting, kFinished, kDead };

struct ClientLoop::Connection {
  int index = 0;
  int fd = -1;
  ConnState state = ConnState::kIdle;
  Call call;
  std::string out;
  size_t out_sent = 0;
  bool want_write = false;
  std::string in;
  uint64_t sent_ns = 0;
  int consecutive_failures = 0;
};

ClientLoop::ClientLoop(const Endpoint& endpoint, const Credentials& credentials, bool sign,
                       int connections)
    : endpoint_(endpoint), writer_(endpoint, credentials, sign) {
  for (int i = 0; i < connections; ++i) {
    auto c = std::make_unique<Connection>();
    c->index = i;
    c->out.reserve(4096);
    c->in.reserve(16384);
    connections_.push_back(std::move(c));
  }
}

ClientLoop::~ClientLoop() {
  for (auto& c : connections_) Close(c.get());
  if (epoll_fd_ >= 0) close(epoll_fd_);
}

Status ClientLoop::Connect() {
  if (epoll_fd_ < 0) epoll_fd_ = epoll_create1(EPOLL_CLOEXEC);
  if (epoll_fd_ < 0) return Status::Internal(std::string("epoll_create1: ") + strerror(errno));
  for (auto& c : connections_) RIPTIDE_RETURN_IF_ERROR(Open(c.get()));
  return Status::OK();
}

// A blocking connect keeps this simple: connections are opened before the
// clock starts, and reopening one on loopback takes microseconds.
Status ClientLoop::Open(Connection* c) {
  Close(c);
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Internal(std::string("socket: ") + strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(endpoint_.port));
  if (inet_pton(AF_INET, endpoint_.host.c_str(), &addr.sin_addr) != 1) {
    close(fd);
    return Status::Internal("not an IPv4 address: " + endpoint_.host);
  }
  // A reconnect happens inside the timed loop: never block on it for long.
  timeval connect_timeout{2, 0};
  setsockopt(fd, SOL_SOCKET, SO_SNDTIMEO, &connect_timeout, sizeof(connect_timeout));
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    close(fd);
    return Status::Internal("connect to " + endpoint_.HostHeader() + ": " + strerror(err));
  }
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  if (fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) != 0) {
    close(fd);
    return Status::Internal("cannot make socket non-blocking");
  }
  epoll_event ev{};
  ev.events = EPOLLIN;
  ev.data.ptr = c;
  if (epoll_ctl(epoll_fd_, EPOLL_CTL_ADD, fd, &ev) != 0) {
    close(fd);
    return Status::Internal(std::string("epoll_ctl: ") + strerror(errno));
  }
  c->fd = fd;
  c->in.clear();
  c->out.clear();  // a half-sent request died with the old connection
  c->out_sent = 0;
  c->want_write = false;
  return Status::OK();
}

void ClientLoop::Close(Connection* c) {
  if (c->fd < 0) return;
  close(c->fd);  // also removes it from the epoll set
  c->fd = -1;
}

void ClientLoop::Start(Connection* c, Driver* driver, uint64_t now_ns) {
  Driver::Next next = driver->Prepare(c->index, now_ns, &c->call);
  if (next == Driver::Next::kFinished) {
    c->state = ConnState::kFinished;
    ++finished_;
    return;
  }
  if (next == Driver::Next::kWait) {
    if (c->state != ConnState::kWaiting) ++waiting_;
    c->state = ConnState::kWaiting;
    return;
  }
  if (c->state == ConnState::kWaiting) --waiting_;
  c->state = ConnState::kBusy;
  // A server may answer before it has read the whole request (nginx's
  // `return` does): the rest of that request still goes out first.
  c->out.erase(0, c->out_sent);
  c->out_sent = 0;
  writer_.Append(c->call.op, c->call.body, time(nullptr), &c->out);
  c->sent_ns = NowNanos();
  Flush(c);
}

void ClientLoop::Flush(Connection* c) {
  while (c->out_sent < c->out.size()) {
    ssize_t n = send(c->fd, c->out.data() + c->out_sent, c->out.size() - c->out_sent, MSG_NOSIGNAL);
    if (n > 0) {
      c->out_sent += static_cast<size_t>(n);
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    return;  // the error shows up as EPOLLERR/EPOLLHUP or a failed read
  }
  bool want = c->out_sent < c->out.size();
  if (want == c->want_write) return;
  c->want_write = want;
  epoll_event ev{};
  ev.events = want ? (EPOLLIN | EPOLLOUT) : EPOLLIN;
  ev.data.ptr = c;
  epoll_ctl(epoll_fd_, EPOLL_CTL_MOD, c->fd, &ev);
}

void ClientLoop::Fail(Connection* c, Driver* driver) {
  if (c->state == ConnState::kFinished) {  // nothing more to send on it anyway
    Close(c);
    return;
  }
  ++reconnects_;
  ++c->consecutive_failures;
  uint64_t now = NowNanos();
  if (c->state == ConnState::kBusy) {
    HttpResponse none;
    none.status = 0;
    driver->Complete(c->index, c->call, none, now - c->sent_ns, now);
  }
  if (c->state == ConnState::kWaiting) --waiting_;
  c->state = ConnState::kIdle;
  // A server that keeps refusing would spin us; give up on the connection
  // after a few attempts in a row (the Driver has seen every failure).
  if (c->consecutive_failures > 5 || !Open(c).ok()) {
    Close(c);
    c->state = ConnState::kDead;
    ++finished_;
    return;
  }
  Start(c, driver, now);
}

void ClientLoop::OnReadable(Connection* c, Driver* driver) {
  char buf[65536];
  while (true) {
    ssize_t n = recv(c->fd, buf, sizeof(buf), 0);
    if (n > 0) {
      c->in.append(buf, static_cast<size_t>(n));
      if (static_cast<size_t>(n) < sizeof(buf)) break;
      continue;
    }
    if (n < 0 && errno == EINTR) continue;
    if (n < 0 && (errno == EAGAIN || errno == EWOULDBLOCK)) break;
    Fail(c, driver);  // closed or reset
    return;
  }
  while (c->state == ConnState::kBusy) {
    HttpResponse response;
    ParseOutcome outcome = ParseResponse(c->in, &response, &scratch_);
    if (outcome == ParseOutcome::kNeedMore) return;
    if (outcome == ParseOutcome::kMalformed) {
      Fail(c, driver);
      return;
    }
    uint64_t now = NowNanos();
    c->consecutive_failures = 0;
    driver->Complete(c->index, c->call, response, now - c->sent_ns, now);
    c->in.erase(0, response.consumed);
    c->state = ConnState::kIdle;
    if (!response.keep_alive && !Open(c).ok()) {
      Close(c);
      c->state = ConnState::kDead;
      ++finished_;
      return;
    }
    Start(c, driver, now);
  }
}

Status ClientLoop::Run(Driver* driver, uint64_t deadline_ns) {
  uint64_t now = NowNanos();
  finished_ = 0;
  waiting_ = 0;
  for (auto& c : connections_) {
    c->state = ConnState::kIdle;
    c->consecutive_failures = 0;
    if (c->fd < 0) RIPTIDE_RETURN_IF_ERROR(Open(c.get()));
    Start(c.get(), driver, now);
  }
  epoll_event events[256];
  int total = static_cast<int>(connections_.size());
  while (finished_ < total) {
    now = NowNanos();
    if (now >= deadline_ns) break;
    int timeout_ms = waiting_ > 0 ? 1 : static_cast<int>((deadline_ns - now) / 1000000 + 1);
    if (timeout_ms > 100) timeout_ms = 100;
    int n = epoll_wait(epoll_fd_, events, 256, timeout_ms);
    if (n < 0 && errno != EINTR)
      return Status::Internal(std::string("epoll_wait: ") + strerror(errno));
    for (int i = 0; i < n; ++i) {
      auto* c = static_cast<Connection*>(events[i].data.ptr);
      if (c->fd < 0) continue;
      if (events[i].events & (EPOLLERR | EPOLLHUP)) {
        if (!(events[i].events & EPOLLIN)) {
          Fail(c, driver);
          continue;
        }
      }
      if ((events[i].events & EPOLLOUT) && c->state == ConnState::kBusy) Flush(c);
      if (events[i].events & (EPOLLIN | EPOLLHUP | EPOLLERR)) OnReadable(c, driver);
    }
    if (waiting_ > 0) {
      now = NowNanos();
      for (auto& c : connections_) {
        if (c->state == ConnState::kWaiting) Start(c.get(), driver, now);
      }
    }
  }
  // Drop whatever is still in flight: those connections are reopened clean
  // by the next Run.
  for (auto& c : connections_) {
    if (c->state == ConnState::kBusy) Close(c.get());
  }
  return Status::OK();
}

}  // namespace riptide::bench
