#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
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

  // Places a direct order: validates, prices the lines through PricingService::PriceQuote
  // (stored as a snapshot, never re-priced), takes the next number, and for click & collect
  // holds every line at the store for kPickupHold (inventory kind click_and_collect). The channel
  // is tx's writer, else req.channel_id (required then: prices are per channel). In-store:
  // holds and confirms at once (the sale) and the order is completed. The channel is tx's
  // Appends orders.order.placed (and, in store, orders.order.completed).
  // Errors: kInvalidArgument naming the field (channel_id, lines, lines[i].sku, lines[i].quantity
  // in 1..kMaxLineQuantity, fulfilment.address / location_id / locker_id, currency); kNotFound
  // (customer_id, fulfilment.location_id, pricing's "lines[i].sku"); kConflict reason
  // "click_and_collect_not_offered"; kInsufficientStock (details sku, location_id, requested,
  // available).
  virtual Result<Order> Create(storage::Tx& tx, const NewOrder& req) = 0;
  // Errors: kInvalidArgument (id), kNotFound.
  virtual Result<Order> Get(storage::Tx& tx, std::string_view id) = 0;
  // Newest first. Errors: kInvalidArgument (limit).
  virtual Result<std::vector<Order>> List(storage::Tx& tx, const OrderQuery& q) = 0;

  // Moves the order to `to` and appends orders.order.<to>. picked_up confirms the holds (the
  // sale); cancelled releases them. ready_for_pickup and picked_up are for click & collect,
  // shipped and delivered for ship and parcel locker.
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
  // Oldest first. Errors: kNotFound (order).
  virtual Result<std::vector<Payment>> ListPayments(storage::Tx& tx, std::string_view order_id) = 0;
};

// Borrows every argument, which must outlive the service.
std::unique_ptr<OrderService> NewOrderService(const Clock& clock, pricing::PricingService& pricing,
                                              customers::CustomersService& customers,
                                              inventory::InventoryService& inventory);

// /api/v1/orders/*. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, OrderService& service);

}  // namespace omnihub::orders
