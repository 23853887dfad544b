#include "core/card_number.h"

#include <cctype>

namespace omnihub {
namespace {

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
  for (size_t idx = 0; idx < text.size(); ++idx) {
    const char c = text[idx];
    if (std::isdigit(static_cast<unsigned char>(c))) {
      run += c;
      continue;
    }
    // One space or dash between digit groups keeps the run going ("4111 1111 1111 1111").
    const bool separator = (c == ' ' || c == '-') && !run.empty() && idx + 1 < text.size() &&
                           std::isdigit(static_cast<unsigned char>(text[idx + 1]));
    if (!separator && flush()) {
      return true;
    }
  }
  return flush();
}

std::optional<std::string> FindCardNumber(const json::Value& value) {
  if (const std::string* text = value.AsString()) {
    return ContainsCardNumber(*text) ? std::optional<std::string>("") : std::nullopt;
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
