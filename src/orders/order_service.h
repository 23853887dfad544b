#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "customers/customers.h"
#include "inventory/inventory.h"
#include "orders/orders.h"
#include "orders/sourcing.h"
#include "pricing/pricing.h"

// OrderServiceImpl, shared by the files that implement it by family of operations:
// order_service.cc (reads, suggestions, the change appended), placing.cc (Create: price,
// source, hold), fulfilment.cc (the state machine, hand-over, the pickup sweeper),
// payments.cc.
namespace omnihub::orders {

class OrderServiceImpl final : public OrderService {
 public:
  OrderServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                   customers::CustomersService& customers, inventory::InventoryService& inventory);

  // placing.cc
  Result<Order> Create(storage::Tx& tx, const NewOrder& req) override;

  // order_service.cc
  Result<Order> Get(storage::Tx& tx, std::string_view id) override;
  Result<std::vector<Order>> List(storage::Tx& tx, const OrderQuery& q) override;
  Result<std::vector<Suggestion>> Suggest(storage::Tx& tx, const SuggestionQuery& q) override;

  // fulfilment.cc
  Result<Order> Transition(storage::Tx& tx, std::string_view id, OrderState to) override;
  Result<Order> HandOver(storage::Tx& tx, std::string_view id,
                         const std::optional<NewPayment>& payment) override;
  Result<int64_t> ExpirePickups(storage::Tx& tx, TimePoint now, int limit) override;

  // payments.cc
  Result<PaymentResult> RecordPayment(storage::Tx& tx, std::string_view order_id,
                                      const NewPayment& req) override;
  Result<PaymentResult> RecordPayment(storage::Tx& tx, Order order,
                                      const NewPayment& req) override;
  Result<std::vector<Payment>> ListPayments(storage::Tx& tx, std::string_view order_id) override;

 private:
  // order_service.cc: the order, its row locked until commit. Errors: kInvalidArgument (id),
  // kNotFound.
  Result<Order> Lock(storage::Tx& tx, std::string_view id);
  // Appends the change of the order's state (events::EventOf).
  Result<void> Append(storage::Tx& tx, const Order& order);

  // placing.cc: decides where the units come from and holds them there, taking over
  // `held` units where it can.
  Result<void> Allocate(storage::Tx& tx, Order& order, const std::vector<HeldLine>& held,
                        TimePoint now);
  // The first short allocation failed; details.lines names it and every later one that is
  // short too, so the customer fixes the basket once.
  Result<void> NameShortLines(storage::Tx& tx, const Order& order, size_t first, Error& error);
  // Stock at every location that ships (warehouses, dark stores, ship-from-store stores).
  Result<sourcing::Plan> Source(storage::Tx& tx, const Order& order);
  // Holds one allocation and returns the hold's id; an in-store sale is sold at once and
  // returns "". `held`: units the cart holds for this line, used when they fit.
  // kInsufficientStock names the line.
  Result<std::string> Hold(storage::Tx& tx, const Order& order, const Allocation& a,
                           const HeldLine* held);
  // Records one use of every coupon that gave a discount, against this order.
  Result<void> RedeemCoupons(storage::Tx& tx, const Order& order, const pricing::Quote& quote);

  // fulfilment.cc: moves a locked order to `to` (REQUIRES: Allowed), confirming or releasing
  // its holds.
  Result<Order> Move(storage::Tx& tx, Order order, OrderState to, std::string_view reason);

  const Clock& clock_;
  pricing::PricingService& pricing_;
  customers::CustomersService& customers_;
  inventory::InventoryService& inventory_;
};

// Click & collect and in-store orders hold stock at one store; the others are sourced.
bool HoldsStock(FulfilmentKind kind);

}  // namespace omnihub::orders
