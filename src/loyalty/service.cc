// The programme, the ledger's machinery (locks, expiry, spending lots, tiers) and reads.
#include <algorithm>
#include <set>

#include "changes/changes.h"
#include "loyalty/codec.h"
#include "loyalty/events.h"
#include "loyalty/loyalty_service.h"

namespace omnihub::loyalty {
namespace {

struct CustomerTag {
  static constexpr std::string_view kPrefix = "cus";
};

}  // namespace

Result<void> ValidateCustomer(std::string_view customer_id) {
  OMNI_TRY(Id<CustomerTag>::Parse(customer_id, "customer_id"));
  return Ok();
}

Result<void> ValidateText(std::string_view text, std::string_view field, size_t max) {
  if (text.empty() || text.size() > max) {
    return Error::InvalidArgument(field, "must be 1.." + std::to_string(max) + " characters");
  }
  return Ok();
}

Result<void> ValidatePoints(int64_t points) {
  if (points < 1 || points > kMaxPoints) {
    return Error::InvalidArgument("points", "must be an integer in 1..1000000000");
  }
  return Ok();
}

// [a-z_]{1,40}, and never "order" (an order's earn has that source type).
Result<void> ValidateAction(std::string_view action, std::string_view field) {
  const bool well_formed = !action.empty() && action.size() <= 40 &&
                           std::all_of(action.begin(), action.end(),
                                       [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
  if (!well_formed) {
    return Error::InvalidArgument(field, "must be 1..40 characters of a-z and _");
  }
  if (action == "order") {
    return Error::InvalidArgument(field, "must not be \"order\" (the source type of order earns)");
  }
  return Ok();
}

// A stable 64-bit lock id per customer (FNV-1a), the same on every node.
int64_t CustomerLock(std::string_view customer_id) {
  uint64_t hash = 14695981039346656037ull;
  for (char c : std::string("loyalty:") + std::string(customer_id)) {
    hash = (hash ^ static_cast<unsigned char>(c)) * 1099511628211ull;
  }
  return static_cast<int64_t>(hash);
}

Error AboveBalance(int64_t points, int64_t balance) {
  return Error::Conflict("points redemption above the balance")
      .With("reason", "points_above_balance")
      .With("points", points)
      .With("balance", balance);
}

Result<void> Between(int64_t value, int64_t low, int64_t high, std::string_view field) {
  if (value < low || value > high) {
    return Error::InvalidArgument(
        field, "must be an integer in " + std::to_string(low) + ".." + std::to_string(high));
  }
  return Ok();
}

int64_t PointsFor(const Programme& p, int64_t amount_minor, int64_t multiplier_bp) {
  const __int128 base = static_cast<__int128>(amount_minor) * p.points_per_unit / p.unit_minor;
  const __int128 points = base * multiplier_bp / 10000;
  return points > kMaxPoints ? kMaxPoints + 1 : static_cast<int64_t>(points);
}

Money ValueOf(const Programme& p, int64_t points) {
  const __int128 minor = static_cast<__int128>(points) * p.redeem_value_minor / p.redeem_points;
  return Money{.minor = static_cast<int64_t>(minor), .currency = p.currency};
}

TimePoint AddMonths(TimePoint t, int months) {
  using namespace std::chrono;
  const sys_days day = floor<days>(t);
  const Duration time_of_day = t - time_point_cast<microseconds>(day);
  const year_month_day ymd(day);
  const year_month ym = year_month(ymd.year(), ymd.month()) + std::chrono::months(months);
  const year_month_day_last last(ym.year(), month_day_last(ym.month()));
  const year_month_day target(ym.year(), ym.month(), std::min(ymd.day(), last.day()));
  return time_point_cast<microseconds>(sys_days(target)) + time_of_day;
}

Result<void> ValidateProgramme(const Programme& p) {
  OMNI_TRY(Between(p.points_per_unit, 0, 1'000'000, "points_per_unit"));
  OMNI_TRY(Between(p.unit_minor, 1, 1'000'000'000, "unit_minor"));
  OMNI_TRY(Between(p.expiry_months, 1, 120, "expiry_months"));
  OMNI_TRY(Between(p.tier_window_months, 1, 120, "tier_window_months"));
  OMNI_TRY(Between(p.redeem_points, 1, kMaxPoints, "redeem_points"));
  OMNI_TRY(Between(p.redeem_value_minor, 0, 1'000'000'000, "redeem_value_minor"));
  if (p.tiers.empty() || p.tiers.size() > 20) {
    return Error::InvalidArgument("tiers", "must list 1..20 tiers");
  }
  std::set<std::string> names;
  for (size_t i = 0; i < p.tiers.size(); ++i) {
    const Tier& tier = p.tiers[i];
    const std::string at = "tiers[" + std::to_string(i) + "]";
    OMNI_TRY(ValidateText(tier.name, at + ".name", 40));
    if (!names.insert(tier.name).second) {
      return Error::InvalidArgument(at + ".name", "repeats another tier's name");
    }
    if (i == 0 && tier.threshold != 0) {
      return Error::InvalidArgument(at + ".threshold", "must be 0 for the first tier");
    }
    if (i > 0 && tier.threshold <= p.tiers[i - 1].threshold) {
      return Error::InvalidArgument(at + ".threshold", "must be above the previous tier's");
    }
    OMNI_TRY(Between(tier.threshold, 0, kMaxPoints, at + ".threshold"));
    OMNI_TRY(Between(tier.multiplier_bp, 0, 100'000, at + ".multiplier_bp"));
  }
  if (p.actions.size() > 100) {
    return Error::InvalidArgument("actions", "must list at most 100 rules");
  }
  std::set<std::string> actions;
  for (size_t i = 0; i < p.actions.size(); ++i) {
    const ActionRule& rule = p.actions[i];
    const std::string at = "actions[" + std::to_string(i) + "]";
    OMNI_TRY(ValidateAction(rule.action, at + ".action"));
    if (!actions.insert(rule.action).second) {
      return Error::InvalidArgument(at + ".action", "repeats another rule's action");
    }
    OMNI_TRY(Between(rule.points, 1, kMaxPoints, at + ".points"));
    OMNI_TRY(Between(rule.max_per_customer, 0, 1'000'000, at + ".max_per_customer"));
  }
  return Ok();
}

std::unique_ptr<LoyaltyService> NewLoyaltyService(const Clock& clock) {
  return std::make_unique<LoyaltyServiceImpl>(clock);
}

Result<Programme> LoyaltyServiceImpl::GetProgramme(storage::Tx& tx) {
  return store::SelectProgramme(tx);
}

Result<Programme> LoyaltyServiceImpl::SetProgramme(storage::Tx& tx, const Programme& programme) {
  OMNI_TRY(ValidateProgramme(programme));
  Programme p = programme;
  p.updated_at = clock_.Now();
  OMNI_TRY(store::UpdateProgramme(tx, p));
  OMNI_TRY(changes::Append(tx, events::kProgrammeUpdated, p,
                           {.entity_id = "1", .occurred_at = p.updated_at}));
  return p;
}

Result<void> LoyaltyServiceImpl::BeginWrite(storage::Tx& tx, std::string_view customer_id,
                                            TimePoint now) {
  OMNI_TRY(tx.LockExclusive(CustomerLock(customer_id)));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Lot> due,
                        store::SelectDueLots(tx, now, 100'000, customer_id));
  for (const store::Lot& lot : due) {
    OMNI_TRY(ExpireLot(tx, lot, now));
  }
  return Ok();
}

Result<void> LoyaltyServiceImpl::ExpireLot(storage::Tx& tx, const store::Lot& lot, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(int64_t changed, store::ExpireFromLot(tx, lot.entry_id, lot.remaining));
  if (changed != 1) {
    return Error::Internal("a loyalty lot changed under its customer's lock");
  }
  Entry entry{.id = EntryId::Generate(now),
              .customer_id = lot.customer_id,
              .kind = EntryKind::kExpire,
              .points = -lot.remaining,
              .source_type = "expiry",
              .source_id = lot.entry_id,
              .occurred_at = lot.expires_at,
              .created_at = now};
  return Record(tx, entry, events::kPointsExpired);
}

Result<void> LoyaltyServiceImpl::Spend(storage::Tx& tx, std::string_view customer_id,
                                       int64_t points, TimePoint now, std::string_view first) {
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Lot> lots, store::SelectLiveLots(tx, customer_id, now));
  std::stable_partition(lots.begin(), lots.end(),
                        [&](const store::Lot& lot) { return lot.entry_id == first; });
  int64_t left = points;
  for (const store::Lot& lot : lots) {
    if (left == 0) {
      break;
    }
    const int64_t take = std::min(left, lot.remaining);
    OMNI_ASSIGN_OR_RETURN(int64_t changed, store::TakeFromLot(tx, lot.entry_id, take));
    if (changed != 1) {
      return Error::Internal("a loyalty lot changed under its customer's lock");
    }
    left -= take;
  }
  if (left != 0) {
    return Error::Internal("spent more loyalty points than the balance held");
  }
  return Ok();
}

Result<void> LoyaltyServiceImpl::Record(storage::Tx& tx, Entry& entry,
                                        const changes::EventType<events::PointsChanged>& type) {
  OMNI_ASSIGN_OR_RETURN(entry.seq, store::InsertEntry(tx, entry));
  OMNI_ASSIGN_OR_RETURN(int64_t balance, store::SumEntries(tx, entry.customer_id));
  OMNI_TRY(changes::Append(tx, type, events::PointsChanged{.entry = entry, .balance = balance},
                           {.entity_id = entry.id.str(),
                            .customer_id = entry.customer_id,
                            .occurred_at = entry.created_at}));
  return Ok();
}

Result<TierStatus> LoyaltyServiceImpl::Tiers(storage::Tx& tx, const Programme& p,
                                             std::string_view customer_id, TimePoint now) {
  TierStatus status;
  OMNI_ASSIGN_OR_RETURN(status.tier_points,
                        store::TierPoints(tx, customer_id, AddMonths(now, -p.tier_window_months)));
  status.tier = p.tiers.front();
  for (size_t i = 0; i < p.tiers.size(); ++i) {
    if (p.tiers[i].threshold <= status.tier_points) {
      status.tier = p.tiers[i];
      status.next.reset();
    } else {
      status.next = p.tiers[i];
      status.points_to_next = p.tiers[i].threshold - status.tier_points;
      break;
    }
  }
  return status;
}

Result<void> LoyaltyServiceImpl::AnnounceTier(storage::Tx& tx, const Programme& p,
                                              std::string_view customer_id, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(TierStatus status, Tiers(tx, p, customer_id, now));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> last, store::SelectAccountTier(tx, customer_id));
  const std::string from = last.value_or(p.tiers.front().name);
  if (last && *last == status.tier.name) {
    return Ok();
  }
  OMNI_TRY(store::UpsertAccountTier(tx, customer_id, status.tier.name, now));
  if (from == status.tier.name) {
    return Ok();  // a new account in the first tier: nothing moved
  }
  OMNI_TRY(
      changes::Append(tx, events::kTierChanged,
                      events::TierChanged{.customer_id = std::string(customer_id),
                                          .from = from,
                                          .to = status.tier.name,
                                          .tier_points = status.tier_points},
                      {.entity_id = customer_id, .customer_id = customer_id, .occurred_at = now}));
  return Ok();
}

Result<int64_t> LoyaltyServiceImpl::LiveBalance(storage::Tx& tx, std::string_view customer_id,
                                                TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Lot> lots, store::SelectLiveLots(tx, customer_id, now));
  int64_t points = 0;
  for (const store::Lot& lot : lots) {
    points += lot.remaining;
  }
  return points;
}

Result<Balance> LoyaltyServiceImpl::GetBalance(storage::Tx& tx, std::string_view customer_id) {
  OMNI_TRY(ValidateCustomer(customer_id));
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Lot> lots, store::SelectLiveLots(tx, customer_id, now));
  Balance balance{.customer_id = std::string(customer_id)};
  for (const store::Lot& lot : lots) {
    balance.points += lot.remaining;
    if (lot.expires_at <= now + kExpiringSoon) {
      balance.expiring_points += lot.remaining;
    }
  }
  if (!lots.empty()) {
    balance.next_expiry_at = lots.front().expires_at;
  }
  balance.value = ValueOf(p, balance.points);
  OMNI_ASSIGN_OR_RETURN(balance.tier, Tiers(tx, p, customer_id, now));
  return balance;
}

Result<HistoryPage> LoyaltyServiceImpl::History(storage::Tx& tx, const HistoryQuery& query) {
  OMNI_TRY(ValidateCustomer(query.customer_id));
  OMNI_TRY(Between(query.limit, 1, 200, "limit"));
  OMNI_TRY(Between(query.before, 0, INT64_MAX, "before"));
  HistoryPage page;
  OMNI_ASSIGN_OR_RETURN(page.entries,
                        store::SelectEntries(tx, query.customer_id, query.before, query.limit));
  if (static_cast<int>(page.entries.size()) == query.limit) {
    page.next_before = page.entries.back().seq;
  }
  return page;
}

Result<int64_t> LoyaltyServiceImpl::ExpireDue(storage::Tx& tx, TimePoint now, int limit) {
  OMNI_TRY(Between(limit, 1, 100'000, "limit"));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Lot> due,
                        store::SelectDueLots(tx, now, limit, std::nullopt));
  // Lock customers in one global order, so two sweepers never wait on each other in a cycle.
  std::stable_sort(due.begin(), due.end(), [](const store::Lot& a, const store::Lot& b) {
    return a.customer_id < b.customer_id;
  });
  std::set<std::string> customers;
  int64_t expired = 0;
  for (const store::Lot& candidate : due) {
    OMNI_TRY(tx.LockExclusive(CustomerLock(candidate.customer_id)));
    // Read again under the lock: another writer may have expired or spent it meanwhile.
    OMNI_ASSIGN_OR_RETURN(std::optional<store::Lot> lot, store::SelectLot(tx, candidate.entry_id));
    if (!lot || lot->remaining == 0) {
      continue;
    }
    OMNI_TRY(ExpireLot(tx, *lot, now));
    customers.insert(lot->customer_id);
    ++expired;
  }
  if (!customers.empty()) {
    OMNI_ASSIGN_OR_RETURN(Programme p, store::SelectProgramme(tx));
    for (const std::string& customer_id : customers) {
      OMNI_TRY(AnnounceTier(tx, p, customer_id, now));
    }
  }
  return expired;
}

}  // namespace omnihub::loyalty
