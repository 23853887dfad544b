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
#include "pricing/types.h"

namespace omnihub::orders {

struct OrderTag {
  static constexpr std::string_view kPrefix = "ord";
};
struct PaymentTag {
  static constexpr std::string_view kPrefix = "pay";
};
using OrderId = Id<OrderTag>;      // "ord_01J9…"
using PaymentId = Id<PaymentTag>;  // "pay_01J9…"

inline constexpr int kMaxLines = 100;
inline constexpr int64_t kMaxLineQuantity = 999;
// How long a click & collect order holds its stock at the pickup store.
inline constexpr Duration kPickupHold = std::chrono::hours(24 * 3);

// placed → allocated → ready_for_pickup | shipped → picked_up | delivered → completed;
// cancelled from placed, allocated and ready_for_pickup.
enum class OrderState {
  kPlaced,
  kAllocated,
  kReadyForPickup,
  kShipped,
  kPickedUp,
  kDelivered,
  kCompleted,
  kCancelled
};
constexpr auto EnumNames(OrderState) {
  return EnumTable<OrderState, 8>{{{OrderState::kPlaced, "placed"},
                                   {OrderState::kAllocated, "allocated"},
                                   {OrderState::kReadyForPickup, "ready_for_pickup"},
                                   {OrderState::kShipped, "shipped"},
                                   {OrderState::kPickedUp, "picked_up"},
                                   {OrderState::kDelivered, "delivered"},
                                   {OrderState::kCompleted, "completed"},
                                   {OrderState::kCancelled, "cancelled"}}};
}

enum class FulfilmentKind { kShip, kClickAndCollect, kParcelLocker, kInStore };
constexpr auto EnumNames(FulfilmentKind) {
  return EnumTable<FulfilmentKind, 4>{{{FulfilmentKind::kShip, "ship"},
                                       {FulfilmentKind::kClickAndCollect, "click_and_collect"},
                                       {FulfilmentKind::kParcelLocker, "parcel_locker"},
                                       {FulfilmentKind::kInStore, "in_store"}}};
}

struct Fulfilment {
  FulfilmentKind kind = FulfilmentKind::kShip;
  std::string address;      // kShip: the delivery address (free text), required
  std::string location_id;  // kClickAndCollect, kInStore: the store (loc_…), required
  std::string locker_id;    // kParcelLocker: the locker ("KRA01M"), required
  // Ship and parcel locker: the delivery postcode ("31-019"), for ranking locations by
  // distance; when empty, the first NN-NNN in the address is used.
  std::string postcode;
};

// Where some units of one line come from, and the inventory hold on them there.
struct Allocation {
  std::string sku;
  std::string location_id;
  int64_t quantity = 0;
  std::string hold_id;  // "" once released or for none
};

// One location sourcing looked at, in the order it ranked them.
struct SourcingCandidate {
  std::string location_id;
  std::string name;
  std::optional<double> distance_km;  // nullopt without a delivery point
  int64_t priority = 0;
  int64_t units_available = 0;  // of the units the order needs
  bool serves_all = false;      // could ship the whole order alone
};

// Why the order's units come from where they do; shown in the order.
struct Sourcing {
  std::string strategy;     // "pickup_store", "in_store", "single_location", "split"
  std::string explanation;  // for people
  std::vector<SourcingCandidate> considered;  // ship and parcel locker only
};

// One line as priced by the pricing engine when the order was placed; never re-priced.
struct OrderLine {
  std::string sku;
  int64_t quantity = 0;
  Money unit_price;
  Money discount_total;
  Money line_total;  // unit_price × quantity − discount_total
};

struct Order {
  OrderId id;
  std::string number;       // "SZ-2026-000123": unique, human-readable
  std::string channel_id;   // the writer's channel ("" for the system)
  std::string customer_id;  // the surviving profile, "" for a guest
  OrderState state = OrderState::kPlaced;
  Fulfilment fulfilment;
  std::string currency = "PLN";
  std::vector<OrderLine> lines;
  Money subtotal;                       // sum of unit_price × quantity
  Money discount_total;                 // sum of line discounts
  Money total;                          // what the customer owes
  Money paid;                           // captured payments: pending and authorised are promises
  std::vector<Allocation> allocations;  // one or more per line
  Sourcing sourcing;
  // Click & collect: when an uncollected pickup expires and its stock goes back.
  std::optional<TimePoint> pickup_expires_at;
  std::string cancel_reason;  // kCancelled: "requested" or "pickup_expired"
  std::string cart_id;        // the cart it was checked out from, "" for a direct order
  TimePoint created_at;
  TimePoint updated_at;
};

struct NewLine {
  std::string sku;
  int64_t quantity = 0;
};

// Units already held for one line of a new order (a cart's click & collect hold), which the
// order takes over instead of holding them again.
struct HeldLine {
  std::string sku;
  std::string hold_id;
  std::string location_id;
  int64_t quantity = 0;
};

// A direct order (POS sale, call-centre order), or a cart being checked out.
struct NewOrder {
  std::vector<NewLine> lines;
  std::string customer_id;  // optional
  Fulfilment fulfilment;
  std::vector<std::string> coupons;
  std::string currency = "PLN";
  // The selling channel when the writer has none (an agent's or admin's key); the writer's
  // channel always wins.
  std::string channel_id;
  std::string cart_id;  // set by checkout
  // Discounts decided outside pricing (loyalty points), priced by the engine.
  std::vector<pricing::Adjustment> adjustments;
  // Checkout: the quote the cart was priced at, for exactly these lines, coupons, currency,
  // channel and customer (with `adjustments` in it); the order takes it instead of pricing
  // again. Unset: the order prices the lines itself.
  std::optional<pricing::Quote> quote;
  // Checkout: the cart's holds. A click & collect order takes over those at its store for
  // exactly a line's quantity, an in-store sale sells them; the rest are the caller's to let go.
  std::vector<HeldLine> holds;
};

enum class PaymentMethod { kCard, kBlik, kTransfer, kCash, kPayAtPickup };
constexpr auto EnumNames(PaymentMethod) {
  return EnumTable<PaymentMethod, 5>{{{PaymentMethod::kCard, "card"},
                                      {PaymentMethod::kBlik, "blik"},
                                      {PaymentMethod::kTransfer, "transfer"},
                                      {PaymentMethod::kCash, "cash"},
                                      {PaymentMethod::kPayAtPickup, "pay_at_pickup"}}};
}

// pending and authorized and captured count towards what is paid; failed does not.
enum class PaymentStatus { kPending, kAuthorized, kCaptured, kFailed };
constexpr auto EnumNames(PaymentStatus) {
  return EnumTable<PaymentStatus, 4>{{{PaymentStatus::kPending, "pending"},
                                      {PaymentStatus::kAuthorized, "authorized"},
                                      {PaymentStatus::kCaptured, "captured"},
                                      {PaymentStatus::kFailed, "failed"}}};
}

// A payment made elsewhere (terminal, BLIK, bank, till) and recorded here. Never card data.
struct Payment {
  PaymentId id;
  std::string order_id;
  PaymentMethod method = PaymentMethod::kCard;
  Money amount;
  std::string reference;  // the provider's reference, free text up to 200 characters
  PaymentStatus status = PaymentStatus::kCaptured;
  TimePoint created_at;
};
// As GET /api/v1/orders/{id}/payments shows it.
constexpr auto Describe(const Payment*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Payment::id),
                    F("order_id", &Payment::order_id),
                    F("method", &Payment::method),
                    F("amount", &Payment::amount),
                    F("reference", &Payment::reference).Is(omnihub::schema::DataClass::kIdentifier),
                    F("status", &Payment::status),
                    F("created_at", &Payment::created_at)};
}

struct NewPayment {
  PaymentMethod method = PaymentMethod::kCard;
  Money amount;
  std::string reference;
  PaymentStatus status = PaymentStatus::kCaptured;
};

struct PaymentResult {
  Payment payment;
  Order order;  // with `paid` after the payment
};

// "Customers who bought this also bought": other SKUs bought by the customers who bought any
// of `skus`, most customers first.
struct SuggestionQuery {
  std::vector<std::string> skus;  // 1..20
  std::string customer_id;        // optional: leave out what this person already bought
  int limit = 5;                  // 1..20
};

struct Suggestion {
  std::string sku;
  int64_t customers = 0;  // how many of those customers bought it
};

// Filters of List; empty fields do not filter.
struct OrderQuery {
  std::string customer_id;
  std::string location_id;
  std::optional<OrderState> state;
  int limit = 100;  // 1..500, newest first
};

}  // namespace omnihub::orders
