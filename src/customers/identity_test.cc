#include "customers/customers.h"

#include <gtest/gtest.h>

#include "customers/identity.h"

namespace omnihub::customers {
namespace {

std::string Normal(IdentifierType type, std::string value, std::string ns = "") {
  Result<Identifier> id = Normalize({.type = type, .value = std::move(value), .ns = std::move(ns)});
  return id.ok() ? id->value : "<" + id.error().message + ">";
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field == nullptr ? "" : std::get<std::string>(*field);
}

TEST(NormalizeTest, EmailsAreTrimmedAndLowerCased) {
  EXPECT_EQ(Normal(IdentifierType::kEmail, "  Jan.Kowalski@Example.PL \n"),
            "jan.kowalski@example.pl");
  for (const char* bad : {"jan", "@example.pl", "jan@", "jan@@example.pl", "jan@example",
                          "jan kowalski@example.pl", ""}) {
    Result<Identifier> id =
        Normalize({.type = IdentifierType::kEmail, .value = bad}, "PL", "identifiers[0].value");
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(id.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(id.error()), "identifiers[0].value");
  }
}

TEST(NormalizeTest, PhonesBecomeE164) {
  EXPECT_EQ(Normal(IdentifierType::kPhone, "600 100 200"), "+48600100200");
  EXPECT_EQ(Normal(IdentifierType::kPhone, "+48 600-100-200"), "+48600100200");
  EXPECT_EQ(Normal(IdentifierType::kPhone, "0048600100200"), "+48600100200");
  EXPECT_EQ(Normal(IdentifierType::kPhone, "+44 20 7946 0958"), "+442079460958");
  Result<Identifier> london =
      Normalize({.type = IdentifierType::kPhone, .value = "020 7946 0958"}, "GB");
  ASSERT_TRUE(london.ok());
  EXPECT_EQ(london->value, "+442079460958");
  for (const char* bad : {"garbage", "123", "+48 600", "", "600 100 200 300 400 500"}) {
    Result<Identifier> id = Normalize({.type = IdentifierType::kPhone, .value = bad});
    ASSERT_FALSE(id.ok()) << bad;
    EXPECT_EQ(FieldOf(id.error()), "value");
  }
}

TEST(NormalizeTest, OtherIdentifiersAreTrimmedAndBounded) {
  EXPECT_EQ(Normal(IdentifierType::kLoyaltyCard, "  CARD-001 "), "CARD-001");
  EXPECT_EQ(Normal(IdentifierType::kUserId, "u-42"), "u-42");
  EXPECT_EQ(Normal(IdentifierType::kSocial, " @Jan.K ", "Instagram"), "jan.k");
  EXPECT_FALSE(Normalize({.type = IdentifierType::kUserId, .value = "   "}).ok());
  EXPECT_FALSE(Normalize({.type = IdentifierType::kUserId, .value = std::string(257, 'x')}).ok());
  EXPECT_TRUE(Normalize({.type = IdentifierType::kUserId, .value = std::string(256, 'x')}).ok());
  EXPECT_FALSE(Normalize({.type = IdentifierType::kUserId, .value = "a\x01"}).ok());
}

TEST(NormalizeTest, NamespacesBelongToSocialAndExternalOnly) {
  Result<Identifier> social =
      Normalize({.type = IdentifierType::kSocial, .value = "jan"}, "PL", "identifiers[2].value");
  ASSERT_FALSE(social.ok());
  EXPECT_EQ(FieldOf(social.error()), "identifiers[2].namespace");
  Result<Identifier> external =
      Normalize({.type = IdentifierType::kExternal, .value = "C-1", .ns = " Shopify "});
  ASSERT_TRUE(external.ok());
  EXPECT_EQ(external->ns, "shopify");
  EXPECT_EQ(external->value, "C-1");
  EXPECT_FALSE(Normalize({.type = IdentifierType::kEmail, .value = "a@b.pl", .ns = "x"}).ok());
}

TEST(NormalizeTest, TypeNamesRoundTrip) {
  for (IdentifierType type :
       {IdentifierType::kUserId, IdentifierType::kAnonymousId, IdentifierType::kEmail,
        IdentifierType::kPhone, IdentifierType::kLoyaltyCard, IdentifierType::kCustomerNumber,
        IdentifierType::kSocial, IdentifierType::kExternal, IdentifierType::kPreviousId}) {
    Result<IdentifierType> parsed = ParseEnum<IdentifierType>(NameOf(type), "type");
    ASSERT_TRUE(parsed.ok());
    EXPECT_EQ(*parsed, type);
  }
  Result<IdentifierType> bad = ParseEnum<IdentifierType>("fax", "identifiers[0].type");
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(FieldOf(bad.error()), "identifiers[0].type");
}

TEST(SearchTermsTest, PhonesAreFoundByAnyUsualPrefix) {
  std::vector<std::string> terms =
      SearchTermsOf({.type = IdentifierType::kPhone, .value = "+48600100200"});
  EXPECT_EQ(terms, (std::vector<std::string>{"+48600100200", "48600100200", "600100200"}));
  EXPECT_EQ(SearchPrefix(" 600 100 "), "600100");
  EXPECT_EQ(SearchPrefix("+48 (600) 100-200"), "+48600100200");
  EXPECT_EQ(SearchPrefix("Kowal"), "kowal");
  EXPECT_EQ(NameTerms(" Jan  Maria Kowalski "),
            (std::vector<std::string>{"jan", "maria", "kowalski", "jan  maria kowalski"}));
}

}  // namespace
}  // namespace omnihub::customers
