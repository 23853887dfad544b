#pragma once

#include <cstdint>
#include <string>
#include <utility>
#include <vector>

namespace omnihub::test {

struct HttpResponse {
  int status = 0;
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::string body;  // empty for event streams: only their headers are read
  std::string Header(const std::string& lower_name) const;
};

// A socket connected to 127.0.0.1:port with a 10 s receive timeout, or -1. The caller closes it.
int ConnectLoopback(uint16_t port);

// One HTTP/1.1 request over a fresh connection to 127.0.0.1:port (Connection: close), with a
// 10 s timeout. status 0 means the connection failed.
HttpResponse HttpRequest(uint16_t port, const std::string& method, const std::string& target,
                         const std::string& body = "",
                         const std::vector<std::pair<std::string, std::string>>& headers = {});

// `text` gzip-compressed, as clients send request bodies with Content-Encoding: gzip.
std::string Gzip(const std::string& text);
// Standard base64 with padding (for Authorization: Basic).
std::string Base64(const std::string& text);

}  // namespace omnihub::test
