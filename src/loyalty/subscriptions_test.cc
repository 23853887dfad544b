#include <gtest/gtest.h>

#include "changes/changes.h"
#include "changes/subscribers.h"
#include "loyalty/loyalty.h"
#include "testing/db_test.h"

namespace omnihub::loyalty {
namespace {

constexpr std::string_view kAnna = "cus_01JDEM0000ANNA000000000000";

// Orders' side of the contract, as the orders module appends it.
class OrderChangesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), loyalty::Migrations()};
  }
  void AppendOrder(std::string_view type, std::string_view order_id, int64_t total_minor) {
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return changes::Append(
          tx, {.module = "orders",
               .entity_type = "order",
               .entity_id = std::string(order_id),
               .type = std::string(type),
               .payload_json = R"({"id":")" + std::string(order_id) + R"(","customer_id":")" +
                               std::string(kAnna) + R"(","total":{"amount":)" +
                               std::to_string(total_minor) + R"(,"currency":"PLN"}})",
               .occurred_at = clock_.Now(),
               .customer_id = std::string(kAnna)});
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
  AppendOrder("orders.order.placed", "ord_1", 12999);  // not completed: earns nothing
  AppendOrder("orders.order.completed", "ord_1", 12999);
  EXPECT_EQ(Pump(), 1);
  const int64_t earned = Points();
  EXPECT_GT(earned, 0);
  // The same completion appended again (a replay) earns nothing more.
  AppendOrder("orders.order.completed", "ord_1", 12999);
  EXPECT_EQ(Pump(), 1);
  EXPECT_EQ(Points(), earned);
  AppendOrder("orders.order.cancelled", "ord_1", 12999);
  EXPECT_EQ(Pump(), 1);
  EXPECT_EQ(Points(), 0);
  EXPECT_EQ(Pump(), 0);
}

OMNI_INSTANTIATE_BACKENDS(OrderChangesTest);

}  // namespace
}  // namespace omnihub::loyalty
