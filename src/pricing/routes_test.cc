#include "pricing/pricing.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "core/json.h"
#include "testing/db_test.h"
#include "testing/route_call.h"

namespace omnihub::pricing {
namespace {

using http::Role;

class OneProduct final : public ProductFacts {
 public:
  Result<std::optional<ProductInfo>> Find(storage::Tx&, std::string_view sku) override {
    if (sku != "BUT-42") {
      return std::optional<ProductInfo>();
    }
    return std::optional<ProductInfo>(ProductInfo{.sku = "BUT-42", .vat_rate = 23});
  }
};

using Reply = omnihub::test::RouteReply;

// The pricing routes on a real database, called in-process as the server would: match,
// authorise, handle, map errors.
class PricingRoutesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), pricing::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterRoutes(router_, db(), *service_);
  }
  Reply Call(http::Method method, std::string path, Role role, std::string body = "") {
    return omnihub::test::CallRoute(router_, method, path, omnihub::test::PrincipalFor(role),
                                    std::move(body));
  }

  FakeClock clock_;
  OneProduct products_;
  std::unique_ptr<PricingService> service_ = NewPricingService(clock_, products_);
  http::Router router_;
};

TEST_P(PricingRoutesTest, EveryRouteDeclaresSummaryRolesAndResponseSchema) {
  for (const http::Route& route : router_.routes()) {
    EXPECT_FALSE(route.spec.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.roles.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.response_schema.empty()) << route.pattern;
    EXPECT_TRUE(json::Parse(route.spec.response_schema).ok()) << route.pattern;
    if (!route.spec.request_schema.empty()) {
      EXPECT_TRUE(json::Parse(route.spec.request_schema).ok()) << route.pattern;
    }
  }
}

TEST_P(PricingRoutesTest, AdminsSetPricesAndEveryRoleQuotes) {
  using http::Method;
  EXPECT_EQ(
      Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kChannel, R"({"name":"x"})").status,
      403);
  Reply bad = Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kAdmin,
                   R"({"name":"Cennik","entries":[{"sku":"BUT-42","price":"299.999"}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Detail("field"), "entries[0].price");
  Reply floaty = Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kAdmin,
                      R"({"name":"Cennik","entries":[{"sku":"BUT-42","price":299.99}]})");
  EXPECT_EQ(floaty.status, 400);
  Reply euro = Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kAdmin,
                    R"({"name":"Cennik","currency":"ZZZ"})");
  EXPECT_EQ(euro.Detail("field"), "currency");
  Reply created = Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kAdmin,
                       R"({"name":"Cennik","entries":[{"sku":"BUT-42","price":"299.99"}]})");
  ASSERT_EQ(created.status, 201);
  EXPECT_EQ(*created.body.Find("entries")->AsArray()->at(0).Find("price")->Find("amount")->AsInt(),
            29999);
  for (Role role : http::AllRoles()) {
    Reply quote = Call(Method::kPost, "/api/v1/pricing/quote", role,
                       R"({"lines":[{"sku":"BUT-42","quantity":2}],"channel_id":"chn_web"})");
    ASSERT_EQ(quote.status, 200) << NameOf(role);
    EXPECT_EQ(*quote.body.Find("totals")->Find("gross")->Find("amount")->AsInt(), 59998);
  }
  Reply unknown = Call(Method::kPost, "/api/v1/pricing/quote", Role::kChannel,
                       R"({"lines":[{"sku":"BUT-42","quantity":1},{"sku":"X","quantity":1}]})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Detail("field"), "lines[1].sku");
  Reply zero = Call(Method::kPost, "/api/v1/pricing/quote", Role::kChannel,
                    R"({"lines":[{"sku":"BUT-42","quantity":0}]})");
  EXPECT_EQ(zero.status, 400);
  EXPECT_EQ(zero.Detail("field"), "lines[0].quantity");
}

TEST_P(PricingRoutesTest, AQuoteTakesAdjustmentsAndShowsEachDiscountsKind) {
  using http::Method;
  ASSERT_EQ(Call(Method::kPost, "/api/v1/pricing/price-lists", Role::kAdmin,
                 R"({"name":"Cennik","entries":[{"sku":"BUT-42","price":"299.99"}]})")
                .status,
            201);
  ASSERT_EQ(Call(Method::kPost, "/api/v1/pricing/promotions", Role::kAdmin,
                 R"({"name":"Wiosna","kind":"percent_off","percent":"20"})")
                .status,
            201);
  Reply quote = Call(Method::kPost, "/api/v1/pricing/quote", Role::kChannel,
                     R"({"lines":[{"sku":"BUT-42","quantity":1}],"channel_id":"chn_web",)"
                     R"("adjustments":[{"kind":"loyalty_points",)"
                     R"("amount":{"amount":500,"currency":"PLN"},"reason":"50 points"}]})");
  ASSERT_EQ(quote.status, 200);
  EXPECT_EQ(*quote.body.Find("totals")->Find("gross")->Find("amount")->AsInt(), 23999 - 500);
  const json::Array& discounts =
      *quote.body.Find("lines")->AsArray()->at(0).Find("discounts")->AsArray();
  ASSERT_EQ(discounts.size(), 2u);
  EXPECT_EQ(*discounts[0].Find("kind")->AsString(), "promotion");
  EXPECT_TRUE(discounts[0].Find("promotion_id")->AsString() != nullptr);
  EXPECT_EQ(*discounts[1].Find("kind")->AsString(), "loyalty_points");
  EXPECT_TRUE(discounts[1].Find("promotion_id")->is_null());
  EXPECT_EQ(*discounts[1].Find("amount")->Find("amount")->AsInt(), 500);
  EXPECT_EQ(*discounts[1].Find("reason")->AsString(), "50 points");
  Reply euro = Call(Method::kPost, "/api/v1/pricing/quote", Role::kChannel,
                    R"({"lines":[{"sku":"BUT-42","quantity":1}],"channel_id":"chn_web",)"
                    R"("adjustments":[{"kind":"loyalty_points",)"
                    R"("amount":{"amount":500,"currency":"EUR"}}]})");
  EXPECT_EQ(euro.status, 400);
  EXPECT_EQ(euro.Detail("field"), "adjustments[0].amount");
  Reply shapeless = Call(Method::kPost, "/api/v1/pricing/quote", Role::kChannel,
                         R"({"lines":[{"sku":"BUT-42","quantity":1}],"channel_id":"chn_web",)"
                         R"("adjustments":[{"kind":"loyalty_points","amount":"5.00"}]})");
  EXPECT_EQ(shapeless.status, 400);
  EXPECT_EQ(shapeless.Detail("field"), "adjustments[0].amount");
}

TEST_P(PricingRoutesTest, ASecondRedemptionByTheSameCustomerIs409) {
  using http::Method;
  Reply promo = Call(Method::kPost, "/api/v1/pricing/promotions", Role::kAdmin,
                     R"({"name":"Powitanie","kind":"percent_off","percent":"10"})");
  ASSERT_EQ(promo.status, 201);
  const std::string promo_id = *promo.body.Find("id")->AsString();
  Reply coupon = Call(Method::kPost, "/api/v1/pricing/coupons", Role::kAdmin,
                      R"({"code":"witaj","promotion_id":")" + promo_id + R"("})");
  ASSERT_EQ(coupon.status, 201);
  EXPECT_EQ(*coupon.body.Find("code")->AsString(), "WITAJ");
  const std::string redeem =
      R"({"customer_id":"cus_1","order_ref":"ord_1","channel_id":"chn_web"})";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/pricing/coupons/WITAJ/redemptions", Role::kChannel, redeem)
                .status,
            201);
  Reply again =
      Call(Method::kPost, "/api/v1/pricing/coupons/witaj/redemptions", Role::kChannel, redeem);
  EXPECT_EQ(again.status, 409);
  EXPECT_EQ(again.Code(), "conflict");
  EXPECT_EQ(*again.body.Find("error")->Find("details")->Find("reason")->AsString(), "already_used");
  EXPECT_EQ(*Call(Method::kGet, "/api/v1/pricing/coupons/WITAJ", Role::kAnalyst)
                 .body.Find("uses")
                 ->AsInt(),
            1);

  // Issue 12, finding 10: the body does not choose the channel whose coupons apply, and the
  // codes are not listed to tills, storefronts and agents.
  const std::string elsewhere =
      R"({"customer_id":"cus_2","order_ref":"ord_2","channel_id":"chn_app"})";
  EXPECT_EQ(Call(Method::kPost, "/api/v1/pricing/coupons/WITAJ/redemptions", Role::kChannel,
                 elsewhere)
                .status,
            403);
  EXPECT_EQ(Call(Method::kPost, "/api/v1/pricing/coupons/WITAJ/redemptions", Role::kAgent,
                 elsewhere)
                .status,
            403);
  for (Role role : {Role::kChannel, Role::kAgent, Role::kStoreAssociate}) {
    EXPECT_EQ(Call(Method::kGet, "/api/v1/pricing/coupons", role).status, 403) << NameOf(role);
  }
  EXPECT_EQ(Call(Method::kGet, "/api/v1/pricing/coupons", Role::kAdmin).status, 200);
}

OMNI_INSTANTIATE_BACKENDS(PricingRoutesTest);

}  // namespace
}  // namespace omnihub::pricing
