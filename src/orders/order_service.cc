#include <cstdio>
#include <regex>
#include <set>

#include "changes/changes.h"
#include "core/card_number.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "orders/codec.h"
#include "orders/events.h"
#include "orders/orders.h"
#include "orders/sourcing.h"
#include "orders/store.h"
#include "pricing/pricing.h"

namespace omnihub::orders {
namespace {

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
                                  "is required for " + std::string(NameOf(f.kind)));
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
  if (ContainsCardNumber(f.address) || ContainsCardNumber(f.locker_id)) {
    return Error::Make(ErrorCode::kCardNumberForbidden, "the fulfilment holds a card number")
        .With("field", std::string(ContainsCardNumber(f.address) ? "fulfilment.address"
                                                                 : "fulfilment.locker_id"));
  }
  if (!f.postcode.empty()) {
    if (store) {
      return Error::InvalidArgument("fulfilment.postcode", "is only for ship and parcel_locker");
    }
    Result<inventory::GeoPoint> point = inventory::PostcodePoint(f.postcode);
    if (!point.ok()) {
      return Error::InvalidArgument("fulfilment.postcode", point.error().message);
    }
  }
  return Ok();
}

// Where a ship or parcel-locker order goes: the postcode, else the first NN-NNN in the address.
std::optional<inventory::GeoPoint> DeliveryPoint(const Fulfilment& f) {
  std::string postcode = f.postcode;
  if (postcode.empty()) {
    static const std::regex kPostcode(R"((^|[^0-9])([0-9]{2}-[0-9]{3})([^0-9]|$))");
    std::smatch match;
    if (std::regex_search(f.address, match, kPostcode)) {
      postcode = match[2].str();
    }
  }
  if (postcode.empty()) {
    return std::nullopt;
  }
  Result<inventory::GeoPoint> point = inventory::PostcodePoint(postcode);
  return point.ok() ? std::optional<inventory::GeoPoint>(*point) : std::nullopt;
}

// A coupon the customer asked for that cannot be used refuses the order: the price must not
// silently change between the cart and the order.
constexpr std::string_view kCouponRefusals[] = {"unknown_coupon", "channel", "expired",
                                                "not_yet_valid",  "used_up", "already_used"};

std::optional<Error> RefusedCoupon(const pricing::Quote& quote) {
  for (const pricing::Rejection& r : quote.rejected) {
    for (std::string_view code : kCouponRefusals) {
      if (!r.coupon.empty() && r.code == code) {
        return Error::Conflict("coupon " + r.coupon + " cannot be used: " + r.reason)
            .With("code", r.coupon)
            .With("reason", r.code);
      }
    }
  }
  return std::nullopt;
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

    order.cart_id = req.cart_id;
    pricing::QuoteRequest quote_req{.channel_id = order.channel_id,
                                    .coupons = req.coupons,
                                    .currency = order.currency,
                                    .adjustments = req.adjustments};
    for (const NewLine& line : req.lines) {
      quote_req.lines.push_back({.sku = line.sku, .quantity = line.quantity});
    }
    if (!order.customer_id.empty()) {
      quote_req.customer_id = order.customer_id;
    }
    OMNI_ASSIGN_OR_RETURN(pricing::Quote quote, pricing_.PriceQuote(tx, quote_req));
    if (std::optional<Error> refused = RefusedCoupon(quote)) {
      return std::move(*refused);
    }
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

    OMNI_TRY(Allocate(tx, order, now));
    OMNI_TRY(RedeemCoupons(tx, order, quote));
    OMNI_ASSIGN_OR_RETURN(int64_t seq, store::NextNumber(tx));
    char number[32];
    std::snprintf(number, sizeof number, "SZ-%s-%06lld", FormatRfc3339(now).substr(0, 4).c_str(),
                  static_cast<long long>(seq));
    order.number = number;
    OMNI_TRY(store::InsertOrder(tx, order));
    OMNI_TRY(Append(tx, order));
    if (order.fulfilment.kind == FulfilmentKind::kInStore) {
      // An immediate in-store purchase: sold in Allocate, completed now.
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
      const std::string current(NameOf(order.state));
      return Error::Conflict("order " + order.number + " is " + current + " (" +
                             std::string(NameOf(order.fulfilment.kind)) + "): it cannot become " +
                             std::string(NameOf(to)))
          .With("current_state", current)
          .With("to", std::string(NameOf(to)));
    }
    return Move(tx, std::move(order), to, "requested");
  }

  Result<Order> HandOver(storage::Tx& tx, std::string_view id,
                         const std::optional<NewPayment>& payment) override {
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
    const int64_t outstanding = order.total.minor - order.paid.minor;
    if (outstanding > 0) {
      return Error::Conflict("order " + order.number + " has " + std::to_string(outstanding) +
                             " outstanding: take the payment before handing it over")
          .With("reason", std::string("payment_outstanding"))
          .With("outstanding", outstanding);
    }
    OMNI_ASSIGN_OR_RETURN(order, Move(tx, std::move(order), OrderState::kPickedUp, ""));
    return Move(tx, std::move(order), OrderState::kCompleted, "");
  }

  Result<int64_t> ExpirePickups(storage::Tx& tx, TimePoint now, int limit) override {
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

  Result<std::vector<Suggestion>> Suggest(storage::Tx& tx, const SuggestionQuery& q) override {
    if (q.skus.empty() || q.skus.size() > 20) {
      return Error::InvalidArgument("sku", "name 1 to 20 SKUs");
    }
    for (const std::string& sku : q.skus) {
      if (sku.empty() || sku.size() > 64) {
        return Error::InvalidArgument("sku", "must be 1 to 64 characters");
      }
    }
    if (q.limit < 1 || q.limit > 20) {
      return Error::InvalidArgument("limit", "must be from 1 to 20");
    }
    SuggestionQuery query = q;
    if (!q.customer_id.empty()) {
      OMNI_ASSIGN_OR_RETURN(query.customer_id, customers_.SurvivorOf(tx, q.customer_id));
    }
    return store::SelectSuggestions(tx, query);
  }

  Result<PaymentResult> RecordPayment(storage::Tx& tx, std::string_view order_id,
                                      const NewPayment& req) override {
    if (req.amount.minor <= 0) {
      return Error::InvalidArgument("amount", "must be positive");
    }
    if (req.reference.size() > 200) {
      return Error::InvalidArgument("reference", "must be at most 200 characters");
    }
    // The HTTP layer refuses card numbers in every body; this guards the other callers.
    if (ContainsCardNumber(req.reference)) {
      return Error::Make(ErrorCode::kCardNumberForbidden,
                         "reference looks like a card number: record the provider's reference")
          .With("field", std::string("reference"));
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
    OMNI_TRY(changes::Append(
        tx, events::kPaymentRecorded,
        events::PaymentRecorded{.payment = payment,
                                .order = events::ChangeOf(order),
                                .paid = order.paid.minor,
                                .outstanding = order.total.minor - order.paid.minor},
        {.entity_id = order.id.str(), .customer_id = order.customer_id, .occurred_at = now}));
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

  // Moves a locked order to `to` (REQUIRES: Allowed), confirming or releasing its holds.
  Result<Order> Move(storage::Tx& tx, Order order, OrderState to, std::string_view reason) {
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

  // Decides where the units come from and holds them there.
  Result<void> Allocate(storage::Tx& tx, Order& order, TimePoint now) {
    const Fulfilment& f = order.fulfilment;
    if (HoldsStock(f.kind)) {
      for (const OrderLine& line : order.lines) {
        order.allocations.push_back(
            {.sku = line.sku, .location_id = f.location_id, .quantity = line.quantity});
      }
      const bool pickup = f.kind == FulfilmentKind::kClickAndCollect;
      order.sourcing.strategy = pickup ? "pickup_store" : "in_store";
      order.sourcing.explanation =
          pickup ? "held at the pickup store the customer chose" : "sold from the store's shelf";
      if (pickup) {
        order.pickup_expires_at = now + kPickupHold;
      }
    } else {
      OMNI_ASSIGN_OR_RETURN(sourcing::Plan plan, Source(tx, order));
      order.allocations = std::move(plan.allocations);
      order.sourcing = std::move(plan.sourcing);
    }
    for (size_t i = 0; i < order.allocations.size(); ++i) {
      Allocation& a = order.allocations[i];
      Result<std::string> held = Hold(tx, order, a);
      if (!held.ok()) {
        Error error = std::move(held).error();
        if (error.code == ErrorCode::kInsufficientStock) {
          OMNI_TRY(NameShortLines(tx, order, i, error));
        }
        return error;
      }
      a.hold_id = std::move(*held);
    }
    return Ok();
  }

  // The first short allocation failed; details.lines names it and every later one that is
  // short too, so the customer fixes the basket once (the transaction rolls back anyway).
  Result<void> NameShortLines(storage::Tx& tx, const Order& order, size_t first, Error& error) {
    std::string lines = order.allocations[first].sku;
    for (size_t i = first + 1; i < order.allocations.size(); ++i) {
      const Allocation& a = order.allocations[i];
      Result<inventory::StockLevel> level = inventory_.GetStockLevel(tx, a.sku, a.location_id);
      if (!level.ok() && level.error().code != ErrorCode::kNotFound) {
        return std::move(level).error();
      }
      if (!level.ok() || level->available < a.quantity) {
        lines += "," + a.sku;
      }
    }
    for (auto& [key, value] : error.details) {
      if (key == "lines") {
        value = lines;
      }
    }
    return Ok();
  }

  // Stock at every location that ships (warehouses, dark stores, ship-from-store stores).
  Result<sourcing::Plan> Source(storage::Tx& tx, const Order& order) {
    OMNI_ASSIGN_OR_RETURN(std::vector<inventory::Location> locations, inventory_.ListLocations(tx));
    const std::optional<inventory::GeoPoint> to = DeliveryPoint(order.fulfilment);
    std::vector<sourcing::Site> sites;
    for (const inventory::Location& l : locations) {
      if (l.type == inventory::LocationType::kStore && !l.ship_from_store) {
        continue;
      }
      sourcing::Site site{.location_id = l.id.str(), .name = l.name, .priority = l.priority};
      if (to) {
        site.distance_km = inventory::DistanceKm(*to, {l.lat, l.lon});
      }
      sites.push_back(std::move(site));
    }
    std::vector<sourcing::Need> needs;
    for (const OrderLine& line : order.lines) {
      needs.push_back({.sku = line.sku, .quantity = line.quantity});
      Result<inventory::Availability> stock = inventory_.GetAvailability(tx, line.sku);
      if (!stock.ok()) {
        if (stock.error().code == ErrorCode::kNotFound) {
          continue;  // never stocked anywhere: sourcing reports it short
        }
        return std::move(stock).error();
      }
      for (const inventory::StockLevel& level : stock->locations) {
        for (sourcing::Site& site : sites) {
          if (site.location_id == level.location_id) {
            site.available[line.sku] = level.available;
          }
        }
      }
    }
    return sourcing::Choose(needs, std::move(sites));
  }

  // Holds one allocation and returns the hold's id; an in-store sale is sold at once (one
  // guarded sale in the ledger, no hold) and returns "". kInsufficientStock names the line.
  Result<std::string> Hold(storage::Tx& tx, const Order& order, const Allocation& a) {
    Error error = Error::Internal("unreachable");
    if (order.fulfilment.kind == FulfilmentKind::kInStore) {
      Result<inventory::MovementResult> sold =
          inventory_.RecordMovement(tx, {.kind = inventory::MovementKind::kSale,
                                         .sku = a.sku,
                                         .location_id = a.location_id,
                                         .quantity = a.quantity,
                                         .reference = order.id.str()});
      if (sold.ok()) {
        return std::string();
      }
      error = std::move(sold).error();
    } else {
      const bool pickup = order.fulfilment.kind == FulfilmentKind::kClickAndCollect;
      Result<inventory::ReservationResult> held = inventory_.Reserve(
          tx, {.sku = a.sku,
               .location_id = a.location_id,
               .quantity = a.quantity,
               .kind = pickup ? inventory::ReservationKind::kClickAndCollect
                              : inventory::ReservationKind::kShipment,
               .hold_for = pickup ? std::optional<Duration>(kPickupHold) : std::nullopt,
               .reference = order.id.str()});
      if (held.ok()) {
        return held->reservation.id.str();
      }
      error = std::move(held).error();
    }
    if (error.code != ErrorCode::kInsufficientStock && error.code != ErrorCode::kNotFound) {
      return error;
    }
    const DetailValue* available = error.Detail("available");
    return Error::Make(ErrorCode::kInsufficientStock,
                       "line " + a.sku + ": not enough stock at " + a.location_id)
        .With("sku", a.sku)
        .With("location_id", a.location_id)
        .With("requested", a.quantity)
        .With("available", available != nullptr && std::holds_alternative<int64_t>(*available)
                               ? std::get<int64_t>(*available)
                               : int64_t{0})
        .With("lines", a.sku);
  }

  // Records one use of every coupon that gave a discount, against this order.
  Result<void> RedeemCoupons(storage::Tx& tx, const Order& order, const pricing::Quote& quote) {
    std::set<std::string> redeemed;
    for (const pricing::AppliedPromotion& applied : quote.applied) {
      if (applied.coupon.empty() || !redeemed.insert(applied.coupon).second) {
        continue;
      }
      OMNI_TRY(pricing_.Redeem(tx, {.code = applied.coupon,
                                    .customer_id = order.customer_id,
                                    .order_ref = order.id.str(),
                                    .channel_id = order.channel_id}));
    }
    return Ok();
  }

  Result<void> Append(storage::Tx& tx, const Order& order) {
    OMNI_TRY(changes::Append(tx, events::EventOf(order.state), events::ChangeOf(order),
                             {.entity_id = order.id.str(),
                              .customer_id = order.customer_id,
                              .occurred_at = clock_.Now()}));
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
