#pragma once

#include <string>
#include <vector>

#include "changes/event.h"
#include "core/schema.h"
#include "loyalty/types.h"

// What the loyalty module appends to the change log. Every change about a customer's points has
// that customer as its customer (their timeline, their erasure).
namespace omnihub::loyalty::events {

using omnihub::schema::F;

// One ledger entry (entity "loyalty_entry"), and the balance after it.
struct PointsChanged {
  Entry entry;          // as GET …/customers/{id}/history shows it
  int64_t balance = 0;  // the customer's points after this entry
};
constexpr auto Describe(const PointsChanged*) {
  return std::tuple{omnihub::schema::Flatten(&PointsChanged::entry),
                    F("balance", &PointsChanged::balance)};
}

// Entity "loyalty_account" <cus_…>.
struct TierChanged {
  std::string customer_id;
  std::string from;  // tier names
  std::string to;
  int64_t tier_points = 0;  // earned in the tier window
};
constexpr auto Describe(const TierChanged*) {
  return std::tuple{F("customer_id", &TierChanged::customer_id), F("from", &TierChanged::from),
                    F("to", &TierChanged::to), F("tier_points", &TierChanged::tier_points)};
}

inline constexpr changes::EventType<PointsChanged> kPointsEarned{
    .name = "loyalty.points.earned",
    .entity_type = "loyalty_entry",
    .summary = "Points were earned for an order or an action"};
inline constexpr changes::EventType<PointsChanged> kPointsReversed{
    .name = "loyalty.points.reversed",
    .entity_type = "loyalty_entry",
    .summary = "Points earned for a cancelled or returned order were taken back"};
inline constexpr changes::EventType<PointsChanged> kPointsRedeemed{
    .name = "loyalty.points.redeemed",
    .entity_type = "loyalty_entry",
    .summary = "Points were spent as a discount"};
inline constexpr changes::EventType<PointsChanged> kPointsExpired{
    .name = "loyalty.points.expired",
    .entity_type = "loyalty_entry",
    .summary = "Points passed their expiry"};
inline constexpr changes::EventType<PointsChanged> kPointsAdjusted{
    .name = "loyalty.points.adjusted",
    .entity_type = "loyalty_entry",
    .summary = "An admin corrected a balance"};
inline constexpr changes::EventType<TierChanged> kTierChanged{
    .name = "loyalty.tier.changed",
    .entity_type = "loyalty_account",
    .summary = "A customer moved to another tier"};
// Entity "loyalty_programme" "1"; payload: the programme as GET /api/v1/loyalty/programme.
inline constexpr changes::EventType<Programme> kProgrammeUpdated{
    .name = "loyalty.programme.updated",
    .entity_type = "loyalty_programme",
    .summary = "The loyalty programme's rules changed"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kPointsEarned),    changes::Info(kPointsReversed),
          changes::Info(kPointsRedeemed),  changes::Info(kPointsExpired),
          changes::Info(kPointsAdjusted),  changes::Info(kTierChanged),
          changes::Info(kProgrammeUpdated)};
}

}  // namespace omnihub::loyalty::events
