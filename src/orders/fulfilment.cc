// An order's way through its states: the state machine, the store's hand-over, the sweeper that
// cancels uncollected pickups.
#include "orders/order_service.h"
#include "orders/store.h"

namespace omnihub::orders {
namespace {

// The state machine, and which fulfilment each step belongs to.
bool Allowed(OrderState from, OrderState to, FulfilmentKind kind) {
  const bool pickup = kind == FulfilmentKind::kClickAndCollect;
  const bool delivery = kind == FulfilmentKind::kShip || kind == FulfilmentKind::kParcelLocker;
  switch (to) {
    case OrderState::kAllocated:
      return from == OrderState::kPlaced && kind != FulfilmentKind::kInStore;
    case OrderState::kReadyForPickup:
      return from == OrderState::kAllocated && pickup;
    case OrderState::kShipped:
      return from == OrderState::kAllocated && delivery;
    case OrderState::kPickedUp:
      return from == OrderState::kReadyForPickup;
    case OrderState::kDelivered:
      return from == OrderState::kShipped;
    case OrderState::kCompleted:
      return from == OrderState::kPickedUp || from == OrderState::kDelivered;
    case OrderState::kCancelled:
      return from == OrderState::kPlaced || from == OrderState::kAllocated ||
             from == OrderState::kReadyForPickup;
    case OrderState::kPlaced:
      return false;
  }
  return false;
}

// Goods leave the shop (picked up) or the order is done only when captured payments cover
// it (`paid`): a pending or authorised payment is a promise, not money (issue 12, finding 10).
Result<void> RequireCaptured(const Order& order, OrderState to) {
  const int64_t outstanding = order.total.minor - order.paid.minor;
  if (outstanding <= 0) {
    return Ok();
  }
  return Error::Conflict("order " + order.number + " has " + std::to_string(outstanding) +
                         " not captured: take the payment before it becomes " +
                         std::string(NameOf(to)))
      .With("reason", std::string("payment_outstanding"))
      .With("outstanding", outstanding)
      .With("to", std::string(NameOf(to)));
}

}  // namespace

Result<Order> OrderServiceImpl::Transition(storage::Tx& tx, std::string_view id, OrderState to) {
  OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, id));
  if (!Allowed(order.state, to, order.fulfilment.kind)) {
    const std::string current(NameOf(order.state));
    return Error::Conflict("order " + order.number + " is " + current + " (" +
                           std::string(NameOf(order.fulfilment.kind)) + "): it cannot become " +
                           std::string(NameOf(to)))
        .With("current_state", current)
        .With("to", std::string(NameOf(to)));
  }
  if (to == OrderState::kPickedUp || to == OrderState::kCompleted) {
    OMNI_TRY(RequireCaptured(order, to));
  }
  return Move(tx, std::move(order), to, "requested");
}

Result<Order> OrderServiceImpl::HandOver(storage::Tx& tx, std::string_view id,
                                         const std::optional<NewPayment>& payment) {
  OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, id));
  if (order.state != OrderState::kReadyForPickup) {
    const std::string current(NameOf(order.state));
    return Error::Conflict("order " + order.number + " is " + current +
                           ", not ready_for_pickup: it cannot be handed over")
        .With("current_state", current)
        .With("to", std::string("picked_up"));
  }
  if (payment) {
    OMNI_ASSIGN_OR_RETURN(PaymentResult paid, RecordPayment(tx, id, *payment));
    order = std::move(paid.order);
  }
  OMNI_TRY(RequireCaptured(order, OrderState::kPickedUp));
  OMNI_ASSIGN_OR_RETURN(order, Move(tx, std::move(order), OrderState::kPickedUp, ""));
  return Move(tx, std::move(order), OrderState::kCompleted, "");
}

Result<int64_t> OrderServiceImpl::ExpirePickups(storage::Tx& tx, TimePoint now, int limit) {
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> due, store::SelectPickupsDue(tx, now, limit));
  int64_t expired = 0;
  for (const std::string& id : due) {
    OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, id));
    if (!order.pickup_expires_at || *order.pickup_expires_at > now ||
        !Allowed(order.state, OrderState::kCancelled, order.fulfilment.kind)) {
      continue;  // collected or cancelled since the SELECT
    }
    OMNI_TRY(Move(tx, std::move(order), OrderState::kCancelled, "pickup_expired"));
    ++expired;
  }
  return expired;
}

Result<Order> OrderServiceImpl::Move(storage::Tx& tx, Order order, OrderState to,
                                     std::string_view reason) {
  if (to == OrderState::kPickedUp || to == OrderState::kShipped) {
    for (const Allocation& a : order.allocations) {
      if (!a.hold_id.empty()) {
        OMNI_TRY(inventory_.Confirm(tx, a.hold_id));
      }
    }
  } else if (to == OrderState::kCancelled) {
    for (const Allocation& a : order.allocations) {
      if (!a.hold_id.empty()) {
        OMNI_TRY(inventory_.Release(tx, a.hold_id));
      }
    }
    order.cancel_reason = std::string(reason);
  }
  order.state = to;
  order.updated_at = clock_.Now();
  OMNI_TRY(store::UpdateOrder(tx, order));
  OMNI_TRY(Append(tx, order));
  return order;
}

}  // namespace omnihub::orders
