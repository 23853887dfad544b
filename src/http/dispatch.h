#pragma once

#include <memory>
#include <optional>

#include "http/auth.h"
#include "http/idempotency.h"
#include "http/rate_limit.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace omnihub::http {

// Everything between a fully read request and its response, independent of the transport:
// authentication, JSON parsing, authorisation, Idempotency-Key, the handler, errors. Blocking;
// the server calls it on a worker thread. Never throws.
// `known`: the caller already found from the headers (CallerFromHeaders), or nullptr.
// `limiter` (nullptr: none) admits the caller: per key once authenticated, per client address
// for public routes and failed authentication.
Response Dispatch(const Route& route, Request& request, Authenticator& authenticator,
                  IdempotencyStore* idempotency, RateLimiter* limiter,
                  const Principal* known = nullptr);

// Whether the headers alone name the caller of `route`: API-key routes, and write-key routes
// whose key is the Authorization header's Basic user (not one sent in the body).
bool CallerKnownFromHeaders(const Route& route, const Request& request);

// That caller, checked against the route's roles, so a request that will be refused is refused
// before a byte of its body is read or inflated (docs/security.md). The route's scope may need
// the body: Dispatch checks it. nullopt when finding out would block and `may_block` is false.
std::optional<Result<Principal>> CallerFromHeaders(const Route& route, const Request& request,
                                                   Authenticator& authenticator, bool may_block);

// The key presented by a request (Authorization: Bearer, or X-Api-Key), or "".
std::string_view PresentedKey(const Request& request);

// Dispatch for a route that does not block, when the caller is already known (`known` from
// Authenticator::AuthenticateWithoutBlocking, or nullptr for a public route). Never blocks.
Response DispatchKnown(const Route& route, Request& request, const Result<Principal>* known,
                       RateLimiter* limiter);

// Refuses a request from a client address that has no token left (spent on public routes or
// failed keys), taking none: it is checked before any key, so guessing is slowed for valid
// keys too. Errors: kRateLimited (details.retry_after_seconds).
Result<void> AddressNotLockedOut(const Request& request, RateLimiter* limiter);

// The error for a request refused on its headers (`refusal`), or for a client address out of
// tokens: a failed authentication spends the address's token (guessing keys is what it limits).
Error RefusedOnHeaders(Error refusal, const Request& request, RateLimiter* limiter);

}  // namespace omnihub::http
