#include "core/money.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <cstdint>
#include <limits>
#include <string>

namespace omnihub {
namespace {

constexpr int64_t kMaxMinor = std::numeric_limits<int64_t>::max();
constexpr int64_t kMinMinor = std::numeric_limits<int64_t>::min();
const std::string kNbsp = "\xC2\xA0";  // U+00A0, Polish thousands separator

Currency Code(std::string_view code) {
  Result<Currency> currency = Currency::Parse(code);
  EXPECT_TRUE(currency.ok()) << code;
  return currency.ok() ? *currency : Currency::Pln();
}

Money Pln(int64_t minor) { return Money{.minor = minor, .currency = Currency::Pln()}; }
Money In(std::string_view code, int64_t minor) {
  return Money{.minor = minor, .currency = Code(code)};
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr && std::holds_alternative<std::string>(*field)
             ? std::get<std::string>(*field)
             : std::string();
}

// The field an invalid argument names, or "ok" when `result` holds a value.
template <typename T>
std::string RejectedField(const Result<T>& result) {
  if (result.ok()) {
    return "ok";
  }
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  return FieldOf(result.error());
}

Money MustParse(std::string_view text, Currency default_currency = Currency::Pln()) {
  Result<Money> money = ParseMoney(text, default_currency);
  EXPECT_TRUE(money.ok()) << text << ": " << (money.ok() ? "" : money.error().message);
  return money.ok() ? *money : Money{};
}

TEST(CurrencyTest, KnowsMinorDigitsOfIso4217) {
  for (const char* code : {"PLN", "EUR", "USD", "GBP", "CHF", "CZK", "HUF", "SEK", "NOK", "DKK"}) {
    EXPECT_EQ(Code(code).minor_digits(), 2) << code;
    EXPECT_EQ(Code(code).code(), code);
  }
  EXPECT_EQ(Code("JPY").minor_digits(), 0);
  EXPECT_EQ(Code("KWD").minor_digits(), 3);
  EXPECT_EQ(Currency::Pln(), Code("PLN"));
  EXPECT_NE(Currency::Pln(), Code("EUR"));
}

TEST(CurrencyTest, RejectsUnknownCodesNamingTheCurrencyField) {
  for (const char* code : {"XYZ", "", "PL", "PLNX", "pln", "zł"}) {
    EXPECT_EQ(RejectedField(Currency::Parse(code)), "currency") << code;
  }
}

TEST(ParseMoneyTest, ReadsTheWaysPolishShopsWritePrices) {
  EXPECT_EQ(MustParse("129,99 zł"), Pln(12999));
  EXPECT_EQ(MustParse("129.99"), Pln(12999));
  EXPECT_EQ(MustParse("1 299,99 zł"), Pln(129999));
  EXPECT_EQ(MustParse("1" + kNbsp + "299,99" + kNbsp + "zł"), Pln(129999));
  EXPECT_EQ(MustParse("12 345 678,90 zł"), Pln(1234567890));
  EXPECT_EQ(MustParse("129.99 PLN"), Pln(12999));
  EXPECT_EQ(MustParse("PLN 129.99"), Pln(12999));
  EXPECT_EQ(MustParse("129,99zł"), Pln(12999));
  EXPECT_EQ(MustParse("  129,99 zł  "), Pln(12999));
}

TEST(ParseMoneyTest, ReadsSignsWholeUnitsAndShortFractions) {
  EXPECT_EQ(MustParse("-5"), Pln(-500));
  EXPECT_EQ(MustParse("0,5"), Pln(50));
  EXPECT_EQ(MustParse("0"), Pln(0));
  EXPECT_EQ(MustParse("-0,01 zł"), Pln(-1));
  EXPECT_EQ(MustParse("PLN -5"), Pln(-500));
}

TEST(ParseMoneyTest, ACurrencyInTheTextWinsOverTheDefault) {
  EXPECT_EQ(MustParse("129.99 EUR"), In("EUR", 12999));
  EXPECT_EQ(MustParse("5", Code("EUR")), In("EUR", 500));
  EXPECT_EQ(MustParse("5 zł", Code("EUR")), Pln(500));
}

TEST(ParseMoneyTest, UsesTheDigitsOfTheCurrency) {
  EXPECT_EQ(MustParse("1500 JPY"), In("JPY", 1500));
  EXPECT_EQ(MustParse("1,234 KWD"), In("KWD", 1234));
  EXPECT_EQ(MustParse("1,2 KWD"), In("KWD", 1200));
  EXPECT_EQ(RejectedField(ParseMoney("1500,5 JPY")), "amount");
  EXPECT_EQ(RejectedField(ParseMoney("1500.0", Code("JPY"))), "amount");
}

TEST(ParseMoneyTest, RejectsMoreDecimalsThanTheCurrencyHas) {
  Result<Money> three = ParseMoney("129,999 zł");
  EXPECT_EQ(RejectedField(three), "amount");
  EXPECT_EQ(RejectedField(ParseMoney("0.001")), "amount");
  // A trailing zero is still a third decimal: the input claims a precision PLN does not have.
  EXPECT_EQ(RejectedField(ParseMoney("129.990")), "amount");
  // "1,299" is not read as English thousands: PLN has only two decimals.
  EXPECT_EQ(RejectedField(ParseMoney("1,299 zł")), "amount");
}

TEST(ParseMoneyTest, RejectsTextWithoutAnAmount) {
  for (const char* text :
       {"",          "   ",  "zł",    "PLN",      "-",        "abc",    "garbage",
        "12abc",     "5.",   ",5",    "--5",      "+-5",      "5-",     "1.2.3",
        "12,34,56",  "1 2",  "12 34", "1234 567", "1 234 56", "1  234", "5 zł zł",
        "PLN 5 PLN", "0x10", "1e3",   "5 pln"}) {
    EXPECT_EQ(RejectedField(ParseMoney(text)), "amount") << "\"" << text << "\"";
  }
}

TEST(ParseMoneyTest, RejectsUnknownCurrencyCodesNamingTheCurrencyField) {
  EXPECT_EQ(RejectedField(ParseMoney("129.99 XYZ")), "currency");
  EXPECT_EQ(RejectedField(ParseMoney("ABC 5")), "currency");
}

TEST(ParseMoneyTest, RejectsAmountsBeyondInt64) {
  EXPECT_EQ(MustParse("92233720368547758.07"), Pln(kMaxMinor));
  EXPECT_EQ(MustParse("-92233720368547758.07"), Pln(-kMaxMinor));
  EXPECT_EQ(RejectedField(ParseMoney("92233720368547758.08")), "amount");
  EXPECT_EQ(RejectedField(ParseMoney("92233720368547759")), "amount");
  EXPECT_EQ(RejectedField(ParseMoney("99999999999999999999")), "amount");
  EXPECT_EQ(RejectedField(ParseMoney("9223372036854775808 JPY")), "amount");
  EXPECT_EQ(MustParse("9223372036854775807 JPY"), In("JPY", kMaxMinor));
}

TEST(FormatDecimalTest, WritesPlainDecimalsWithTheCurrencysDigits) {
  EXPECT_EQ(FormatDecimal(Pln(12999)), "129.99");
  EXPECT_EQ(FormatDecimal(Pln(123456789)), "1234567.89");
  EXPECT_EQ(FormatDecimal(Pln(5)), "0.05");
  EXPECT_EQ(FormatDecimal(Pln(-5)), "-0.05");
  EXPECT_EQ(FormatDecimal(Pln(0)), "0.00");
  EXPECT_EQ(FormatDecimal(In("JPY", 1500)), "1500");
  EXPECT_EQ(FormatDecimal(In("KWD", 1234)), "1.234");
  EXPECT_EQ(FormatDecimal(In("KWD", 7)), "0.007");
  EXPECT_EQ(FormatDecimal(Pln(kMinMinor)), "-92233720368547758.08");
  EXPECT_EQ(FormatDecimal(Pln(kMaxMinor)), "92233720368547758.07");
}

TEST(FormatPolishTest, GroupsThousandsWithNoBreakSpacesAndUsesAComma) {
  EXPECT_EQ(FormatPolish(Pln(12999)), "129,99 zł");
  EXPECT_EQ(FormatPolish(Pln(99999)), "999,99 zł");
  EXPECT_EQ(FormatPolish(Pln(129999)), "1" + kNbsp + "299,99 zł");
  EXPECT_EQ(FormatPolish(Pln(123456789)), "1" + kNbsp + "234" + kNbsp + "567,89 zł");
  EXPECT_EQ(FormatPolish(Pln(-129999)), "-1" + kNbsp + "299,99 zł");
  EXPECT_EQ(FormatPolish(Pln(0)), "0,00 zł");
}

TEST(FormatPolishTest, NamesOtherCurrenciesByCode) {
  EXPECT_EQ(FormatPolish(In("EUR", 100000000)), "1" + kNbsp + "000" + kNbsp + "000,00 EUR");
  EXPECT_EQ(FormatPolish(In("JPY", 1500)), "1" + kNbsp + "500 JPY");
  EXPECT_EQ(FormatPolish(In("KWD", 1234)), "1,234 KWD");
}

TEST(FormatPolishTest, ParsesBackToTheSameMoney) {
  for (const Money& m : {Pln(0), Pln(1), Pln(-1), Pln(12999), Pln(129999), Pln(kMaxMinor),
                         Pln(-kMaxMinor), In("EUR", 100000000), In("JPY", 1500), In("KWD", 1234)}) {
    EXPECT_EQ(MustParse(FormatPolish(m)), m) << FormatPolish(m);
    EXPECT_EQ(MustParse(FormatDecimal(m), m.currency), m) << FormatDecimal(m);
  }
}

TEST(MoneyArithmeticTest, AddsSubtractsAndMultiplies) {
  EXPECT_EQ(*Add(Pln(12999), Pln(1)), Pln(13000));
  EXPECT_EQ(*Subtract(Pln(500), Pln(1299)), Pln(-799));
  EXPECT_EQ(*Multiply(Pln(12999), 3), Pln(38997));
  EXPECT_EQ(*Multiply(Pln(12999), 0), Pln(0));
  EXPECT_EQ(*Multiply(In("EUR", 250), -2), In("EUR", -500));
}

TEST(MoneyArithmeticTest, RefusesToMixCurrencies) {
  EXPECT_EQ(RejectedField(Add(Pln(100), In("EUR", 100))), "currency");
  EXPECT_EQ(RejectedField(Subtract(Pln(100), In("EUR", 100))), "currency");
}

TEST(MoneyArithmeticTest, ReportsOverflowInsteadOfWrapping) {
  EXPECT_EQ(*Add(Pln(kMaxMinor - 1), Pln(1)), Pln(kMaxMinor));
  EXPECT_EQ(RejectedField(Add(Pln(kMaxMinor), Pln(1))), "amount");
  EXPECT_EQ(RejectedField(Add(Pln(kMinMinor), Pln(-1))), "amount");
  EXPECT_EQ(RejectedField(Subtract(Pln(kMinMinor), Pln(1))), "amount");
  EXPECT_EQ(RejectedField(Subtract(Pln(0), Pln(kMinMinor))), "amount");
  EXPECT_EQ(RejectedField(Multiply(Pln(kMaxMinor / 2 + 1), 2)), "amount");
  EXPECT_EQ(RejectedField(Multiply(Pln(kMinMinor), -1)), "amount");
}

}  // namespace
}  // namespace omnihub
