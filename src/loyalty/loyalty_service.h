#pragma once

#include <string>
#include <string_view>

#include "changes/event.h"
#include "loyalty/events.h"
#include "loyalty/loyalty.h"
#include "loyalty/store.h"

// The one LoyaltyService: service.cc (the programme, the ledger's machinery, reads),
// earning.cc (earn, earn for an action, reverse), spending.cc (quote, redeem, adjust).
namespace omnihub::loyalty {

class LoyaltyServiceImpl final : public LoyaltyService {
 public:
  explicit LoyaltyServiceImpl(const Clock& clock) : clock_(clock) {}

  Result<Programme> GetProgramme(storage::Tx& tx) override;
  Result<Programme> SetProgramme(storage::Tx& tx, const Programme& programme) override;
  Result<Entry> Earn(storage::Tx& tx, const EarnRequest& req) override;
  Result<Entry> EarnForAction(storage::Tx& tx, const ActionEarn& req) override;
  Result<std::optional<Entry>> Reverse(storage::Tx& tx, std::string_view source_type,
                                       std::string_view source_id) override;
  Result<Money> RedeemQuote(storage::Tx& tx, std::string_view customer_id, int64_t points) override;
  Result<Redemption> Redeem(storage::Tx& tx, std::string_view customer_id, int64_t points,
                            std::string_view reference) override;
  Result<Entry> Adjust(storage::Tx& tx, std::string_view customer_id, int64_t points,
                       std::string_view reason) override;
  Result<Balance> GetBalance(storage::Tx& tx, std::string_view customer_id) override;
  Result<HistoryPage> History(storage::Tx& tx, const HistoryQuery& query) override;
  Result<int64_t> ExpireDue(storage::Tx& tx, TimePoint now, int limit) override;

 private:
  // Starts an earn for the source: BeginWrite for the customer, then the source's earn entry
  // when there is one already (the caller returns it: a replay).
  Result<std::optional<Entry>> BeginEarn(storage::Tx& tx, std::string_view customer_id,
                                         std::string_view source_type, std::string_view source_id,
                                         TimePoint now);
  // Writes `entry` (an earn: customer, points >= 0, source, amount and occurred_at set) with
  // its id, expiry and lot, expires it at once when already past its expiry, and announces the
  // tier. REQUIRES: BeginEarn for the customer found no earn for the source.
  Result<Entry> WriteEarn(storage::Tx& tx, const Programme& programme, Entry entry, TimePoint now);
  // Serialises this customer's writes, then writes their due expiries.
  Result<void> BeginWrite(storage::Tx& tx, std::string_view customer_id, TimePoint now);
  // Expires `lot` (its remaining points) with an expire entry and its change.
  Result<void> ExpireLot(storage::Tx& tx, const store::Lot& lot, TimePoint now);
  // Spends `points` from the live lots, oldest expiry first (the lot `first` before all).
  // REQUIRES: points <= the live balance (checked by the caller under the customer's lock).
  Result<void> Spend(storage::Tx& tx, std::string_view customer_id, int64_t points, TimePoint now,
                     std::string_view first = {});
  // Inserts the entry (setting its seq) and appends `type` with the balance after it.
  Result<void> Record(storage::Tx& tx, Entry& entry,
                      const changes::EventType<events::PointsChanged>& type);
  // Appends loyalty.tier.changed when the customer's tier is not the one last announced.
  Result<void> AnnounceTier(storage::Tx& tx, const Programme& programme,
                            std::string_view customer_id, TimePoint now);
  Result<TierStatus> Tiers(storage::Tx& tx, const Programme& programme,
                           std::string_view customer_id, TimePoint now);
  Result<int64_t> LiveBalance(storage::Tx& tx, std::string_view customer_id, TimePoint now);

  const Clock& clock_;  // constant after construction
};

// Shared by the files above. Errors: kInvalidArgument naming the field.
Result<void> ValidateCustomer(std::string_view customer_id);
Result<void> ValidateText(std::string_view text, std::string_view field, size_t max);
Result<void> ValidatePoints(int64_t points);
// [a-z_]{1,40}, and never "order" (an order's earn has that source type).
Result<void> ValidateAction(std::string_view action, std::string_view field);
Result<void> Between(int64_t value, int64_t low, int64_t high, std::string_view field);
// A stable 64-bit lock id per customer (FNV-1a), the same on every node.
int64_t CustomerLock(std::string_view customer_id);
// kConflict reason "points_above_balance".
Error AboveBalance(int64_t points, int64_t balance);

// floor(floor(amount_minor * points_per_unit / unit_minor) * multiplier_bp / 10000), in
// integer arithmetic. REQUIRES: a valid programme, 0 <= amount_minor <= kMaxAmountMinor.
int64_t PointsFor(const Programme& programme, int64_t amount_minor, int64_t multiplier_bp);
// floor(points * redeem_value_minor / redeem_points) in the programme's currency.
Money ValueOf(const Programme& programme, int64_t points);
// `t` plus `months` calendar months (the day clamped to the month's last), same time of day.
TimePoint AddMonths(TimePoint t, int months);
// Errors: kInvalidArgument naming the field.
Result<void> ValidateProgramme(const Programme& programme);

}  // namespace omnihub::loyalty
