#include "core/card_number.h"

#include <gtest/gtest.h>

namespace omnihub {
namespace {

TEST(CardNumberTest, TestCardNumbersOfEveryNetworkAreFound) {
  for (const char* card :
       {"4111111111111111", "4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005",
        "6011111111111117", "2223003122003222", "note: pay with 4012888888881881 please"}) {
    EXPECT_TRUE(ContainsCardNumber(card)) << card;
  }
}

TEST(CardNumberTest, BarcodesPhonesAndFailedChecksAreNot) {
  for (const char* other : {"5900012345005",     // EAN-13
                            "05900012345005",    // GTIN-14
                            "+48 600 100 200",   // a phone
                            "4111111111111112",  // Luhn fails
                            "9111111111111119",  // no network starts with 9
                            "1234 5678", "ord-2026-000123", ""}) {
    EXPECT_FALSE(ContainsCardNumber(other)) << other;
  }
}

TEST(CardNumberTest, TheFieldHoldingOneIsNamed) {
  Result<json::Value> body = json::Parse(
      R"({"customer":"cus_1","lines":[{"sku":"A"},{"comment":"card 4111 1111 1111 1111"}]})");
  ASSERT_TRUE(body.ok());
  EXPECT_EQ(FindCardNumber(*body), "lines[1].comment");
  EXPECT_EQ(FindCardNumber(*json::Parse(R"({"gtin":"5900012345005"})")), std::nullopt);
}

}  // namespace
}  // namespace omnihub
