#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"

namespace omnihub::loyalty {

struct EntryTag {
  static constexpr std::string_view kPrefix = "lpt";
};
using EntryId = Id<EntryTag>;

// The largest points figure one request may name, and the largest amount one earn may name:
// far beyond any real basket, far below int64 overflow once multiplied.
inline constexpr int64_t kMaxPoints = 1'000'000'000;
inline constexpr int64_t kMaxAmountMinor = 1'000'000'000'000;

// A tier: reached once the points earned in the last `tier_window_months` reach `threshold`.
struct Tier {
  std::string name;
  int64_t threshold = 0;          // points; the first tier's is 0
  int64_t multiplier_bp = 10000;  // earn multiplier in basis points (12500 = ×1.25)
};
constexpr auto Describe(const Tier*) {
  using omnihub::schema::F;
  return std::tuple{F("name", &Tier::name), F("threshold", &Tier::threshold),
                    F("multiplier_bp", &Tier::multiplier_bp)};
}

// Points for an action rather than money: a flat `points` per earn (no tier multiplier),
// at most `max_per_customer` earns of this action per customer (0 = unlimited).
struct ActionRule {
  std::string action;  // [a-z_]{1,40}, e.g. "product_review", "app_signup"; never "order"
  int64_t points = 0;  // 1..kMaxPoints
  int64_t max_per_customer = 0;
};
constexpr auto Describe(const ActionRule*) {
  using omnihub::schema::F;
  return std::tuple{F("action", &ActionRule::action), F("points", &ActionRule::points),
                    F("max_per_customer", &ActionRule::max_per_customer)};
}

// The one programme, in every channel.
// Earned points = floor(floor(amount_minor * points_per_unit / unit_minor) * multiplier_bp /
// 10000); a redemption of p points is worth floor(p * redeem_value_minor / redeem_points).
struct Programme {
  Currency currency = Currency::Pln();
  int64_t points_per_unit = 1;  // points per `unit_minor` spent: 1 point per 1.00 PLN
  int64_t unit_minor = 100;
  std::vector<Tier> tiers;            // ascending thresholds, the first at 0
  int expiry_months = 12;             // points expire this many calendar months after earning
  int tier_window_months = 12;        // tiers count points earned in this many months
  int64_t redeem_points = 100;        // 100 points ...
  int64_t redeem_value_minor = 1000;  // ... = 10.00 PLN
  std::vector<ActionRule> actions;    // points per action; each action at most once
  TimePoint updated_at;
};
// As GET /api/v1/loyalty/programme shows it.
constexpr auto Describe(const Programme*) {
  using omnihub::schema::F;
  return std::tuple{F("currency", &Programme::currency),
                    F("points_per_unit", &Programme::points_per_unit),
                    F("unit_minor", &Programme::unit_minor),
                    F("tiers", &Programme::tiers),
                    F("expiry_months", &Programme::expiry_months),
                    F("tier_window_months", &Programme::tier_window_months),
                    F("redeem_points", &Programme::redeem_points),
                    F("redeem_value_minor", &Programme::redeem_value_minor),
                    F("actions", &Programme::actions),
                    F("updated_at", &Programme::updated_at)};
}

enum class EntryKind { kEarn, kReverse, kRedeem, kExpire, kAdjust };
constexpr auto EnumNames(EntryKind) {
  return EnumTable<EntryKind, 5>{{{EntryKind::kEarn, "earn"},
                                  {EntryKind::kReverse, "reverse"},
                                  {EntryKind::kRedeem, "redeem"},
                                  {EntryKind::kExpire, "expire"},
                                  {EntryKind::kAdjust, "adjust"}}};
}

// One row of the append-only points ledger.
struct Entry {
  EntryId id;
  int64_t seq = 0;  // ledger order; History's cursor
  std::string customer_id;
  EntryKind kind = EntryKind::kEarn;
  int64_t points = 0;  // signed change of the balance
  // earn/reverse: "order" or the action, and the order's id or e.g. the review's id;
  // redeem: "redemption" and the reference; expire: "expiry" and the lot.
  std::string source_type;
  std::string source_id;
  std::optional<Money> amount;  // earn: the amount spent (an action: none); redeem: the discount
  std::string reason;           // adjust: why (free text)
  TimePoint occurred_at;        // earn and its reverse: when earned; else created_at
  std::optional<TimePoint> expires_at;  // credits only
  TimePoint created_at;
};
// As the customer's history shows it.
constexpr auto Describe(const Entry*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Entry::id),
                    F("seq", &Entry::seq),
                    F("customer_id", &Entry::customer_id),
                    F("kind", &Entry::kind),
                    F("points", &Entry::points),
                    F("source_type", &Entry::source_type),
                    F("source_id", &Entry::source_id),
                    F("amount", &Entry::amount),
                    F("reason", &Entry::reason).Is(omnihub::schema::DataClass::kFreeText),
                    F("occurred_at", &Entry::occurred_at),
                    F("expires_at", &Entry::expires_at),
                    F("created_at", &Entry::created_at)};
}

struct EarnRequest {
  std::string customer_id;  // cus_…
  std::string source_type;  // "order", "review", … (1..40 characters)
  std::string source_id;    // the source's id (1..200 characters)
  Money amount;             // spent; in the programme's currency; >= 0
  TimePoint occurred_at;    // when it was spent: expiry counts from here
};

struct ActionEarn {
  std::string customer_id;  // cus_…
  std::string action;       // a rule of the programme's `actions`
  std::string source_id;    // what earned it, e.g. the review's id (1..200 characters)
  TimePoint occurred_at;    // when: expiry counts from here; the epoch (default) means now
};

struct TierStatus {
  Tier tier;
  std::optional<Tier> next;  // nullopt at the top tier
  int64_t points_to_next = 0;
  int64_t tier_points = 0;  // earned in the tier window
};

struct Balance {
  std::string customer_id;
  int64_t points = 0;  // unexpired, as of now
  Money value;         // what `points` would redeem for
  TierStatus tier;
  int64_t expiring_points = 0;              // expiring within kExpiringSoon
  std::optional<TimePoint> next_expiry_at;  // the earliest expiry of any unexpired point
};
inline constexpr Duration kExpiringSoon = std::chrono::hours(24 * 30);

struct Redemption {
  Entry entry;  // kind kRedeem; entry.amount is the discount
  Money discount;
  Balance balance;  // after it
};

struct HistoryQuery {
  std::string customer_id;
  int64_t before = 0;  // entries with seq < before; 0 for the newest
  int limit = 50;      // 1..200
};

struct HistoryPage {
  std::vector<Entry> entries;  // newest first
  int64_t next_before = 0;     // 0 when there are no more
};

}  // namespace omnihub::loyalty
