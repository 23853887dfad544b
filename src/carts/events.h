#pragma once

#include <string_view>

// Changes the carts module appends to the change log. Every change has entity "cart" and the
// cart id, and customer_id set once the cart's owner is a known customer (so it shows on the
// customer's timeline). Payload: the cart as GET /api/v1/carts/{id} shows it, except merged
// and checked_out.
namespace omnihub::carts::events {

inline constexpr std::string_view kCreated = "carts.cart.created";
// Any write: lines, coupons, fulfilment, contact, payment, points. The payload is the cart
// after the write.
inline constexpr std::string_view kUpdated = "carts.cart.updated";
// entity: the customer's cart; payload {"cart":<the cart after>,"from_cart_id","anonymous_id"}.
inline constexpr std::string_view kMerged = "carts.cart.merged";
// An active cart idle beyond the configured time; its click & collect holds were released.
inline constexpr std::string_view kAbandoned = "carts.cart.abandoned";
// CompleteCheckout: the cart became an order. payload {"id","order_id","customer_id"} (the
// customer_id null for a cart without a customer).
inline constexpr std::string_view kCheckedOut = "carts.cart.checked_out";

}  // namespace omnihub::carts::events
