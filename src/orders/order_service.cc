#include <cstdio>

#include "changes/changes.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "orders/codec.h"
#include "orders/events.h"
#include "orders/orders.h"
#include "orders/store.h"
#include "pricing/pricing.h"

namespace omnihub::orders {
namespace {

std::string_view EventOf(OrderState state) {
  switch (state) {
    case OrderState::kPlaced:
      return events::kPlaced;
    case OrderState::kAllocated:
      return events::kAllocated;
    case OrderState::kReadyForPickup:
      return events::kReadyForPickup;
    case OrderState::kShipped:
      return events::kShipped;
    case OrderState::kPickedUp:
      return events::kPickedUp;
    case OrderState::kDelivered:
      return events::kDelivered;
    case OrderState::kCompleted:
      return events::kCompleted;
    case OrderState::kCancelled:
      return events::kCancelled;
  }
  return events::kPlaced;
}

bool HoldsStock(FulfilmentKind kind) {
  return kind == FulfilmentKind::kClickAndCollect || kind == FulfilmentKind::kInStore;
}

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

Result<void> ValidateFulfilment(const Fulfilment& f) {
  const bool store =
      f.kind == FulfilmentKind::kClickAndCollect || f.kind == FulfilmentKind::kInStore;
  if (store && f.location_id.empty()) {
    return Error::InvalidArgument("fulfilment.location_id",
                                  "is required for " + std::string(FulfilmentKindName(f.kind)));
  }
  if (!store && !f.location_id.empty()) {
    return Error::InvalidArgument("fulfilment.location_id",
                                  "is only for click_and_collect and in_store");
  }
  if (f.kind == FulfilmentKind::kShip && (f.address.empty() || f.address.size() > 500)) {
    return Error::InvalidArgument("fulfilment.address", "must be 1 to 500 characters for ship");
  }
  if (f.kind != FulfilmentKind::kShip && !f.address.empty()) {
    return Error::InvalidArgument("fulfilment.address", "is only for ship");
  }
  if (f.kind == FulfilmentKind::kParcelLocker && (f.locker_id.empty() || f.locker_id.size() > 64)) {
    return Error::InvalidArgument("fulfilment.locker_id",
                                  "must be 1 to 64 characters for parcel_locker");
  }
  if (f.kind != FulfilmentKind::kParcelLocker && !f.locker_id.empty()) {
    return Error::InvalidArgument("fulfilment.locker_id", "is only for parcel_locker");
  }
  return Ok();
}

class OrderServiceImpl final : public OrderService {
 public:
  OrderServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                   customers::CustomersService& customers, inventory::InventoryService& inventory)
      : clock_(clock), pricing_(pricing), customers_(customers), inventory_(inventory) {}

  Result<Order> Create(storage::Tx& tx, const NewOrder& req) override {
    if (req.lines.empty() || static_cast<int>(req.lines.size()) > kMaxLines) {
      return Error::InvalidArgument("lines", "must hold 1 to 100 lines");
    }
    for (size_t i = 0; i < req.lines.size(); ++i) {
      const NewLine& line = req.lines[i];
      const std::string at = "lines[" + std::to_string(i) + "]";
      if (line.sku.empty() || line.sku.size() > 64) {
        return Error::InvalidArgument(at + ".sku", "must be 1 to 64 characters");
      }
      if (line.quantity < 1 || line.quantity > kMaxLineQuantity) {
        return Error::InvalidArgument(at + ".quantity", "must be an integer from 1 to 999");
      }
      for (size_t j = 0; j < i; ++j) {
        if (req.lines[j].sku == line.sku) {
          return Error::InvalidArgument(at + ".sku", "repeats an earlier line's SKU");
        }
      }
    }
    OMNI_TRY(ValidateFulfilment(req.fulfilment));
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(req.currency));
    if (HoldsStock(req.fulfilment.kind)) {
      OMNI_ASSIGN_OR_RETURN(inventory::Location location,
                            inventory_.GetLocation(tx, req.fulfilment.location_id));
      if (req.fulfilment.kind == FulfilmentKind::kClickAndCollect && !location.click_and_collect) {
        return Error::Conflict("location " + req.fulfilment.location_id +
                               " does not offer click & collect")
            .With("reason", std::string("click_and_collect_not_offered"))
            .With("location_id", req.fulfilment.location_id);
      }
    }
    const std::string channel =
        tx.context().channel_id.empty() ? req.channel_id : tx.context().channel_id;
    if (channel.empty()) {
      return Error::InvalidArgument("channel_id", "is required when the key has no channel");
    }
    const TimePoint now = clock_.Now();
    Order order{.id = OrderId::Generate(now),
                .channel_id = channel,
                .fulfilment = req.fulfilment,
                .currency = std::string(currency.code()),
                .created_at = now,
                .updated_at = now};
    if (!req.customer_id.empty()) {
      OMNI_ASSIGN_OR_RETURN(order.customer_id, customers_.SurvivorOf(tx, req.customer_id));
    }

    pricing::QuoteRequest quote_req{
        .channel_id = order.channel_id, .coupons = req.coupons, .currency = order.currency};
    for (const NewLine& line : req.lines) {
      quote_req.lines.push_back({.sku = line.sku, .quantity = line.quantity});
    }
    if (!order.customer_id.empty()) {
      quote_req.customer_id = order.customer_id;
    }
    OMNI_ASSIGN_OR_RETURN(pricing::Quote quote, pricing_.PriceQuote(tx, quote_req));
    for (const pricing::PricedLine& priced : quote.lines) {
      order.lines.push_back({.sku = priced.sku,
                             .quantity = priced.quantity,
                             .unit_price = priced.unit_gross,
                             .discount_total = priced.discount_total,
                             .line_total = priced.total_gross});
    }
    order.subtotal = quote.subtotal_gross;
    order.discount_total = quote.discount_total;
    order.total = quote.total_gross;
    order.paid = {.minor = 0, .currency = currency};

    if (HoldsStock(order.fulfilment.kind)) {
      for (OrderLine& line : order.lines) {
        OMNI_ASSIGN_OR_RETURN(line.hold_id, Hold(tx, order, line));
      }
    }
    OMNI_ASSIGN_OR_RETURN(int64_t seq, store::NextNumber(tx));
    char number[32];
    std::snprintf(number, sizeof number, "SZ-%s-%06lld", FormatRfc3339(now).substr(0, 4).c_str(),
                  static_cast<long long>(seq));
    order.number = number;
    OMNI_TRY(store::InsertOrder(tx, order));
    OMNI_TRY(Append(tx, order));
    if (order.fulfilment.kind == FulfilmentKind::kInStore) {
      // An immediate in-store purchase: the sale happens now.
      OMNI_TRY(ConfirmHolds(tx, order));
      order.state = OrderState::kCompleted;
      OMNI_TRY(store::UpdateOrder(tx, order));
      OMNI_TRY(Append(tx, order));
    }
    return order;
  }

  Result<Order> Get(storage::Tx& tx, std::string_view id) override {
    OMNI_TRY(OrderId::Parse(id, "id"));
    OMNI_ASSIGN_OR_RETURN(std::optional<Order> order, store::SelectOrder(tx, id));
    if (!order) {
      return Error::NotFound("order", id);
    }
    return std::move(*order);
  }

  Result<std::vector<Order>> List(storage::Tx& tx, const OrderQuery& q) override {
    if (q.limit < 1 || q.limit > 500) {
      return Error::InvalidArgument("limit", "must be from 1 to 500");
    }
    return store::SelectOrders(tx, q);
  }

  Result<Order> Transition(storage::Tx& tx, std::string_view id, OrderState to) override {
    OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, id));
    if (!Allowed(order.state, to, order.fulfilment.kind)) {
      const std::string current(OrderStateName(order.state));
      return Error::Conflict("order " + order.number + " is " + current + " (" +
                             std::string(FulfilmentKindName(order.fulfilment.kind)) +
                             "): it cannot become " + std::string(OrderStateName(to)))
          .With("current_state", current)
          .With("to", std::string(OrderStateName(to)));
    }
    if (to == OrderState::kPickedUp) {
      OMNI_TRY(ConfirmHolds(tx, order));
    } else if (to == OrderState::kCancelled) {
      for (OrderLine& line : order.lines) {
        if (!line.hold_id.empty()) {
          OMNI_TRY(inventory_.Release(tx, line.hold_id));
        }
      }
    }
    order.state = to;
    order.updated_at = clock_.Now();
    OMNI_TRY(store::UpdateOrder(tx, order));
    OMNI_TRY(Append(tx, order));
    return order;
  }

  Result<PaymentResult> RecordPayment(storage::Tx& tx, std::string_view order_id,
                                      const NewPayment& req) override {
    if (req.amount.minor <= 0) {
      return Error::InvalidArgument("amount", "must be positive");
    }
    if (req.reference.size() > 200) {
      return Error::InvalidArgument("reference", "must be at most 200 characters");
    }
    OMNI_ASSIGN_OR_RETURN(Order order, Lock(tx, order_id));
    if (req.amount.currency.code() != order.currency) {
      return Error::InvalidArgument("amount.currency",
                                    "must be the order's currency, " + order.currency);
    }
    if (order.state == OrderState::kCancelled) {
      return Error::Conflict("order " + order.number + " is cancelled")
          .With("reason", std::string("order_cancelled"))
          .With("current_state", std::string("cancelled"));
    }
    const int64_t outstanding = order.total.minor - order.paid.minor;
    if (req.status != PaymentStatus::kFailed) {
      if (outstanding <= 0) {
        return Error::Conflict("order " + order.number + " is already fully paid")
            .With("reason", std::string("already_paid"))
            .With("outstanding", int64_t{0});
      }
      if (req.amount.minor > outstanding) {
        return Error::Conflict("the payment of " + std::to_string(req.amount.minor) +
                               " is more than the " + std::to_string(outstanding) +
                               " outstanding on order " + order.number)
            .With("reason", std::string("overpayment"))
            .With("outstanding", outstanding);
      }
    }
    const TimePoint now = clock_.Now();
    Payment payment{.id = PaymentId::Generate(now),
                    .order_id = order.id.str(),
                    .method = req.method,
                    .amount = req.amount,
                    .reference = req.reference,
                    .status = req.status,
                    .created_at = now};
    OMNI_TRY(store::InsertPayment(tx, payment));
    if (req.status != PaymentStatus::kFailed) {
      order.paid.minor += req.amount.minor;
    }
    std::string payload =
        "{\"payment\":" + EncodePayment(payment) + ",\"order\":" + EventPayload(order) +
        ",\"paid\":" + std::to_string(order.paid.minor) +
        ",\"outstanding\":" + std::to_string(order.total.minor - order.paid.minor) + "}";
    OMNI_TRY(changes::Append(tx, {.module = "orders",
                                  .entity_type = "order",
                                  .entity_id = order.id.str(),
                                  .type = std::string(events::kPaymentRecorded),
                                  .payload_json = std::move(payload),
                                  .occurred_at = now,
                                  .customer_id = order.customer_id}));
    return PaymentResult{.payment = std::move(payment), .order = std::move(order)};
  }

  Result<std::vector<Payment>> ListPayments(storage::Tx& tx, std::string_view order_id) override {
    OMNI_TRY(Get(tx, order_id));
    return store::SelectPayments(tx, order_id);
  }

 private:
  Result<Order> Lock(storage::Tx& tx, std::string_view id) {
    OMNI_TRY(OrderId::Parse(id, "id"));
    OMNI_ASSIGN_OR_RETURN(std::optional<Order> order, store::SelectOrder(tx, id, true));
    if (!order) {
      return Error::NotFound("order", id);
    }
    return std::move(*order);
  }

  // Holds one line at the order's store; kInsufficientStock names the line.
  Result<std::string> Hold(storage::Tx& tx, const Order& order, const OrderLine& line) {
    const std::string& at = order.fulfilment.location_id;
    Result<inventory::ReservationResult> held =
        inventory_.Reserve(tx, {.sku = line.sku,
                                .location_id = at,
                                .quantity = line.quantity,
                                .kind = order.fulfilment.kind == FulfilmentKind::kInStore
                                            ? inventory::ReservationKind::kInStore
                                            : inventory::ReservationKind::kClickAndCollect,
                                .hold_for = order.fulfilment.kind == FulfilmentKind::kInStore
                                                ? std::optional<Duration>()
                                                : std::optional<Duration>(kPickupHold),
                                .reference = order.id.str()});
    if (held.ok()) {
      return held->reservation.id.str();
    }
    Error error = std::move(held).error();
    if (error.code != ErrorCode::kInsufficientStock && error.code != ErrorCode::kNotFound) {
      return error;
    }
    const DetailValue* available = error.Detail("available");
    return Error::Make(ErrorCode::kInsufficientStock,
                       "line " + line.sku + ": not enough stock at " + at)
        .With("sku", line.sku)
        .With("location_id", at)
        .With("requested", line.quantity)
        .With("available", available != nullptr && std::holds_alternative<int64_t>(*available)
                               ? std::get<int64_t>(*available)
                               : int64_t{0});
  }

  Result<void> ConfirmHolds(storage::Tx& tx, const Order& order) {
    for (const OrderLine& line : order.lines) {
      if (!line.hold_id.empty()) {
        OMNI_TRY(inventory_.Confirm(tx, line.hold_id));
      }
    }
    return Ok();
  }

  Result<void> Append(storage::Tx& tx, const Order& order) {
    OMNI_TRY(changes::Append(tx, {.module = "orders",
                                  .entity_type = "order",
                                  .entity_id = order.id.str(),
                                  .type = std::string(EventOf(order.state)),
                                  .payload_json = EventPayload(order),
                                  .occurred_at = clock_.Now(),
                                  .customer_id = order.customer_id}));
    return Ok();
  }

  const Clock& clock_;
  pricing::PricingService& pricing_;
  customers::CustomersService& customers_;
  inventory::InventoryService& inventory_;
};

}  // namespace

std::unique_ptr<OrderService> NewOrderService(const Clock& clock, pricing::PricingService& pricing,
                                              customers::CustomersService& customers,
                                              inventory::InventoryService& inventory) {
  return std::make_unique<OrderServiceImpl>(clock, pricing, customers, inventory);
}

}  // namespace omnihub::orders
