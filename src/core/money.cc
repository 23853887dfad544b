#include "core/money.h"

#include <array>
#include <optional>

namespace omnihub {
namespace {

struct CurrencyInfo {
  std::string_view code;
  int minor_digits;
};

// Minor digits as ISO 4217 lists them, even where cash rounds further (HUF, CZK).
constexpr std::array kCurrencies = {
    CurrencyInfo{"PLN", 2}, CurrencyInfo{"EUR", 2}, CurrencyInfo{"USD", 2}, CurrencyInfo{"GBP", 2},
    CurrencyInfo{"CHF", 2}, CurrencyInfo{"CZK", 2}, CurrencyInfo{"HUF", 2}, CurrencyInfo{"SEK", 2},
    CurrencyInfo{"NOK", 2}, CurrencyInfo{"DKK", 2}, CurrencyInfo{"RON", 2}, CurrencyInfo{"BGN", 2},
    CurrencyInfo{"UAH", 2}, CurrencyInfo{"CAD", 2}, CurrencyInfo{"AUD", 2}, CurrencyInfo{"JPY", 0},
    CurrencyInfo{"ISK", 0}, CurrencyInfo{"KRW", 0}, CurrencyInfo{"KWD", 3}, CurrencyInfo{"BHD", 3},
};

constexpr std::string_view kZloty = "z\xC5\x82";             // "zł"
constexpr std::string_view kNoBreakSpace = "\xC2\xA0";       // U+00A0
constexpr std::string_view kNarrowNoBreak = "\xE2\x80\xAF";  // U+202F, used by some locales

Error NotAnAmount() { return Error::InvalidArgument("amount", "must be an amount like 129,99 zł"); }
Error OutOfRange() { return Error::InvalidArgument("amount", "is out of range"); }

bool IsDigit(char c) { return c >= '0' && c <= '9'; }
bool IsUpper(char c) { return c >= 'A' && c <= 'Z'; }
bool IsAlpha(char c) { return IsUpper(c) || (c >= 'a' && c <= 'z'); }

// The byte length of the space that starts `s` (ASCII space or tab, U+00A0, U+202F), or 0.
size_t SpaceLength(std::string_view s) {
  if (!s.empty() && (s[0] == ' ' || s[0] == '\t')) {
    return 1;
  }
  for (std::string_view space : {kNoBreakSpace, kNarrowNoBreak}) {
    if (s.starts_with(space)) {
      return space.size();
    }
  }
  return 0;
}

// The byte length of the space that ends `s`, or 0.
size_t TrailingSpaceLength(std::string_view s) {
  if (s.ends_with(' ') || s.ends_with('\t')) {
    return 1;
  }
  for (std::string_view space : {kNoBreakSpace, kNarrowNoBreak}) {
    if (s.ends_with(space)) {
      return space.size();
    }
  }
  return 0;
}

std::string_view TrimSpaces(std::string_view s) {
  while (size_t n = SpaceLength(s)) {
    s.remove_prefix(n);
  }
  while (size_t n = TrailingSpaceLength(s)) {
    s.remove_suffix(n);
  }
  return s;
}

// Takes a currency named at either end of `text` ("zł", or a three-letter code standing apart
// from other letters) off `text`. Errors: kInvalidArgument (field "currency") for an unknown code.
Result<std::optional<Currency>> TakeCurrency(std::string_view& text) {
  if (text.ends_with(kZloty)) {
    text.remove_suffix(kZloty.size());
    return std::optional<Currency>(Currency::Pln());
  }
  if (text.size() < 3) {
    return std::optional<Currency>();
  }
  const std::string_view suffix = text.substr(text.size() - 3);
  const bool suffix_is_code = IsUpper(suffix[0]) && IsUpper(suffix[1]) && IsUpper(suffix[2]) &&
                              (text.size() == 3 || !IsAlpha(text[text.size() - 4]));
  const std::string_view prefix = text.substr(0, 3);
  const bool prefix_is_code = IsUpper(prefix[0]) && IsUpper(prefix[1]) && IsUpper(prefix[2]) &&
                              (text.size() == 3 || !IsAlpha(text[3]));
  if (suffix_is_code) {
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(suffix));
    text.remove_suffix(3);
    return std::optional<Currency>(currency);
  }
  if (prefix_is_code) {
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(prefix));
    text.remove_prefix(3);
    return std::optional<Currency>(currency);
  }
  return std::optional<Currency>();
}

Result<int64_t> PowerOfTen(int exponent) {
  int64_t value = 1;
  for (int step = 0; step < exponent; ++step) {
    if (__builtin_mul_overflow(value, 10, &value)) {
      return OutOfRange();
    }
  }
  return value;
}

// `m` as digits with `decimal_point`, and `thousands` between groups when it is not empty.
std::string FormatAmount(const Money& m, char decimal_point, std::string_view thousands) {
  // Unsigned, so that the most negative amount has a magnitude too.
  const uint64_t magnitude =
      m.minor < 0 ? uint64_t{0} - static_cast<uint64_t>(m.minor) : static_cast<uint64_t>(m.minor);
  uint64_t scale = 1;
  for (int step = 0; step < m.currency.minor_digits(); ++step) {
    scale *= 10;
  }
  const std::string whole = std::to_string(magnitude / scale);

  std::string out;
  if (m.minor < 0) {
    out += '-';
  }
  for (size_t digit_idx = 0; digit_idx < whole.size(); ++digit_idx) {
    if (digit_idx > 0 && (whole.size() - digit_idx) % 3 == 0) {
      out += thousands;
    }
    out += whole[digit_idx];
  }
  if (m.currency.minor_digits() > 0) {
    std::string fraction = std::to_string(magnitude % scale);
    out += decimal_point;
    out.append(static_cast<size_t>(m.currency.minor_digits()) - fraction.size(), '0');
    out += fraction;
  }
  return out;
}

}  // namespace

Currency::Currency(std::string_view code, int minor_digits) : minor_digits_(minor_digits) {
  OMNI_CHECK(code.size() == 3, "only built from the kCurrencies table");
  code.copy(code_, 3);
}

Result<Currency> Currency::Parse(std::string_view code) {
  for (const CurrencyInfo& info : kCurrencies) {
    if (info.code == code) {
      return Currency(info.code, info.minor_digits);
    }
  }
  return Error::InvalidArgument("currency", "must be a known ISO 4217 code like PLN");
}

Currency Currency::Pln() { return Currency("PLN", 2); }

Result<Money> Add(const Money& a, const Money& b) {
  if (a.currency != b.currency) {
    return Error::InvalidArgument("currency", "must be the same for both amounts");
  }
  Money sum{.minor = 0, .currency = a.currency};
  if (__builtin_add_overflow(a.minor, b.minor, &sum.minor)) {
    return OutOfRange();
  }
  return sum;
}

Result<Money> Subtract(const Money& a, const Money& b) {
  if (a.currency != b.currency) {
    return Error::InvalidArgument("currency", "must be the same for both amounts");
  }
  Money difference{.minor = 0, .currency = a.currency};
  if (__builtin_sub_overflow(a.minor, b.minor, &difference.minor)) {
    return OutOfRange();
  }
  return difference;
}

Result<Money> Multiply(const Money& a, int64_t factor) {
  Money product{.minor = 0, .currency = a.currency};
  if (__builtin_mul_overflow(a.minor, factor, &product.minor)) {
    return OutOfRange();
  }
  return product;
}

Result<Money> ParseMoney(std::string_view text, Currency default_currency) {
  text = TrimSpaces(text);
  OMNI_ASSIGN_OR_RETURN(std::optional<Currency> named, TakeCurrency(text));
  const Currency currency = named.value_or(default_currency);
  text = TrimSpaces(text);

  const bool negative = text.starts_with('-');
  if (negative) {
    text.remove_prefix(1);
  }

  // Whole units, with optional thousands separators: a first group of 1-3 digits, then groups
  // of exactly 3, so "1 2" or "12 34" is refused rather than guessed at.
  int64_t whole = 0;
  size_t group_digits = 0;
  bool grouped = false;
  size_t pos = 0;
  while (pos < text.size()) {
    if (IsDigit(text[pos])) {
      if (__builtin_mul_overflow(whole, 10, &whole) ||
          __builtin_add_overflow(whole, text[pos] - '0', &whole)) {
        return OutOfRange();
      }
      ++group_digits;
      ++pos;
      continue;
    }
    const size_t space = SpaceLength(text.substr(pos));
    if (space == 0) {
      break;
    }
    if (group_digits == 0 || group_digits > 3 || (grouped && group_digits != 3)) {
      return NotAnAmount();
    }
    grouped = true;
    group_digits = 0;
    pos += space;
  }
  if (group_digits == 0 || (grouped && group_digits != 3)) {
    return NotAnAmount();
  }

  int64_t fraction = 0;
  int fraction_digits = 0;
  if (pos < text.size() && (text[pos] == ',' || text[pos] == '.')) {
    ++pos;
    for (; pos < text.size() && IsDigit(text[pos]); ++pos) {
      if (++fraction_digits > currency.minor_digits()) {
        return Error::InvalidArgument("amount", "has more decimal places than " +
                                                    std::string(currency.code()) + " allows (" +
                                                    std::to_string(currency.minor_digits()) + ")");
      }
      fraction = fraction * 10 + (text[pos] - '0');
    }
    if (fraction_digits == 0) {
      return NotAnAmount();
    }
  }
  if (pos != text.size()) {
    return NotAnAmount();
  }

  OMNI_ASSIGN_OR_RETURN(int64_t whole_scale, PowerOfTen(currency.minor_digits()));
  OMNI_ASSIGN_OR_RETURN(int64_t fraction_scale,
                        PowerOfTen(currency.minor_digits() - fraction_digits));
  int64_t minor = 0;
  if (__builtin_mul_overflow(whole, whole_scale, &minor) ||
      __builtin_add_overflow(minor, fraction * fraction_scale, &minor)) {
    return OutOfRange();
  }
  return Money{.minor = negative ? -minor : minor, .currency = currency};
}

std::string FormatDecimal(const Money& m) { return FormatAmount(m, '.', {}); }

std::string FormatPolish(const Money& m) {
  std::string out = FormatAmount(m, ',', kNoBreakSpace);
  out += ' ';
  if (m.currency == Currency::Pln()) {
    out += kZloty;
  } else {
    out += m.currency.code();
  }
  return out;
}

}  // namespace omnihub
