#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/money.h"
#include "core/time.h"

namespace omnihub::pricing {

struct PriceListTag {
  static constexpr std::string_view kPrefix = "prl";
};
struct PromotionTag {
  static constexpr std::string_view kPrefix = "prm";
};
struct CouponTag {
  static constexpr std::string_view kPrefix = "cpn";
};
struct RedemptionTag {
  static constexpr std::string_view kPrefix = "rdm";
};
using PriceListId = Id<PriceListTag>;    // "prl_01J9…"
using PromotionId = Id<PromotionTag>;    // "prm_01J9…"
using CouponId = Id<CouponTag>;          // "cpn_01J9…"
using RedemptionId = Id<RedemptionTag>;  // "rdm_01J9…"

// Polish VAT rates, in percent. A price carries one of these.
inline constexpr int kVatRates[] = {23, 8, 5, 0};
bool IsVatRate(int64_t percent);

// A half-open validity window [from, to); a missing end is unbounded.
struct Validity {
  std::optional<TimePoint> from;
  std::optional<TimePoint> to;
  bool Contains(TimePoint t) const { return (!from || *from <= t) && (!to || t < *to); }
};

// What the catalog knows about a product that pricing needs.
struct ProductInfo {
  std::string sku;
  std::vector<std::string> category_ids;
  std::optional<int> vat_rate;  // percent, when the catalog knows it
};

// One SKU's price in a price list: a gross amount (what Polish retail shows) and its VAT rate.
struct PriceEntry {
  std::string sku;
  Money gross;
  int vat_rate = 23;
  TimePoint updated_at;
};

// A set of prices with a priority and a validity window. channel_id empty: every channel; set:
// a channel-specific override, reported by ListInconsistencies.
struct PriceList {
  PriceListId id;
  std::string name;
  Currency currency = Currency::Pln();
  int64_t priority = 0;  // higher wins among lists of the same reach
  std::optional<std::string> channel_id;
  Validity validity;
  TimePoint created_at;
  TimePoint updated_at;
  std::vector<PriceEntry> entries;  // by SKU; filled by GetPriceList only
};

// A price as given by a caller: decimal text ("129.99", "129,99 zł"), never a float.
struct NewPrice {
  std::string sku;
  std::string price;
  std::optional<int> vat_rate;  // default: the product's rate from the catalog
};

struct NewPriceList {
  std::string name;
  std::string currency = "PLN";
  int64_t priority = 0;
  std::optional<std::string> channel_id;
  Validity validity;
  std::vector<NewPrice> entries;
};

// PATCH: only the members that are set change.
struct PriceListUpdate {
  std::optional<std::string> name;
  std::optional<int64_t> priority;
  std::optional<Validity> validity;
};

// The price one SKU has for one channel at one time, and where it came from.
struct ResolvedPrice {
  std::string sku;
  Money gross;
  int vat_rate = 23;
  PriceListId price_list_id;
  bool channel_override = false;
};

// A channel-specific price: the omnichannel audit reports each as an inconsistency.
struct Inconsistency {
  PriceListId price_list_id;
  std::string price_list_name;
  std::string channel_id;
  std::string sku;
  Money override_gross;
  std::optional<Money> base_gross;  // what every other channel pays now; none: no base price
  int vat_rate = 23;
  Validity validity;
};

enum class PromotionKind { kPercentOff, kAmountOff, kBuyXGetY, kFreeShipping };
constexpr auto EnumNames(PromotionKind) {
  return EnumTable<PromotionKind, 4>{{{PromotionKind::kPercentOff, "percent_off"},
                                      {PromotionKind::kAmountOff, "amount_off"},
                                      {PromotionKind::kBuyXGetY, "buy_x_get_y"},
                                      {PromotionKind::kFreeShipping, "free_shipping"}}};
}

// Line: discounts each eligible line on its own. Basket: one discount over the eligible lines,
// applied after every line-level discount.
enum class PromotionLevel { kLine, kBasket };
constexpr auto EnumNames(PromotionLevel) {
  return EnumTable<PromotionLevel, 2>{
      {{PromotionLevel::kLine, "line"}, {PromotionLevel::kBasket, "basket"}}};
}

// Who and what a promotion applies to. Empty lists and unset members do not restrict.
struct Conditions {
  std::vector<std::string> skus;          // a line matches when its SKU is listed...
  std::vector<std::string> category_ids;  // ...or one of its categories is
  std::optional<Money> min_basket;        // gross after line-level discounts
  std::optional<std::string> segment_id;  // the customer is in this segment
  std::optional<std::string> channel_id;  // the quote is for this channel
};

struct Promotion {
  PromotionId id;
  std::string name;
  PromotionKind kind = PromotionKind::kPercentOff;
  PromotionLevel level = PromotionLevel::kLine;
  int64_t percent_bp = 0;       // kPercentOff: basis points, 1000 = 10 %
  std::optional<Money> amount;  // kAmountOff: per unit (line level) or once (basket level)
  int64_t buy_quantity = 0;     // kBuyXGetY: buy X ...
  int64_t free_quantity = 0;    // ... get Y more units of the same SKU free
  Conditions conditions;
  Validity validity;
  int64_t priority = 0;
  bool stackable = false;        // applies on top of the best non-stackable one
  bool requires_coupon = false;  // applies only through one of its coupons
  TimePoint created_at;
};

// Percent as decimal text ("10", "12.5"); amount as decimal money text ("20.00").
struct NewPromotion {
  std::string name;
  PromotionKind kind = PromotionKind::kPercentOff;
  PromotionLevel level = PromotionLevel::kLine;
  std::optional<std::string> percent;
  std::optional<std::string> amount;
  int64_t buy_quantity = 0;
  int64_t free_quantity = 0;
  std::vector<std::string> skus;
  std::vector<std::string> category_ids;
  std::optional<std::string> min_basket;
  std::optional<std::string> segment_id;
  std::optional<std::string> channel_id;
  Validity validity;
  int64_t priority = 0;
  bool stackable = false;
  bool requires_coupon = false;
};

// A code customers type. Codes compare case-insensitively (kept upper-case).
struct Coupon {
  CouponId id;
  std::string code;
  PromotionId promotion_id;
  bool once_per_customer = true;
  std::optional<int64_t> max_uses;  // in total; none: unlimited
  int64_t uses = 0;
  std::optional<std::string> channel_id;    // only in this channel
  std::optional<std::string> channel_name;  // for messages; resolved when listed
  Validity validity;
  TimePoint created_at;
};

struct NewCoupon {
  std::string code;
  std::string promotion_id;
  bool once_per_customer = true;
  std::optional<int64_t> max_uses;
  std::optional<std::string> channel_id;
  Validity validity;
};

// A use of a coupon by an order.
struct RedeemRequest {
  std::string code;
  std::string customer_id;  // required for once-per-customer coupons
  std::string order_ref;
  std::string channel_id;  // where the order was placed
};

struct Redemption {
  RedemptionId id;
  CouponId coupon_id;
  std::string code;
  std::string customer_id;
  std::string order_ref;
  std::string channel_id;
  TimePoint redeemed_at;
};

struct QuoteLine {
  std::string sku;
  int64_t quantity = 0;
};

// A basket discount decided outside pricing, such as loyalty points redeemed: applied after
// every promotion, capped at what the basket still costs, and split across the lines in
// proportion to their totals (README: rounding), like an amount off the basket.
struct Adjustment {
  std::string kind;    // stable, e.g. "loyalty_points"
  Money amount;        // positive, in the quote's currency
  std::string reason;  // for people: "500 points"
};

struct QuoteRequest {
  std::vector<QuoteLine> lines;
  std::optional<std::string> customer_id;
  std::vector<std::string> segment_ids;
  std::string channel_id;
  std::vector<std::string> coupons;
  std::optional<TimePoint> at;  // default: now
  std::string currency = "PLN";
  // Discounts decided outside pricing (loyalty points), applied after every promotion.
  std::vector<Adjustment> adjustments;
};

// One discount on one line.
struct Discount {
  PromotionId promotion_id;  // empty for an adjustment
  std::string coupon;        // the code it came through, "" for automatic promotions
  Money amount;
  std::string reason;              // for people: "Wiosna -10%: 10% off"
  std::string kind = "promotion";  // or the Adjustment's kind
};

struct PricedLine {
  std::string sku;
  int64_t quantity = 0;
  Money unit_gross;
  Money line_gross;  // unit × quantity, before discounts
  std::vector<Discount> discounts;
  Money discount_total;
  Money total_gross;  // line_gross − discount_total, never negative
  int vat_rate = 23;
  Money net;  // derived from total_gross (README: VAT)
  Money vat;
  PriceListId price_list_id;
};

struct AppliedPromotion {
  PromotionId promotion_id;
  std::string name;
  std::string coupon;  // "" for automatic promotions
  Money amount;        // total discount it gave (0 for free shipping)
  std::string reason;
};

// A promotion or coupon that did not apply, and why. `promotion_id` is empty for an unknown
// coupon code.
struct Rejection {
  std::string promotion_id;
  std::string coupon;
  std::string code;  // stable: "unknown_coupon", "channel", "expired", "not_yet_valid",
                     // "used_up", "already_used", "min_basket", "no_eligible_line",
                     // "segment", "better_promotion", "known_customer_required"
  std::string reason;
};

struct VatRow {
  int rate = 23;
  Money gross;
  Money net;
  Money vat;
};

struct Quote {
  Currency currency = Currency::Pln();
  TimePoint at;
  std::vector<PricedLine> lines;
  std::vector<AppliedPromotion> applied;
  std::vector<Rejection> rejected;
  std::vector<VatRow> vat;  // by rate, highest first
  Money subtotal_gross;     // before discounts
  Money discount_total;
  Money total_gross;
  Money total_net;
  Money total_vat;
  bool free_shipping = false;
};

}  // namespace omnihub::pricing
