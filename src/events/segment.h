#pragma once

#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "core/error.h"
#include "core/json.h"
#include "core/result.h"
#include "events/types.h"

// Helpers shared by the Segment decoders (segment.cc, decode.cc, commerce.cc). Private to
// events/.
namespace omnihub::events {

// The rejection codes of a batch's events; kInvalidArgument errors carry one as
// details.reason, kEventTooLarge is its own code.
inline constexpr std::string_view kMissingField = "missing_field";
inline constexpr std::string_view kInvalidField = "invalid_field";
inline constexpr std::string_view kUnknownType = "unknown_type";
inline constexpr std::string_view kEventTooLargeCode = "event_too_large";
// An event holding a payment card number anywhere (ErrorCode::kCardNumberForbidden): nothing
// of it is stored, not even in the rejection record.
inline constexpr std::string_view kCardNumberForbiddenCode = "card_number_forbidden";

// "batch[3].userId" from prefix "batch[3]" and name "userId"; just `name` when prefix is "".
std::string FieldPath(std::string_view prefix, std::string_view name);
// kInvalidArgument naming `field`, with details.reason.
Error FieldError(std::string_view reason, std::string_view field, std::string_view problem);
// The rejection code of an error from the decoders.
std::string_view RejectionCode(const Error& error);
// kCardNumberForbidden with details.field: the path of the first string (or member name) in
// `value` holding a card number, under `prefix` ("batch[2].properties.note"; `prefix` alone,
// or "body", when the path itself would show the number); nullopt when there is none.
std::optional<Error> CardNumberError(const json::Value& value, std::string_view prefix);

// The member `key` of `object`, or nullptr when it is missing or null.
const json::Value* Member(const json::Value& object, std::string_view key);
// The length of json::Serialize(v), without building it; counting stops once past `limit`.
size_t SerializedSize(const json::Value& v, size_t limit);
// `text` cut to at most `max_bytes` without splitting a UTF-8 sequence.
std::string CutUtf8(std::string text, size_t max_bytes);

// A Segment id member: a string, or a number as its decimal text (JavaScript's String(n)).
// "" when missing, null, empty or blank. Errors: invalid_field when of another kind, over
// `max_bytes` or holding control characters (identity resolution refuses such ids).
Result<std::string> IdMember(const json::Value& object, std::string_view key,
                             std::string_view prefix, size_t max_bytes = 256);

// The e-commerce spec v2 events ("Order Completed", …).
bool IsCommerceEvent(std::string_view event_name);
// Validates the e-commerce properties of `event_name` and returns its typed columns
// (is_commerce false and nothing checked for other names). `prefix` names the properties
// ("batch[3].properties"). Errors: invalid_field naming the property.
Result<Commerce> DecodeCommerce(std::string_view event_name, const json::Value* properties,
                                std::string_view prefix, std::string_view default_currency);
// A non-negative JSON number as integer minor units with `minor_digits` decimals, from the
// number's shortest decimal text, rounded half away from zero (129.99 -> 12999 at 2 digits).
// Errors: invalid_field naming `field` when it is not a number, negative or out of range.
Result<int64_t> ToMinorUnits(const json::Value& number, int minor_digits, std::string_view field);

}  // namespace omnihub::events
