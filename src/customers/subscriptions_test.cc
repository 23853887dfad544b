#include <gtest/gtest.h>

#include <map>

#include "changes/changes.h"
#include "changes/subscribers.h"
#include "customers/customers.h"
#include "orders/events.h"
#include "testing/db_test.h"

// Orders' side of the contract: orders.order.completed as the orders module appends it, and
// what it does to the buyer's computed attributes.
namespace omnihub::customers {
namespace {

Identifier Id(IdentifierType type, std::string value) {
  return Identifier{.type = type, .value = std::move(value)};
}

class OrderCompletedTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations()};
  }
  std::string Person(Identifier id) {
    Result<Resolution> seen = db().InTransaction([&](storage::Tx& tx) {
      return service_->Observe(tx, Observation{.identifiers = {std::move(id)},
                                               .channel_id = "chn_web",
                                               .event_id = "evt_" + std::to_string(++events_),
                                               .event_type = "track",
                                               .occurred_at = clock_.Now()});
    });
    EXPECT_TRUE(seen.ok()) << seen.error().message;
    return seen.ok() ? seen->customer_id : "";
  }
  // `customer_id` "" appends a guest's order. Orders are named by the test ("ord_1"); each
  // name stands for one generated order id.
  void AppendOrder(const changes::EventType<orders::events::OrderChanged>& type,
                   const std::string& name, std::string_view customer_id, int64_t total_minor,
                   std::string_view channel_id = "chn_web") {
    auto [known, added] = order_ids_.try_emplace(name, orders::OrderId());
    if (added) {
      known->second = orders::OrderId::Generate(clock_.Now());
    }
    const orders::events::OrderChanged order{.id = known->second,
                                             .number = "WEB-1",
                                             .state = orders::OrderState::kCompleted,
                                             .channel_id = std::string(channel_id),
                                             .customer_id = std::string(customer_id),
                                             .total = {.minor = total_minor}};
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return changes::Append(
          tx, type, order,
          {.entity_id = order.id.str(), .customer_id = customer_id, .occurred_at = clock_.Now()});
    }));
  }
  int Pump() {
    Result<int> done = changes::PumpOnce(db(), subscription_);
    EXPECT_TRUE(done.ok()) << done.error().message;
    return done.ok() ? *done : 0;
  }
  json::Value Computed(std::string_view id) {
    Result<std::string> text =
        db().Read([&](storage::Tx& tx) { return service_->ProfileJson(tx, id, false); });
    EXPECT_TRUE(text.ok()) << text.error().message;
    Result<json::Value> parsed = json::Parse(text.ok() ? *text : "{}");
    const json::Value* computed = parsed.ok() ? parsed->Find("computed") : nullptr;
    EXPECT_NE(computed, nullptr);
    return computed ? *computed : json::Value();
  }
  static int64_t Int(const json::Value& computed, std::string_view key) {
    return *computed.Find(key)->AsInt();
  }

  FakeClock clock_;
  std::unique_ptr<CustomersService> service_ = NewCustomersService(clock_);
  changes::Subscription subscription_ = [this] {
    std::vector<changes::Subscription> all = Subscriptions(*service_);
    EXPECT_EQ(all.size(), 1u);
    all.at(0).from_beginning = true;  // these tests append before the first pump
    return all.at(0);
  }();
  int events_ = 0;
  std::map<std::string, orders::OrderId> order_ids_;
};

TEST_P(OrderCompletedTest, ACompletedOrderCountsOnceEvenWhenPumpedTwice) {
  EXPECT_EQ(subscription_.name, "customers.computed_on_order_completed");
  const std::string anna = Person(Id(IdentifierType::kUserId, "anna"));
  json::Value before = Computed(anna);
  EXPECT_EQ(Int(before, "orders_count"), 0);
  EXPECT_TRUE(before.Find("last_purchase_at")->is_null());
  EXPECT_TRUE(before.Find("last_purchase_channel_id")->is_null());

  clock_.Advance(std::chrono::hours(1));
  AppendOrder(orders::events::kPlaced, "ord_1", anna, 12999);  // not completed: not counted
  AppendOrder(orders::events::kCompleted, "ord_1", anna, 12999, "chn_store_krakow");
  const TimePoint completed = clock_.Now();
  EXPECT_EQ(Pump(), 1);
  json::Value after = Computed(anna);
  EXPECT_EQ(Int(after, "orders_count"), 1);
  EXPECT_EQ(Int(after, "revenue_minor"), 12999);
  EXPECT_EQ(*after.Find("last_purchase_at")->AsString(), FormatRfc3339(completed));
  EXPECT_EQ(*after.Find("last_purchase_channel_id")->AsString(), "chn_store_krakow");

  // The same completion appended again (a replay), and the same change handled twice.
  clock_.Advance(std::chrono::hours(1));
  AppendOrder(orders::events::kCompleted, "ord_1", anna, 12999, "chn_web");
  EXPECT_EQ(Pump(), 1);
  std::vector<changes::StoredChange> completions = *db().Read([](storage::Tx& tx) {
    return changes::Read(
        tx, {.type_prefixes = {std::string(orders::events::kCompleted.name)}, .limit = 10});
  });
  ASSERT_EQ(completions.size(), 2u);
  for (int pass = 0; pass < 2; ++pass) {
    ASSERT_OK(db().InTransaction(
        [&](storage::Tx& tx) { return subscription_.handle(tx, completions[0]); }));
  }
  json::Value replayed = Computed(anna);
  EXPECT_EQ(Int(replayed, "orders_count"), 1);
  EXPECT_EQ(Int(replayed, "revenue_minor"), 12999);
  EXPECT_EQ(*replayed.Find("last_purchase_at")->AsString(), FormatRfc3339(completed));
  EXPECT_EQ(*replayed.Find("last_purchase_channel_id")->AsString(), "chn_store_krakow");

  // A second order counts, and is the last purchase.
  AppendOrder(orders::events::kCompleted, "ord_2", anna, 1001, "chn_app");
  EXPECT_EQ(Pump(), 1);
  json::Value second = Computed(anna);
  EXPECT_EQ(Int(second, "orders_count"), 2);
  EXPECT_EQ(Int(second, "revenue_minor"), 14000);
  EXPECT_EQ(*second.Find("last_purchase_at")->AsString(), FormatRfc3339(clock_.Now()));
  EXPECT_EQ(*second.Find("last_purchase_channel_id")->AsString(), "chn_app");
  EXPECT_EQ(Pump(), 0);
}

TEST_P(OrderCompletedTest, AGuestOrderChangesNothing) {
  const std::string anna = Person(Id(IdentifierType::kUserId, "anna"));
  const std::string before =
      *db().Read([&](storage::Tx& tx) { return service_->ProfileJson(tx, anna, false); });
  clock_.Advance(std::chrono::hours(1));
  AppendOrder(orders::events::kCompleted, "ord_guest", "", 5000);
  // An order naming no profile of ours is skipped too, not retried for ever.
  AppendOrder(orders::events::kCompleted, "ord_stranger", "cus_unknown", 5000);
  EXPECT_EQ(Pump(), 2);
  EXPECT_EQ(*db().Read([&](storage::Tx& tx) { return service_->ProfileJson(tx, anna, false); }),
            before);
}

TEST_P(OrderCompletedTest, AnOrderOfAMergedAwayProfileCountsOnTheSurvivor) {
  const std::string older = Person(Id(IdentifierType::kAnonymousId, "till-1"));
  clock_.Advance(std::chrono::hours(1));
  const std::string younger = Person(Id(IdentifierType::kUserId, "anna"));
  ASSERT_NE(older, younger);
  AppendOrder(orders::events::kCompleted, "ord_old", older, 1000, "chn_store_krakow");
  clock_.Advance(std::chrono::hours(1));
  AppendOrder(orders::events::kCompleted, "ord_young", younger, 2000, "chn_app");
  const TimePoint last = clock_.Now();
  EXPECT_EQ(Pump(), 2);

  // One event with both identifiers: the younger profile merges into the older one, whose
  // computed attributes become the sums and the later purchase.
  clock_.Advance(std::chrono::hours(1));
  Result<Resolution> merged = db().InTransaction([&](storage::Tx& tx) {
    return service_->Observe(
        tx, Observation{.identifiers = {Id(IdentifierType::kUserId, "anna"),
                                        Id(IdentifierType::kAnonymousId, "till-1")},
                        .channel_id = "chn_app",
                        .event_id = "evt_merge",
                        .event_type = "identify",
                        .occurred_at = clock_.Now()});
  });
  ASSERT_OK(merged);
  ASSERT_EQ(merged->customer_id, older);
  ASSERT_EQ(merged->merged_ids, std::vector<std::string>{younger});
  json::Value survivor = Computed(older);
  EXPECT_EQ(Int(survivor, "orders_count"), 2);
  EXPECT_EQ(Int(survivor, "revenue_minor"), 3000);
  EXPECT_EQ(*survivor.Find("last_purchase_at")->AsString(), FormatRfc3339(last));
  EXPECT_EQ(*survivor.Find("last_purchase_channel_id")->AsString(), "chn_app");

  // A new order under the merged-away id counts on the survivor; a replay of an order counted
  // before the merge does not count again.
  clock_.Advance(std::chrono::hours(1));
  AppendOrder(orders::events::kCompleted, "ord_after", younger, 500, "chn_web");
  AppendOrder(orders::events::kCompleted, "ord_young", younger, 2000, "chn_app");
  AppendOrder(orders::events::kCompleted, "ord_old", older, 1000, "chn_store_krakow");
  EXPECT_EQ(Pump(), 3);
  json::Value later = Computed(younger);  // answers with the survivor
  EXPECT_EQ(Int(later, "orders_count"), 3);
  EXPECT_EQ(Int(later, "revenue_minor"), 3500);
  EXPECT_EQ(*later.Find("last_purchase_at")->AsString(), FormatRfc3339(clock_.Now()));
  EXPECT_EQ(*later.Find("last_purchase_channel_id")->AsString(), "chn_web");
}

TEST_P(OrderCompletedTest, AnErasedPersonsOrderIsSkipped) {
  const std::string anna = Person(Id(IdentifierType::kUserId, "anna"));
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) { return service_->Erase(tx, anna); }));
  AppendOrder(orders::events::kCompleted, "ord_1", anna, 12999);
  EXPECT_EQ(Pump(), 1);
  Result<bool> counted = db().InTransaction([&](storage::Tx& tx) {
    return service_->CountOrder(tx, {.order_id = "ord_2",
                                     .customer_id = anna,
                                     .total = Money{100, Currency::Pln()},
                                     .completed_at = clock_.Now()});
  });
  ASSERT_OK(counted);
  EXPECT_FALSE(*counted);
}

OMNI_INSTANTIATE_BACKENDS(OrderCompletedTest);

}  // namespace
}  // namespace omnihub::customers
