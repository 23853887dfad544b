#pragma once

#include <string>
#include <vector>

#include "carts/types.h"
#include "changes/event.h"
#include "core/schema.h"

// What the carts module appends to the change log. Every change has the cart as its entity, and
// its owner as its customer once the owner is a known customer (so it is on their timeline).
namespace omnihub::carts::events {

using omnihub::schema::F;

// An anonymous cart taken into a customer's (the entity: the customer's cart).
struct CartMerged {
  Cart cart;  // the customer's cart after the merge
  std::string from_cart_id;
  std::string anonymous_id;  // the anonymous cart's device or browser
};
constexpr auto Describe(const CartMerged*) {
  return std::tuple{
      F("cart", &CartMerged::cart), F("from_cart_id", &CartMerged::from_cart_id),
      F("anonymous_id", &CartMerged::anonymous_id).Is(omnihub::schema::DataClass::kIdentifier)};
}

struct CartCheckedOut {
  CartId id;
  std::string order_id;     // the order it became
  std::string customer_id;  // "" for a cart without a customer
};
constexpr auto Describe(const CartCheckedOut*) {
  return std::tuple{F("id", &CartCheckedOut::id), F("order_id", &CartCheckedOut::order_id),
                    F("customer_id", &CartCheckedOut::customer_id).NullIfEmpty()};
}

// Payload: the cart as GET /api/v1/carts/{id} shows it.
inline constexpr changes::EventType<Cart> kCreated{
    .name = "carts.cart.created", .entity_type = "cart", .summary = "A cart was started"};
// Any write: lines, coupons, fulfilment, contact, payment, points. Payload: the cart after it.
inline constexpr changes::EventType<Cart> kUpdated{
    .name = "carts.cart.updated",
    .entity_type = "cart",
    .summary = "A cart changed (lines, coupons, fulfilment, contact, payment or points)"};
inline constexpr changes::EventType<CartMerged> kMerged{
    .name = "carts.cart.merged",
    .entity_type = "cart",
    .summary = "A visitor's cart was merged into the customer's cart at login"};
// An active cart idle beyond the configured time; its click & collect holds were released.
// Payload: the cart.
inline constexpr changes::EventType<Cart> kAbandoned{
    .name = "carts.cart.abandoned",
    .entity_type = "cart",
    .summary = "A cart was left idle too long; its holds were released"};
inline constexpr changes::EventType<CartCheckedOut> kCheckedOut{
    .name = "carts.cart.checked_out", .entity_type = "cart", .summary = "A cart became an order"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kCreated), changes::Info(kUpdated), changes::Info(kMerged),
          changes::Info(kAbandoned), changes::Info(kCheckedOut)};
}

}  // namespace omnihub::carts::events
