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

}  // namespace omnihub::http
