#pragma once

#include <string>
#include <string_view>

namespace omnihub::channels {

// A new random secret: `prefix` + 32 base32 characters (160 bits from OpenSSL's CSPRNG).
std::string NewSecret(std::string_view prefix);
// What is stored instead of a secret: hex SHA-256.
std::string HashSecret(std::string_view secret);

inline constexpr std::string_view kApiKeyPrefix = "ohk_";
inline constexpr std::string_view kWriteKeyPrefix = "owk_";

}  // namespace omnihub::channels
