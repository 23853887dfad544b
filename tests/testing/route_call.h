#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/json.h"
#include "http/router.h"

namespace omnihub::test {

// What a route answered, its body parsed.
struct RouteReply {
  int status = 0;
  json::Value body;
  std::vector<std::pair<std::string, std::string>> headers;
  // A response header's value, or "".
  std::string Header(std::string_view name) const;
  // error.code, or "" for a success.
  std::string Code() const;
  // error.details.<key> as text, or "".
  std::string Detail(std::string_view key) const;
  // A top-level member of the body: an integer (or -1), a string (or "").
  int64_t Int(std::string_view key) const;
  std::string Text(std::string_view key) const;
};

// A caller for tests: key id "key_<role>", channel chn_web for channel keys, `location` for
// store associates.
http::Principal PrincipalFor(http::Role role, std::string location = "");

// Calls a route of `router` in-process as the server does: matches `target` (path and query;
// the test fails when no route matches), parses a JSON body (a malformed one answers 400 before
// any handler, as the server does), authorises `principal`, runs the handler and turns an error
// into the envelope. `json_body` false passes the body as text (CSV uploads).
RouteReply CallRoute(const http::Router& router, http::Method method, std::string_view target,
                     const http::Principal& principal, std::string body = "",
                     bool json_body = true);

}  // namespace omnihub::test
