#pragma once

#include <initializer_list>
#include <string>
#include <string_view>

namespace omnihub {

// The SHA-256 of the concatenated `parts`, as 64 lower-case hex characters. For fingerprints
// and for storing secrets and erased identifiers only as digests. Thread-safe.
std::string Sha256Hex(std::initializer_list<std::string_view> parts);
inline std::string Sha256Hex(std::string_view text) { return Sha256Hex({text}); }

}  // namespace omnihub
