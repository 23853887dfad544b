#pragma once

#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <variant>
#include <vector>

namespace omnihub {

// The stable error code catalogue. Clients switch on the snake_case name, never the message.
// Adding a code: add the enumerator and a row to kErrorCatalogue in error.cc; docs/errors.md is
// generated from that table (`omnihub codes --markdown`) and a test keeps the two equal.
enum class ErrorCode {
  kInvalidArgument,
  kMalformedJson,
  kBatchTooLarge,
  kEventTooLarge,
  kCardNumberForbidden,
  kUnauthenticated,
  kForbidden,
  kNotFound,
  kMethodNotAllowed,
  kRequestTimeout,
  kConflict,
  kIdempotencyKeyInUse,
  kInsufficientStock,
  kCartEmpty,
  kPreconditionFailed,
  kPayloadTooLarge,
  kUnsupportedMediaType,
  kIdempotencyKeyReused,
  kRateLimited,
  kHeadersTooLarge,
  kInternal,
  kUnavailable,
};

struct ErrorCodeInfo {
  ErrorCode code;
  std::string_view name;  // snake_case, stable
  int http_status;
  std::string_view meaning;  // one line for the docs
};

// Every code with its HTTP status and meaning, in declaration order.
std::span<const ErrorCodeInfo> ErrorCatalogue();
const ErrorCodeInfo& InfoFor(ErrorCode code);
std::string_view CodeName(ErrorCode code);

// A detail value: errors carry small machine-readable facts (field, sku, available).
using DetailValue = std::variant<std::string, int64_t, bool>;
using Details = std::vector<std::pair<std::string, DetailValue>>;

struct Error {
  ErrorCode code = ErrorCode::kInternal;
  std::string message;
  Details details;

  Error& With(std::string key, DetailValue value) & {
    details.emplace_back(std::move(key), std::move(value));
    return *this;
  }
  Error&& With(std::string key, DetailValue value) && {
    details.emplace_back(std::move(key), std::move(value));
    return std::move(*this);
  }
  // The detail called `key`, or nullptr.
  const DetailValue* Detail(std::string_view key) const;

  // `field` names the offending input (`lines[2].quantity`); the message reads
  // "<field> <problem>".
  static Error InvalidArgument(std::string_view field, std::string_view problem);
  static Error MalformedJson(std::string message);
  static Error Unauthenticated(std::string message);
  static Error Forbidden(std::string message);
  static Error NotFound(std::string_view what, std::string_view id);
  static Error Conflict(std::string message);
  static Error Internal(std::string message);
  static Error Unavailable(std::string message);
  static Error Make(ErrorCode code, std::string message) {
    return Error{code, std::move(message), {}};
  }
};

}  // namespace omnihub
