#include "http.h"

#include <strings.h>

#include <charconv>

namespace riptide::bench {
namespace {

bool HeaderIs(std::string_view line, std::string_view name, std::string_view* value) {
  if (line.size() <= name.size() || line[name.size()] != ':') return false;
  if (strncasecmp(line.data(), name.data(), name.size()) != 0) return false;
  std::string_view v = line.substr(name.size() + 1);
  while (!v.empty() && (v.front() == ' ' || v.front() == '\t')) v.remove_prefix(1);
  while (!v.empty() && (v.back() == ' ' || v.back() == '\t')) v.remove_suffix(1);
  *value = v;
  return true;
}

bool EqualsNoCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && strncasecmp(a.data(), b.data(), a.size()) == 0;
}

// Walks a chunked body starting at `input` without copying it: returns the
// bytes it spans (trailers included) and the data bytes in *data_size, 0
// when incomplete, SIZE_MAX when malformed. A big answer (a 1 MB Scan page,
// which DynamoDB Local sends in chunks) arrives in many reads; walking the
// chunk headers each time costs little, copying the data each time would
// cost the square of its size.
size_t WalkChunked(std::string_view input, size_t* data_size) {
  size_t pos = 0;
  *data_size = 0;
  while (true) {
    size_t eol = input.find("\r\n", pos);
    if (eol == std::string_view::npos) return 0;
    size_t size = 0;
    auto [ptr, ec] = std::from_chars(input.data() + pos, input.data() + eol, size, 16);
    if (ec != std::errc() || ptr == input.data() + pos) return SIZE_MAX;
    pos = eol + 2;
    if (size == 0) {
      size_t end = input.find("\r\n\r\n", pos - 2);
      return end == std::string_view::npos ? 0 : end + 4;
    }
    if (input.size() < pos + size + 2) return 0;
    *data_size += size;
    pos += size + 2;
  }
}

// Decodes a complete chunked body (WalkChunked said so) into `out`.
void DecodeChunked(std::string_view input, size_t data_size, std::string* out) {
  out->clear();
  out->reserve(data_size);
  size_t pos = 0;
  while (true) {
    size_t eol = input.find("\r\n", pos);
    size_t size = 0;
    std::from_chars(input.data() + pos, input.data() + eol, size, 16);
    pos = eol + 2;
    if (size == 0) return;
    out->append(input.substr(pos, size));
    pos += size + 2;
  }
}

}  // namespace

Result<Endpoint> ParseEndpoint(std::string_view url) {
  constexpr std::string_view kScheme = "http://";
  if (url.substr(0, kScheme.size()) != kScheme) {
    return Status::Internal("endpoint must start with http://: " + std::string(url));
  }
  url.remove_prefix(kScheme.size());
  while (!url.empty() && url.back() == '/') url.remove_suffix(1);
  Endpoint endpoint;
  size_t colon = url.rfind(':');
  if (colon == std::string_view::npos) {
    endpoint.host = std::string(url);
    endpoint.port = 80;
  } else {
    endpoint.host = std::string(url.substr(0, colon));
    auto port = url.substr(colon + 1);
    auto [ptr, ec] = std::from_chars(port.data(), port.data() + port.size(), endpoint.port);
    if (ec != std::errc() || ptr != port.data() + port.size() || endpoint.port <= 0 ||
        endpoint.port > 65535) {
      return Status::Internal("bad port in endpoint: " + std::string(port));
    }
  }
  if (endpoint.host == "localhost") endpoint.host = "127.0.0.1";
  return endpoint;
}

RequestWriter::RequestWriter(const Endpoint& endpoint, const Credentials& credentials, bool sign)
    : host_header_(endpoint.HostHeader()), sign_(sign), signer_(credentials, host_header_) {}

void RequestWriter::Append(std::string_view op, std::string_view body, time_t now,
                           std::string* out) {
  target_.assign("DynamoDB_20120810.").append(op);
  out->append("POST / HTTP/1.1\r\nHost: ").append(host_header_);
  out->append(
      "\r\nAccept-Encoding: identity\r\nContent-Type: application/x-amz-json-1.0"
      "\r\nUser-Agent: riptide-bench/1.0\r\nX-Amz-Target: ");
  out->append(target_);
  if (sign_) {
    Signer::Signed s = signer_.Sign(target_, body, now);
    out->append("\r\nX-Amz-Date: ").append(s.amz_date);
    out->append("\r\nAuthorization: ").append(s.authorization);
  }
  char len[24];
  auto [end, ec] = std::to_chars(len, len + sizeof(len), body.size());
  out->append("\r\nContent-Length: ").append(len, end).append("\r\n\r\n").append(body);
}

ParseOutcome ParseResponse(std::string_view input, HttpResponse* out, std::string* scratch) {
  size_t head_end = input.find("\r\n\r\n");
  if (head_end == std::string_view::npos) {
    return input.size() > 64 * 1024 ? ParseOutcome::kMalformed : ParseOutcome::kNeedMore;
  }
  std::string_view head = input.substr(0, head_end + 2);
  size_t eol = head.find("\r\n");
  std::string_view status_line = head.substr(0, eol);
  // "HTTP/1.1 200 OK"
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/")
    return ParseOutcome::kMalformed;
  int status = 0;
  auto [p, ec] = std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  if (ec != std::errc() || status < 100) return ParseOutcome::kMalformed;
  bool keep_alive = status_line.substr(5, 3) != "1.0";
  bool chunked = false;
  size_t content_length = SIZE_MAX;
  size_t pos = eol + 2;
  while (pos < head.size()) {
    size_t next = head.find("\r\n", pos);
    std::string_view line = head.substr(pos, next - pos);
    pos = next + 2;
    std::string_view value;
    if (HeaderIs(line, "content-length", &value)) {
      auto [q, e] = std::from_chars(value.data(), value.data() + value.size(), content_length);
      if (e != std::errc()) return ParseOutcome::kMalformed;
    } else if (HeaderIs(line, "transfer-encoding", &value)) {
      chunked = EqualsNoCase(value, "chunked");
    } else if (HeaderIs(line, "connection", &value)) {
      if (EqualsNoCase(value, "close")) keep_alive = false;
      if (EqualsNoCase(value, "keep-alive")) keep_alive = true;
    }
  }
  size_t body_start = head_end + 4;
  out->status = status;
  out->keep_alive = keep_alive;
  if (chunked) {
    size_t data_size = 0;
    size_t used = WalkChunked(input.substr(body_start), &data_size);
    if (used == SIZE_MAX) return ParseOutcome::kMalformed;
    if (used == 0) return ParseOutcome::kNeedMore;
    DecodeChunked(input.substr(body_start), data_size, scratch);
    out->body = *scratch;
    out->consumed = body_start + used;
    return ParseOutcome::kComplete;
  }
  if (content_length == SIZE_MAX) {
    // No length: the body runs to the end of the connection. DynamoDB never
    // answers that way; treat a bodiless status (204, 304) as complete.
    if (status == 204 || status == 304)
      content_length = 0;
    else
      return ParseOutcome::kMalformed;
  }
  if (input.size() < body_start + content_length) return ParseOutcome::kNeedMore;
  out->body = input.substr(body_start, content_length);
  out->consumed = body_start + content_length;
  return ParseOutcome::kComplete;
}

}  // namespace riptide::bench
