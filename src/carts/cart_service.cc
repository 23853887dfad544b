// Creating and reading carts, and what every write goes through: lock, price, save.
#include "carts/cart_service.h"

#include "carts/codec.h"
#include "carts/events.h"

namespace omnihub::carts {

CartServiceImpl::CartServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                                 customers::CustomersService& customers,
                                 inventory::InventoryService& inventory,
                                 loyalty::LoyaltyService* loyalty)
    : clock_(clock),
      pricing_(pricing),
      customers_(customers),
      inventory_(inventory),
      loyalty_(loyalty) {}

std::unique_ptr<CartService> NewCartService(const Clock& clock, pricing::PricingService& pricing,
                                            customers::CustomersService& customers,
                                            inventory::InventoryService& inventory,
                                            loyalty::LoyaltyService* loyalty) {
  return std::make_unique<CartServiceImpl>(clock, pricing, customers, inventory, loyalty);
}

store::LineRow* FindLine(std::vector<store::LineRow>& lines, std::string_view sku) {
  for (store::LineRow& row : lines) {
    if (row.line.sku == sku) {
      return &row;
    }
  }
  return nullptr;
}

Error NoSuchLine(const Cart& cart, std::string_view sku) {
  return Error::NotFound("line", sku).With("cart_id", cart.id.str()).With("sku", std::string(sku));
}

Error CouponRefused(std::string_view code, std::string_view reason, std::string_view message) {
  return Error::Conflict("coupon " + std::string(code) + ": " + std::string(message))
      .With("code", std::string(code))
      .With("reason", std::string(reason));
}

Result<Cart> CartServiceImpl::Create(storage::Tx& tx, const NewCart& req) {
  if (req.customer_id.empty() && req.anonymous_id.empty()) {
    return Error::InvalidArgument("customer_id", "or anonymous_id is required");
  }
  if (req.anonymous_id.size() > 200) {
    return Error::InvalidArgument("anonymous_id", "is too long");
  }
  OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(req.currency));
  const TimePoint now = clock_.Now();
  Cart cart{.id = CartId::Generate(now),
            .anonymous_id = req.anonymous_id,
            .channel_id = tx.context().channel_id,
            .currency = std::string(currency.code()),
            .priced_json = EmptyPriced(currency.code()),
            .created_at = now,
            .updated_at = now,
            .last_activity_at = now};
  if (!req.customer_id.empty()) {
    OMNI_ASSIGN_OR_RETURN(cart.customer_id, customers_.SurvivorOf(tx, req.customer_id));
  } else {
    OMNI_ASSIGN_OR_RETURN(cart.customer_id, ProfileOfAnonymous(tx, req.anonymous_id));
    // A cart an anonymous id started before carts belonged to profiles.
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> legacy,
                          store::SelectActiveByOwner(tx, "anonymous:" + req.anonymous_id));
    if (legacy) {
      return Error::Conflict("the owner already has an active cart").With("cart_id", *legacy);
    }
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> existing,
                        store::SelectActiveByOwner(tx, store::OwnerKey(cart)));
  if (existing) {
    return Error::Conflict("the owner already has an active cart").With("cart_id", *existing);
  }
  Result<void> inserted = store::InsertCart(tx, cart);
  if (!inserted.ok()) {
    if (inserted.error().code == ErrorCode::kConflict) {  // a concurrent create won
      return Error::Conflict("the owner already has an active cart");
    }
    return std::move(inserted).error();
  }
  OMNI_TRY(Append(tx, cart, events::kCreated, cart));
  return cart;
}

Result<Cart> CartServiceImpl::Get(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(CartId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Cart> cart, store::SelectCart(tx, id));
  if (!cart) {
    return Error::NotFound("cart", id);
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::LineRow> lines, store::SelectLines(tx, id));
  for (store::LineRow& row : lines) {
    cart->lines.push_back(std::move(row.line));
  }
  return std::move(*cart);
}

Result<Cart> CartServiceImpl::FindCurrent(storage::Tx& tx, const CurrentQuery& q) {
  if (q.value.empty() || q.value.size() > 320) {
    return Error::InvalidArgument(q.type.empty() ? "customer_id" : q.type, "is required");
  }
  std::optional<std::string> customer_id;
  if (q.type == "customer_id") {
    customer_id = q.value;
  } else if (q.type == "anonymous_id") {
    OMNI_ASSIGN_OR_RETURN(std::vector<std::string> started,
                          store::SelectActiveByAnonymous(tx, q.value));
    if (!started.empty()) {
      return Get(tx, started.front());
    }
    const customers::Identifier anonymous{.type = customers::IdentifierType::kAnonymousId,
                                          .value = q.value};
    OMNI_ASSIGN_OR_RETURN(customer_id, customers_.Find(tx, anonymous));
  } else {
    customers::IdentifierType type;
    if (q.type == "email") {
      type = customers::IdentifierType::kEmail;
    } else if (q.type == "phone") {
      type = customers::IdentifierType::kPhone;
    } else if (q.type == "user_id") {
      type = customers::IdentifierType::kUserId;
    } else {
      return Error::InvalidArgument("type",
                                    "must be customer_id, email, phone, anonymous_id or user_id");
    }
    Result<std::optional<std::string>> found =
        customers_.Find(tx, {.type = type, .value = q.value});
    if (!found.ok()) {
      Error error = std::move(found).error();
      if (error.code == ErrorCode::kInvalidArgument) {
        return Error::InvalidArgument(q.type, error.message);
      }
      return error;
    }
    customer_id = *found;
  }
  if (!customer_id) {
    return Error::NotFound("customer", q.value).With("field", q.type);
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, customers_.MergedIds(tx, *customer_id));
  for (const std::string& id : ids) {
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> cart_id,
                          store::SelectActiveByOwner(tx, "customer:" + id));
    if (cart_id) {
      return Get(tx, *cart_id);
    }
  }
  return Error::NotFound("active cart of customer", *customer_id);
}

Result<Loaded> CartServiceImpl::Lock(storage::Tx& tx, std::string_view id,
                                     std::optional<int64_t> if_match) {
  OMNI_TRY(CartId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Cart> cart, store::SelectCart(tx, id, /*lock=*/true));
  if (!cart) {
    return Error::NotFound("cart", id);
  }
  if (if_match && *if_match != cart->version) {
    return Error::Make(ErrorCode::kPreconditionFailed,
                       "cart " + std::string(id) + " is at version " +
                           std::to_string(cart->version) + ", not " + std::to_string(*if_match))
        .With("version", cart->version);
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::LineRow> lines, store::SelectLines(tx, id));
  const int64_t version = cart->version;
  return Loaded{
      .cart = std::move(*cart), .lines = lines, .loaded_lines = lines, .loaded_version = version};
}

Result<Loaded> CartServiceImpl::LockActive(storage::Tx& tx, std::string_view id,
                                           std::optional<int64_t> if_match) {
  OMNI_ASSIGN_OR_RETURN(Loaded w, Lock(tx, id, if_match));
  if (w.cart.status != CartStatus::kActive) {
    return Error::Conflict("cart " + std::string(id) + " is " + std::string(NameOf(w.cart.status)))
        .With("status", std::string(NameOf(w.cart.status)));
  }
  return w;
}

Result<std::optional<pricing::Quote>> CartServiceImpl::Finish(storage::Tx& tx, Loaded& w,
                                                              TimePoint now, bool hold) {
  if (hold) {
    OMNI_TRY(SyncHolds(tx, w, now));
  }
  std::optional<pricing::Quote> quote;
  if (w.lines.empty()) {
    w.cart.priced_json = EmptyPriced(w.cart.currency);
  } else {
    OMNI_ASSIGN_OR_RETURN(std::optional<Money> points_value, PointsValue(tx, w.cart));
    OMNI_ASSIGN_OR_RETURN(
        quote, pricing_.PriceQuote(
                   tx, QuoteRequestFor(tx, w.cart, w.lines, w.cart.customer_id, points_value)));
    w.cart.priced_json = EncodePriced(*quote);
  }
  w.cart.updated_at = now;
  w.cart.last_activity_at = now;
  OMNI_TRY(Save(tx, w));
  return quote;
}

pricing::QuoteRequest CartServiceImpl::QuoteRequestFor(const storage::Tx& tx, const Cart& cart,
                                                       const std::vector<store::LineRow>& lines,
                                                       std::string_view customer_id,
                                                       std::optional<Money> points_value) const {
  pricing::QuoteRequest req{
      .channel_id = tx.context().channel_id.empty() ? cart.channel_id : tx.context().channel_id,
      .coupons = cart.coupons,
      .currency = cart.currency};
  for (const store::LineRow& row : lines) {
    req.lines.push_back({.sku = row.line.sku, .quantity = row.line.quantity});
  }
  if (!customer_id.empty()) {
    req.customer_id = std::string(customer_id);
  }
  if (points_value && points_value->minor > 0) {
    req.adjustments.push_back({.kind = "loyalty_points",
                               .amount = *points_value,
                               .reason = std::to_string(cart.redeem_points) + " points"});
  }
  return req;
}

Result<std::optional<Money>> CartServiceImpl::PointsValue(storage::Tx& tx, Cart& cart) {
  if (cart.redeem_points <= 0) {
    return std::optional<Money>();
  }
  if (cart.customer_id.empty() || loyalty_ == nullptr) {
    cart.redeem_points = 0;
    return std::optional<Money>();
  }
  Result<Money> value = loyalty_->RedeemQuote(tx, cart.customer_id, cart.redeem_points);
  if (!value.ok()) {
    const ErrorCode code = value.error().code;
    if (code == ErrorCode::kConflict || code == ErrorCode::kInvalidArgument) {
      cart.redeem_points = 0;
      return std::optional<Money>();
    }
    return std::move(value).error();
  }
  return std::optional<Money>(*value);
}

Result<void> CartServiceImpl::Save(storage::Tx& tx, Loaded& w) {
  w.cart.version = w.loaded_version + 1;
  OMNI_ASSIGN_OR_RETURN(int64_t written, store::UpdateCart(tx, w.cart, w.loaded_version));
  if (written != 1) {  // the row is locked since Lock: only a bug gets here, and rolls back
    return Error::Conflict("cart " + w.cart.id.str() + " changed while it was being written");
  }
  if (w.lines != w.loaded_lines) {
    OMNI_TRY(store::ReplaceLines(tx, w.cart.id.str(), w.lines));
    w.loaded_lines = w.lines;
  }
  w.loaded_version = w.cart.version;
  w.cart.lines.clear();
  for (const store::LineRow& row : w.lines) {
    w.cart.lines.push_back(row.line);
  }
  return Ok();
}

Result<std::string> CartServiceImpl::ProfileOfAnonymous(storage::Tx& tx,
                                                        const std::string& anonymous_id) {
  const customers::Identifier anonymous{.type = customers::IdentifierType::kAnonymousId,
                                        .value = anonymous_id};
  Result<std::optional<std::string>> found = customers_.Find(tx, anonymous);
  if (!found.ok()) {
    Error error = std::move(found).error();
    if (error.code == ErrorCode::kInvalidArgument) {
      return Error::InvalidArgument("anonymous_id", error.message);
    }
    return error;
  }
  if (*found) {
    return customers_.SurvivorOf(tx, **found);
  }
  Result<customers::Resolution> written =
      customers_.Write(tx, {.identifiers = {anonymous},
                            .key_id = tx.context().key_id.empty() ? "carts" : tx.context().key_id,
                            .channel_id = tx.context().channel_id});
  if (!written.ok()) {
    Error error = std::move(written).error();
    if (error.code == ErrorCode::kConflict && error.Detail("erased") != nullptr) {
      return std::string();
    }
    if (error.code == ErrorCode::kInvalidArgument) {
      return Error::InvalidArgument("anonymous_id", error.message);
    }
    return error;
  }
  return written->suppressed ? std::string() : written->customer_id;
}

}  // namespace omnihub::carts
