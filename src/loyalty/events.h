#pragma once

#include <string_view>

// Changes the loyalty module appends to the change log. Every change about a customer's points
// carries that customer_id, so it shows on their timeline (and erasure finds it).
namespace omnihub::loyalty::events {

// entity "loyalty_entry" <lpt_…>; payload: the entry as GET …/customers/{id}/history shows it,
// plus "balance" (points after it).
inline constexpr std::string_view kPointsEarned = "loyalty.points.earned";
inline constexpr std::string_view kPointsReversed = "loyalty.points.reversed";
inline constexpr std::string_view kPointsRedeemed = "loyalty.points.redeemed";
inline constexpr std::string_view kPointsExpired = "loyalty.points.expired";
inline constexpr std::string_view kPointsAdjusted = "loyalty.points.adjusted";
// entity "loyalty_account" <cus_…>; payload: {"customer_id","from","to","tier_points"}
inline constexpr std::string_view kTierChanged = "loyalty.tier.changed";
// entity "loyalty_programme" "1"; payload: the programme as GET /api/v1/loyalty/programme
inline constexpr std::string_view kProgrammeUpdated = "loyalty.programme.updated";

}  // namespace omnihub::loyalty::events
