#include "loyalty/loyalty.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "core/json.h"
#include "http/response.h"
#include "testing/db_test.h"
#include "testing/route_call.h"

namespace omnihub::loyalty {
namespace {

using http::Role;

constexpr std::string_view kAnna = "cus_01JDEM0000ANNA000000000000";

using Reply = omnihub::test::RouteReply;

// The loyalty routes on a real database, called in-process as the server would: match,
// authorise, handle, map errors.
class LoyaltyRoutesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), loyalty::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterRoutes(router_, db(), *service_);
  }
  Reply Call(http::Method method, std::string_view target, Role role, std::string body = "") {
    return omnihub::test::CallRoute(router_, method, target, omnihub::test::PrincipalFor(role),
                                    std::move(body));
  }
  std::string Customer(std::string_view rest = "") {
    return "/api/v1/loyalty/customers/" + std::string(kAnna) + std::string(rest);
  }

  FakeClock clock_;
  std::unique_ptr<LoyaltyService> service_ = NewLoyaltyService(clock_);
  http::Router router_;
};

TEST_P(LoyaltyRoutesTest, EveryRouteIsDescribed) {
  ASSERT_EQ(router_.routes().size(), 8u);
  for (const http::Route& route : router_.routes()) {
    EXPECT_FALSE(route.spec.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.roles.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.response_schema.empty()) << route.pattern;
    EXPECT_EQ(route.spec.tag, "loyalty") << route.pattern;
  }
}

TEST_P(LoyaltyRoutesTest, AdjustRedeemAndReadBack) {
  EXPECT_EQ(Call(http::Method::kPost, Customer("/adjustments"), Role::kAgent,
                 R"({"points":300,"reason":"welcome"})")
                .status,
            403);
  Reply adjusted = Call(http::Method::kPost, Customer("/adjustments"), Role::kAdmin,
                        R"({"points":300,"reason":"welcome"})");
  ASSERT_EQ(adjusted.status, 201);
  EXPECT_EQ(adjusted.body.Find("points")->AsInt(), 300);
  Reply quote = Call(http::Method::kGet, Customer("/redemption-quote?points=200"), Role::kChannel);
  ASSERT_EQ(quote.status, 200);
  EXPECT_EQ(quote.body.Find("discount")->Find("amount")->AsInt(), 2000);
  Reply above = Call(http::Method::kPost, Customer("/redemptions"), Role::kStoreAssociate,
                     R"({"points":301,"reference":"crt_1"})");
  EXPECT_EQ(above.status, 409);
  EXPECT_EQ(above.Code(), "conflict");
  EXPECT_EQ(Call(http::Method::kPost, Customer("/redemptions"), Role::kAnalyst, R"({"points":100})")
                .status,
            403);
  Reply redeemed = Call(http::Method::kPost, Customer("/redemptions"), Role::kStoreAssociate,
                        R"({"points":200,"reference":"crt_1"})");
  ASSERT_EQ(redeemed.status, 201);
  EXPECT_EQ(redeemed.body.Find("discount")->Find("amount")->AsInt(), 2000);
  Reply balance = Call(http::Method::kGet, Customer(), Role::kAnalyst);
  ASSERT_EQ(balance.status, 200);
  EXPECT_EQ(balance.body.Find("points")->AsInt(), 100);
  EXPECT_EQ(*balance.body.Find("tier")->Find("name")->AsString(), "Basic");
  Reply history = Call(http::Method::kGet, Customer("/history"), Role::kAgent);
  ASSERT_EQ(history.status, 200);
  EXPECT_EQ(history.body.Find("entries")->AsArray()->size(), 2u);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/loyalty/customers/nobody", Role::kAgent).Code(),
            "invalid_argument");
}

TEST_P(LoyaltyRoutesTest, OnlyAnAdminChangesTheProgramme) {
  Reply programme = Call(http::Method::kGet, "/api/v1/loyalty/programme", Role::kChannel);
  ASSERT_EQ(programme.status, 200);
  EXPECT_EQ(programme.body.Find("redeem_value_minor")->AsInt(), 1000);
  const std::string body =
      R"({"currency":"PLN","points_per_unit":2,"unit_minor":100,"tiers":[{"name":"Basic",)"
      R"("threshold":0,"multiplier_bp":10000}],"expiry_months":24,"tier_window_months":12,)"
      R"("redeem_points":100,"redeem_value_minor":500})";
  EXPECT_EQ(Call(http::Method::kPut, "/api/v1/loyalty/programme", Role::kAgent, body).status, 403);
  Reply put = Call(http::Method::kPut, "/api/v1/loyalty/programme", Role::kAdmin, body);
  ASSERT_EQ(put.status, 200);
  EXPECT_EQ(put.body.Find("expiry_months")->AsInt(), 24);
  EXPECT_EQ(put.body.Find("tiers")->AsArray()->size(), 1u);
}

TEST_P(LoyaltyRoutesTest, ActionsEarnUpToTheirLimit) {
  const std::string programme =
      R"({"currency":"PLN","points_per_unit":1,"unit_minor":100,"tiers":[{"name":"Basic",)"
      R"("threshold":0,"multiplier_bp":10000}],"expiry_months":12,"tier_window_months":12,)"
      R"("redeem_points":100,"redeem_value_minor":1000,"actions":[{"action":"product_review",)"
      R"("points":50,"max_per_customer":1}]})";
  Reply put = Call(http::Method::kPut, "/api/v1/loyalty/programme", Role::kAdmin, programme);
  ASSERT_EQ(put.status, 200);
  const json::Array* actions = put.body.Find("actions")->AsArray();
  ASSERT_EQ(actions->size(), 1u);
  EXPECT_EQ(*(*actions)[0].Find("action")->AsString(), "product_review");
  EXPECT_EQ((*actions)[0].Find("max_per_customer")->AsInt(), 1);
  Reply got = Call(http::Method::kGet, "/api/v1/loyalty/programme", Role::kAgent);
  ASSERT_EQ(got.status, 200);
  EXPECT_EQ((*got.body.Find("actions")->AsArray())[0].Find("points")->AsInt(), 50);

  const std::string review = R"({"action":"product_review","source_id":"rev_1"})";
  EXPECT_EQ(Call(http::Method::kPost, Customer("/actions"), Role::kAnalyst, review).status, 403);
  Reply earned = Call(http::Method::kPost, Customer("/actions"), Role::kChannel, review);
  ASSERT_EQ(earned.status, 201);
  EXPECT_EQ(*earned.body.Find("kind")->AsString(), "earn");
  EXPECT_EQ(earned.body.Find("points")->AsInt(), 50);
  EXPECT_EQ(*earned.body.Find("source_type")->AsString(), "product_review");
  EXPECT_EQ(*earned.body.Find("source_id")->AsString(), "rev_1");
  Reply again = Call(http::Method::kPost, Customer("/actions"), Role::kStoreAssociate, review);
  ASSERT_EQ(again.status, 201);  // a replay: the first entry
  EXPECT_EQ(*again.body.Find("id")->AsString(), *earned.body.Find("id")->AsString());
  Reply limit = Call(http::Method::kPost, Customer("/actions"), Role::kAgent,
                     R"({"action":"product_review","source_id":"rev_2",)"
                     R"("occurred_at":"2026-03-01T00:00:00Z"})");
  EXPECT_EQ(limit.status, 409);
  EXPECT_EQ(limit.Code(), "conflict");
  EXPECT_EQ(limit.Detail("reason"), "action_limit_reached");
  EXPECT_EQ(limit.body.Find("error")->Find("details")->Find("limit")->AsInt(), 1);
  Reply unknown = Call(http::Method::kPost, Customer("/actions"), Role::kAdmin,
                       R"({"action":"app_signup","source_id":"app_1"})");
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(unknown.Detail("action"), "app_signup");
  Reply bad_time = Call(http::Method::kPost, Customer("/actions"), Role::kAdmin,
                        R"({"action":"product_review","source_id":"rev_3","occurred_at":"soon"})");
  EXPECT_EQ(bad_time.Code(), "invalid_argument");
  Reply balance = Call(http::Method::kGet, Customer(), Role::kAgent);
  EXPECT_EQ(balance.body.Find("points")->AsInt(), 50);
}

}  // namespace

OMNI_INSTANTIATE_BACKENDS(LoyaltyRoutesTest);

}  // namespace omnihub::loyalty
