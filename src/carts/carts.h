#pragma once

#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

#include "carts/types.h"
#include "changes/subscribers.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "node/node.h"
#include "pricing/types.h"
#include "storage/database.h"
#include "storage/migrations.h"

namespace omnihub::pricing {
class PricingService;
}
namespace omnihub::customers {
class CustomersService;
}
namespace omnihub::inventory {
class InventoryService;
}
namespace omnihub::loyalty {
class LoyaltyService;
}

// Carts (SPEC.md §2.6): the same cart in every channel, re-priced by the pricing engine on
// every change, versioned against lost updates, with click & collect holds at a pickup store.
namespace omnihub::carts {

storage::MigrationSet Migrations();

// A cart priced for its checkout (CartService::PriceForCheckout).
struct PricedCheckout {
  pricing::Quote quote;
  int64_t points = 0;  // the points to spend: the cart's, or 0 when they can no longer be
  Money points_value;  // what they are worth (the quote's loyalty_points adjustment)
};

// Thread-safe: all state lives in the database. Mutating methods take the use case's Tx first,
// append their changes (events.h) to it and leave nothing changed on error once the caller
// rolls back (Database::InTransaction does).
//
// Every write first reads the cart locking its row (concurrent writers of the same cart queue
// there: no write is ever lost), then writes it once with version + 1. `if_match` set: the
// write is refused with kPreconditionFailed (details.version = the current version) unless
// the cart is at that version; unset: the write applies to whatever version is current.
// Every write re-prices the whole cart through PricingService::PriceQuote and stores the
// snapshot (Cart::priced_json). Writes to a cart that is not active: kConflict (details.status).
// Common errors: kNotFound (cart); kInvalidArgument naming the field (sku, quantity in
// 1..kMaxLineQuantity, code, location_id); pricing's kNotFound ("lines[i].sku") for a SKU no
// price list prices.
class CartService {
 public:
  virtual ~CartService() = default;

  // Creates an active cart for the customer (its surviving profile) or the anonymous id;
  // the channel is tx's writer. Appends carts.cart.created.
  // Errors: kInvalidArgument (customer_id/anonymous_id both empty, currency); kNotFound
  // (customer_id); kConflict (details.cart_id) when the owner already has an active cart.
  virtual Result<Cart> Create(storage::Tx& tx, const NewCart& req) = 0;
  // Errors: kNotFound.
  virtual Result<Cart> Get(storage::Tx& tx, std::string_view id) = 0;
  // The active cart of the person named by `q`. customer_id/email/phone/user_id resolve through
  // customers to a profile, and the active cart of that profile or of any profile merged into
  // it is found; anonymous_id: the cart started by that anonymous id, else the cart of the
  // profile holding it. Errors: kInvalidArgument (type, value); kNotFound (no person, no cart).
  virtual Result<Cart> FindCurrent(storage::Tx& tx, const CurrentQuery& q) = 0;

  // Adds `quantity` units of `sku` (to the line already holding it, if any).
  // Errors: kInvalidArgument (quantity, or the line's total above kMaxLineQuantity; more than
  // kMaxLines lines); kInsufficientStock for click & collect (details sku, location_id).
  virtual Result<Cart> AddLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                               int64_t quantity, std::optional<int64_t> if_match) = 0;
  // Sets a line's quantity. Errors: kNotFound (details.sku: no such line); as AddLine.
  virtual Result<Cart> SetLineQuantity(storage::Tx& tx, std::string_view id, std::string_view sku,
                                       int64_t quantity, std::optional<int64_t> if_match) = 0;
  // Removes a line and releases its hold. Errors: kNotFound (no such line).
  virtual Result<Cart> RemoveLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                                  std::optional<int64_t> if_match) = 0;
  // Ship, or click & collect at a store: holds every line there (kind click_and_collect,
  // kHoldFor), releasing holds at any other store; ship releases every hold.
  // Errors: kNotFound (location); kConflict with details.reason "click_and_collect_not_offered"
  // for a location without click & collect; kInsufficientStock naming the line (details sku,
  // location_id, available).
  virtual Result<Cart> SetFulfilment(storage::Tx& tx, std::string_view id, const Fulfilment& f,
                                     std::optional<int64_t> if_match) = 0;
  // Adds a coupon code (stored upper-case). Errors: kNotFound (details.code) for an unknown
  // code; kConflict (details.code, details.reason from pricing: "expired", "not_yet_valid",
  // "channel", "used_up", "already_used") for a coupon that cannot be used now; adding a code
  // the cart already has changes nothing but the version.
  virtual Result<Cart> AddCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                                 std::optional<int64_t> if_match) = 0;
  // Errors: kNotFound (details.code) when the cart does not carry it.
  virtual Result<Cart> RemoveCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                                    std::optional<int64_t> if_match) = 0;

  // Sets who buys and where to (every field replaced; "" clears it). Appends carts.cart.updated.
  // Errors: kInvalidArgument (contact.email not an e-mail, contact.phone, name over 200,
  // address over 500 characters).
  virtual Result<Cart> SetContact(storage::Tx& tx, std::string_view id, const Contact& contact,
                                  std::optional<int64_t> if_match) = 0;
  // Errors: kInvalidArgument (payment.method not one of card, blik, transfer, cash,
  // pay_at_pickup; reference over 200 characters).
  virtual Result<Cart> SetPayment(storage::Tx& tx, std::string_view id, const PaymentIntent& p,
                                  std::optional<int64_t> if_match) = 0;
  // Points to redeem (0 removes them); the cart is re-priced with their value as a discount.
  // Errors: kInvalidArgument (points below 0 or above loyalty's kMaxPoints); kConflict with
  // details.reason "customer_required" for a cart without a customer, loyalty's kConflict
  // (reason "points_above_balance") above the balance.
  virtual Result<Cart> SetRedeemPoints(storage::Tx& tx, std::string_view id, int64_t points,
                                       std::optional<int64_t> if_match) = 0;

  // Checkout, step 1 (the flow's transaction): loads the cart at `if_match` (when set) and
  // locks its row for the rest of the transaction, without writing it.
  // Errors: kNotFound; kPreconditionFailed; kConflict (details.status) when not active;
  // kCartEmpty without lines.
  virtual Result<Cart> BeginCheckout(storage::Tx& tx, std::string_view id,
                                     std::optional<int64_t> if_match) = 0;
  // Checkout, step 2: the cart priced once for its order, for `customer_id` (the profile the
  // checkout resolved, "" for a guest), its points valued once by loyalty and priced as the
  // loyalty_points adjustment; points the customer can no longer redeem are left out. The
  // order takes this quote as it is (orders::NewOrder::quote). Errors: kConflict reason
  // "customer_required" for points without a customer; pricing's.
  virtual Result<PricedCheckout> PriceForCheckout(storage::Tx& tx, const Cart& cart,
                                                  std::string_view customer_id) = 0;
  // Checkout, step 3: the cart (as BeginCheckout returned it) becomes checked_out with the
  // order's id and the price it was sold at, in one write of its row. Its click & collect
  // holds named in `holds_taken` now belong to the order; the others are released.
  // Appends carts.cart.checked_out. Errors: kConflict when the cart changed since
  // BeginCheckout (a bug: its row is locked).
  virtual Result<Cart> CompleteCheckout(storage::Tx& tx, const Cart& cart,
                                        std::string_view order_id, const PricedCheckout& priced,
                                        const std::vector<std::string>& holds_taken) = 0;

  // Merges the active anonymous cart into the customer's active cart (the customer's surviving
  // profile). Lines rule: a SKU in both carts gets the SUM of both quantities, capped at
  // kMaxLineQuantity; other lines are appended. Coupons: union. Fulfilment: the customer's
  // cart keeps its own; the anonymous cart's holds are released and the merged lines held
  // again when the customer's cart is click & collect. The anonymous cart ends with status
  // merged. Without a customer cart the anonymous cart is re-owned by the customer instead.
  // Appends carts.cart.merged. No active anonymous cart: merged = false, nothing changes
  // (so a replayed identity merge is harmless).
  // Errors: kInvalidArgument (customer_id; neither anonymous_id nor from_cart_id); kNotFound
  // (customer_id, from_cart_id); kInsufficientStock as SetFulfilment.
  virtual Result<MergeResult> MergeInto(storage::Tx& tx, const MergeRequest& req) = 0;

  // Marks active carts whose last activity is at or before now - idle_for abandoned (at most
  // `limit`), releasing their holds; appends carts.cart.abandoned for each. Returns how many.
  // Errors: kInvalidArgument (idle_for not positive, limit < 1).
  virtual Result<int64_t> MarkAbandoned(storage::Tx& tx, TimePoint now, Duration idle_for,
                                        int limit = 500) = 0;
};

// How long a click & collect hold lasts; a later write to the cart renews expired holds.
inline constexpr Duration kHoldFor = std::chrono::hours(2);

// Borrows every argument, which must outlive the service.
// `loyalty` may be null: then SetRedeemPoints answers kConflict reason "loyalty_unavailable".
std::unique_ptr<CartService> NewCartService(const Clock& clock, pricing::PricingService& pricing,
                                            customers::CustomersService& customers,
                                            inventory::InventoryService& inventory,
                                            loyalty::LoyaltyService* loyalty = nullptr);

// What carts do with other modules' changes (run them with changes::StartSubscribers): on
// customers.profile.merged {"survivor_id","merged_id"} the merged profile's active cart is
// merged into the survivor's (MergeInto); safe to replay. Borrows `service`.
std::vector<changes::Subscription> Subscriptions(CartService& service);

// /api/v1/carts/*. Borrows db and service.
// Reads of a customer's cart go to `customers`' access log. Borrows everything.
void RegisterRoutes(http::Router& router, storage::Database& db, CartService& service,
                    customers::CustomersService& customers);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::carts
