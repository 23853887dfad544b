#include "core/error.h"

#include <array>

namespace omnihub {
namespace {

constexpr std::array kErrorCatalogue = {
    ErrorCodeInfo{ErrorCode::kInvalidArgument, "invalid_argument", 400,
                  "Validation failed; details.field names the offending input."},
    ErrorCodeInfo{ErrorCode::kMalformedJson, "malformed_json", 400,
                  "The body is not valid JSON (syntax, invalid UTF-8, nesting deeper than 64); "
                  "details.reason says which."},
    ErrorCodeInfo{ErrorCode::kBatchTooLarge, "batch_too_large", 400,
                  "A Segment batch is over its limit (500 KB); details.limit gives it in bytes. "
                  "Nothing was stored."},
    ErrorCodeInfo{ErrorCode::kEventTooLarge, "event_too_large", 400,
                  "A Segment event is over its limit (32 KB of JSON); details.limit gives it in "
                  "bytes. Nothing was stored."},
    ErrorCodeInfo{ErrorCode::kCardNumberForbidden, "card_number_forbidden", 400,
                  "A field holds what looks like a payment card number (15-19 digits, a card "
                  "network's prefix, a valid Luhn check digit). omnihub never stores card data: "
                  "send the payment provider's reference instead. details.field names it."},
    ErrorCodeInfo{ErrorCode::kUnauthenticated, "unauthenticated", 401,
                  "Missing, unknown or revoked API key."},
    ErrorCodeInfo{ErrorCode::kForbidden, "forbidden", 403,
                  "The key's role or scope does not allow this request."},
    ErrorCodeInfo{ErrorCode::kNotFound, "not_found", 404, "Unknown id or route."},
    ErrorCodeInfo{ErrorCode::kMethodNotAllowed, "method_not_allowed", 405,
                  "The route exists but not with this method; the Allow header lists the "
                  "methods it takes."},
    ErrorCodeInfo{ErrorCode::kRequestTimeout, "request_timeout", 408,
                  "The client did not send the whole request in time."},
    ErrorCodeInfo{ErrorCode::kConflict, "conflict", 409,
                  "The current state forbids the change, or a unique key is taken."},
    ErrorCodeInfo{ErrorCode::kIdempotencyKeyInUse, "idempotency_key_in_use", 409,
                  "A request with this Idempotency-Key is still being processed."},
    ErrorCodeInfo{ErrorCode::kInsufficientStock, "insufficient_stock", 409,
                  "Not enough stock available; details name sku, location_id and available."},
    ErrorCodeInfo{ErrorCode::kCartEmpty, "cart_empty", 409,
                  "The cart has no lines to check out."},
    ErrorCodeInfo{ErrorCode::kPreconditionFailed, "precondition_failed", 412,
                  "If-Match did not match the current version."},
    ErrorCodeInfo{ErrorCode::kPayloadTooLarge, "payload_too_large", 413,
                  "The body is over the route's limit; details.limit gives it in bytes."},
    ErrorCodeInfo{ErrorCode::kUnsupportedMediaType, "unsupported_media_type", 415,
                  "The body's Content-Type or Content-Encoding is not accepted."},
    ErrorCodeInfo{ErrorCode::kIdempotencyKeyReused, "idempotency_key_reused", 422,
                  "The Idempotency-Key was used before with a different request."},
    ErrorCodeInfo{ErrorCode::kRateLimited, "rate_limited", 429,
                  "Too many requests; retry after the Retry-After header's seconds."},
    ErrorCodeInfo{ErrorCode::kHeadersTooLarge, "headers_too_large", 431,
                  "The request headers are over 8 KiB."},
    ErrorCodeInfo{ErrorCode::kInternal, "internal", 500, "A bug; logged with the request id."},
    ErrorCodeInfo{ErrorCode::kUnavailable, "unavailable", 503,
                  "The server is draining or its database is unreachable; retry."},
};

}  // namespace

std::span<const ErrorCodeInfo> ErrorCatalogue() { return kErrorCatalogue; }

const ErrorCodeInfo& InfoFor(ErrorCode code) {
  for (const ErrorCodeInfo& info : kErrorCatalogue) {
    if (info.code == code) {
      return info;
    }
  }
  return kErrorCatalogue[static_cast<size_t>(ErrorCode::kInternal)];
}

std::string_view CodeName(ErrorCode code) { return InfoFor(code).name; }

const DetailValue* Error::Detail(std::string_view key) const {
  for (const auto& [k, v] : details) {
    if (k == key) {
      return &v;
    }
  }
  return nullptr;
}

Error Error::InvalidArgument(std::string_view field, std::string_view problem) {
  Error e{ErrorCode::kInvalidArgument, std::string(field) + " " + std::string(problem), {}};
  e.details.emplace_back("field", std::string(field));
  return e;
}
Error Error::MalformedJson(std::string message) {
  return Error{ErrorCode::kMalformedJson, std::move(message), {}};
}
Error Error::Unauthenticated(std::string message) {
  return Error{ErrorCode::kUnauthenticated, std::move(message), {}};
}
Error Error::Forbidden(std::string message) {
  return Error{ErrorCode::kForbidden, std::move(message), {}};
}
Error Error::NotFound(std::string_view what, std::string_view id) {
  Error e{ErrorCode::kNotFound, std::string(what) + " " + std::string(id) + " does not exist", {}};
  e.details.emplace_back("id", std::string(id));
  return e;
}
Error Error::Conflict(std::string message) {
  return Error{ErrorCode::kConflict, std::move(message), {}};
}
Error Error::Internal(std::string message) {
  return Error{ErrorCode::kInternal, std::move(message), {}};
}
Error Error::Unavailable(std::string message) {
  return Error{ErrorCode::kUnavailable, std::move(message), {}};
}

}  // namespace omnihub
