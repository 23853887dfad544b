// Placing an order: validated, priced (or the checkout's price taken), sourced, held.
#include <algorithm>
#include <cstdio>
#include <regex>
#include <set>

#include "core/card_number.h"
#include "orders/order_service.h"
#include "orders/store.h"

namespace omnihub::orders {
namespace {

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

}  // namespace

Result<Order> OrderServiceImpl::Create(storage::Tx& tx, const NewOrder& req) {
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
  pricing::Quote quote;
  if (req.quote) {
    quote = *req.quote;  // checkout: priced once, as the cart showed it
  } else {
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
    OMNI_ASSIGN_OR_RETURN(quote, pricing_.PriceQuote(tx, quote_req));
  }
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

  OMNI_TRY(Allocate(tx, order, req.holds, now));
  OMNI_TRY(RedeemCoupons(tx, order, quote));
  OMNI_ASSIGN_OR_RETURN(int64_t seq, store::NextNumber(tx));
  char number[32];
  std::snprintf(number, sizeof number, "SZ-%s-%06lld", FormatRfc3339(now).substr(0, 4).c_str(),
                static_cast<long long>(seq));
  order.number = number;
  OMNI_TRY(Append(tx, order));
  if (order.fulfilment.kind == FulfilmentKind::kInStore) {
    // An immediate in-store purchase: sold in Allocate, completed now (stored once, completed).
    order.state = OrderState::kCompleted;
    OMNI_TRY(Append(tx, order));
  }
  OMNI_TRY(store::InsertOrder(tx, order));
  return order;
}

Result<void> OrderServiceImpl::Allocate(storage::Tx& tx, Order& order,
                                        const std::vector<HeldLine>& held, TimePoint now) {
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
    auto same_line = std::find_if(held.begin(), held.end(),
                                  [&a](const HeldLine& line) { return line.sku == a.sku; });
    Result<std::string> hold = Hold(tx, order, a, same_line == held.end() ? nullptr : &*same_line);
    if (!hold.ok()) {
      Error error = std::move(hold).error();
      if (error.code == ErrorCode::kInsufficientStock && !HoldsStock(f.kind) &&
          tx.backend() == storage::Backend::kPostgres) {
        // Sourcing saw these units free; a concurrent order took them before our hold (only
        // PostgreSQL runs writers side by side). Source again from what is left.
        return storage::RetryTransaction("the stock sourcing chose was taken concurrently");
      }
      if (error.code == ErrorCode::kInsufficientStock) {
        OMNI_TRY(NameShortLines(tx, order, i, error));
      }
      return error;
    }
    a.hold_id = std::move(*hold);
  }
  return Ok();
}

Result<void> OrderServiceImpl::NameShortLines(storage::Tx& tx, const Order& order, size_t first,
                                              Error& error) {
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

Result<sourcing::Plan> OrderServiceImpl::Source(storage::Tx& tx, const Order& order) {
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

Result<std::string> OrderServiceImpl::Hold(storage::Tx& tx, const Order& order, const Allocation& a,
                                           const HeldLine* held) {
  const bool pickup = order.fulfilment.kind == FulfilmentKind::kClickAndCollect;
  if (held != nullptr && held->location_id == a.location_id && held->quantity == a.quantity) {
    // The cart holds exactly these units here: take them over instead of holding them again.
    // A hold that no longer fits (it expired meanwhile) is held afresh below.
    Error refused = Error::Internal("unreachable");
    if (order.fulfilment.kind == FulfilmentKind::kInStore) {
      Result<inventory::ReservationResult> sold = inventory_.Confirm(tx, held->hold_id);
      if (sold.ok()) {
        return held->hold_id;  // sold from the cart's hold
      }
      refused = std::move(sold).error();
    } else if (pickup) {
      Result<inventory::Reservation> taken =
          inventory_.Reassign(tx, held->hold_id,
                              {.sku = a.sku,
                               .location_id = a.location_id,
                               .quantity = a.quantity,
                               .kind = inventory::ReservationKind::kClickAndCollect,
                               .hold_for = kPickupHold,
                               .reference = order.id.str(),
                               .order_id = order.id.str()});
      if (taken.ok()) {
        return held->hold_id;
      }
      refused = std::move(taken).error();
    }
    if (refused.code != ErrorCode::kConflict && refused.code != ErrorCode::kNotFound &&
        refused.code != ErrorCode::kInternal) {
      return refused;
    }
  }
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
    Result<inventory::ReservationResult> fresh = inventory_.Reserve(
        tx, {.sku = a.sku,
             .location_id = a.location_id,
             .quantity = a.quantity,
             .kind = pickup ? inventory::ReservationKind::kClickAndCollect
                            : inventory::ReservationKind::kShipment,
             .hold_for = pickup ? std::optional<Duration>(kPickupHold) : std::nullopt,
             .reference = order.id.str(),
             .order_id = order.id.str()});
    if (fresh.ok()) {
      return fresh->reservation.id.str();
    }
    error = std::move(fresh).error();
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

Result<void> OrderServiceImpl::RedeemCoupons(storage::Tx& tx, const Order& order,
                                             const pricing::Quote& quote) {
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

}  // namespace omnihub::orders
