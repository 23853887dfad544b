// A cart's life beyond its edits: merged into the customer's at login, abandoned when idle.
#include <algorithm>

#include "carts/cart_service.h"
#include "carts/events.h"

namespace omnihub::carts {

using store::LineRow;

Result<MergeResult> CartServiceImpl::MergeInto(storage::Tx& tx, const MergeRequest& req) {
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
  OMNI_TRY(Append(
      tx, target.cart, events::kMerged,
      events::CartMerged{
          .cart = target.cart, .from_cart_id = result.from_cart_id, .anonymous_id = anonymous_id}));
  result.cart = std::move(target.cart);
  return result;
}

Result<int64_t> CartServiceImpl::MarkAbandoned(storage::Tx& tx, TimePoint now, Duration idle_for,
                                               int limit) {
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

Result<bool> CartServiceImpl::Mergeable(storage::Tx& tx, const Cart& from,
                                        const std::string& customer_id) {
  if (from.status != CartStatus::kActive) {
    return false;
  }
  if (!from.anonymous_id.empty() || from.customer_id.empty()) {
    return true;
  }
  OMNI_ASSIGN_OR_RETURN(std::string survivor, customers_.SurvivorOf(tx, from.customer_id));
  return survivor == customer_id;
}

}  // namespace omnihub::carts
