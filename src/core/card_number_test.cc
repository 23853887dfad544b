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

TEST(CardNumberTest, EverySeparatorBetweenGroupsIsSeen) {
  for (const char* card :
       {"4111.1111.1111.1111", "4111/1111/1111/1111", "4111_1111_1111_1111",
        "4111 / 1111 / 1111 / 1111", "4111  1111  1111  1111", "4111\t1111\t1111\t1111",
        "4111\u00a01111\u00a01111\u00a01111", "(4111) 1111-1111.1111"}) {
    EXPECT_TRUE(ContainsCardNumber(card)) << card;
  }
  // Letters end a run: an IBAN's digits are never read as a card number.
  EXPECT_FALSE(ContainsCardNumber("PL61 1090 1014 0000 0712 1981 2874"));
  EXPECT_FALSE(ContainsCardNumber("4111 1111 x 1111 1111"));
}

TEST(CardNumberTest, ANumberSentUnquotedIsSeenToo) {
  EXPECT_EQ(FindCardNumber(*json::Parse(R"({"properties":{"cc":4111111111111111}})")),
            "properties.cc");
  EXPECT_EQ(FindCardNumber(*json::Parse(R"({"items":[1,2,6011111111111117]})")), "items[2]");
  EXPECT_EQ(FindCardNumber(*json::Parse(R"({"amount":4111111111111112,"qty":3,"price":41.5})")),
            std::nullopt);
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
