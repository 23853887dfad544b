#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "changes/subscribers.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "loyalty/types.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The loyalty programme (SPEC.md §2.9): points per amount spent and per action, tiers by points
// earned in the last months, an append-only points ledger with expiry, and redemption as a
// discount.
namespace omnihub::loyalty {

storage::MigrationSet Migrations();

// Thread-safe: all state lives in the database. Mutating methods take the use case's Tx first
// and append their changes (events.h, each with customer_id set) to it; an error leaves
// nothing changed once the caller rolls back (Database::InTransaction does). Writes for one
// customer serialise (Tx::LockExclusive), and write that customer's due expiries first.
// Common errors: kInvalidArgument naming the field (customer_id must be cus_<ULID>).
class LoyaltyService {
 public:
  virtual ~LoyaltyService() = default;

  // Works in a read-only Tx.
  virtual Result<Programme> GetProgramme(storage::Tx& tx) = 0;
  // Replaces the programme; applies to earns and redemptions from now on (points already
  // earned keep their expiry). Appends loyalty.programme.updated.
  // Errors: kInvalidArgument (tiers, tiers[i].threshold, points_per_unit, actions[i].action
  // — also for an action listed twice —, actions[i].points, …).
  virtual Result<Programme> SetProgramme(storage::Tx& tx, const Programme& programme) = 0;

  // Earns points for money spent, at the customer's tier multiplier; the points expire
  // expiry_months after req.occurred_at. Idempotent per (source_type, source_id): a replay
  // returns the first entry and changes nothing (whatever its customer or amount), so a
  // replayed change never earns twice. Appends loyalty.points.earned and, when the tier moves,
  // loyalty.tier.changed. Errors: kInvalidArgument (customer_id, source_type, source_id,
  // amount, amount.currency when not the programme's).
  virtual Result<Entry> Earn(storage::Tx& tx, const EarnRequest& req) = 0;
  // Earns the programme's flat points for an action (no tier multiplier), expiring and counting
  // toward tiers like an earn; the entry's source is (req.action, req.source_id), its amount
  // none. Idempotent per (action, source_id): a replay returns the first entry and changes
  // nothing (even once the rule is gone or the limit reached). Appends loyalty.points.earned
  // and, when the tier moves, loyalty.tier.changed. Reverse(action, source_id) takes it back.
  // Errors: kInvalidArgument (customer_id, action, source_id); kNotFound (details.action) when
  // the programme has no rule for the action; kConflict (details reason
  // "action_limit_reached", action, limit) when the customer has earned for this action
  // max_per_customer times already (reversed earns still count).
  virtual Result<Entry> EarnForAction(storage::Tx& tx, const ActionEarn& req) = 0;
  // Takes back what one source earned (an order cancelled or returned): the points still
  // unexpired from that earn, and never more than the balance (points already redeemed stay
  // spent). Idempotent: a second call returns the first reverse entry. nullopt when nothing
  // was earned for the source. Appends loyalty.points.reversed (and loyalty.tier.changed).
  virtual Result<std::optional<Entry>> Reverse(storage::Tx& tx, std::string_view source_type,
                                               std::string_view source_id) = 0;

  // What redeeming `points` would give, without changing anything. Works in a read-only Tx.
  // Errors: kInvalidArgument (points: 1..kMaxPoints); kConflict (details reason
  // "points_above_balance", balance, points) when points exceed the balance.
  virtual Result<Money> RedeemQuote(storage::Tx& tx, std::string_view customer_id,
                                    int64_t points) = 0;
  // Spends `points` (oldest expiry first) for a discount of their value; appends
  // loyalty.points.redeemed. Idempotent per non-empty `reference` (a cart or order id): the
  // same reference for the same customer and points returns the first redemption.
  // Errors: as RedeemQuote; kConflict (reason "reference_reused") for a reference already
  // used with another customer or points. On error nothing stored changes.
  virtual Result<Redemption> Redeem(storage::Tx& tx, std::string_view customer_id, int64_t points,
                                    std::string_view reference) = 0;
  // An admin's correction: positive points are a credit expiring like an earn; negative ones
  // are spent like a redemption. Appends loyalty.points.adjusted (and loyalty.tier.changed
  // never: adjustments do not count toward tiers).
  // Errors: kInvalidArgument (points: non-zero, |points| <= kMaxPoints; reason: 1..500
  // characters); kConflict (reason "points_above_balance") below zero.
  virtual Result<Entry> Adjust(storage::Tx& tx, std::string_view customer_id, int64_t points,
                               std::string_view reason) = 0;

  // Points, tier, next tier and what expires soon, as of now (points past their expiry never
  // count, swept or not). Works in a read-only Tx; an unknown customer has a zero balance.
  virtual Result<Balance> GetBalance(storage::Tx& tx, std::string_view customer_id) = 0;
  // The customer's ledger, newest first. Works in a read-only Tx.
  // Errors: kInvalidArgument (limit: 1..200, before).
  virtual Result<HistoryPage> History(storage::Tx& tx, const HistoryQuery& query) = 0;

  // The sweeper: writes an expire entry for every credit whose expiry is at or before `now`
  // and which still has points (at most `limit` credits), appending loyalty.points.expired
  // (and loyalty.tier.changed when a tier falls). Returns how many credits it expired.
  virtual Result<int64_t> ExpireDue(storage::Tx& tx, TimePoint now, int limit = 500) = 0;
};

// Borrows `clock`, which must outlive the service.
std::unique_ptr<LoyaltyService> NewLoyaltyService(const Clock& clock);

// /api/v1/loyalty/*. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, LoyaltyService& service);

// What loyalty does with other modules' changes (run them with changes::StartSubscribers):
// earn on orders.order.completed ({"id", "customer_id", "total": {"amount", "currency"}}),
// reverse on orders.order.cancelled. Both are safe to replay. Borrows `service`.
std::vector<changes::Subscription> Subscriptions(LoyaltyService& service);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::loyalty
