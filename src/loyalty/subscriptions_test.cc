#include <gtest/gtest.h>

#include "changes/changes.h"
#include "changes/subscribers.h"
#include "loyalty/loyalty.h"
#include "orders/events.h"
#include "testing/db_test.h"

namespace omnihub::loyalty {
namespace {

constexpr std::string_view kAnna = "cus_01JDEM0000ANNA000000000000";

// Orders' side of the contract: its typed events, as the orders module appends them.
class OrderChangesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), loyalty::Migrations()};
  }
  void AppendOrder(const changes::EventType<orders::events::OrderChanged>& type,
                   const orders::OrderId& order_id, int64_t total_minor) {
    const orders::events::OrderChanged order{.id = order_id,
                                             .number = "SZ-2026-000001",
                                             .customer_id = std::string(kAnna),
                                             .total = {.minor = total_minor}};
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return changes::Append(
          tx, type, order,
          {.entity_id = order_id.str(), .customer_id = kAnna, .occurred_at = clock_.Now()});
    }));
  }
  int64_t Points() {
    return db()
        .Read([&](storage::Tx& tx) { return service_->GetBalance(tx, kAnna); })
        .value()
        .points;
  }
  int Pump() {
    int handled = 0;
    for (const changes::Subscription& subscription : subscriptions_) {
      Result<int> done = changes::PumpOnce(db(), subscription);
      EXPECT_TRUE(done.ok()) << done.error().message;
      handled += done.ok() ? *done : 0;
    }
    return handled;
  }

  FakeClock clock_;
  std::unique_ptr<LoyaltyService> service_ = NewLoyaltyService(clock_);
  std::vector<changes::Subscription> subscriptions_ = [this] {
    std::vector<changes::Subscription> all = Subscriptions(*service_);
    for (changes::Subscription& subscription : all) {
      subscription.from_beginning = true;  // this test appends before the first pump
    }
    return all;
  }();
};

TEST_P(OrderChangesTest, ACompletedOrderEarnsOnceAndACancelledOneGivesThePointsBack) {
  const orders::OrderId order = orders::OrderId::Generate(clock_.Now());
  AppendOrder(orders::events::kPlaced, order, 12999);  // not completed: earns nothing
  AppendOrder(orders::events::kCompleted, order, 12999);
  EXPECT_EQ(Pump(), 1);
  const int64_t earned = Points();
  EXPECT_GT(earned, 0);
  // The same completion appended again (a replay) earns nothing more.
  AppendOrder(orders::events::kCompleted, order, 12999);
  EXPECT_EQ(Pump(), 1);
  EXPECT_EQ(Points(), earned);
  AppendOrder(orders::events::kCancelled, order, 12999);
  EXPECT_EQ(Pump(), 1);
  EXPECT_EQ(Points(), 0);
  EXPECT_EQ(Pump(), 0);
}

OMNI_INSTANTIATE_BACKENDS(OrderChangesTest);

}  // namespace
}  // namespace omnihub::loyalty
