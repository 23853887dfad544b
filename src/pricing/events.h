#pragma once

#include <optional>
#include <string>
#include <vector>

#include "changes/event.h"
#include "core/money.h"
#include "core/schema.h"
#include "pricing/types.h"

// What the pricing module appends to the change log. Amounts are {"amount","currency"}.
namespace omnihub::pricing::events {

using omnihub::schema::F;

// A price list's header (its prices change through kPriceChanged).
struct PriceListChanged {
  PriceListId id;
  std::string name;
  std::string currency;
  int64_t priority = 0;
  std::optional<std::string> channel_id;
  bool channel_override = false;  // channel_id is set: the list overrides the shared price
  std::optional<TimePoint> valid_from;
  std::optional<TimePoint> valid_to;
  TimePoint created_at;
  TimePoint updated_at;
};
constexpr auto Describe(const PriceListChanged*) {
  return std::tuple{F("id", &PriceListChanged::id),
                    F("name", &PriceListChanged::name),
                    F("currency", &PriceListChanged::currency),
                    F("priority", &PriceListChanged::priority),
                    F("channel_id", &PriceListChanged::channel_id),
                    F("channel_override", &PriceListChanged::channel_override),
                    F("valid_from", &PriceListChanged::valid_from),
                    F("valid_to", &PriceListChanged::valid_to),
                    F("created_at", &PriceListChanged::created_at),
                    F("updated_at", &PriceListChanged::updated_at)};
}

inline PriceListChanged ChangeOf(const PriceList& list) {
  return PriceListChanged{.id = list.id,
                          .name = list.name,
                          .currency = std::string(list.currency.code()),
                          .priority = list.priority,
                          .channel_id = list.channel_id,
                          .channel_override = list.channel_id.has_value(),
                          .valid_from = list.validity.from,
                          .valid_to = list.validity.to,
                          .created_at = list.created_at,
                          .updated_at = list.updated_at};
}

// One SKU's price in one list; the entity is the SKU.
struct PriceChanged {
  PriceListId price_list_id;
  std::string sku;
  std::optional<std::string> channel_id;  // the list's channel, nullopt for every channel
  Money price;
  std::optional<Money> previous_price;  // nullopt for a new price
  int vat_rate = 23;
};
constexpr auto Describe(const PriceChanged*) {
  return std::tuple{
      F("price_list_id", &PriceChanged::price_list_id),   F("sku", &PriceChanged::sku),
      F("channel_id", &PriceChanged::channel_id),         F("price", &PriceChanged::price),
      F("previous_price", &PriceChanged::previous_price), F("vat_rate", &PriceChanged::vat_rate)};
}

struct PromotionCreated {
  PromotionId id;
  std::string name;
  PromotionKind kind = PromotionKind::kPercentOff;
  PromotionLevel level = PromotionLevel::kLine;
  int64_t priority = 0;
  bool stackable = false;
  bool requires_coupon = false;
};
constexpr auto Describe(const PromotionCreated*) {
  return std::tuple{F("id", &PromotionCreated::id),
                    F("name", &PromotionCreated::name),
                    F("kind", &PromotionCreated::kind),
                    F("level", &PromotionCreated::level),
                    F("priority", &PromotionCreated::priority),
                    F("stackable", &PromotionCreated::stackable),
                    F("requires_coupon", &PromotionCreated::requires_coupon)};
}

struct CouponCreated {
  CouponId id;
  std::string code;
  PromotionId promotion_id;
  std::optional<std::string> channel_id;  // only in this channel
  std::optional<int64_t> max_uses;
  bool once_per_customer = false;
};
constexpr auto Describe(const CouponCreated*) {
  return std::tuple{F("id", &CouponCreated::id),
                    F("code", &CouponCreated::code),
                    F("promotion_id", &CouponCreated::promotion_id),
                    F("channel_id", &CouponCreated::channel_id),
                    F("max_uses", &CouponCreated::max_uses),
                    F("once_per_customer", &CouponCreated::once_per_customer)};
}

// One use of a coupon; the change's customer is the redeeming customer.
struct CouponRedeemed {
  RedemptionId id;
  CouponId coupon_id;
  std::string code;
  std::string order_ref;  // the order it was used on
  std::string channel_id;
};
constexpr auto Describe(const CouponRedeemed*) {
  return std::tuple{F("id", &CouponRedeemed::id), F("coupon_id", &CouponRedeemed::coupon_id),
                    F("code", &CouponRedeemed::code), F("order_ref", &CouponRedeemed::order_ref),
                    F("channel_id", &CouponRedeemed::channel_id)};
}

inline constexpr changes::EventType<PriceListChanged> kPriceListCreated{
    .name = "pricing.price_list.created",
    .entity_type = "price_list",
    .summary = "A price list was created"};
inline constexpr changes::EventType<PriceListChanged> kPriceListUpdated{
    .name = "pricing.price_list.updated",
    .entity_type = "price_list",
    .summary = "A price list's name, priority, channel or validity changed"};
inline constexpr changes::EventType<PriceChanged> kPriceChanged{
    .name = "pricing.price.changed",
    .entity_type = "price",
    .summary = "A SKU's price in a price list was set or changed"};
inline constexpr changes::EventType<PromotionCreated> kPromotionCreated{
    .name = "pricing.promotion.created",
    .entity_type = "promotion",
    .summary = "A promotion was created"};
inline constexpr changes::EventType<CouponCreated> kCouponCreated{
    .name = "pricing.coupon.created", .entity_type = "coupon", .summary = "A coupon was created"};
inline constexpr changes::EventType<CouponRedeemed> kCouponRedeemed{
    .name = "pricing.coupon.redeemed",
    .entity_type = "coupon",
    .summary = "A coupon was used on an order"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kPriceListCreated), changes::Info(kPriceListUpdated),
          changes::Info(kPriceChanged),     changes::Info(kPromotionCreated),
          changes::Info(kCouponCreated),    changes::Info(kCouponRedeemed)};
}

}  // namespace omnihub::pricing::events
