#include <algorithm>
#include <cctype>

#include "carts/carts.h"
#include "carts/codec.h"
#include "carts/events.h"
#include "carts/store.h"
#include "changes/changes.h"
#include "core/text.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "pricing/pricing.h"

namespace omnihub::carts {
namespace {

using store::LineRow;

// A cart being written: the row and its lines, as loaded after the version bump.
struct Loaded {
  Cart cart;
  std::vector<LineRow> lines;
};

Result<void> ValidateSku(std::string_view sku) {
  if (sku.empty() || sku.size() > 64) {
    return Error::InvalidArgument("sku", "must be 1 to 64 characters");
  }
  return Ok();
}

Result<void> ValidateQuantity(int64_t quantity) {
  if (quantity < 1 || quantity > kMaxLineQuantity) {
    return Error::InvalidArgument("quantity", "must be an integer from 1 to 999");
  }
  return Ok();
}

// A sanity check, not RFC 5322: one '@', something before it, a dot inside the domain, no
// spaces, at most 320 characters.
bool LooksLikeEmail(std::string_view email) {
  const size_t at = email.find('@');
  if (email.size() > 320 || at == std::string_view::npos || at == 0 ||
      email.find('@', at + 1) != std::string_view::npos) {
    return false;
  }
  for (char c : email) {
    if (std::isspace(static_cast<unsigned char>(c)) ||
        std::iscntrl(static_cast<unsigned char>(c))) {
      return false;
    }
  }
  const std::string_view domain = email.substr(at + 1);
  const size_t dot = domain.find('.');
  return dot != std::string_view::npos && dot != 0 && domain.back() != '.';
}

// Digits, spaces, '+' and '-' only, with 6 to 20 digits.
bool LooksLikePhone(std::string_view phone) {
  int digits = 0;
  for (char c : phone) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      ++digits;
    } else if (c != ' ' && c != '+' && c != '-') {
      return false;
    }
  }
  return digits >= 6 && digits <= 20;
}

bool IsPaymentMethod(std::string_view method) {
  for (std::string_view known : {"card", "blik", "transfer", "cash", "pay_at_pickup"}) {
    if (method == known) {
      return true;
    }
  }
  return false;
}

LineRow* FindLine(std::vector<LineRow>& lines, std::string_view sku) {
  for (LineRow& row : lines) {
    if (row.line.sku == sku) {
      return &row;
    }
  }
  return nullptr;
}

Error NoSuchLine(const Cart& cart, std::string_view sku) {
  return Error::NotFound("line", sku).With("cart_id", cart.id.str()).With("sku", std::string(sku));
}

class CartServiceImpl final : public CartService {
 public:
  CartServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                  customers::CustomersService& customers, inventory::InventoryService& inventory,
                  loyalty::LoyaltyService* loyalty)
      : clock_(clock),
        pricing_(pricing),
        customers_(customers),
        inventory_(inventory),
        loyalty_(loyalty) {}

  Result<Cart> Create(storage::Tx& tx, const NewCart& req) override {
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

  Result<Cart> Get(storage::Tx& tx, std::string_view id) override {
    OMNI_TRY(CartId::Parse(id, "id"));
    OMNI_ASSIGN_OR_RETURN(std::optional<Cart> cart, store::SelectCart(tx, id));
    if (!cart) {
      return Error::NotFound("cart", id);
    }
    OMNI_ASSIGN_OR_RETURN(std::vector<LineRow> lines, store::SelectLines(tx, id));
    for (LineRow& row : lines) {
      cart->lines.push_back(std::move(row.line));
    }
    return std::move(*cart);
  }

  Result<Cart> FindCurrent(storage::Tx& tx, const CurrentQuery& q) override {
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

  Result<Cart> AddLine(storage::Tx& tx, std::string_view id, std::string_view sku, int64_t quantity,
                       std::optional<int64_t> if_match) override {
    OMNI_TRY(ValidateSku(sku));
    OMNI_TRY(ValidateQuantity(quantity));
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      if (LineRow* row = FindLine(w.lines, sku)) {
        if (row->line.quantity + quantity > kMaxLineQuantity) {
          return Error::InvalidArgument("quantity", "would take the line above 999 units")
              .With("sku", std::string(sku));
        }
        row->line.quantity += quantity;
        return Ok();
      }
      if (static_cast<int>(w.lines.size()) >= kMaxLines) {
        return Error::InvalidArgument("lines", "a cart holds at most 100 lines");
      }
      w.lines.push_back({.line = {.sku = std::string(sku), .quantity = quantity}});
      return Ok();
    });
  }

  Result<Cart> SetLineQuantity(storage::Tx& tx, std::string_view id, std::string_view sku,
                               int64_t quantity, std::optional<int64_t> if_match) override {
    OMNI_TRY(ValidateQuantity(quantity));
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      LineRow* row = FindLine(w.lines, sku);
      if (row == nullptr) {
        return NoSuchLine(w.cart, sku);
      }
      row->line.quantity = quantity;
      return Ok();
    });
  }

  Result<Cart> RemoveLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                          std::optional<int64_t> if_match) override {
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      LineRow* row = FindLine(w.lines, sku);
      if (row == nullptr) {
        return NoSuchLine(w.cart, sku);
      }
      OMNI_TRY(ReleaseHold(tx, *row));
      w.lines.erase(w.lines.begin() + (row - w.lines.data()));
      return Ok();
    });
  }

  Result<Cart> SetFulfilment(storage::Tx& tx, std::string_view id, const Fulfilment& f,
                             std::optional<int64_t> if_match) override {
    if (f.kind == FulfilmentKind::kClickAndCollect) {
      if (f.location_id.empty()) {
        return Error::InvalidArgument("location_id", "is required for click_and_collect");
      }
      OMNI_ASSIGN_OR_RETURN(inventory::Location location,
                            inventory_.GetLocation(tx, f.location_id));
      if (!location.click_and_collect) {
        return Error::Conflict("location " + f.location_id + " does not offer click & collect")
            .With("reason", std::string("click_and_collect_not_offered"))
            .With("location_id", f.location_id);
      }
    } else if (!f.location_id.empty()) {
      return Error::InvalidArgument("location_id", "is only for click_and_collect");
    }
    if (f.kind == FulfilmentKind::kParcelLocker) {
      if (f.locker_id.empty() || Utf8Length(f.locker_id) > 64) {
        return Error::InvalidArgument("locker_id", "must be 1 to 64 characters for parcel_locker");
      }
      for (char c : f.locker_id) {
        if (std::iscntrl(static_cast<unsigned char>(c))) {
          return Error::InvalidArgument("locker_id", "must not hold control characters");
        }
      }
    } else if (!f.locker_id.empty()) {
      return Error::InvalidArgument("locker_id", "is only for parcel_locker");
    }
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      w.cart.fulfilment = f;
      return Ok();
    });
  }

  Result<Cart> AddCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                         std::optional<int64_t> if_match) override {
    if (code.empty() || code.size() > 32) {
      return Error::InvalidArgument("code", "must be 1 to 32 characters");
    }
    const std::string upper = AsciiUpper(code);
    Result<pricing::Coupon> coupon = pricing_.GetCoupon(tx, upper);
    if (!coupon.ok()) {
      if (coupon.error().code == ErrorCode::kNotFound) {
        return Error::NotFound("coupon", upper).With("code", upper);
      }
      return std::move(coupon).error();
    }
    const TimePoint now = clock_.Now();
    if (coupon->validity.to && *coupon->validity.to <= now) {
      return CouponRefused(upper, "expired", "has expired");
    }
    if (coupon->validity.from && now < *coupon->validity.from) {
      return CouponRefused(upper, "not_yet_valid", "is not valid yet");
    }
    return Write(
        tx, id, if_match,
        [&](Loaded& w) -> Result<void> {
          if (std::find(w.cart.coupons.begin(), w.cart.coupons.end(), upper) !=
              w.cart.coupons.end()) {
            return Ok();
          }
          if (static_cast<int>(w.cart.coupons.size()) >= kMaxCoupons) {
            return Error::InvalidArgument("code", "a cart carries at most 10 coupons");
          }
          w.cart.coupons.push_back(upper);
          return Ok();
        },
        upper);
  }

  Result<Cart> RemoveCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                            std::optional<int64_t> if_match) override {
    const std::string upper = AsciiUpper(code);
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      auto it = std::find(w.cart.coupons.begin(), w.cart.coupons.end(), upper);
      if (it == w.cart.coupons.end()) {
        return Error::NotFound("coupon on cart", upper).With("code", upper);
      }
      w.cart.coupons.erase(it);
      return Ok();
    });
  }

  Result<Cart> SetContact(storage::Tx& tx, std::string_view id, const Contact& contact,
                          std::optional<int64_t> if_match) override {
    Contact c{.email = std::string(Trim(contact.email)),
              .phone = std::string(Trim(contact.phone)),
              .name = std::string(Trim(contact.name)),
              .address = std::string(Trim(contact.address))};
    if (!c.email.empty() && !LooksLikeEmail(c.email)) {
      return Error::InvalidArgument("contact.email", "must be an e-mail address");
    }
    if (!c.phone.empty() && !LooksLikePhone(c.phone)) {
      return Error::InvalidArgument("contact.phone",
                                    "must be 6 to 20 digits (spaces, '+' and '-' allowed)");
    }
    if (Utf8Length(c.name) > 200) {
      return Error::InvalidArgument("contact.name", "must be at most 200 characters");
    }
    if (Utf8Length(c.address) > 500) {
      return Error::InvalidArgument("contact.address", "must be at most 500 characters");
    }
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      w.cart.contact = c;
      return Ok();
    });
  }

  Result<Cart> SetPayment(storage::Tx& tx, std::string_view id, const PaymentIntent& p,
                          std::optional<int64_t> if_match) override {
    if (!IsPaymentMethod(p.method)) {
      return Error::InvalidArgument("payment.method",
                                    "must be card, blik, transfer, cash or pay_at_pickup");
    }
    PaymentIntent intent{.method = p.method, .reference = std::string(Trim(p.reference))};
    if (Utf8Length(intent.reference) > 200) {
      return Error::InvalidArgument("payment.reference", "must be at most 200 characters");
    }
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      w.cart.payment = intent;
      return Ok();
    });
  }

  Result<Cart> SetRedeemPoints(storage::Tx& tx, std::string_view id, int64_t points,
                               std::optional<int64_t> if_match) override {
    if (points < 0 || points > loyalty::kMaxPoints) {
      return Error::InvalidArgument("points", "must be an integer from 0 to 1000000000");
    }
    return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
      if (points > 0) {
        if (w.cart.customer_id.empty()) {
          return Error::Conflict("cart " + std::string(id) + " has no customer to redeem for")
              .With("reason", std::string("customer_required"));
        }
        if (loyalty_ == nullptr) {
          return Error::Conflict("loyalty points cannot be redeemed here")
              .With("reason", std::string("loyalty_unavailable"));
        }
        OMNI_TRY(loyalty_->RedeemQuote(tx, w.cart.customer_id, points));
      }
      w.cart.redeem_points = points;
      return Ok();
    });
  }

  Result<Cart> BeginCheckout(storage::Tx& tx, std::string_view id,
                             std::optional<int64_t> if_match) override {
    OMNI_ASSIGN_OR_RETURN(Loaded w, LockActive(tx, id, if_match));
    if (w.lines.empty()) {
      return Error::Make(ErrorCode::kCartEmpty, "cart " + std::string(id) + " has no lines")
          .With("cart_id", std::string(id));
    }
    for (LineRow& row : w.lines) {
      OMNI_TRY(ReleaseHold(tx, row));
    }
    OMNI_TRY(Finish(tx, w, clock_.Now(), /*hold=*/false));
    return std::move(w.cart);
  }

  Result<Cart> CompleteCheckout(storage::Tx& tx, std::string_view id,
                                std::string_view order_id) override {
    if (order_id.empty() || order_id.size() > 64) {
      return Error::InvalidArgument("order_id", "must be 1 to 64 characters");
    }
    OMNI_ASSIGN_OR_RETURN(Loaded w, LockActive(tx, id, std::nullopt));
    for (LineRow& row : w.lines) {
      OMNI_TRY(ReleaseHold(tx, row));
    }
    const TimePoint now = clock_.Now();
    w.cart.status = CartStatus::kCheckedOut;
    w.cart.order_id = std::string(order_id);
    w.cart.updated_at = now;
    w.cart.last_activity_at = now;
    OMNI_TRY(Save(tx, w));
    OMNI_TRY(Append(tx, w.cart, events::kCheckedOut,
                    events::CartCheckedOut{.id = w.cart.id,
                                           .order_id = std::string(order_id),
                                           .customer_id = w.cart.customer_id}));
    return std::move(w.cart);
  }

  Result<MergeResult> MergeInto(storage::Tx& tx, const MergeRequest& req) override {
    if (req.customer_id.empty()) {
      return Error::InvalidArgument("customer_id", "is required");
    }
    if (req.anonymous_id.empty() && req.from_cart_id.empty()) {
      return Error::InvalidArgument("anonymous_id", "or from_cart_id is required");
    }
    OMNI_ASSIGN_OR_RETURN(std::string customer_id, customers_.SurvivorOf(tx, req.customer_id));
    const std::string owner = "customer:" + customer_id;
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> target_id,
                          store::SelectActiveByOwner(tx, owner));
    std::optional<std::string> from_id;
    if (!req.from_cart_id.empty()) {
      OMNI_TRY(CartId::Parse(req.from_cart_id, "from_cart_id"));
      from_id = req.from_cart_id;
    } else {
      OMNI_ASSIGN_OR_RETURN(std::vector<std::string> started,
                            store::SelectActiveByAnonymous(tx, req.anonymous_id));
      for (const std::string& started_id : started) {
        if (started_id != target_id) {
          from_id = started_id;
          break;
        }
      }
    }
    MergeResult result;
    if (from_id && from_id == target_id) {
      from_id.reset();
    }
    std::optional<Loaded> from;
    if (from_id) {
      OMNI_ASSIGN_OR_RETURN(from, Lock(tx, *from_id, std::nullopt));
      OMNI_ASSIGN_OR_RETURN(bool mergeable, Mergeable(tx, from->cart, customer_id));
      if (!mergeable) {
        from.reset();  // already merged, checked out or someone else's: a replay changes nothing
      }
    }
    if (!from) {
      if (target_id) {
        OMNI_ASSIGN_OR_RETURN(result.cart, Get(tx, *target_id));
      }
      return result;
    }
    const TimePoint now = clock_.Now();
    result.from_cart_id = from->cart.id.str();
    result.merged = true;
    const std::string anonymous_id = from->cart.anonymous_id;  // `from` may move into target
    Loaded target;
    if (!target_id) {
      // No customer cart: the anonymous cart becomes the customer's.
      target = std::move(*from);
      target.cart.customer_id = customer_id;
    } else {
      OMNI_ASSIGN_OR_RETURN(target, Lock(tx, *target_id, std::nullopt));
      for (LineRow& row : from->lines) {
        OMNI_TRY(ReleaseHold(tx, row));
        if (LineRow* same = FindLine(target.lines, row.line.sku)) {
          same->line.quantity = std::min(kMaxLineQuantity, same->line.quantity + row.line.quantity);
        } else if (static_cast<int>(target.lines.size()) < kMaxLines) {
          target.lines.push_back({.line = {.sku = row.line.sku, .quantity = row.line.quantity}});
        }
      }
      for (const std::string& code : from->cart.coupons) {
        if (std::find(target.cart.coupons.begin(), target.cart.coupons.end(), code) ==
                target.cart.coupons.end() &&
            static_cast<int>(target.cart.coupons.size()) < kMaxCoupons) {
          target.cart.coupons.push_back(code);
        }
      }
      // Checkout details the customer's cart lacks come from the merged cart.
      Contact& contact = target.cart.contact;
      const Contact& given = from->cart.contact;
      for (auto [into, value] :
           {std::pair{&contact.email, &given.email}, std::pair{&contact.phone, &given.phone},
            std::pair{&contact.name, &given.name}, std::pair{&contact.address, &given.address}}) {
        if (into->empty()) {
          *into = *value;
        }
      }
      if (target.cart.payment.method.empty()) {
        target.cart.payment = from->cart.payment;
      }
      from->cart.status = CartStatus::kMerged;
      from->cart.updated_at = now;
      OMNI_TRY(Save(tx, *from));
    }
    OMNI_TRY(Finish(tx, target, now));
    OMNI_TRY(Append(tx, target.cart, events::kMerged,
                    events::CartMerged{.cart = target.cart,
                                       .from_cart_id = result.from_cart_id,
                                       .anonymous_id = anonymous_id}));
    result.cart = std::move(target.cart);
    return result;
  }

  Result<int64_t> MarkAbandoned(storage::Tx& tx, TimePoint now, Duration idle_for,
                                int limit) override {
    if (idle_for <= Duration::zero()) {
      return Error::InvalidArgument("idle_for", "must be positive");
    }
    if (limit < 1) {
      return Error::InvalidArgument("limit", "must be positive");
    }
    const TimePoint cutoff = now - idle_for;
    OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, store::SelectIdle(tx, cutoff, limit));
    int64_t marked = 0;
    for (const std::string& id : ids) {
      OMNI_ASSIGN_OR_RETURN(Loaded w, Lock(tx, id, std::nullopt));
      // A write may have touched it between the select and the lock.
      if (w.cart.status != CartStatus::kActive || w.cart.last_activity_at > cutoff) {
        continue;
      }
      for (LineRow& row : w.lines) {
        OMNI_TRY(ReleaseHold(tx, row));
      }
      w.cart.status = CartStatus::kAbandoned;
      w.cart.updated_at = now;
      OMNI_TRY(Save(tx, w));
      OMNI_TRY(Append(tx, w.cart, events::kAbandoned, w.cart));
      ++marked;
    }
    return marked;
  }

 private:
  // Bumps the version (serialising writers of this cart), then loads it.
  Result<Loaded> Lock(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match) {
    OMNI_TRY(CartId::Parse(id, "id"));
    OMNI_ASSIGN_OR_RETURN(int64_t bumped, store::BumpVersion(tx, id));
    if (bumped != 1) {
      return Error::NotFound("cart", id);
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<Cart> cart, store::SelectCart(tx, id));
    OMNI_CHECK(cart.has_value(), "the row was just updated in this transaction");
    if (if_match && *if_match != cart->version - 1) {
      return Error::Make(ErrorCode::kPreconditionFailed, "cart " + std::string(id) +
                                                             " is at version " +
                                                             std::to_string(cart->version - 1) +
                                                             ", not " + std::to_string(*if_match))
          .With("version", cart->version - 1);
    }
    OMNI_ASSIGN_OR_RETURN(std::vector<LineRow> lines, store::SelectLines(tx, id));
    return Loaded{.cart = std::move(*cart), .lines = std::move(lines)};
  }

  // Lock, and refuse a cart that is no longer active (kConflict, details.status).
  Result<Loaded> LockActive(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match) {
    OMNI_ASSIGN_OR_RETURN(Loaded w, Lock(tx, id, if_match));
    if (w.cart.status != CartStatus::kActive) {
      return Error::Conflict("cart " + std::string(id) + " is " +
                             std::string(NameOf(w.cart.status)))
          .With("status", std::string(NameOf(w.cart.status)));
    }
    return w;
  }

  // The profile an anonymous id belongs to, created when there is none. "" only for the id of
  // an erased person: that cart stays anonymous and is linked to no one.
  Result<std::string> ProfileOfAnonymous(storage::Tx& tx, const std::string& anonymous_id) {
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

  // Whether MergeInto may take `from` into `customer_id`'s cart: it is active and was started
  // anonymously, or its owner's profile has since merged into that customer.
  Result<bool> Mergeable(storage::Tx& tx, const Cart& from, const std::string& customer_id) {
    if (from.status != CartStatus::kActive) {
      return false;
    }
    if (!from.anonymous_id.empty() || from.customer_id.empty()) {
      return true;
    }
    OMNI_ASSIGN_OR_RETURN(std::string survivor, customers_.SurvivorOf(tx, from.customer_id));
    return survivor == customer_id;
  }

  // The common write: lock, check the status, apply `change`, hold, price, store, append.
  // `new_coupon` set: a rejection of that coupon by pricing that rules it out refuses the write.
  template <typename Fn>
  Result<Cart> Write(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match,
                     Fn&& change, std::string_view new_coupon = {}) {
    OMNI_ASSIGN_OR_RETURN(Loaded w, LockActive(tx, id, if_match));
    OMNI_TRY(change(w));
    const TimePoint now = clock_.Now();
    OMNI_ASSIGN_OR_RETURN(std::optional<pricing::Quote> quote, Finish(tx, w, now));
    if (quote && !new_coupon.empty()) {
      for (const pricing::Rejection& r : quote->rejected) {
        if (r.coupon == new_coupon && r.code != "min_basket" && r.code != "no_eligible_line" &&
            r.code != "better_promotion" && r.code != "segment") {
          if (r.code == "unknown_coupon") {
            return Error::NotFound("coupon", new_coupon).With("code", std::string(new_coupon));
          }
          return CouponRefused(new_coupon, r.code, r.reason);
        }
      }
    }
    OMNI_TRY(Append(tx, w.cart, events::kUpdated, w.cart));
    return std::move(w.cart);
  }

  static Error CouponRefused(std::string_view code, std::string_view reason,
                             std::string_view message) {
    return Error::Conflict("coupon " + std::string(code) + ": " + std::string(message))
        .With("code", std::string(code))
        .With("reason", std::string(reason));
  }

  // Holds (unless `hold` is false: checkout), prices and stores the cart as written at `now`;
  // returns the quote (none when empty). Points the customer can no longer redeem are dropped.
  Result<std::optional<pricing::Quote>> Finish(storage::Tx& tx, Loaded& w, TimePoint now,
                                               bool hold = true) {
    if (hold) {
      OMNI_TRY(SyncHolds(tx, w, now));
    }
    std::optional<pricing::Quote> quote;
    if (w.lines.empty()) {
      w.cart.priced_json = EmptyPriced(w.cart.currency);
    } else {
      pricing::QuoteRequest req{.channel_id = tx.context().channel_id.empty()
                                                  ? w.cart.channel_id
                                                  : tx.context().channel_id,
                                .coupons = w.cart.coupons,
                                .currency = w.cart.currency};
      for (const LineRow& row : w.lines) {
        req.lines.push_back({.sku = row.line.sku, .quantity = row.line.quantity});
      }
      if (!w.cart.customer_id.empty()) {
        req.customer_id = w.cart.customer_id;
      }
      OMNI_ASSIGN_OR_RETURN(std::optional<Money> points_value, PointsValue(tx, w.cart));
      if (points_value && points_value->minor > 0) {
        req.adjustments.push_back({.kind = "loyalty_points",
                                   .amount = *points_value,
                                   .reason = std::to_string(w.cart.redeem_points) + " points"});
      }
      OMNI_ASSIGN_OR_RETURN(quote, pricing_.PriceQuote(tx, req));
      w.cart.priced_json = EncodePriced(*quote);
    }
    w.cart.updated_at = now;
    w.cart.last_activity_at = now;
    OMNI_TRY(Save(tx, w));
    return quote;
  }

  // What the cart's points are worth now; drops them (redeem_points = 0) when they can no
  // longer be redeemed (no customer, no loyalty, the balance fell below them).
  Result<std::optional<Money>> PointsValue(storage::Tx& tx, Cart& cart) {
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

  Result<void> Save(storage::Tx& tx, Loaded& w) {
    OMNI_TRY(store::UpdateCart(tx, w.cart));
    OMNI_TRY(store::ReplaceLines(tx, w.cart.id.str(), w.lines));
    w.cart.lines.clear();
    for (const LineRow& row : w.lines) {
      w.cart.lines.push_back(row.line);
    }
    return Ok();
  }

  // Click & collect: every line held at the pickup store for its quantity, unexpired.
  // Otherwise: no holds.
  Result<void> SyncHolds(storage::Tx& tx, Loaded& w, TimePoint now) {
    const bool collect = w.cart.fulfilment.kind == FulfilmentKind::kClickAndCollect;
    const std::string& at = w.cart.fulfilment.location_id;
    for (LineRow& row : w.lines) {
      if (!row.line.hold_id.empty() &&
          (!collect || row.hold_location_id != at || row.hold_quantity != row.line.quantity ||
           !row.line.hold_expires_at || *row.line.hold_expires_at <= now)) {
        OMNI_TRY(ReleaseHold(tx, row));
      }
      if (!collect || !row.line.hold_id.empty()) {
        continue;
      }
      Result<inventory::ReservationResult> held =
          inventory_.Reserve(tx, {.sku = row.line.sku,
                                  .location_id = at,
                                  .quantity = row.line.quantity,
                                  .kind = inventory::ReservationKind::kClickAndCollect,
                                  .hold_for = kHoldFor,
                                  .reference = w.cart.id.str()});
      if (!held.ok()) {
        Error error = std::move(held).error();
        if (error.code == ErrorCode::kInsufficientStock || error.code == ErrorCode::kNotFound) {
          const DetailValue* available = error.Detail("available");
          return Error::Make(ErrorCode::kInsufficientStock,
                             "line " + row.line.sku + ": not enough stock at " + at)
              .With("sku", row.line.sku)
              .With("location_id", at)
              .With("requested", row.line.quantity)
              .With("available", available != nullptr && std::holds_alternative<int64_t>(*available)
                                     ? std::get<int64_t>(*available)
                                     : int64_t{0});
        }
        return error;
      }
      row.line.hold_id = held->reservation.id.str();
      row.line.hold_expires_at = held->reservation.expires_at;
      row.hold_location_id = at;
      row.hold_quantity = row.line.quantity;
    }
    return Ok();
  }

  Result<void> ReleaseHold(storage::Tx& tx, LineRow& row) {
    if (row.line.hold_id.empty()) {
      return Ok();
    }
    OMNI_TRY(inventory_.Release(tx, row.line.hold_id));
    row.line.hold_id.clear();
    row.line.hold_expires_at.reset();
    row.hold_location_id.clear();
    row.hold_quantity = 0;
    return Ok();
  }

  template <typename P>
  Result<void> Append(storage::Tx& tx, const Cart& cart, const changes::EventType<P>& type,
                      const P& payload) {
    OMNI_TRY(changes::Append(tx, type, payload,
                             {.entity_id = cart.id.str(),
                              .customer_id = cart.customer_id,
                              .occurred_at = clock_.Now()}));
    return Ok();
  }

  const Clock& clock_;
  pricing::PricingService& pricing_;
  customers::CustomersService& customers_;
  inventory::InventoryService& inventory_;
  loyalty::LoyaltyService* loyalty_;  // null: no points
};

}  // namespace

std::unique_ptr<CartService> NewCartService(const Clock& clock, pricing::PricingService& pricing,
                                            customers::CustomersService& customers,
                                            inventory::InventoryService& inventory,
                                            loyalty::LoyaltyService* loyalty) {
  return std::make_unique<CartServiceImpl>(clock, pricing, customers, inventory, loyalty);
}

}  // namespace omnihub::carts
