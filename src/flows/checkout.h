#pragma once

#include <cstdint>
#include <optional>
#include <string>

#include "carts/carts.h"
#include "core/result.h"
#include "customers/customers.h"
#include "http/router.h"
#include "loyalty/loyalty.h"
#include "orders/orders.h"
#include "storage/database.h"

// Checkout: a cart from any channel becomes an order in one transaction (SPEC.md §2.6, §2.7).
namespace omnihub::flows {

struct CheckoutServices {
  carts::CartService& carts;
  orders::OrderService& orders;
  customers::CustomersService& customers;
  loyalty::LoyaltyService& loyalty;
};

struct CheckoutRequest {
  std::string cart_id;
  std::optional<int64_t> if_match;  // the cart's version, when the caller holds one
  // Replaces the cart's payment intent; amount 0 means the order's total.
  std::optional<orders::NewPayment> payment;
  // Set: the customer is at this store's till and takes the goods now (an in-store sale,
  // completed at once) whatever the cart's fulfilment.
  std::string in_store_location_id;
  // The total the customer was shown, in minor units: a different order total (a promotion
  // ended, points no longer covered) refuses the checkout instead of charging a surprise.
  std::optional<int64_t> expected_total;
};

struct CheckoutResult {
  orders::Order order;
  carts::Cart cart;                        // checked out, with the order's id
  std::optional<orders::Payment> payment;  // recorded now, if any
  int64_t points_redeemed = 0;
};

// In one transaction, so either all of it happens or none, and nothing twice:
//  1. locks the cart (If-Match) without writing it;
//  2. the cart's contact (e-mail, phone, name) goes onto the customer's profile, creating or
//     merging profiles by the identity rules, so a guest's order belongs to a person;
//  3. prices the cart once for that customer, its points valued once as a discount;
//  4. places the order at that price, taking over the cart's click & collect holds (or, in
//     store, selling the held units) instead of holding the units again; ship and parcel
//     locker orders are sourced and held;
//  5. spends the points, writes the cart once as checked_out (releasing holds the order did
//     not take), and records the payment: the request's, else the cart's intent (not
//     pay_at_pickup, which the store takes at hand-over).
// Errors: the cart's (kNotFound, kPreconditionFailed, kCartEmpty, kConflict when not active),
// kConflict reason "total_changed" (details expected_total, total) when expected_total is set
// and differs,
// kInvalidArgument "contact.address" (ship without one), and the order's, loyalty's and
// payment's errors (kInsufficientStock naming the lines, coupon kConflict, …).
Result<CheckoutResult> CheckOut(storage::Tx& tx, const CheckoutServices& services,
                                const CheckoutRequest& req);

// POST /api/v1/carts/{id}/checkout. Borrows db and the services.
void RegisterCheckoutRoutes(http::Router& router, storage::Database& db,
                            const CheckoutServices& services);

}  // namespace omnihub::flows
