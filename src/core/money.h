#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace omnihub {

// An ISO 4217 currency known to omnihub, with its number of minor digits.
class Currency {
 public:
  // Errors: kInvalidArgument (field "currency") for a code that is not a known ISO 4217 code.
  static Result<Currency> Parse(std::string_view code);
  static Currency Pln();

  std::string_view code() const { return std::string_view(code_, 3); }
  int minor_digits() const { return minor_digits_; }
  friend bool operator==(const Currency& a, const Currency& b) { return a.code() == b.code(); }

 private:
  Currency(std::string_view code, int minor_digits);
  char code_[3];
  int minor_digits_;
};

// An amount in integer minor units (grosze for PLN). Never floating point.
// JSON form: {"amount":12999,"currency":"PLN"}.
struct Money {
  int64_t minor = 0;
  Currency currency = Currency::Pln();

  friend bool operator==(const Money& a, const Money& b) = default;
};

// Overflow-checked arithmetic. Errors: kInvalidArgument (field "amount") on overflow or on a
// currency mismatch (field "currency").
Result<Money> Add(const Money& a, const Money& b);
Result<Money> Subtract(const Money& a, const Money& b);
Result<Money> Multiply(const Money& a, int64_t factor);

// Parses "129,99 zł", "129.99", "1 299,99 zł", "129.99 PLN", "PLN 129.99", "-5", "0,5".
// A currency named in the text ("zł" is PLN) wins over `default_currency`.
// Errors: kInvalidArgument (field "amount") for more decimals than the currency has, no digits,
// stray characters or overflow; (field "currency") for an unknown currency code.
Result<Money> ParseMoney(std::string_view text, Currency default_currency = Currency::Pln());

// "129.99" — plain decimal with '.' and no currency (minor digits as the currency has).
std::string FormatDecimal(const Money& m);
// "1 299,99 zł" for PLN (non-breaking space U+00A0 between thousands, comma decimal), otherwise
// "1 299,99 EUR" — as Polish retail shows prices.
std::string FormatPolish(const Money& m);

}  // namespace omnihub
