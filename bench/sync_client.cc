#include "sync_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <ctime>

namespace riptide::bench {

SyncClient::SyncClient(const Endpoint& endpoint, const Credentials& credentials, bool sign)
    : endpoint_(endpoint), writer_(endpoint, credentials, sign) {}

SyncClient::~SyncClient() { Disconnect(); }

void SyncClient::Disconnect() {
  if (fd_ >= 0) close(fd_);
  fd_ = -1;
}

Status SyncClient::EnsureConnected() {
  if (fd_ >= 0) return Status::OK();
  int fd = socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
  if (fd < 0) return Status::Internal(std::string("socket: ") + strerror(errno));
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(static_cast<uint16_t>(endpoint_.port));
  inet_pton(AF_INET, endpoint_.host.c_str(), &addr.sin_addr);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof(addr)) != 0) {
    int err = errno;
    close(fd);
    return Status::Internal("connect to " + endpoint_.HostHeader() + ": " + strerror(err));
  }
  // Setup calls (CreateTable on a busy server) can be slow, but not forever.
  timeval timeout{60, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof(timeout));
  int one = 1;
  setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof(one));
  fd_ = fd;
  return Status::OK();
}

Result<SyncAnswer> SyncClient::Call(std::string_view op, std::string_view body) {
  // A kept-alive connection may have been closed by the server meanwhile:
  // one fresh attempt.
  for (int attempt = 0; attempt < 2; ++attempt) {
    RIPTIDE_RETURN_IF_ERROR(EnsureConnected());
    std::string request;
    writer_.Append(op, body, time(nullptr), &request);
    size_t sent = 0;
    while (sent < request.size()) {
      ssize_t n = send(fd_, request.data() + sent, request.size() - sent, MSG_NOSIGNAL);
      if (n <= 0) break;
      sent += static_cast<size_t>(n);
    }
    std::string in, scratch;
    char buf[65536];
    while (sent == request.size()) {
      HttpResponse response;
      ParseOutcome outcome = ParseResponse(in, &response, &scratch);
      if (outcome == ParseOutcome::kComplete) {
        SyncAnswer answer{response.status, std::string(response.body)};
        if (!response.keep_alive) Disconnect();
        return answer;
      }
      if (outcome == ParseOutcome::kMalformed) break;
      ssize_t n = recv(fd_, buf, sizeof(buf), 0);
      if (n <= 0) break;
      in.append(buf, static_cast<size_t>(n));
    }
    Disconnect();
  }
  return Status::Internal("no answer from " + endpoint_.HostHeader() + " to " + std::string(op));
}

}  // namespace riptide::bench
