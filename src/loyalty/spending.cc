// Spending points: what they are worth, redeeming them, and an admin's corrections.
#include <algorithm>
#include <set>

#include "changes/changes.h"
#include "loyalty/codec.h"
#include "loyalty/events.h"
#include "loyalty/loyalty_service.h"

namespace omnihub::loyalty {

Result<Money> LoyaltyServiceImpl::RedeemQuote(storage::Tx& tx, std::string_view customer_id,
                                              int64_t points) {
  OMNI_TRY(ValidateCustomer(customer_id));
  OMNI_TRY(ValidatePoints(points));
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  OMNI_ASSIGN_OR_RETURN(int64_t balance, LiveBalance(tx, customer_id, clock_.Now()));
  if (points > balance) {
    return AboveBalance(points, balance);
  }
  return ValueOf(p, points);
}

Result<Redemption> LoyaltyServiceImpl::Redeem(storage::Tx& tx, std::string_view customer_id,
                                              int64_t points, std::string_view reference) {
  OMNI_TRY(ValidateCustomer(customer_id));
  OMNI_TRY(ValidatePoints(points));
  if (reference.size() > 200) {
    return Error::InvalidArgument("reference", "must be at most 200 characters");
  }
  const TimePoint now = clock_.Now();
  OMNI_TRY(BeginWrite(tx, customer_id, now));
  if (!reference.empty()) {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<Entry> done,
        store::SelectSourceEntry(tx, EntryKind::kRedeem, "redemption", reference));
    if (done) {
      if (done->customer_id != customer_id || done->points != -points) {
        return Error::Conflict("this redemption reference was used for another redemption")
            .With("reason", "reference_reused")
            .With("reference", std::string(reference));
      }
      OMNI_ASSIGN_OR_RETURN(Balance balance, GetBalance(tx, customer_id));
      const Money discount = done->amount.value_or(Money{});
      return Redemption{.entry = *std::move(done), .discount = discount, .balance = balance};
    }
  }
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  OMNI_ASSIGN_OR_RETURN(int64_t balance, LiveBalance(tx, customer_id, now));
  if (points > balance) {
    return AboveBalance(points, balance);
  }
  const Money discount = ValueOf(p, points);
  OMNI_TRY(Spend(tx, customer_id, points, now));
  Entry entry{.id = EntryId::Generate(now),
              .customer_id = std::string(customer_id),
              .kind = EntryKind::kRedeem,
              .points = -points,
              .source_type = reference.empty() ? "" : "redemption",
              .source_id = std::string(reference),
              .amount = discount,
              .occurred_at = now,
              .created_at = now};
  OMNI_TRY(Record(tx, entry, events::kPointsRedeemed));
  OMNI_ASSIGN_OR_RETURN(Balance after, GetBalance(tx, customer_id));
  return Redemption{.entry = std::move(entry), .discount = discount, .balance = std::move(after)};
}

Result<Entry> LoyaltyServiceImpl::Adjust(storage::Tx& tx, std::string_view customer_id,
                                         int64_t points, std::string_view reason) {
  OMNI_TRY(ValidateCustomer(customer_id));
  if (points == 0 || points > kMaxPoints || points < -kMaxPoints) {
    return Error::InvalidArgument("points", "must be a non-zero integer within ±1000000000");
  }
  OMNI_TRY(ValidateText(reason, "reason", 500));
  const TimePoint now = clock_.Now();
  OMNI_TRY(BeginWrite(tx, customer_id, now));
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  Entry entry{.id = EntryId::Generate(now),
              .customer_id = std::string(customer_id),
              .kind = EntryKind::kAdjust,
              .points = points,
              .reason = std::string(reason),
              .occurred_at = now,
              .created_at = now};
  if (points > 0) {
    entry.expires_at = AddMonths(now, p.expiry_months);
    OMNI_TRY(store::InsertLot(tx, {.entry_id = entry.id.str(),
                                   .customer_id = entry.customer_id,
                                   .points = points,
                                   .remaining = points,
                                   .expires_at = *entry.expires_at}));
  } else {
    OMNI_ASSIGN_OR_RETURN(int64_t balance, LiveBalance(tx, customer_id, now));
    if (-points > balance) {
      return AboveBalance(-points, balance);
    }
    OMNI_TRY(Spend(tx, customer_id, -points, now));
  }
  OMNI_TRY(Record(tx, entry, events::kPointsAdjusted));
  return entry;
}

}  // namespace omnihub::loyalty
