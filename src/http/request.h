#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "http/auth.h"

namespace omnihub::http {

enum class Method { kGet, kHead, kPost, kPut, kPatch, kDelete, kOptions };
constexpr auto EnumNames(Method) {
  return EnumTable<Method, 7>{{{Method::kGet, "GET"},
                               {Method::kHead, "HEAD"},
                               {Method::kPost, "POST"},
                               {Method::kPut, "PUT"},
                               {Method::kPatch, "PATCH"},
                               {Method::kDelete, "DELETE"},
                               {Method::kOptions, "OPTIONS"}}};
}

// A parsed request as handlers see it. Built by the server; read-only for handlers.
class Request {
 public:
  Method method = Method::kGet;
  std::string path;                                          // without the query
  std::vector<std::pair<std::string, std::string>> query;    // decoded, in order
  std::vector<std::pair<std::string, std::string>> headers;  // names lower-case
  std::vector<std::pair<std::string, std::string>> path_params;
  std::string body;
  json::Value json;  // the parsed body when it was JSON, else null
  Principal principal;
  bool authenticated = false;
  std::string request_id;
  std::string client_address;  // the peer's IP address (an IPv6 /64), for rate limits
  // Set when this request runs under an Idempotency-Key record; its use case marks the record
  // committed in its own transaction (changes::WriterOf passes it on).
  std::string idempotency_key;
  std::string idempotency_attempt;

  // Header value by lower-case name, or "".
  std::string_view Header(std::string_view lower_name) const;
  // Query parameter, or nullopt.
  std::optional<std::string_view> Query(std::string_view name) const;
  // Path parameter declared as {name} in the route, or "".
  std::string_view PathParam(std::string_view name) const;
};

// The If-Match header as an integer version ETag: "3", 3 or W/"3"; absent or "*": nullopt.
// Errors: kInvalidArgument (field "If-Match").
Result<std::optional<int64_t>> IfMatchVersion(const Request& req);

// Decodes %XX and '+' in a query component. Invalid escapes are kept verbatim.
std::string UrlDecode(std::string_view text);

// "a=1&b=x%20y&flag" as decoded (name, value) pairs in order; a name without '=' has value "",
// empty pairs ("a=1&&b") are skipped.
std::vector<std::pair<std::string, std::string>> ParseQuery(std::string_view query);

}  // namespace omnihub::http
