#pragma once

#include <string>
#include <vector>

#include "changes/event.h"
#include "core/money.h"
#include "core/schema.h"
#include "orders/types.h"

// What the orders module appends to the change log: one change per state an order enters, and
// one per payment recorded. Every change has the order as its entity, and the buyer as its
// customer when the order has one (so it is on their timeline and loyalty can earn).
// Loyalty earns on kCompleted and reverses on kCancelled; customers count kCompleted;
// notifications hang on kReadyForPickup.
namespace omnihub::orders::events {

using omnihub::schema::F;

// The order as the feed tells it: enough to react on, not the whole order (GET it for that).
struct OrderChanged {
  OrderId id;
  std::string number;  // "SZ-2026-000123"
  OrderState state = OrderState::kPlaced;
  std::string channel_id;   // the selling channel, "" for the system
  std::string customer_id;  // "" for a guest
  std::string location_id;  // the store of a click & collect or in-store order, else ""
  std::string reason;       // cancelled: "requested" or "pickup_expired"; else ""
  Money total;
};
constexpr auto Describe(const OrderChanged*) {
  return std::tuple{F("id", &OrderChanged::id),
                    F("number", &OrderChanged::number),
                    F("state", &OrderChanged::state),
                    F("channel_id", &OrderChanged::channel_id).NullIfEmpty(),
                    F("customer_id", &OrderChanged::customer_id).OmitIfEmpty(),
                    F("location_id", &OrderChanged::location_id).OmitIfEmpty(),
                    F("reason", &OrderChanged::reason).OmitIfEmpty(),
                    F("total", &OrderChanged::total)};
}

inline OrderChanged ChangeOf(const Order& order) {
  return OrderChanged{.id = order.id,
                      .number = order.number,
                      .state = order.state,
                      .channel_id = order.channel_id,
                      .customer_id = order.customer_id,
                      .location_id = order.fulfilment.location_id,
                      .reason = order.cancel_reason,
                      .total = order.total};
}

struct PaymentRecorded {
  Payment payment;
  OrderChanged order;
  int64_t paid = 0;         // minor units paid after this payment
  int64_t outstanding = 0;  // minor units still owed
};
constexpr auto Describe(const PaymentRecorded*) {
  return std::tuple{F("payment", &PaymentRecorded::payment), F("order", &PaymentRecorded::order),
                    F("paid", &PaymentRecorded::paid),
                    F("outstanding", &PaymentRecorded::outstanding)};
}

inline constexpr changes::EventType<OrderChanged> kPlaced{
    .name = "orders.order.placed", .entity_type = "order", .summary = "An order was placed"};
inline constexpr changes::EventType<OrderChanged> kAllocated{
    .name = "orders.order.allocated",
    .entity_type = "order",
    .summary = "An order's units were allocated to the locations that fulfil it"};
inline constexpr changes::EventType<OrderChanged> kReadyForPickup{
    .name = "orders.order.ready_for_pickup",
    .entity_type = "order",
    .summary = "A click & collect order is ready at its store"};
inline constexpr changes::EventType<OrderChanged> kShipped{
    .name = "orders.order.shipped", .entity_type = "order", .summary = "An order was shipped"};
inline constexpr changes::EventType<OrderChanged> kPickedUp{
    .name = "orders.order.picked_up",
    .entity_type = "order",
    .summary = "A click & collect order was handed over at its store"};
inline constexpr changes::EventType<OrderChanged> kDelivered{
    .name = "orders.order.delivered", .entity_type = "order", .summary = "An order was delivered"};
inline constexpr changes::EventType<OrderChanged> kCompleted{
    .name = "orders.order.completed",
    .entity_type = "order",
    .summary = "An order is complete: delivered, picked up or sold in store"};
inline constexpr changes::EventType<OrderChanged> kCancelled{
    .name = "orders.order.cancelled",
    .entity_type = "order",
    .summary = "An order was cancelled and its stock released"};
inline constexpr changes::EventType<PaymentRecorded> kPaymentRecorded{
    .name = "orders.payment.recorded",
    .entity_type = "order",
    .summary = "A payment made elsewhere was recorded against an order"};

// The change an order entering `state` appends.
constexpr const changes::EventType<OrderChanged>& EventOf(OrderState state) {
  switch (state) {
    case OrderState::kPlaced:
      return kPlaced;
    case OrderState::kAllocated:
      return kAllocated;
    case OrderState::kReadyForPickup:
      return kReadyForPickup;
    case OrderState::kShipped:
      return kShipped;
    case OrderState::kPickedUp:
      return kPickedUp;
    case OrderState::kDelivered:
      return kDelivered;
    case OrderState::kCompleted:
      return kCompleted;
    case OrderState::kCancelled:
      return kCancelled;
  }
  return kPlaced;
}

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kPlaced),    changes::Info(kAllocated), changes::Info(kReadyForPickup),
          changes::Info(kShipped),   changes::Info(kPickedUp),  changes::Info(kDelivered),
          changes::Info(kCompleted), changes::Info(kCancelled), changes::Info(kPaymentRecorded)};
}

}  // namespace omnihub::orders::events
