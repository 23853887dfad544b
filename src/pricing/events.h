#pragma once

#include <string_view>

// Changes the pricing module appends to the change log. Amounts are {"amount","currency"}.
namespace omnihub::pricing::events {

// payload: {"id","name","currency","priority","channel_id","valid_from","valid_to"}
inline constexpr std::string_view kPriceListCreated = "pricing.price_list.created";
// payload: as created, after the change
inline constexpr std::string_view kPriceListUpdated = "pricing.price_list.updated";
// entity: the SKU; payload: {"price_list_id","sku","channel_id","price","previous_price"
// (null for a new price),"vat_rate"}
inline constexpr std::string_view kPriceChanged = "pricing.price.changed";
// payload: {"id","name","kind","level","priority","stackable","requires_coupon"}
inline constexpr std::string_view kPromotionCreated = "pricing.promotion.created";
// payload: {"id","code","promotion_id","channel_id","max_uses","once_per_customer"}
inline constexpr std::string_view kCouponCreated = "pricing.coupon.created";
// customer: the redeeming customer; payload: {"id","coupon_id","code","order_ref","channel_id"}
inline constexpr std::string_view kCouponRedeemed = "pricing.coupon.redeemed";

}  // namespace omnihub::pricing::events
