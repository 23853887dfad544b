#include "loyalty/loyalty.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "loyalty/test_fixture.h"

namespace omnihub::loyalty {
namespace {

using test::kAnna;
using test::kBart;
using test::LoyaltyTest;
using test::Pln;


TEST_P(LoyaltyTest, EarnsOnePointPerZlotyInIntegerArithmetic) {
  Result<Entry> earned = Earn("ord_1", 12999);  // 129.99 zł → 129 points
  ASSERT_OK(earned);
  EXPECT_EQ(earned->points, 129);
  EXPECT_EQ(earned->kind, EntryKind::kEarn);
  Balance balance = BalanceOf();
  EXPECT_EQ(balance.points, 129);
  EXPECT_EQ(balance.value, Pln(1290));  // 100 points = 10.00 zł
  EXPECT_EQ(balance.tier.tier.name, "Basic");
  ASSERT_TRUE(balance.tier.next.has_value());
  EXPECT_EQ(balance.tier.next->name, "Silver");
  EXPECT_EQ(balance.tier.points_to_next, 1000 - 129);
  std::vector<changes::StoredChange> earned_changes = Changes(events::kPointsEarned.name);
  ASSERT_EQ(earned_changes.size(), 1u);
  EXPECT_EQ(earned_changes[0].customer_id, kAnna);
  EXPECT_NE(earned_changes[0].payload_json.find("\"balance\":129"), std::string::npos);
}

TEST_P(LoyaltyTest, MoneyArithmeticNeverRoundsUpNorOverflows) {
  Programme p;
  p.tiers = {{.name = "Basic", .threshold = 0, .multiplier_bp = 12500}};
  p.points_per_unit = 3;
  p.unit_minor = 1000;                                              // 3 points per 10.00 zł
  EXPECT_EQ(PointsFor(p, 333, 12500), 0);                           // below one point
  EXPECT_EQ(PointsFor(p, 3333, 12500), 11);                         // floor(9 * 1.25)
  EXPECT_EQ(PointsFor(p, kMaxAmountMinor, 10000), kMaxPoints + 1);  // refused by Earn
  p.redeem_points = 3;
  p.redeem_value_minor = 100;
  EXPECT_EQ(ValueOf(p, 1), Pln(33));  // floor(100 / 3)
  EXPECT_EQ(ValueOf(p, kMaxPoints), Pln(33'333'333'333));
  EXPECT_EQ(FormatRfc3339(AddMonths(FromUnixMicros(0) + std::chrono::days(30), 1)),
            "1970-02-28T00:00:00.000Z");  // 31 Jan + 1 month, clamped
}

TEST_P(LoyaltyTest, EarningTwiceForOneSourceEarnsOnce) {
  Result<Entry> first = Earn("ord_1", 50000);
  ASSERT_OK(first);
  Result<Entry> replay = Earn("ord_1", 50000);
  ASSERT_OK(replay);
  EXPECT_EQ(replay->id, first->id);
  // The same source for another customer earns nothing and shows nothing of Anna's entry.
  Result<Entry> other_customer = Earn("ord_1", 99900, kBart);
  ASSERT_FALSE(other_customer.ok());
  EXPECT_EQ(other_customer.error().code, ErrorCode::kConflict);
  EXPECT_EQ(BalanceOf().points, 500);
  EXPECT_EQ(BalanceOf(kBart).points, 0);
  EXPECT_EQ(Changes(events::kPointsEarned.name).size(), 1u);
}

TEST_P(LoyaltyTest, ReverseTakesBackOnceAndUnknownSourcesAreNothing) {
  ASSERT_OK(Earn("ord_1", 30000));
  ASSERT_OK(Earn("ord_2", 20000));
  Result<std::optional<Entry>> reversed = Reverse("ord_1");
  ASSERT_OK(reversed);
  ASSERT_TRUE(reversed->has_value());
  EXPECT_EQ((*reversed)->points, -300);
  Result<std::optional<Entry>> again = Reverse("ord_1");
  ASSERT_OK(again);
  EXPECT_EQ((*again)->id, (*reversed)->id);
  EXPECT_EQ(BalanceOf().points, 200);
  EXPECT_EQ(BalanceOf().tier.tier_points, 200);
  Result<std::optional<Entry>> unknown = Reverse("ord_404");
  ASSERT_OK(unknown);
  EXPECT_FALSE(unknown->has_value());
  EXPECT_EQ(Changes(events::kPointsReversed.name).size(), 1u);
  EXPECT_EQ(Changes(events::kPointsReversed.name)[0].customer_id, kAnna);
}

TEST_P(LoyaltyTest, ReverseAfterARedemptionNeverGoesBelowZero) {
  ASSERT_OK(Earn("ord_1", 50000));
  ASSERT_OK(Redeem(400));
  Result<std::optional<Entry>> reversed = Reverse("ord_1");
  ASSERT_OK(reversed);
  EXPECT_EQ((*reversed)->points, -100);
  EXPECT_EQ(BalanceOf().points, 0);
}

TEST_P(LoyaltyTest, CrossingAThresholdChangesTierAndMultiplier) {
  ASSERT_OK(Earn("ord_1", 90000));  // 900
  ASSERT_OK(Earn("ord_2", 20000));  // 200 → 1100: Silver
  EXPECT_EQ(BalanceOf().tier.tier.name, "Silver");
  std::vector<changes::StoredChange> tier = Changes(events::kTierChanged.name);
  ASSERT_EQ(tier.size(), 1u);
  EXPECT_EQ(tier[0].customer_id, kAnna);
  EXPECT_NE(tier[0].payload_json.find(R"("from":"Basic","to":"Silver")"), std::string::npos);
  Result<Entry> silver = Earn("ord_3", 10000);  // 100 × 1.25
  ASSERT_OK(silver);
  EXPECT_EQ(silver->points, 125);
  ASSERT_OK(Reverse("ord_1"));  // 1225 - 900 = 325: back to Basic
  EXPECT_EQ(BalanceOf().tier.tier.name, "Basic");
  EXPECT_EQ(Changes(events::kTierChanged.name).size(), 2u);
}

TEST_P(LoyaltyTest, PointsExpireTwelveMonthsAfterEarningLazilyAndBySweeper) {
  ASSERT_OK(Earn("ord_1", 10000));  // 100, expires in 12 months
  clock_.Advance(std::chrono::days(200));
  ASSERT_OK(Earn("ord_2", 5000));  // 50
  clock_.Advance(std::chrono::days(150));
  Balance soon = BalanceOf();
  EXPECT_EQ(soon.points, 150);
  EXPECT_EQ(soon.expiring_points, 100);   // within 30 days
  clock_.Advance(std::chrono::days(20));  // past the first expiry
  EXPECT_EQ(BalanceOf().points, 50);      // read: left out before any sweep
  Result<int64_t> swept =
      db().InTransaction([&](storage::Tx& tx) { return service_->ExpireDue(tx, clock_.Now()); });
  ASSERT_OK(swept);
  EXPECT_EQ(*swept, 1);
  std::vector<changes::StoredChange> expired = Changes(events::kPointsExpired.name);
  ASSERT_EQ(expired.size(), 1u);
  EXPECT_EQ(expired[0].customer_id, kAnna);
  swept =
      db().InTransaction([&](storage::Tx& tx) { return service_->ExpireDue(tx, clock_.Now()); });
  EXPECT_EQ(*swept, 0);
  clock_.Advance(std::chrono::days(200));  // the second expires too; a write expires it first
  ASSERT_OK(Earn("ord_3", 1000));
  EXPECT_EQ(BalanceOf().points, 10);
  EXPECT_EQ(Changes(events::kPointsExpired.name).size(), 2u);
}

TEST_P(LoyaltyTest, RedemptionAboveTheBalanceIsRefusedWithNothingChanged) {
  ASSERT_OK(Earn("ord_1", 25000));  // 250
  const int64_t rows = LedgerRows();
  const size_t changes_before = Changes(events::kPointsRedeemed.name).size();
  Result<Redemption> refused = Redeem(300, "crt_1");
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(refused.error().message, "points redemption above the balance");
  ASSERT_NE(refused.error().Detail("reason"), nullptr);
  EXPECT_EQ(std::get<std::string>(*refused.error().Detail("reason")), "points_above_balance");
  EXPECT_EQ(std::get<int64_t>(*refused.error().Detail("balance")), 250);
  EXPECT_EQ(BalanceOf().points, 250);
  EXPECT_EQ(LedgerRows(), rows);
  EXPECT_EQ(Changes(events::kPointsRedeemed.name).size(), changes_before);
  Result<Money> quote =
      db().Read([&](storage::Tx& tx) { return service_->RedeemQuote(tx, kAnna, 300); });
  EXPECT_FALSE(quote.ok());
}

TEST_P(LoyaltyTest, RedeemSpendsPointsForADiscountOncePerReference) {
  ASSERT_OK(Earn("ord_1", 25000));
  Result<Money> quote =
      db().Read([&](storage::Tx& tx) { return service_->RedeemQuote(tx, kAnna, 150); });
  ASSERT_OK(quote);
  EXPECT_EQ(*quote, Pln(1500));
  Result<Redemption> done = Redeem(150, "crt_1");
  ASSERT_OK(done);
  EXPECT_EQ(done->discount, Pln(1500));
  EXPECT_EQ(done->balance.points, 100);
  Result<Redemption> replay = Redeem(150, "crt_1");
  ASSERT_OK(replay);
  EXPECT_EQ(replay->entry.id, done->entry.id);
  EXPECT_EQ(replay->balance.points, 100);
  Result<Redemption> reused = Redeem(50, "crt_1");
  ASSERT_FALSE(reused.ok());
  EXPECT_EQ(std::get<std::string>(*reused.error().Detail("reason")), "reference_reused");
  EXPECT_EQ(Changes(events::kPointsRedeemed.name).size(), 1u);
  EXPECT_EQ(Changes(events::kPointsRedeemed.name)[0].customer_id, kAnna);
}

TEST_P(LoyaltyTest, AdjustmentsCreditAndDebitButNeverBelowZero) {
  Result<Entry> credit = db().InTransaction(
      [&](storage::Tx& tx) { return service_->Adjust(tx, kAnna, 500, "goodwill"); });
  ASSERT_OK(credit);
  EXPECT_EQ(BalanceOf().points, 500);
  EXPECT_EQ(BalanceOf().tier.tier_points, 0);  // adjustments do not count toward tiers
  Result<Entry> too_much = db().InTransaction(
      [&](storage::Tx& tx) { return service_->Adjust(tx, kAnna, -600, "fraud"); });
  ASSERT_FALSE(too_much.ok());
  EXPECT_EQ(too_much.error().code, ErrorCode::kConflict);
  ASSERT_OK(db().InTransaction(
      [&](storage::Tx& tx) { return service_->Adjust(tx, kAnna, -200, "fraud"); }));
  EXPECT_EQ(BalanceOf().points, 300);
}

TEST_P(LoyaltyTest, BadInputGetsClearCodes) {
  auto code = [](const auto& result) {
    return result.ok() ? ErrorCode::kInternal : result.error().code;
  };
  EXPECT_EQ(code(Earn("ord_1", -1)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Earn("ord_1", 100, "someone")), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(db().InTransaction([&](storage::Tx& tx) {
              return service_->Earn(tx,
                                    {.customer_id = std::string(kAnna),
                                     .source_type = "order",
                                     .source_id = "ord_eur",
                                     .amount = {.minor = 100, .currency = *Currency::Parse("EUR")},
                                     .occurred_at = clock_.Now()});
            })),
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(Redeem(0)), ErrorCode::kInvalidArgument);
  Programme broken = db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); }).value();
  broken.tiers[1].threshold = 0;
  Result<Programme> set =
      db().InTransaction([&](storage::Tx& tx) { return service_->SetProgramme(tx, broken); });
  ASSERT_FALSE(set.ok());
  EXPECT_EQ(std::get<std::string>(*set.error().Detail("field")), "tiers[1].threshold");
}

TEST_P(LoyaltyTest, TheProgrammeIsEditable) {
  Programme p = db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); }).value();
  EXPECT_EQ(p.tiers.size(), 3u);
  EXPECT_EQ(p.tiers[2].name, "Gold");
  p.points_per_unit = 2;
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) { return service_->SetProgramme(tx, p); }));
  Result<Entry> earned = Earn("ord_1", 1000);
  ASSERT_OK(earned);
  EXPECT_EQ(earned->points, 20);
  EXPECT_EQ(Changes(events::kProgrammeUpdated.name).size(), 1u);
}

TEST_P(LoyaltyTest, HistoryPagesNewestFirst) {
  for (int i = 0; i < 5; ++i) {
    ASSERT_OK(Earn("ord_" + std::to_string(i), 1000 * (i + 1)));
  }
  Result<HistoryPage> page = db().Read([&](storage::Tx& tx) {
    return service_->History(tx, {.customer_id = std::string(kAnna), .limit = 3});
  });
  ASSERT_OK(page);
  ASSERT_EQ(page->entries.size(), 3u);
  EXPECT_EQ(page->entries[0].source_id, "ord_4");
  ASSERT_GT(page->next_before, 0);
  Result<HistoryPage> rest = db().Read([&](storage::Tx& tx) {
    return service_->History(
        tx, {.customer_id = std::string(kAnna), .before = page->next_before, .limit = 3});
  });
  ASSERT_OK(rest);
  ASSERT_EQ(rest->entries.size(), 2u);
  EXPECT_EQ(rest->entries[1].source_id, "ord_0");
  EXPECT_EQ(rest->next_before, 0);
}

TEST_P(LoyaltyTest, ConcurrentRedemptionsNeverSpendMoreThanTheBalance) {
  ASSERT_OK(Earn("ord_1", 50000));  // 500
  std::atomic<int> succeeded = 0;
  std::atomic<int> refused = 0;
  std::vector<std::thread> threads;
  for (int i = 0; i < 8; ++i) {
    threads.emplace_back([&, i] {
      Result<Redemption> done = Redeem(100, "crt_" + std::to_string(i));
      if (done.ok()) {
        ++succeeded;
      } else if (done.error().code == ErrorCode::kConflict) {
        ++refused;
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(succeeded.load(), 5);
  EXPECT_EQ(refused.load(), 3);
  EXPECT_EQ(BalanceOf().points, 0);
}

}  // namespace

OMNI_INSTANTIATE_BACKENDS(LoyaltyTest);

}  // namespace omnihub::loyalty
