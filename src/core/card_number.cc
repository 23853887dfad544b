#include "core/card_number.h"

#include <cmath>
#include <cstdio>

namespace omnihub {
namespace {

constexpr size_t kMaxSeparator = 3;

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsAsciiLetter(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }

// A JSON number written out as its digits ("" when it has a fraction or is too small to be a
// card number): 4111111111111111 sent unquoted is still a card number.
std::string DigitsOf(const json::Value& number) {
  if (std::optional<int64_t> whole = number.AsInt()) {
    return *whole >= 0 ? std::to_string(*whole) : std::to_string(*whole).substr(1);
  }
  std::optional<double> value = number.AsDouble();
  if (!value || std::fabs(*value) < 1e14 || std::fabs(*value) >= 1e20 ||
      std::floor(*value) != *value) {
    return "";
  }
  char digits[32];
  std::snprintf(digits, sizeof digits, "%.0f", std::fabs(*value));
  return digits;
}

bool LuhnValid(std::string_view digits) {
  int sum = 0;
  bool double_it = false;
  for (size_t idx = digits.size(); idx-- > 0;) {
    int d = digits[idx] - '0';
    if (double_it) {
      d *= 2;
      if (d > 9) {
        d -= 9;
      }
    }
    sum += d;
    double_it = !double_it;
  }
  return sum % 10 == 0;
}

int Prefix(std::string_view digits, size_t n) {
  int value = 0;
  for (size_t idx = 0; idx < n && idx < digits.size(); ++idx) {
    value = value * 10 + (digits[idx] - '0');
  }
  return value;
}

bool NetworkPrefix(std::string_view d) {
  const int p1 = Prefix(d, 1);
  const int p2 = Prefix(d, 2);
  const int p4 = Prefix(d, 4);
  return p1 == 4 || (p2 >= 51 && p2 <= 55) || (p4 >= 2221 && p4 <= 2720) || p2 == 34 || p2 == 37 ||
         p4 == 6011 || p2 == 65 || (p4 >= 3528 && p4 <= 3589) || p2 == 50 || (p2 >= 56 && p2 <= 69);
}

bool CardLike(std::string_view digits) {
  return digits.size() >= 15 && digits.size() <= 19 && NetworkPrefix(digits) && LuhnValid(digits);
}

}  // namespace

bool ContainsCardNumber(std::string_view text) {
  std::string run;
  auto flush = [&run]() {
    const bool found = CardLike(run);
    run.clear();
    return found;
  };
  size_t idx = 0;
  while (idx < text.size()) {
    const char c = text[idx];
    if (IsDigit(c)) {
      run += c;
      ++idx;
      continue;
    }
    // Up to kMaxSeparator characters that are neither letters nor digits between digit groups
    // keep the run going: "4111 1111 1111 1111", "4111.1111.1111.1111", "4111 / 1111", and a
    // no-break space (two bytes in UTF-8).
    size_t gap = idx;
    while (gap < text.size() && gap - idx < kMaxSeparator && !IsDigit(text[gap]) &&
           !IsAsciiLetter(text[gap])) {
      ++gap;
    }
    const bool separator = !run.empty() && gap > idx && gap < text.size() && IsDigit(text[gap]);
    if (separator) {
      idx = gap;
      continue;
    }
    if (flush()) {
      return true;
    }
    ++idx;
  }
  return flush();
}

std::optional<std::string> FindCardNumber(const json::Value& value) {
  if (const std::string* text = value.AsString()) {
    return ContainsCardNumber(*text) ? std::optional<std::string>("") : std::nullopt;
  }
  if (value.is_number()) {
    return ContainsCardNumber(DigitsOf(value)) ? std::optional<std::string>("") : std::nullopt;
  }
  if (const json::Array* items = value.AsArray()) {
    for (size_t idx = 0; idx < items->size(); ++idx) {
      if (std::optional<std::string> inner = FindCardNumber((*items)[idx])) {
        return "[" + std::to_string(idx) + "]" +
               (inner->empty() || inner->front() == '[' ? "" : ".") + *inner;
      }
    }
    return std::nullopt;
  }
  if (const json::Object* members = value.AsObject()) {
    for (const auto& [key, member] : *members) {
      if (ContainsCardNumber(key)) {
        return key;
      }
      if (std::optional<std::string> inner = FindCardNumber(member)) {
        return key + (inner->empty() || inner->front() == '[' ? "" : ".") + *inner;
      }
    }
  }
  return std::nullopt;
}

}  // namespace omnihub
