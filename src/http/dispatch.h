#pragma once

#include <memory>

#include "http/auth.h"
#include "http/idempotency.h"
#include "http/request.h"
#include "http/response.h"
#include "http/router.h"

namespace omnihub::http {

// Everything between a fully read request and its response, independent of the transport:
// authentication, JSON parsing, authorisation, Idempotency-Key, the handler, errors. Blocking;
// the server calls it on a worker thread. Never throws.
Response Dispatch(const Route& route, Request& request, Authenticator& authenticator,
                  IdempotencyStore* idempotency);

// The key presented by a request (Authorization: Bearer, or X-Api-Key), or "".
std::string_view PresentedKey(const Request& request);

// Dispatch for a route that does not block, when the caller is already known (`known` from
// Authenticator::AuthenticateWithoutBlocking, or nullptr for a public route). Never blocks.
Response DispatchKnown(const Route& route, Request& request, const Result<Principal>* known);

}  // namespace omnihub::http
