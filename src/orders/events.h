#pragma once

#include <string_view>

// Changes the orders module appends to the change log: one per state an order enters. Every
// change has entity "order" and the order id, and customer_id set when the order has a customer
// (so it shows on the customer's timeline and loyalty can earn). Payload:
//   {"id":"ord_…","number":"SZ-2026-000123","state":"<state>","channel_id":"chn_…"|null,
//    "customer_id":"cus_…" (only when set),"location_id":"loc_…" (only when the fulfilment
//    names a store),"total":{"amount":<minor units>,"currency":"PLN"}}
// Loyalty earns on kCompleted and reverses on kCancelled; notifications hang on kReadyForPickup.
namespace omnihub::orders::events {

inline constexpr std::string_view kPlaced = "orders.order.placed";
inline constexpr std::string_view kAllocated = "orders.order.allocated";
inline constexpr std::string_view kReadyForPickup = "orders.order.ready_for_pickup";
inline constexpr std::string_view kShipped = "orders.order.shipped";
inline constexpr std::string_view kPickedUp = "orders.order.picked_up";
inline constexpr std::string_view kDelivered = "orders.order.delivered";
inline constexpr std::string_view kCompleted = "orders.order.completed";
inline constexpr std::string_view kCancelled = "orders.order.cancelled";
// A payment was recorded (entity: the order). Payload {"payment":<as the payments route shows
// it>,"order":<the order payload above>,"paid":<minor units>,"outstanding":<minor units>}.
inline constexpr std::string_view kPaymentRecorded = "orders.payment.recorded";

}  // namespace omnihub::orders::events
