#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"

namespace omnihub::carts {

struct CartTag {
  static constexpr std::string_view kPrefix = "crt";
};
using CartId = Id<CartTag>;  // "crt_01J9…"

// How the node runs carts; the app provides it before the module is built.
struct Options {
  // An active cart idle this long is marked abandoned by the maintenance sweep: it stops being
  // the person's current cart.
  Duration abandon_after = std::chrono::hours(24);
};

// The most units of one SKU a cart line may hold; a merge that sums beyond it is capped here.
inline constexpr int64_t kMaxLineQuantity = 999;
// The most lines one cart may hold.
inline constexpr int kMaxLines = 100;
// The most coupons one cart may carry.
inline constexpr int kMaxCoupons = 10;

// kMerged: an anonymous cart whose lines went into the customer's (MergeInto).
enum class CartStatus { kActive, kCheckedOut, kAbandoned, kMerged };
constexpr auto EnumNames(CartStatus) {
  return EnumTable<CartStatus, 4>{{{CartStatus::kActive, "active"},
                                   {CartStatus::kCheckedOut, "checked_out"},
                                   {CartStatus::kAbandoned, "abandoned"},
                                   {CartStatus::kMerged, "merged"}}};
}

enum class FulfilmentKind { kShip, kClickAndCollect, kParcelLocker };
constexpr auto EnumNames(FulfilmentKind) {
  return EnumTable<FulfilmentKind, 3>{{{FulfilmentKind::kShip, "ship"},
                                       {FulfilmentKind::kClickAndCollect, "click_and_collect"},
                                       {FulfilmentKind::kParcelLocker, "parcel_locker"}}};
}

struct Fulfilment {
  FulfilmentKind kind = FulfilmentKind::kShip;
  std::string location_id;  // kClickAndCollect: the pickup store (loc_…); "" otherwise
  std::string locker_id;    // kParcelLocker: the locker ("KRA01M"); "" otherwise
};
constexpr auto Describe(const Fulfilment*) {
  using omnihub::schema::F;
  return std::tuple{F("type", &Fulfilment::kind),
                    F("location_id", &Fulfilment::location_id).NullIfEmpty(),
                    F("locker_id", &Fulfilment::locker_id)
                        .Is(omnihub::schema::DataClass::kAddress)
                        .NullIfEmpty()};
}

// Who is buying and where to: set once in any channel, never re-entered at checkout.
struct Contact {
  std::string email;    // as given, trimmed; checkout links it to the customer profile
  std::string phone;    // as given, trimmed
  std::string name;     // free text, up to 200 characters
  std::string address;  // the delivery address, free text up to 500 characters
};
constexpr auto Describe(const Contact*) {
  using omnihub::schema::DataClass;
  using omnihub::schema::F;
  return std::tuple{F("email", &Contact::email).Is(DataClass::kContact).NullIfEmpty(),
                    F("phone", &Contact::phone).Is(DataClass::kContact).NullIfEmpty(),
                    F("name", &Contact::name).Is(DataClass::kContact).NullIfEmpty(),
                    F("address", &Contact::address).Is(DataClass::kAddress).NullIfEmpty()};
}

// How the customer means to pay, chosen before checkout (omnihub records payments, it never
// processes them). method: card, blik, transfer, cash or pay_at_pickup.
struct PaymentIntent {
  std::string method;     // "" while not chosen
  std::string reference;  // the provider's reference, up to 200 characters
};
constexpr auto Describe(const PaymentIntent*) {
  using omnihub::schema::F;
  return std::tuple{F("method", &PaymentIntent::method).NullIfEmpty(),
                    F("reference", &PaymentIntent::reference)
                        .Is(omnihub::schema::DataClass::kIdentifier)
                        .NullIfEmpty()};
}

struct CartLine {
  std::string sku;
  int64_t quantity = 0;  // 1..kMaxLineQuantity
  // Click & collect: the inventory hold for this line at the pickup store ("" for none).
  std::string hold_id;
  std::optional<TimePoint> hold_expires_at;
  friend bool operator==(const CartLine&, const CartLine&) = default;
};
constexpr auto Describe(const CartLine*) {
  using omnihub::schema::F;
  return std::tuple{F("sku", &CartLine::sku), F("quantity", &CartLine::quantity),
                    F("hold_id", &CartLine::hold_id).NullIfEmpty(),
                    F("hold_expires_at", &CartLine::hold_expires_at)};
}

// A shopping cart. Its owner is a customer profile (customer_id) or, before the person is
// known, an anonymous id; an owner has at most one active cart.
struct Cart {
  CartId id;
  std::string customer_id;   // "" while anonymous
  std::string anonymous_id;  // the device or browser that started it, "" when none
  std::string channel_id;    // where it was created ("" for the system)
  CartStatus status = CartStatus::kActive;
  int64_t version = 1;  // +1 on every write; the HTTP ETag
  std::string currency = "PLN";
  std::vector<std::string> coupons;  // upper-case, in the order added
  Fulfilment fulfilment;
  std::vector<CartLine> lines;  // in the order added
  Contact contact;
  PaymentIntent payment;
  // Loyalty points to redeem at checkout (0: none); priced as an Adjustment of kind
  // "loyalty_points" worth loyalty's RedeemQuote.
  int64_t redeem_points = 0;
  std::string order_id;  // kCheckedOut: the order it became
  // The priced snapshot stored with the last write: a JSON object {"lines":[…],
  // "applied_promotions":[…],"rejected":[…],"totals":{…}} (README.md).
  std::string priced_json = "{}";
  TimePoint created_at;
  TimePoint updated_at;
  TimePoint last_activity_at;
};
// As GET /api/v1/carts/{id} shows it, and as carts' changes carry it.
constexpr auto Describe(const Cart*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Cart::id),
                    F("status", &Cart::status),
                    F("version", &Cart::version),
                    F("customer_id", &Cart::customer_id).NullIfEmpty(),
                    F("anonymous_id", &Cart::anonymous_id)
                        .Is(omnihub::schema::DataClass::kIdentifier)
                        .NullIfEmpty(),
                    F("channel_id", &Cart::channel_id).NullIfEmpty(),
                    F("currency", &Cart::currency),
                    F("coupons", &Cart::coupons),
                    F("fulfilment", &Cart::fulfilment),
                    F("contact", &Cart::contact),
                    F("payment", &Cart::payment),
                    F("redeem_points", &Cart::redeem_points),
                    F("order_id", &Cart::order_id).NullIfEmpty(),
                    F("lines", &Cart::lines),
                    F("priced", &Cart::priced_json).RawJson(),
                    F("created_at", &Cart::created_at),
                    F("updated_at", &Cart::updated_at),
                    F("last_activity_at", &Cart::last_activity_at)};
}

struct NewCart {
  std::string customer_id;   // one of customer_id and anonymous_id is required;
  std::string anonymous_id;  // with both, the customer owns the cart
  std::string currency = "PLN";
};

// How a channel names the person whose current cart it wants. `type` is one of customer_id,
// email, phone, anonymous_id, user_id.
struct CurrentQuery {
  std::string type;
  std::string value;
};

// Moves an anonymous cart into a customer's. Name the anonymous cart by anonymous_id or by
// from_cart_id.
struct MergeRequest {
  std::string anonymous_id;
  std::string from_cart_id;
  std::string customer_id;
};

struct MergeResult {
  std::optional<Cart> cart;  // the customer's active cart after the merge, if any
  std::string from_cart_id;  // the anonymous cart merged ("" when there was none)
  bool merged = false;       // false: no active anonymous cart, nothing changed
};

}  // namespace omnihub::carts
