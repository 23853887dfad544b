#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "node/node.h"
#include "orders/types.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace omnihub::pricing {
class PricingService;
}
namespace omnihub::customers {
class CustomersService;
}
namespace omnihub::inventory {
class InventoryService;
}

// Orders (SPEC.md §2.7): direct orders from any channel with human-readable numbers, priced once
// by the pricing engine, a state machine whose every step is in the change feed, click & collect
// and in-store stock through inventory holds, and payments recorded (never processed).
namespace omnihub::orders {

storage::MigrationSet Migrations();

// Thread-safe: all state lives in the database. Mutating methods take the use case's Tx first,
// append their changes (events.h) to it and leave nothing changed on error once the caller
// rolls back (Database::InTransaction does). Writes to one order serialise on its row.
class OrderService {
 public:
  virtual ~OrderService() = default;

  // Places an order: validates, prices the lines through PricingService::PriceQuote (with
  // req.adjustments; stored as a snapshot, never re-priced), redeems the coupons that applied,
  // takes the next number and holds the stock:
  //  - click & collect: every line at the store until kPickupHold (pickup_expires_at);
  //  - in store: held and confirmed at once (the sale), and the order is completed;
  //  - ship and parcel locker: sourcing (sourcing.h) picks the locations that can ship, nearest
  //    to the postcode first, splitting when no single one has everything, and the order
  //    explains its choice in `sourcing`; the units are held (kind shipment) until shipped.
  // The channel is tx's writer, else req.channel_id (required then: prices are per channel).
  // Appends orders.order.placed (and, in store, orders.order.completed).
  // Errors: kInvalidArgument naming the field (channel_id, lines, lines[i].sku, lines[i].quantity
  // in 1..kMaxLineQuantity, fulfilment.address / location_id / locker_id / postcode, currency);
  // kNotFound (customer_id, fulfilment.location_id, pricing's "lines[i].sku"); kConflict reason
  // "click_and_collect_not_offered", or with details.code and details.reason (pricing's:
  // "expired", "used_up", …) for a coupon that cannot be used; kInsufficientStock (details sku,
  // location_id, requested, available, and for ship details.lines: every short SKU).
  virtual Result<Order> Create(storage::Tx& tx, const NewOrder& req) = 0;
  // Errors: kInvalidArgument (id), kNotFound.
  virtual Result<Order> Get(storage::Tx& tx, std::string_view id) = 0;
  // Newest first. Errors: kInvalidArgument (limit).
  virtual Result<std::vector<Order>> List(storage::Tx& tx, const OrderQuery& q) = 0;

  // Moves the order to `to` and appends orders.order.<to>. picked_up and shipped confirm the
  // holds (the sale); cancelled releases them (cancel_reason "requested"). ready_for_pickup and
  // picked_up are for click & collect, shipped and delivered for ship and parcel locker.
  // Errors: kNotFound; kConflict (details current_state, to) for a transition the state machine
  // or the fulfilment does not allow; inventory's kConflict when a hold expired before pickup.
  virtual Result<Order> Transition(storage::Tx& tx, std::string_view id, OrderState to) = 0;

  // Records a payment made elsewhere; appends orders.payment.recorded. A failed payment is kept
  // but pays nothing.
  // Errors: kNotFound; kInvalidArgument (amount not positive, amount.currency not the order's,
  // reference over 200 characters); kConflict with details.reason "already_paid" (nothing
  // outstanding), "overpayment" (details outstanding) or "order_cancelled".
  virtual Result<PaymentResult> RecordPayment(storage::Tx& tx, std::string_view order_id,
                                              const NewPayment& req) = 0;
  // As above, for an order this transaction has just created or locked (checkout hands it
  // over instead of reading it again).
  virtual Result<PaymentResult> RecordPayment(storage::Tx& tx, Order order,
                                              const NewPayment& req) = 0;
  // Oldest first. Errors: kNotFound (order).
  virtual Result<std::vector<Payment>> ListPayments(storage::Tx& tx, std::string_view order_id) = 0;

  // The store's hand-over of a click & collect order: records `payment` when given, then
  // requires nothing outstanding, moves ready_for_pickup → picked_up (the sale) → completed.
  // Errors: as RecordPayment and Transition; kConflict with details.reason
  // "payment_outstanding" (details.outstanding) when the order is not paid in full.
  virtual Result<Order> HandOver(storage::Tx& tx, std::string_view id,
                                 const std::optional<NewPayment>& payment) = 0;

  // The sweeper: cancels click & collect orders not picked up by pickup_expires_at (at or
  // before `now`, at most `limit`), releasing their stock, with cancel_reason
  // "pickup_expired"; appends orders.order.cancelled for each. Returns how many.
  virtual Result<int64_t> ExpirePickups(storage::Tx& tx, TimePoint now, int limit = 200) = 0;

  // "Customers who bought this also bought". Works in a read-only Tx.
  // Errors: kInvalidArgument (skus: 1..20; limit: 1..20).
  virtual Result<std::vector<Suggestion>> Suggest(storage::Tx& tx, const SuggestionQuery& q) = 0;
};

// Borrows every argument, which must outlive the service.
std::unique_ptr<OrderService> NewOrderService(const Clock& clock, pricing::PricingService& pricing,
                                              customers::CustomersService& customers,
                                              inventory::InventoryService& inventory);

// The order as the API shows it; `redact` leaves out the customer's data (the delivery
// address) for roles that see ids only.
std::string EncodeOrder(const Order& order, bool redact = false);
std::string EncodePayment(const Payment& payment);

// /api/v1/orders/*; reads of a customer's orders go to `customers`' access log. Borrows db,
// service, customers and clock (the sweeper route's "now").
void RegisterRoutes(http::Router& router, storage::Database& db, OrderService& service,
                    customers::CustomersService& customers, const Clock& clock);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::orders
