#include "http/dispatch.h"

#include <algorithm>
#include <chrono>
#include <string>
#include <exception>

#include "core/card_number.h"
#include "core/hash.h"
#include "core/log.h"
#include "http/content_encoding.h"

namespace omnihub::http {
namespace {

// A route that takes a JSON body parses it even when empty, so an empty body is a clear
// malformed_json (reason "empty") rather than a confusing field error.
bool WantsJson(const Route& route, const Request& request) {
  if (route.spec.body_optional && request.body.empty()) {
    return false;
  }
  return !route.spec.request_schema.empty() || route.spec.auth == AuthKind::kWriteKey ||
         (!request.body.empty() &&
          request.Header("content-type").find("json") != std::string_view::npos);
}

// The body to keep for replays: the route's secret members are left out.
std::string WithoutSecrets(const std::string& body, const RouteSpec& spec) {
  if (spec.secret_fields.empty()) {
    return body;
  }
  Result<json::Value> parsed = json::Parse(body);
  if (!parsed.ok() || !parsed->is_object()) {
    return body;
  }
  json::Object kept;
  for (auto& [key, value] : *parsed->AsObject()) {
    if (std::find(spec.secret_fields.begin(), spec.secret_fields.end(), key) ==
        spec.secret_fields.end()) {
      kept.emplace_back(key, std::move(value));
    }
  }
  return json::Serialize(json::Value(std::move(kept)));
}

Result<Response> RunHandler(const Route& route, const Request& request) {
  try {
    return route.handler(request);
  } catch (const std::exception& e) {
    log::Error("handler threw",
               {{"route", route.pattern}, {"error", e.what()}, {"request_id", request.request_id}});
    return Error::Internal("unexpected exception");
  }
}

// Segment's rule: the write key is the Basic user; clients that cannot set headers put it in
// the body as "writeKey", which needs the body parsed first.
bool WriteKeyInBody(const Request& request) {
  return BasicAuthUser(request.Header("authorization")).empty();
}

// The caller named by the headers: an API key, or a write key as the Basic user.
Result<void> AuthenticateOnHeaders(const Route& route, Request& request,
                                   Authenticator* authenticator, const Result<Principal>* known,
                                   const Principal* from_headers) {
  if (route.spec.auth == AuthKind::kPublic) {
    return Ok();
  }
  if (route.spec.auth == AuthKind::kWriteKey) {
    if (from_headers != nullptr) {
      request.principal = *from_headers;
    } else {
      OMNI_ASSIGN_OR_RETURN(request.principal, authenticator->AuthenticateWriteKey(BasicAuthUser(
                                                   request.Header("authorization"))));
    }
    request.authenticated = true;
    return Ok();
  }
  std::string_view key = PresentedKey(request);
  if (key.empty()) {
    return Error::Unauthenticated("an API key is required: Authorization: Bearer <key>");
  }
  if (from_headers != nullptr) {
    request.principal = *from_headers;
  } else if (known != nullptr) {
    OMNI_ASSIGN_OR_RETURN(request.principal, *known);
  } else {
    OMNI_ASSIGN_OR_RETURN(request.principal, authenticator->Authenticate(key));
  }
  request.authenticated = true;
  return Ok();
}

// The write key sent as the body's "writeKey" (request.json parsed).
Result<void> AuthenticateWriteKeyInBody(Request& request, Authenticator& authenticator) {
  const json::Value* in_body = request.json.Find("writeKey");
  if (in_body == nullptr || in_body->AsString() == nullptr || in_body->AsString()->empty()) {
    return Error::Unauthenticated(
        "a write key is required: the HTTP Basic user (empty password) or \"writeKey\"");
  }
  OMNI_ASSIGN_OR_RETURN(request.principal, authenticator.AuthenticateWriteKey(*in_body->AsString()));
  request.authenticated = true;
  return Ok();
}

Error RateLimited(std::chrono::milliseconds wait, std::string_view what) {
  const int64_t seconds = std::max<int64_t>(1, (wait.count() + 999) / 1000);
  return Error::Make(ErrorCode::kRateLimited,
                     "too many requests " + std::string(what) + "; retry after " +
                         std::to_string(seconds) + " s")
      .With("retry_after_seconds", seconds);
}

// One token from the caller's bucket: the key's once authenticated, else the address's.
Result<void> Admit(RateLimiter* limiter, const Request& request) {
  if (limiter == nullptr) {
    return Ok();
  }
  const auto now = std::chrono::steady_clock::now();
  if (!request.authenticated) {
    if (auto wait = limiter->Take("a:" + request.client_address, limiter->limits().per_address,
                                  "address", now)) {
      return RateLimited(*wait, "from this address");
    }
    return Ok();
  }
  const std::string bucket = request.principal.key_id.empty()
                                 ? "w:" + request.principal.channel_id  // a write key
                                 : "k:" + request.principal.key_id;
  if (auto wait = limiter->Take(bucket, limiter->limits().per_key, "key", now)) {
    return RateLimited(*wait, "with this key");
  }
  return Ok();
}

Result<Response> Authenticated(const Route& route, Request& request, Authenticator* authenticator,
                               const Result<Principal>* known, IdempotencyStore* idempotency,
                               RateLimiter* limiter, const Principal* from_headers = nullptr) {
  // An address that spent its tokens on failed keys is refused before any key is checked,
  // or a guesser would still learn the right key at full speed.
  OMNI_TRY(AddressNotLockedOut(request, limiter));
  const bool key_in_body = route.spec.auth == AuthKind::kWriteKey && from_headers == nullptr &&
                           WriteKeyInBody(request);
  if (route.spec.auth == AuthKind::kWriteKey && authenticator == nullptr && from_headers == nullptr) {
    return Error::Internal("write-key routes must be blocking");
  }
  // A caller named by the headers is admitted before its body is inflated.
  if (!key_in_body) {
    OMNI_TRY(AuthenticateOnHeaders(route, request, authenticator, known, from_headers));
    OMNI_TRY(Admit(limiter, request));
  }
  if (!request.body.empty()) {
    OMNI_TRY(DecodeBody(request.Header("content-encoding"), request.body, route.spec.body_limit));
  }
  if (route.spec.auth == AuthKind::kWriteKey) {
    OMNI_ASSIGN_OR_RETURN(request.json,
                          json::Parse(request.body, {.max_bytes = request.body.size()}));
    if (key_in_body) {
      OMNI_TRY(AuthenticateWriteKeyInBody(request, *authenticator));
      OMNI_TRY(Admit(limiter, request));
    }
  }
  if (WantsJson(route, request) && route.spec.auth != AuthKind::kWriteKey) {
    OMNI_ASSIGN_OR_RETURN(request.json, json::Parse(request.body));
    // Card data is never stored, whatever the route: refused before any handler sees it.
    if (std::optional<std::string> field = FindCardNumber(request.json)) {
      return Error::Make(ErrorCode::kCardNumberForbidden,
                         "this looks like a payment card number; omnihub never stores card "
                         "data: send the payment provider's reference instead")
          .With("field", field->empty() ? std::string("body") : *field);
    }
  }
  OMNI_TRY(Authorize(route, request));

  std::string_view idempotency_key = request.Header("idempotency-key");
  // Write-key routes deduplicate by the events' own messageId instead.
  if (idempotency == nullptr || request.method != Method::kPost || idempotency_key.empty() ||
      !request.authenticated || route.spec.auth != AuthKind::kApiKey) {
    return RunHandler(route, request);
  }
  if (idempotency_key.size() > 255) {
    return Error::InvalidArgument("Idempotency-Key", "must be at most 255 characters");
  }
  const std::string fingerprint =
      Sha256Hex({NameOf(request.method), " ", request.path, "\n", request.body});
  OMNI_ASSIGN_OR_RETURN(IdempotencyStore::Begun begun,
                        idempotency->Begin(request.principal.key_id, idempotency_key, fingerprint));
  switch (begun.outcome) {
    case IdempotencyStore::Outcome::kReplay: {
      Response replay = Response::Text(begun.stored.status, std::move(begun.stored.body),
                                       std::move(begun.stored.content_type));
      replay.headers.emplace_back("Idempotent-Replayed", "true");
      return replay;
    }
    case IdempotencyStore::Outcome::kInProgress:
      return Error::Make(ErrorCode::kIdempotencyKeyInUse,
                         "a request with this Idempotency-Key is still being processed");
    case IdempotencyStore::Outcome::kMismatch:
      return Error::Make(ErrorCode::kIdempotencyKeyReused,
                         "this Idempotency-Key was used with a different request");
    case IdempotencyStore::Outcome::kResponseLost:
      return Error::Conflict(
          "the request with this Idempotency-Key was carried out, but its response was lost; "
          "read the resource instead of retrying");
    case IdempotencyStore::Outcome::kStarted:
      break;
  }
  request.idempotency_key = std::string(idempotency_key);
  request.idempotency_attempt = begun.attempt;
  Result<Response> result = RunHandler(route, request);
  Response response =
      result.ok() ? std::move(result).value() : ErrorResponse(result.error(), request.request_id);
  if (response.status >= 500 || response.stream) {
    (void)idempotency->Abandon(request.principal.key_id, idempotency_key, begun.attempt);
    return response;
  }
  Result<void> kept = idempotency->Complete(
      request.principal.key_id, idempotency_key, begun.attempt,
      {response.status, response.content_type, WithoutSecrets(response.body, route.spec)});
  if (!kept.ok()) {
    // The use case is done; only its replay copy is missing. The client still gets the answer.
    log::Warn("idempotent response not kept",
              {{"request_id", request.request_id}, {"error", kept.error().message}});
  }
  return response;
}

Response Finish(const Route& route, const Request& request, Result<Response> result,
                RateLimiter* limiter) {
  if (result.ok()) {
    return std::move(result).value();
  }
  if (result.error().code == ErrorCode::kUnauthenticated) {
    result = RefusedOnHeaders(std::move(result).error(), request, limiter);
  }
  const Error& error = result.error();
  if (InfoFor(error.code).http_status >= 500) {
    log::Error("request failed", {{"request_id", request.request_id},
                                  {"route", route.pattern},
                                  {"code", CodeName(error.code)},
                                  {"error", error.message}});
  }
  return ErrorResponse(error, request.request_id);
}

}  // namespace

std::string_view PresentedKey(const Request& request) {
  std::string_view auth = request.Header("authorization");
  if (auth.size() > 7 && (auth.substr(0, 7) == "Bearer " || auth.substr(0, 7) == "bearer ")) {
    return auth.substr(7);
  }
  return request.Header("x-api-key");
}

Response Dispatch(const Route& route, Request& request, Authenticator& authenticator,
                  IdempotencyStore* idempotency, RateLimiter* limiter, const Principal* known) {
  return Finish(
      route, request,
      Authenticated(route, request, &authenticator, nullptr, idempotency, limiter, known),
      limiter);
}

// Refuses a client address that has no token left (spent on public routes or failed keys),
// taking none.
Result<void> AddressNotLockedOut(const Request& request, RateLimiter* limiter) {
  if (limiter == nullptr) {
    return Ok();
  }
  if (auto wait = limiter->Peek("a:" + request.client_address, limiter->limits().per_address,
                                "address", std::chrono::steady_clock::now())) {
    return RateLimited(*wait, "from this address");
  }
  return Ok();
}

Error RefusedOnHeaders(Error refusal, const Request& request, RateLimiter* limiter) {
  if (limiter == nullptr || refusal.code != ErrorCode::kUnauthenticated) {
    return refusal;
  }
  if (auto wait = limiter->Take("a:" + request.client_address, limiter->limits().per_address,
                                "address", std::chrono::steady_clock::now())) {
    return RateLimited(*wait, "from this address");
  }
  return refusal;
}

bool CallerKnownFromHeaders(const Route& route, const Request& request) {
  switch (route.spec.auth) {
    case AuthKind::kApiKey:
      return true;
    case AuthKind::kWriteKey:
      return !BasicAuthUser(request.Header("authorization")).empty();
    case AuthKind::kPublic:
      return false;
  }
  return false;
}

std::optional<Result<Principal>> CallerFromHeaders(const Route& route, const Request& request,
                                                   Authenticator& authenticator, bool may_block) {
  std::optional<Result<Principal>> caller;
  if (route.spec.auth == AuthKind::kWriteKey) {
    if (!may_block) {
      return std::nullopt;
    }
    caller = authenticator.AuthenticateWriteKey(BasicAuthUser(request.Header("authorization")));
  } else {
    std::string_view key = PresentedKey(request);
    if (key.empty()) {
      return Result<Principal>(
          Error::Unauthenticated("an API key is required: Authorization: Bearer <key>"));
    }
    caller = authenticator.AuthenticateWithoutBlocking(key);
    if (!caller && may_block) {
      caller = authenticator.Authenticate(key);
    }
  }
  if (!caller || !caller->ok()) {
    return caller;
  }
  if (Result<void> allowed = AuthorizeRole(route, caller->value()); !allowed.ok()) {
    return Result<Principal>(std::move(allowed).error());
  }
  return caller;
}

Response DispatchKnown(const Route& route, Request& request, const Result<Principal>* known,
                       RateLimiter* limiter) {
  // No idempotency store: only non-blocking routes come here, and they create nothing.
  return Finish(route, request,
                Authenticated(route, request, nullptr, known, nullptr, limiter), limiter);
}

}  // namespace omnihub::http
