#include "orders/sourcing.h"

#include <gtest/gtest.h>

namespace omnihub::orders::sourcing {
namespace {

Site At(std::string id, std::optional<double> km, int64_t priority,
        std::map<std::string, int64_t> stock) {
  return {.location_id = id,
          .name = id,
          .distance_km = km,
          .priority = priority,
          .available = std::move(stock)};
}

int64_t From(const Plan& plan, std::string_view location, std::string_view sku) {
  int64_t units = 0;
  for (const Allocation& a : plan.allocations) {
    if (a.location_id == location && a.sku == sku) {
      units += a.quantity;
    }
  }
  return units;
}

TEST(Sourcing, TheNearestLocationWithTheWholeOrderShipsItAlone) {
  Result<Plan> plan = Choose({{"A", 2}, {"B", 1}}, {At("far", 300, 0, {{"A", 9}, {"B", 9}}),
                                                    At("near", 20, 0, {{"A", 2}, {"B", 1}}),
                                                    At("nearest", 5, 0, {{"A", 1}, {"B", 9}})});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->sourcing.strategy, "single_location");
  EXPECT_EQ(From(*plan, "near", "A"), 2);
  EXPECT_EQ(From(*plan, "near", "B"), 1);
  EXPECT_EQ(plan->allocations.size(), 2u);
  ASSERT_EQ(plan->sourcing.considered.size(), 3u);
  EXPECT_EQ(plan->sourcing.considered[0].location_id, "nearest");  // ranked, not chosen
  EXPECT_FALSE(plan->sourcing.considered[0].serves_all);
  EXPECT_TRUE(plan->sourcing.considered[1].serves_all);
  EXPECT_NE(plan->sourcing.explanation.find("near (20 km)"), std::string::npos)
      << plan->sourcing.explanation;
}

TEST(Sourcing, PriorityDecidesBetweenEquallyDistantOrUnplacedLocations) {
  Result<Plan> plan = Choose({{"A", 1}}, {At("store", std::nullopt, 0, {{"A", 5}}),
                                          At("warehouse", std::nullopt, 10, {{"A", 5}})});
  ASSERT_TRUE(plan.ok());
  EXPECT_EQ(From(*plan, "warehouse", "A"), 1);
  EXPECT_NE(plan->sourcing.explanation.find("highest-priority"), std::string::npos);
}

TEST(Sourcing, AnOrderNoLocationHasWholeIsSplitOverAsFewAsPossible) {
  // Three sites could cover it; the one giving most goes first, so two parcels suffice.
  Result<Plan> plan = Choose({{"A", 5}, {"B", 2}}, {At("small", 1, 0, {{"A", 1}, {"B", 1}}),
                                                    At("big", 50, 0, {{"A", 4}, {"B", 2}}),
                                                    At("other", 60, 0, {{"A", 3}})});
  ASSERT_TRUE(plan.ok()) << plan.error().message;
  EXPECT_EQ(plan->sourcing.strategy, "split");
  EXPECT_EQ(From(*plan, "big", "A"), 4);
  EXPECT_EQ(From(*plan, "big", "B"), 2);
  EXPECT_EQ(From(*plan, "small", "A"), 1);  // nearest of those that give the one missing
  EXPECT_EQ(From(*plan, "other", "A"), 0);
  int64_t total = 0;
  for (const Allocation& a : plan->allocations) {
    total += a.quantity;
  }
  EXPECT_EQ(total, 7);
  EXPECT_NE(plan->sourcing.explanation.find("2 parcels"), std::string::npos)
      << plan->sourcing.explanation;
}

TEST(Sourcing, WhatTheNetworkCannotCoverIsNamedLineByLine) {
  Result<Plan> plan = Choose({{"A", 3}, {"B", 1}, {"C", 2}},
                             {At("x", 1, 0, {{"A", 1}, {"C", 2}}), At("y", 2, 0, {{"A", 1}})});
  ASSERT_FALSE(plan.ok());
  EXPECT_EQ(plan.error().code, ErrorCode::kInsufficientStock);
  const DetailValue* lines = plan.error().Detail("lines");
  ASSERT_NE(lines, nullptr);
  EXPECT_EQ(std::get<std::string>(*lines), "A,B");
  const DetailValue* available = plan.error().Detail("available");
  ASSERT_NE(available, nullptr);
  EXPECT_EQ(std::get<int64_t>(*available), 2);  // of A, the first short line
}

}  // namespace
}  // namespace omnihub::orders::sourcing
