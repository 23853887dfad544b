#pragma once

// One blocking keep-alive HTTP/1.1 client connection for the benchmark tools whose threads each
// play their own calls (order_load, hot_sku, identity_load): each thread owns one. A failed exchange
// closes it and the next one reconnects; nothing is retried (a request may have been carried
// out). Replies must carry Content-Length, as omnihub's do. Receive timeout: 30 s.

#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <algorithm>
#include <cctype>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>

#include "bench/bench_util.h"

namespace omnihub::bench {

struct Reply {
  int status = 0;  // 0: I/O failure or timeout
  std::string head;
  std::string body;

  // A response header's value ("" when absent). Names compare case-insensitively: a proxy may
  // lower-case them (HAProxy does).
  std::string Header(std::string_view name) const {
    const std::string key = "\r\n" + std::string(name) + ": ";
    auto same = [](char a, char b) { return std::tolower(a) == std::tolower(b); };
    const auto found = std::search(head.begin(), head.end(), key.begin(), key.end(), same);
    if (found == head.end()) {
      return "";
    }
    const size_t at = static_cast<size_t>(found - head.begin());
    const size_t from = at + key.size();
    const size_t end = head.find("\r\n", from);
    return head.substr(from, end == std::string::npos ? std::string::npos : end - from);
  }
};

class BlockingConnection {
 public:
  explicit BlockingConnection(const Endpoint& endpoint) : endpoint_(endpoint) {}
  ~BlockingConnection() { Close(); }
  BlockingConnection(const BlockingConnection&) = delete;
  BlockingConnection& operator=(const BlockingConnection&) = delete;

  bool Open() {
    Close();
    addrinfo hints{};
    hints.ai_family = AF_INET;
    hints.ai_socktype = SOCK_STREAM;
    addrinfo* found = nullptr;
    if (getaddrinfo(endpoint_.host.c_str(), endpoint_.port.c_str(), &hints, &found) != 0) {
      return false;
    }
    fd_ = socket(AF_INET, SOCK_STREAM, 0);
    const int one = 1;
    setsockopt(fd_, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
    timeval timeout{.tv_sec = 30, .tv_usec = 0};
    setsockopt(fd_, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
    const bool ok = connect(fd_, found->ai_addr, found->ai_addrlen) == 0;
    freeaddrinfo(found);
    if (!ok) {
      Close();
    }
    buffer_.clear();
    return ok;
  }

  // METHOD target with `extra_headers` ("Name: value\r\n" each) and a JSON body ("" = none).
  Reply Call(std::string_view method, const std::string& target, const std::string& extra_headers,
             const std::string& body) {
    std::string request;
    request.reserve(256 + extra_headers.size() + body.size());
    request.append(method).append(" ").append(target).append(" HTTP/1.1\r\nHost: ");
    request.append(endpoint_.host).append("\r\n").append(extra_headers);
    if (!body.empty() || method == "POST" || method == "PUT") {
      request.append("Content-Type: application/json\r\nContent-Length: ")
          .append(std::to_string(body.size()))
          .append("\r\n");
    }
    request.append("\r\n").append(body);
    return Exchange(request);
  }

  // Sends a whole prepared request; the reply's status is 0 on an I/O failure.
  Reply Exchange(const std::string& request) {
    Reply reply;
    if (fd_ < 0 && !Open()) {
      return reply;
    }
    if (!WriteAll(request) || !ReadReply(&reply)) {
      Close();
      reply.status = 0;
    }
    return reply;
  }

 private:
  void Close() {
    if (fd_ >= 0) {
      close(fd_);
      fd_ = -1;
    }
  }
  bool WriteAll(const std::string& data) {
    size_t done = 0;
    while (done < data.size()) {
      const ssize_t n = send(fd_, data.data() + done, data.size() - done, MSG_NOSIGNAL);
      if (n <= 0) {
        return false;
      }
      done += static_cast<size_t>(n);
    }
    return true;
  }
  bool Fill() {
    char chunk[16384];
    const ssize_t n = recv(fd_, chunk, sizeof chunk, 0);
    if (n <= 0) {
      return false;
    }
    buffer_.append(chunk, static_cast<size_t>(n));
    return true;
  }
  bool ReadReply(Reply* reply) {
    size_t head_end;
    while ((head_end = buffer_.find("\r\n\r\n")) == std::string::npos) {
      if (!Fill()) {
        return false;
      }
    }
    reply->head = buffer_.substr(0, head_end + 2);
    reply->status = reply->head.size() > 12 ? std::atoi(reply->head.c_str() + 9) : 0;
    size_t length = 0;
    for (const char* name : {"Content-Length: ", "content-length: "}) {
      const size_t at = reply->head.find(name);
      if (at != std::string::npos) {
        length = std::strtoul(reply->head.c_str() + at + std::strlen(name), nullptr, 10);
      }
    }
    while (buffer_.size() < head_end + 4 + length) {
      if (!Fill()) {
        return false;
      }
    }
    reply->body = buffer_.substr(head_end + 4, length);
    buffer_.erase(0, head_end + 4 + length);
    return true;
  }

  Endpoint endpoint_;
  int fd_ = -1;
  std::string buffer_;
};

// The value of the first "key":"…" string member in a JSON text (ids in omnihub's replies need
// no unescaping); "" when absent. Good enough for the ids and codes the tools read.
inline std::string JsonString(std::string_view json, std::string_view key) {
  const std::string needle = "\"" + std::string(key) + "\":\"";
  const size_t at = json.find(needle);
  if (at == std::string_view::npos) {
    return "";
  }
  const size_t from = at + needle.size();
  const size_t end = json.find('"', from);
  return end == std::string_view::npos ? "" : std::string(json.substr(from, end - from));
}

}  // namespace omnihub::bench
