// Points for actions rather than money: the programme's action rules, flat points once per
// source, at most max_per_customer times, and one customer's source never another's.
#include <gtest/gtest.h>

#include "loyalty/test_fixture.h"

namespace omnihub::loyalty {
namespace {

using test::kAnna;
using test::kBart;
using test::LoyaltyTest;

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field == nullptr ? "" : std::get<std::string>(*field);
}

TEST_P(LoyaltyTest, ActionRulesRoundTripWithTheProgramme) {
  EXPECT_TRUE(db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); })
                  ->actions.empty());  // seeded with none
  ASSERT_OK(SetActions({{.action = "product_review", .points = 50, .max_per_customer = 3},
                        {.action = "app_signup", .points = 200}}));
  Programme p = db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); }).value();
  ASSERT_EQ(p.actions.size(), 2u);
  EXPECT_EQ(p.actions[0].action, "product_review");
  EXPECT_EQ(p.actions[0].points, 50);
  EXPECT_EQ(p.actions[0].max_per_customer, 3);
  EXPECT_EQ(p.actions[1].action, "app_signup");
  EXPECT_EQ(p.actions[1].max_per_customer, 0);
  std::vector<changes::StoredChange> updated = Changes(events::kProgrammeUpdated.name);
  ASSERT_EQ(updated.size(), 1u);
  EXPECT_NE(updated[0].payload_json.find(
                R"("actions":[{"action":"product_review","points":50,"max_per_customer":3})"),
            std::string::npos);
  ASSERT_OK(SetActions({}));
  EXPECT_TRUE(
      db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); })->actions.empty());
}

// Finding 10 of issue 12: a replay is keyed by its customer too, so another customer naming
// the same source_id is refused and never shown the first customer's entry.
TEST_P(LoyaltyTest, AnotherCustomersSourceIdIsRefusedNotReplayed) {
  ASSERT_OK(SetActions({{.action = "product_review", .points = 50}}));
  Result<Entry> anna = EarnForAction("product_review", "review-7", kAnna);
  ASSERT_OK(anna);
  Result<Entry> again = EarnForAction("product_review", "review-7", kAnna);
  ASSERT_OK(again);
  EXPECT_EQ(again->id, anna->id);  // her own replay: the same entry
  Result<Entry> bart = EarnForAction("product_review", "review-7", kBart);
  ASSERT_FALSE(bart.ok());
  EXPECT_EQ(bart.error().code, ErrorCode::kConflict);
  EXPECT_EQ(omnihub::test::DetailText(bart.error(), "reason"), "source_id_taken");
}

TEST_P(LoyaltyTest, ActionRulesAreValidated) {
  auto field_of = [&](std::vector<ActionRule> actions) {
    Result<Programme> set = SetActions(std::move(actions));
    EXPECT_FALSE(set.ok());
    if (set.ok()) {
      return std::string();
    }
    EXPECT_EQ(set.error().code, ErrorCode::kInvalidArgument);
    return FieldOf(set.error());
  };
  EXPECT_EQ(field_of({{.action = "Product-Review", .points = 5}}), "actions[0].action");
  EXPECT_EQ(field_of({{.action = "", .points = 5}}), "actions[0].action");
  EXPECT_EQ(field_of({{.action = std::string(41, 'a'), .points = 5}}), "actions[0].action");
  EXPECT_EQ(field_of({{.action = "order", .points = 5}}), "actions[0].action");
  EXPECT_EQ(
      field_of({{.action = "app_signup", .points = 5}, {.action = "app_signup", .points = 9}}),
      "actions[1].action");  // an action twice
  EXPECT_EQ(field_of({{.action = "app_signup", .points = 0}}), "actions[0].points");
  EXPECT_EQ(field_of({{.action = "app_signup", .points = kMaxPoints + 1}}), "actions[0].points");
  EXPECT_EQ(field_of({{.action = "app_signup", .points = 5, .max_per_customer = -1}}),
            "actions[0].max_per_customer");
  EXPECT_TRUE(
      db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); })->actions.empty());

  ASSERT_OK(SetActions({{.action = "product_review", .points = 50}}));
  auto code = [](const Result<Entry>& result) {
    return result.ok() ? ErrorCode::kInternal : result.error().code;
  };
  EXPECT_EQ(code(EarnForAction("product_review", "rev_1", "someone")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(EarnForAction("Product Review", "rev_1").error()), "action");
  EXPECT_EQ(FieldOf(EarnForAction("product_review", "").error()), "source_id");
  EXPECT_EQ(FieldOf(EarnForAction("product_review", std::string(201, 'x')).error()), "source_id");
  EXPECT_EQ(LedgerRows(), 0);
}

TEST_P(LoyaltyTest, EarningForAnActionAddsFlatPointsOncePerSource) {
  ASSERT_OK(SetActions(
      {{.action = "product_review", .points = 50}, {.action = "app_signup", .points = 1000}}));
  Result<Entry> review = EarnForAction("product_review", "rev_1");
  ASSERT_OK(review);
  EXPECT_EQ(review->kind, EntryKind::kEarn);
  EXPECT_EQ(review->points, 50);
  EXPECT_EQ(review->source_type, "product_review");
  EXPECT_EQ(review->source_id, "rev_1");
  EXPECT_FALSE(review->amount.has_value());
  ASSERT_TRUE(review->expires_at.has_value());
  EXPECT_EQ(*review->expires_at, AddMonths(clock_.Now(), 12));
  Result<Entry> replay = EarnForAction("product_review", "rev_1");
  ASSERT_OK(replay);
  EXPECT_EQ(replay->id, review->id);
  EXPECT_EQ(BalanceOf().points, 50);
  EXPECT_EQ(LedgerRows(), 1);
  std::vector<changes::StoredChange> earned = Changes(events::kPointsEarned.name);
  ASSERT_EQ(earned.size(), 1u);
  EXPECT_EQ(earned[0].customer_id, kAnna);
  EXPECT_NE(earned[0].payload_json.find(R"("source_type":"product_review")"), std::string::npos);

  // Counts toward tiers like an earn, but is never multiplied by the tier.
  ASSERT_OK(EarnForAction("app_signup", "cus_signup"));  // 1050: Silver
  Balance silver = BalanceOf();
  EXPECT_EQ(silver.tier.tier.name, "Silver");
  EXPECT_EQ(silver.tier.tier_points, 1050);
  EXPECT_EQ(Changes(events::kTierChanged.name).size(), 1u);
  Result<Entry> flat = EarnForAction("product_review", "rev_2");
  ASSERT_OK(flat);
  EXPECT_EQ(flat->points, 50);  // not 62 at Silver's ×1.25
  EXPECT_EQ(BalanceOf().points, 1100);

  // Expires expiry_months after it was earned.
  clock_.Advance(std::chrono::days(370));
  EXPECT_EQ(BalanceOf().points, 0);
}

TEST_P(LoyaltyTest, AnActionEarnsAtMostMaxPerCustomerTimes) {
  ASSERT_OK(SetActions({{.action = "product_review", .points = 50, .max_per_customer = 2}}));
  ASSERT_OK(EarnForAction("product_review", "rev_1"));
  ASSERT_OK(EarnForAction("product_review", "rev_2"));
  Result<Entry> third = EarnForAction("product_review", "rev_3");
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(third.error().code, ErrorCode::kConflict);
  ASSERT_NE(third.error().Detail("reason"), nullptr);
  EXPECT_EQ(std::get<std::string>(*third.error().Detail("reason")), "action_limit_reached");
  ASSERT_NE(third.error().Detail("limit"), nullptr);
  EXPECT_EQ(std::get<int64_t>(*third.error().Detail("limit")), 2);
  EXPECT_EQ(BalanceOf().points, 100);
  ASSERT_OK(EarnForAction("product_review", "rev_2"));         // a replay is no new earn
  ASSERT_OK(EarnForAction("product_review", "rev_3", kBart));  // the limit is per customer
  EXPECT_EQ(BalanceOf(kBart).points, 50);
  EXPECT_EQ(Changes(events::kPointsEarned.name).size(), 3u);
}

TEST_P(LoyaltyTest, AnActionWithoutARuleIsNotFound) {
  Result<Entry> unknown = EarnForAction("newsletter_signup", "nl_1");
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  ASSERT_NE(unknown.error().Detail("action"), nullptr);
  EXPECT_EQ(std::get<std::string>(*unknown.error().Detail("action")), "newsletter_signup");
  EXPECT_EQ(LedgerRows(), 0);
  EXPECT_TRUE(Changes(events::kPointsEarned.name).empty());
}

}  // namespace
}  // namespace omnihub::loyalty
// Instantiated for both backends in loyalty_test.cc (one instantiation per suite).
