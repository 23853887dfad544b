#include "http/router.h"

#include <algorithm>

namespace omnihub::http {
namespace {

std::vector<std::string_view> Segments(std::string_view path) {
  std::vector<std::string_view> out;
  size_t start = 1;  // paths start with '/'
  while (start <= path.size()) {
    size_t end = path.find('/', start);
    if (end == std::string_view::npos) {
      end = path.size();
    }
    out.push_back(path.substr(start, end - start));
    start = end + 1;
  }
  return out;
}

bool IsParam(std::string_view segment) {
  return segment.size() > 2 && segment.front() == '{' && segment.back() == '}';
}

// Matches `path` against `pattern`; returns the number of literal segments (-1: no match).
int MatchPattern(std::string_view pattern, const std::vector<std::string_view>& path,
                 std::vector<std::pair<std::string, std::string>>* params) {
  std::vector<std::string_view> want = Segments(pattern);
  if (want.size() != path.size()) {
    return -1;
  }
  int literals = 0;
  for (size_t idx = 0; idx < want.size(); ++idx) {
    if (IsParam(want[idx])) {
      if (path[idx].empty()) {
        return -1;
      }
      if (params != nullptr) {
        params->emplace_back(std::string(want[idx].substr(1, want[idx].size() - 2)),
                             UrlDecode(path[idx]));
      }
    } else if (want[idx] == path[idx]) {
      ++literals;
    } else {
      return -1;
    }
  }
  return literals;
}

}  // namespace

void Router::Add(Method method, std::string pattern, RouteSpec spec, Handler handler) {
  routes_.push_back(Route{method, std::move(pattern), std::move(spec), std::move(handler)});
}
void Router::Get(std::string pattern, RouteSpec spec, Handler handler) {
  Add(Method::kGet, std::move(pattern), std::move(spec), std::move(handler));
}
void Router::Post(std::string pattern, RouteSpec spec, Handler handler) {
  if (spec.success_status == 200) {
    spec.success_status = 201;
  }
  Add(Method::kPost, std::move(pattern), std::move(spec), std::move(handler));
}
void Router::Put(std::string pattern, RouteSpec spec, Handler handler) {
  Add(Method::kPut, std::move(pattern), std::move(spec), std::move(handler));
}
void Router::Patch(std::string pattern, RouteSpec spec, Handler handler) {
  Add(Method::kPatch, std::move(pattern), std::move(spec), std::move(handler));
}
void Router::Delete(std::string pattern, RouteSpec spec, Handler handler) {
  Add(Method::kDelete, std::move(pattern), std::move(spec), std::move(handler));
}

RouteMatch Router::Match(Method method, std::string_view path) const {
  const std::vector<std::string_view> segments = Segments(path);
  const Method wanted = method == Method::kHead ? Method::kGet : method;
  RouteMatch match;
  int best = -1;
  for (const Route& route : routes_) {
    const int literals = MatchPattern(route.pattern, segments, nullptr);
    if (literals < 0) {
      continue;
    }
    if (route.method != wanted) {
      if (std::find(match.allowed.begin(), match.allowed.end(), route.method) ==
          match.allowed.end()) {
        match.allowed.push_back(route.method);
      }
      continue;
    }
    if (literals > best) {
      best = literals;
      match.route = &route;
    }
  }
  if (match.route != nullptr) {
    match.kind = RouteMatch::Kind::kFound;
    MatchPattern(match.route->pattern, segments, &match.params);
  } else if (!match.allowed.empty()) {
    match.kind = RouteMatch::Kind::kMethodNotAllowed;
  }
  return match;
}

Result<void> AuthorizeRole(const Route& route, const Principal& who) {
  if (route.spec.auth == AuthKind::kPublic ||
      std::find(route.spec.roles.begin(), route.spec.roles.end(), who.role) !=
          route.spec.roles.end()) {
    return Ok();
  }
  return Error::Forbidden("the " + std::string(NameOf(who.role)) + " role may not call " +
                          std::string(NameOf(route.method)) + " " + route.pattern)
      .With("role", std::string(NameOf(who.role)));
}

Result<void> Authorize(const Route& route, const Request& request) {
  if (route.spec.auth == AuthKind::kPublic) {
    return Ok();
  }
  const Principal& who = request.principal;
  OMNI_TRY(AuthorizeRole(route, who));
  const std::string& param = route.spec.scope.location_param;
  if (param.empty() || who.role != Role::kStoreAssociate) {
    return Ok();
  }
  // Every place the request names a location must name the associate's own: checking only the
  // first would let a matching query parameter cover a different one in the body.
  std::vector<std::string_view> named;
  if (std::string_view in_path = request.PathParam(param); !in_path.empty()) {
    named.push_back(in_path);
  }
  for (const auto& [key, value] : request.query) {
    if (key == param) {
      named.push_back(value);
    }
  }
  if (const json::Value* field = request.json.Find(param)) {
    named.push_back(field->AsString() ? std::string_view(*field->AsString()) : "");
  }
  const bool own =
      !named.empty() && std::all_of(named.begin(), named.end(),
                                    [&](std::string_view v) { return v == who.location_id; });
  if (!own) {
    return Error::Forbidden("a store associate key acts only at its own location")
        .With("location_id", who.location_id);
  }
  return Ok();
}

}  // namespace omnihub::http
