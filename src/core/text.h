#pragma once

#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

// Small text helpers every module needs. ASCII-only case mapping: identifiers, codes and SKUs
// are ASCII; people's names keep their letters as written.
namespace omnihub {

// Space, \t, \n, \v, \f or \r.
constexpr bool IsAsciiSpace(char c) { return c == ' ' || (c >= '\t' && c <= '\r'); }
// ASCII whitespace trimmed from both ends.
std::string_view Trim(std::string_view text);
// ASCII letters lower-cased (upper-cased); other bytes kept.
std::string AsciiLower(std::string_view text);
std::string AsciiUpper(std::string_view text);
// Characters (UTF-8 code points), not bytes.
size_t Utf8Length(std::string_view text);
// An ASCII control character: 0x00-0x1F or 0x7F.
constexpr bool IsControl(char c) { return static_cast<unsigned char>(c) < 0x20 || c == 0x7F; }
// True when the text holds an ASCII control character.
bool HasControl(std::string_view text);
// "a, b, c" from {"a", "b", "c"} and ", ".
std::string Join(const std::vector<std::string>& parts, std::string_view separator);

}  // namespace omnihub
