#include "testing/http_client.h"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>

namespace omnihub::test {

std::string HttpResponse::Header(const std::string& lower_name) const {
  for (const auto& [name, value] : headers) {
    if (name == lower_name) {
      return value;
    }
  }
  return {};
}

int ConnectLoopback(uint16_t port) {
  const int fd = socket(AF_INET, SOCK_STREAM, 0);
  timeval timeout{10, 0};
  setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &timeout, sizeof timeout);
  sockaddr_in addr{};
  addr.sin_family = AF_INET;
  addr.sin_port = htons(port);
  addr.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
  if (connect(fd, reinterpret_cast<sockaddr*>(&addr), sizeof addr) != 0) {
    close(fd);
    return -1;
  }
  return fd;
}

HttpResponse HttpRequest(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body,
                         const std::vector<std::pair<std::string, std::string>>& headers) {
  HttpResponse response;
  const int fd = ConnectLoopback(port);
  if (fd < 0) {
    return response;
  }
  std::string request = method + " " + target + " HTTP/1.1\r\nHost: 127.0.0.1\r\n" +
                        "Connection: close\r\nContent-Length: " + std::to_string(body.size()) +
                        "\r\n";
  for (const auto& [name, value] : headers) {
    request += name + ": " + value + "\r\n";
  }
  request += "\r\n" + body;
  (void)send(fd, request.data(), request.size(), MSG_NOSIGNAL);

  std::string raw;
  char buffer[8192];
  size_t header_end = std::string::npos;
  while (true) {
    const ssize_t n = recv(fd, buffer, sizeof buffer, 0);
    if (n <= 0) {
      break;
    }
    raw.append(buffer, static_cast<size_t>(n));
    if (header_end == std::string::npos) {
      header_end = raw.find("\r\n\r\n");
      if (header_end != std::string::npos && raw.find("text/event-stream") < header_end) {
        break;  // an event stream never ends by itself
      }
    }
  }
  close(fd);
  if (header_end == std::string::npos || raw.size() < 12) {
    return response;
  }
  response.status = std::stoi(raw.substr(9, 3));
  size_t line_start = raw.find("\r\n") + 2;
  while (line_start < header_end) {
    const size_t line_end = raw.find("\r\n", line_start);
    const std::string line = raw.substr(line_start, line_end - line_start);
    const size_t colon = line.find(':');
    std::string name = line.substr(0, colon);
    std::transform(name.begin(), name.end(), name.begin(),
                   [](unsigned char c) { return static_cast<char>(std::tolower(c)); });
    std::string value = colon == std::string::npos ? "" : line.substr(colon + 1);
    value.erase(0, value.find_first_not_of(' '));
    response.headers.emplace_back(std::move(name), std::move(value));
    line_start = line_end + 2;
  }
  std::string rest = raw.substr(header_end + 4);
  if (response.Header("transfer-encoding") == "chunked") {
    std::string decoded;
    size_t pos = 0;
    while (pos < rest.size()) {
      const size_t line_end = rest.find("\r\n", pos);
      if (line_end == std::string::npos) break;
      const size_t size = std::stoul(rest.substr(pos, line_end - pos), nullptr, 16);
      if (size == 0) break;
      decoded += rest.substr(line_end + 2, size);
      pos = line_end + 2 + size + 2;
    }
    rest = decoded;
  }
  if (response.Header("content-type") != "text/event-stream") {
    response.body = rest;
  }
  return response;
}

}  // namespace omnihub::test

namespace omnihub::test {

std::string Gzip(const std::string& text) {
  z_stream stream{};
  deflateInit2(&stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 16 + MAX_WBITS, 8, Z_DEFAULT_STRATEGY);
  std::string out(deflateBound(&stream, text.size()) + 32, '\0');
  stream.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(text.data()));
  stream.avail_in = static_cast<uInt>(text.size());
  stream.next_out = reinterpret_cast<Bytef*>(out.data());
  stream.avail_out = static_cast<uInt>(out.size());
  deflate(&stream, Z_FINISH);
  out.resize(stream.total_out);
  deflateEnd(&stream);
  return out;
}

std::string Base64(const std::string& text) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  size_t idx = 0;
  for (; idx + 2 < text.size(); idx += 3) {
    const uint32_t n = (uint32_t(uint8_t(text[idx])) << 16) |
                       (uint32_t(uint8_t(text[idx + 1])) << 8) | uint8_t(text[idx + 2]);
    for (int shift = 18; shift >= 0; shift -= 6) {
      out += kAlphabet[(n >> shift) & 63];
    }
  }
  if (idx < text.size()) {
    uint32_t n = uint32_t(uint8_t(text[idx])) << 16;
    if (idx + 1 < text.size()) {
      n |= uint32_t(uint8_t(text[idx + 1])) << 8;
    }
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += idx + 1 < text.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += '=';
  }
  return out;
}

}  // namespace omnihub::test
