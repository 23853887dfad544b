#pragma once

#include <cstddef>
#include <functional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/result.h"
#include "http/auth.h"
#include "http/request.h"
#include "http/response.h"

namespace omnihub::http {

// Restricts a role to its own records. Location("location_id"): a store associate may only act
// on the location named by that path parameter, query parameter or JSON body field.
struct Scope {
  std::string location_param;  // "" for no scope
  static Scope None() { return {}; }
  static Scope Location(std::string param) { return Scope{std::move(param)}; }
};

// How a request proves who it is.
enum class AuthKind {
  kApiKey,  // Authorization: Bearer <key> (or X-Api-Key)
  kPublic,  // no credentials: health, metrics, the API description
  // A channel's Segment write key: the HTTP Basic user (empty password) or the body's
  // "writeKey". The principal is the channel (role kChannel). The body is parsed as JSON
  // whatever its Content-Type (real Segment clients label it otherwise).
  kWriteKey,
};

// What a route declares. Drives authentication and authorisation (before the handler runs),
// body limits and the generated OpenAPI document.
struct RouteSpec {
  std::string summary;
  std::vector<Role> roles;  // who may call it; empty only for public routes
  AuthKind auth = AuthKind::kApiKey;
  Scope scope;
  std::string request_schema;   // JSON Schema text, "" for none
  bool body_optional = false;   // with a request_schema: an empty body is fine (JSON null)
  std::string response_schema;  // JSON Schema text of the success body, "" for none
  size_t body_limit = 1 << 20;
  int success_status = 200;
  // False when the handler never blocks (no database, no outside call): with a key the
  // authenticator has verified in memory, such a request is answered on the I/O thread
  // without a hop to the worker pool.
  bool blocking = true;
  std::string tag;  // OpenAPI grouping: the module's name
  // Top-level response members holding one-time secrets: left out of the response kept for
  // Idempotency-Key replays, so secrets are never stored.
  std::vector<std::string> secret_fields;
};

using Handler = std::function<Result<Response>(const Request&)>;

struct Route {
  Method method;
  std::string pattern;  // "/api/v1/keys/{id}"
  RouteSpec spec;
  Handler handler;
};

struct RouteMatch {
  enum class Kind { kFound, kNotFound, kMethodNotAllowed };
  Kind kind = Kind::kNotFound;
  const Route* route = nullptr;
  std::vector<std::pair<std::string, std::string>> params;
  std::vector<Method> allowed;  // kMethodNotAllowed: what the path takes
};

// The route table. Build it at start-up, then read it from any thread.
class Router {
 public:
  void Get(std::string pattern, RouteSpec spec, Handler handler);
  void Post(std::string pattern, RouteSpec spec, Handler handler);
  void Put(std::string pattern, RouteSpec spec, Handler handler);
  void Patch(std::string pattern, RouteSpec spec, Handler handler);
  void Delete(std::string pattern, RouteSpec spec, Handler handler);
  void Add(Method method, std::string pattern, RouteSpec spec, Handler handler);

  // Literal segments win over {params}. HEAD matches GET routes.
  RouteMatch Match(Method method, std::string_view path) const;
  const std::vector<Route>& routes() const { return routes_; }

 private:
  std::vector<Route> routes_;
};

// A named schema for the document's components: (name, JSON Schema text).
using NamedSchema = std::pair<std::string, std::string>;

// The OpenAPI 3.1 document of every route (paths, parameters, roles, schemas, errors), with
// `schemas` under components.schemas for routes to refer to ("#/components/schemas/<name>").
std::string OpenApiDocument(const Router& router, std::string_view version,
                            const std::vector<NamedSchema>& schemas = {});

// Whether `who`'s role may call `route` (its scope aside). Errors: kForbidden naming the role.
Result<void> AuthorizeRole(const Route& route, const Principal& who);

// Whether `principal` may call `route` with this request (role, then scope).
// Errors: kForbidden naming the role or the location.
Result<void> Authorize(const Route& route, const Request& request);

}  // namespace omnihub::http
