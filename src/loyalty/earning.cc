// Earning points: for money spent, for actions, and taking them back.
#include <algorithm>
#include <set>

#include "changes/changes.h"
#include "loyalty/codec.h"
#include "loyalty/events.h"
#include "loyalty/loyalty_service.h"

namespace omnihub::loyalty {

Result<std::optional<Entry>> LoyaltyServiceImpl::BeginEarn(storage::Tx& tx,
                                                           std::string_view customer_id,
                                                           std::string_view source_type,
                                                           std::string_view source_id,
                                                           TimePoint now) {
  OMNI_TRY(BeginWrite(tx, customer_id, now));
  OMNI_ASSIGN_OR_RETURN(std::optional<Entry> earned,
                        store::SelectSourceEntry(tx, EntryKind::kEarn, source_type, source_id));
  // A source earns once, for one customer: another customer's replay must neither earn nor
  // be shown the first customer's entry (docs/security.md, finding 10).
  if (earned && earned->customer_id != customer_id) {
    return Error::Conflict("this " + std::string(source_type) +
                           " source_id has already earned points for another customer")
        .With("reason", std::string("source_id_taken"))
        .With("field", std::string("source_id"));
  }
  return earned;
}

Result<Entry> LoyaltyServiceImpl::WriteEarn(storage::Tx& tx, const Programme& p, Entry entry,
                                            TimePoint now) {
  entry.id = EntryId::Generate(now);
  entry.kind = EntryKind::kEarn;
  entry.expires_at = AddMonths(entry.occurred_at, p.expiry_months);
  entry.created_at = now;
  const store::Lot lot{.entry_id = entry.id.str(),
                       .customer_id = entry.customer_id,
                       .points = entry.points,
                       .remaining = entry.points,
                       .expires_at = *entry.expires_at};
  if (entry.points > 0) {
    OMNI_TRY(store::InsertLot(tx, lot));
  }
  OMNI_TRY(Record(tx, entry, events::kPointsEarned));
  if (entry.points > 0 && lot.expires_at <= now) {  // earned so long ago it has expired already
    OMNI_TRY(ExpireLot(tx, lot, now));
  }
  OMNI_TRY(AnnounceTier(tx, p, entry.customer_id, now));
  return entry;
}

Result<Entry> LoyaltyServiceImpl::Earn(storage::Tx& tx, const EarnRequest& req) {
  OMNI_TRY(ValidateCustomer(req.customer_id));
  OMNI_TRY(ValidateText(req.source_type, "source_type", 40));
  OMNI_TRY(ValidateText(req.source_id, "source_id", 200));
  OMNI_TRY(Between(req.amount.minor, 0, kMaxAmountMinor, "amount"));
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  if (!(req.amount.currency == p.currency)) {
    return Error::InvalidArgument(
        "amount.currency", "must be the programme's currency " + std::string(p.currency.code()));
  }
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(std::optional<Entry> earned,
                        BeginEarn(tx, req.customer_id, req.source_type, req.source_id, now));
  if (earned) {
    return *earned;  // a replay: earned once already
  }
  OMNI_ASSIGN_OR_RETURN(TierStatus status, Tiers(tx, p, req.customer_id, now));
  const int64_t points = PointsFor(p, req.amount.minor, status.tier.multiplier_bp);
  if (points > kMaxPoints) {
    return Error::InvalidArgument("amount", "earns more points than one entry may hold");
  }
  return WriteEarn(tx, p,
                   {.customer_id = req.customer_id,
                    .points = points,
                    .source_type = req.source_type,
                    .source_id = req.source_id,
                    .amount = req.amount,
                    .occurred_at = req.occurred_at},
                   now);
}

Result<Entry> LoyaltyServiceImpl::EarnForAction(storage::Tx& tx, const ActionEarn& req) {
  OMNI_TRY(ValidateCustomer(req.customer_id));
  OMNI_TRY(ValidateAction(req.action, "action"));
  OMNI_TRY(ValidateText(req.source_id, "source_id", 200));
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(std::optional<Entry> earned,
                        BeginEarn(tx, req.customer_id, req.action, req.source_id, now));
  if (earned) {
    return *earned;  // a replay: earned once already
  }
  const auto rule = std::find_if(p.actions.begin(), p.actions.end(),
                                 [&](const ActionRule& r) { return r.action == req.action; });
  if (rule == p.actions.end()) {
    return Error::Make(ErrorCode::kNotFound,
                       "the loyalty programme has no rule for the action " + req.action)
        .With("action", req.action);
  }
  if (rule->max_per_customer > 0) {
    OMNI_ASSIGN_OR_RETURN(int64_t done, store::CountEarns(tx, req.customer_id, req.action));
    if (done >= rule->max_per_customer) {
      return Error::Conflict("the customer has earned for this action as often as allowed")
          .With("reason", "action_limit_reached")
          .With("action", req.action)
          .With("limit", rule->max_per_customer);
    }
  }
  return WriteEarn(tx, p,
                   {.customer_id = req.customer_id,
                    .points = rule->points,
                    .source_type = req.action,
                    .source_id = req.source_id,
                    .occurred_at = req.occurred_at == TimePoint{} ? now : req.occurred_at},
                   now);
}

Result<std::optional<Entry>> LoyaltyServiceImpl::Reverse(storage::Tx& tx,
                                                         std::string_view source_type,
                                                         std::string_view source_id) {
  OMNI_TRY(ValidateText(source_type, "source_type", 40));
  OMNI_TRY(ValidateText(source_id, "source_id", 200));
  OMNI_ASSIGN_OR_RETURN(std::optional<Entry> earned,
                        store::SelectSourceEntry(tx, EntryKind::kEarn, source_type, source_id));
  if (!earned) {
    return std::optional<Entry>();
  }
  const TimePoint now = clock_.Now();
  OMNI_TRY(BeginWrite(tx, earned->customer_id, now));
  OMNI_ASSIGN_OR_RETURN(std::optional<Entry> reversed,
                        store::SelectSourceEntry(tx, EntryKind::kReverse, source_type, source_id));
  if (reversed) {
    return reversed;  // reversed once already
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<store::Lot> lot, store::SelectLot(tx, earned->id.str()));
  OMNI_ASSIGN_OR_RETURN(int64_t balance, LiveBalance(tx, earned->customer_id, now));
  const int64_t take = std::clamp<int64_t>(earned->points - (lot ? lot->expired : 0), 0, balance);
  OMNI_TRY(Spend(tx, earned->customer_id, take, now, earned->id.str()));
  Entry entry{.id = EntryId::Generate(now),
              .customer_id = earned->customer_id,
              .kind = EntryKind::kReverse,
              .points = -take,
              .source_type = std::string(source_type),
              .source_id = std::string(source_id),
              .amount = earned->amount,
              .occurred_at = earned->occurred_at,
              .created_at = now};
  OMNI_TRY(Record(tx, entry, events::kPointsReversed));
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  OMNI_TRY(AnnounceTier(tx, p, earned->customer_id, now));
  return std::optional<Entry>(entry);
}

}  // namespace omnihub::loyalty
