#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/json.h"

// Payment card numbers are never stored anywhere in omnihub (PCI DSS scope stays with the
// payment provider); these find them so a request carrying one is refused.
namespace omnihub {

// True when `text` contains a run of 15-19 digits (groups may be separated by up to three
// characters that are neither letters nor digits: spaces, dashes, dots, slashes, ...) that starts with a card network's prefix (Visa 4, Mastercard 51-55 and 2221-2720,
// Amex 34/37, Discover 6011/65, JCB 3528-3589, Maestro 50/56-69) and passes the Luhn check.
// 13- and 14-digit runs are left alone: EAN-13 and GTIN-14 codes are that long.
bool ContainsCardNumber(std::string_view text);

// The path ("payment.note", "lines[2].comment") of the first string or number in `value` —
// object keys included — that contains a card number, or nullopt.
std::optional<std::string> FindCardNumber(const json::Value& value);

}  // namespace omnihub
