#include "testing/route_call.h"

#include <gtest/gtest.h>

#include "http/request.h"
#include "http/response.h"

namespace omnihub::test {

std::string RouteReply::Code() const {
  const json::Value* error = body.Find("error");
  return error == nullptr ? "" : *error->Find("code")->AsString();
}

std::string RouteReply::Detail(std::string_view key) const {
  const json::Value* error = body.Find("error");
  const json::Value* details = error == nullptr ? nullptr : error->Find("details");
  const json::Value* value = details == nullptr ? nullptr : details->Find(key);
  return value == nullptr || value->AsString() == nullptr ? "" : *value->AsString();
}

int64_t RouteReply::Int(std::string_view key) const {
  const json::Value* value = body.Find(key);
  return value == nullptr ? -1 : value->AsInt().value_or(-1);
}

std::string RouteReply::Text(std::string_view key) const {
  const json::Value* value = body.Find(key);
  return value == nullptr || value->AsString() == nullptr ? "" : *value->AsString();
}

std::string RouteReply::Header(std::string_view name) const {
  for (const auto& [key, value] : headers) {
    if (key == name) {
      return value;
    }
  }
  return "";
}

http::Principal PrincipalFor(http::Role role, std::string location) {
  return {.key_id = "key_" + std::string(NameOf(role)),
          .role = role,
          .channel_id = role == http::Role::kChannel ? "chn_web" : "",
          .location_id = role == http::Role::kStoreAssociate ? std::move(location) : ""};
}

RouteReply CallRoute(const http::Router& router, http::Method method, std::string_view target,
                     const http::Principal& principal, std::string body, bool json_body) {
  http::Request req;
  req.method = method;
  const size_t question = target.find('?');
  req.path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view rest = target.substr(question + 1);
    while (!rest.empty()) {
      const std::string_view pair = rest.substr(0, rest.find('&'));
      const size_t equals = pair.find('=');
      req.query.emplace_back(
          http::UrlDecode(pair.substr(0, equals)),
          equals == std::string_view::npos ? "" : http::UrlDecode(pair.substr(equals + 1)));
      rest = pair.size() == rest.size() ? std::string_view() : rest.substr(pair.size() + 1);
    }
  }
  req.body = std::move(body);
  if (json_body && !req.body.empty()) {
    Result<json::Value> parsed = json::Parse(req.body);
    if (!parsed.ok()) {
      return {.status = 400,
              .body = json::Parse(http::ErrorResponse(parsed.error(), "").body).value()};
    }
    req.json = std::move(parsed).value();
  }
  req.principal = principal;
  req.authenticated = true;
  req.request_id = "req_1";
  http::RouteMatch match = router.Match(method, req.path);
  EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << target;
  if (match.kind != http::RouteMatch::Kind::kFound) {
    return {};
  }
  req.path_params = match.params;
  Result<void> allowed = http::Authorize(*match.route, req);
  Result<http::Response> response =
      allowed.ok() ? match.route->handler(req) : Result<http::Response>(allowed.error());
  http::Response out =
      response.ok() ? *response : http::ErrorResponse(response.error(), req.request_id);
  RouteReply reply{.status = out.status, .headers = out.headers};
  if (!out.body.empty()) {
    reply.body = json::Parse(out.body).value();
  }
  return reply;
}

}  // namespace omnihub::test
