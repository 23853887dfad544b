#pragma once

#include <string>
#include <string_view>

#include "carts/types.h"
#include "pricing/types.h"

// JSON for carts: the cart as the API shows it, the priced snapshot, route schemas.
namespace omnihub::carts {

// `redaction`: personal fields written as null for callers who may not see them.
std::string EncodeCart(const Cart& cart, schema::Redaction redaction = {});
// The priced snapshot of a quote (Cart::priced_json).
std::string EncodePriced(const pricing::Quote& quote);
// The snapshot of an empty cart: no lines, zero totals.
std::string EmptyPriced(std::string_view currency);

namespace api_schema {
extern const std::string_view kCart;
extern const std::string_view kNewCart;
extern const std::string_view kNewLine;
extern const std::string_view kQuantity;
extern const std::string_view kFulfilment;
extern const std::string_view kCoupon;
extern const std::string_view kContact;
extern const std::string_view kPayment;
extern const std::string_view kRedeemPoints;
}  // namespace api_schema

}  // namespace omnihub::carts
