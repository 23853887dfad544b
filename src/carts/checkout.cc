// A cart's side of checkout (flows/checkout.cc): locked once, priced once, written once.
#include <algorithm>

#include "carts/cart_service.h"
#include "carts/codec.h"
#include "carts/events.h"

namespace omnihub::carts {

Result<Cart> CartServiceImpl::BeginCheckout(storage::Tx& tx, std::string_view id,
                                            std::optional<int64_t> if_match) {
  OMNI_ASSIGN_OR_RETURN(Loaded w, LockActive(tx, id, if_match));
  if (w.lines.empty()) {
    return Error::Make(ErrorCode::kCartEmpty, "cart " + std::string(id) + " has no lines")
        .With("cart_id", std::string(id));
  }
  for (const store::LineRow& row : w.lines) {
    w.cart.lines.push_back(row.line);
  }
  return std::move(w.cart);
}

Result<PricedCheckout> CartServiceImpl::PriceForCheckout(storage::Tx& tx, const Cart& cart,
                                                         std::string_view customer_id) {
  PricedCheckout priced{.points = cart.redeem_points};
  std::optional<Money> points_value;
  if (priced.points > 0) {
    if (customer_id.empty()) {
      return Error::Conflict("points can only be redeemed by a known customer")
          .With("reason", std::string("customer_required"));
    }
    Result<Money> value = loyalty_ != nullptr
                              ? loyalty_->RedeemQuote(tx, customer_id, priced.points)
                              : Result<Money>(Error::Conflict("no loyalty programme here"));
    if (value.ok()) {
      points_value = *value;
      priced.points_value = *value;
    } else if (value.error().code == ErrorCode::kConflict ||
               value.error().code == ErrorCode::kInvalidArgument) {
      priced.points = 0;  // the balance fell below them: the order is priced without them
    } else {
      return std::move(value).error();
    }
  }
  std::vector<store::LineRow> lines;
  for (const CartLine& line : cart.lines) {
    lines.push_back({.line = line});
  }
  Cart for_points = cart;
  for_points.redeem_points = priced.points;
  OMNI_ASSIGN_OR_RETURN(
      priced.quote,
      pricing_.PriceQuote(tx, QuoteRequestFor(tx, for_points, lines, customer_id, points_value)));
  return priced;
}

Result<Cart> CartServiceImpl::CompleteCheckout(storage::Tx& tx, const Cart& cart,
                                               std::string_view order_id,
                                               const PricedCheckout& priced,
                                               const std::vector<std::string>& holds_taken) {
  if (order_id.empty() || order_id.size() > 64) {
    return Error::InvalidArgument("order_id", "must be 1 to 64 characters");
  }
  Cart done = cart;
  bool held = false;
  for (CartLine& line : done.lines) {
    if (line.hold_id.empty()) {
      continue;
    }
    held = true;
    if (std::find(holds_taken.begin(), holds_taken.end(), line.hold_id) == holds_taken.end()) {
      OMNI_TRY(inventory_.Release(tx, line.hold_id));
    }
    line.hold_id.clear();
    line.hold_expires_at.reset();
  }
  const TimePoint now = clock_.Now();
  done.status = CartStatus::kCheckedOut;
  done.order_id = std::string(order_id);
  done.redeem_points = priced.points;
  done.priced_json = EncodePriced(priced.quote);
  done.updated_at = now;
  done.last_activity_at = now;
  done.version = cart.version + 1;
  OMNI_ASSIGN_OR_RETURN(int64_t written, store::UpdateCart(tx, done, cart.version));
  if (written != 1) {  // locked by BeginCheckout in this transaction: only a bug gets here
    return Error::Conflict("cart " + cart.id.str() + " changed during its checkout");
  }
  if (held) {
    OMNI_TRY(store::ClearHolds(tx, cart.id.str()));
  }
  OMNI_TRY(Append(
      tx, done, events::kCheckedOut,
      events::CartCheckedOut{
          .id = done.id, .order_id = std::string(order_id), .customer_id = done.customer_id}));
  return done;
}

}  // namespace omnihub::carts
