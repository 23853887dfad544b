#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carts/carts.h"
#include "carts/store.h"
#include "changes/event.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "pricing/pricing.h"

// CartServiceImpl, shared by the files that implement it by family of operations:
// cart_service.cc (create, read, the write machinery), edits.cc (lines, coupons, fulfilment,
// contact, payment, points), holds.cc (click & collect holds), checkout.cc, lifecycle.cc
// (merge, abandonment).
namespace omnihub::carts {

// A cart being written: the row and its lines as loaded (and locked), and the lines as they
// were, so a write that leaves them alone does not rewrite them.
struct Loaded {
  Cart cart;
  std::vector<store::LineRow> lines;
  std::vector<store::LineRow> loaded_lines;
  int64_t loaded_version = 0;
};

class CartServiceImpl final : public CartService {
 public:
  CartServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                  customers::CustomersService& customers, inventory::InventoryService& inventory,
                  loyalty::LoyaltyService* loyalty);

  // cart_service.cc
  Result<Cart> Create(storage::Tx& tx, const NewCart& req) override;
  Result<Cart> Get(storage::Tx& tx, std::string_view id) override;
  Result<Cart> FindCurrent(storage::Tx& tx, const CurrentQuery& q) override;

  // edits.cc
  Result<Cart> AddLine(storage::Tx& tx, std::string_view id, std::string_view sku, int64_t quantity,
                       std::optional<int64_t> if_match) override;
  Result<Cart> SetLineQuantity(storage::Tx& tx, std::string_view id, std::string_view sku,
                               int64_t quantity, std::optional<int64_t> if_match) override;
  Result<Cart> RemoveLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                          std::optional<int64_t> if_match) override;
  Result<Cart> SetFulfilment(storage::Tx& tx, std::string_view id, const Fulfilment& f,
                             std::optional<int64_t> if_match) override;
  Result<Cart> AddCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                         std::optional<int64_t> if_match) override;
  Result<Cart> RemoveCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                            std::optional<int64_t> if_match) override;
  Result<Cart> SetContact(storage::Tx& tx, std::string_view id, const Contact& contact,
                          std::optional<int64_t> if_match) override;
  Result<Cart> SetPayment(storage::Tx& tx, std::string_view id, const PaymentIntent& p,
                          std::optional<int64_t> if_match) override;
  Result<Cart> SetRedeemPoints(storage::Tx& tx, std::string_view id, int64_t points,
                               std::optional<int64_t> if_match) override;

  // checkout.cc
  Result<Cart> BeginCheckout(storage::Tx& tx, std::string_view id,
                             std::optional<int64_t> if_match) override;
  Result<PricedCheckout> PriceForCheckout(storage::Tx& tx, const Cart& cart,
                                          std::string_view customer_id) override;
  Result<Cart> CompleteCheckout(storage::Tx& tx, const Cart& cart, std::string_view order_id,
                                const PricedCheckout& priced,
                                const std::vector<std::string>& holds_taken) override;

  // lifecycle.cc
  Result<MergeResult> MergeInto(storage::Tx& tx, const MergeRequest& req) override;
  Result<int64_t> MarkAbandoned(storage::Tx& tx, TimePoint now, Duration idle_for,
                                int limit) override;

 private:
  // cart_service.cc: loads the cart and its lines, locking the row until commit. Errors:
  // kNotFound; kPreconditionFailed (details.version) when `if_match` is set and differs.
  Result<Loaded> Lock(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match);
  // Lock, and refuse a cart that is no longer active (kConflict, details.status).
  Result<Loaded> LockActive(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match);
  // The common write: lock, check the status, apply `change`, hold, price, store, append.
  // `new_coupon` set: a rejection of that coupon by pricing that rules it out refuses the
  // write. Defined in edits.cc, its only user.
  template <typename Fn>
  Result<Cart> Write(storage::Tx& tx, std::string_view id, std::optional<int64_t> if_match,
                     Fn&& change, std::string_view new_coupon = {});
  // Holds (unless `hold` is false), prices and stores the cart as written at `now`; returns
  // the quote (none when empty). Points the customer can no longer redeem are dropped.
  Result<std::optional<pricing::Quote>> Finish(storage::Tx& tx, Loaded& w, TimePoint now,
                                               bool hold = true);
  // The pricing engine's request for the cart's lines, coupons and channel (the writer's, else
  // the cart's), for `customer_id`, with `points_value` as the loyalty_points adjustment.
  pricing::QuoteRequest QuoteRequestFor(const storage::Tx& tx, const Cart& cart,
                                        const std::vector<store::LineRow>& lines,
                                        std::string_view customer_id,
                                        std::optional<Money> points_value) const;
  // What the cart's points are worth now; drops them (redeem_points = 0) when they can no
  // longer be redeemed (no customer, no loyalty, the balance fell below them).
  Result<std::optional<Money>> PointsValue(storage::Tx& tx, Cart& cart);
  // Writes the row (version + 1, only at the version loaded) and, when they changed, the
  // lines. Leaves w.cart.lines as written.
  Result<void> Save(storage::Tx& tx, Loaded& w);
  template <typename P>
  Result<void> Append(storage::Tx& tx, const Cart& cart, const changes::EventType<P>& type,
                      const P& payload) {
    OMNI_TRY(changes::Append(tx, type, payload,
                             {.entity_id = cart.id.str(),
                              .customer_id = cart.customer_id,
                              .occurred_at = clock_.Now()}));
    return Ok();
  }
  // The profile an anonymous id belongs to, created when there is none. "" only for the id of
  // an erased person: that cart stays anonymous and is linked to no one.
  Result<std::string> ProfileOfAnonymous(storage::Tx& tx, const std::string& anonymous_id);

  // holds.cc: click & collect: every line held at the pickup store for its quantity,
  // unexpired. Otherwise: no holds.
  Result<void> SyncHolds(storage::Tx& tx, Loaded& w, TimePoint now);
  Result<void> ReleaseHold(storage::Tx& tx, store::LineRow& row);

  // lifecycle.cc: whether MergeInto may take `from` into `customer_id`'s cart.
  Result<bool> Mergeable(storage::Tx& tx, const Cart& from, const std::string& customer_id);

  const Clock& clock_;
  pricing::PricingService& pricing_;
  customers::CustomersService& customers_;
  inventory::InventoryService& inventory_;
  loyalty::LoyaltyService* loyalty_;  // null: no points
};

// Shared by the files above.
store::LineRow* FindLine(std::vector<store::LineRow>& lines, std::string_view sku);
Error NoSuchLine(const Cart& cart, std::string_view sku);
Error CouponRefused(std::string_view code, std::string_view reason, std::string_view message);

}  // namespace omnihub::carts
