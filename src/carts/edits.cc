// What a customer changes in a cart: lines, fulfilment, coupons, contact, payment, points.
// Each is one Write: lock, change, hold, price, save, append carts.cart.updated.
#include <algorithm>
#include <cctype>

#include "carts/cart_service.h"
#include "carts/events.h"
#include "core/text.h"

namespace omnihub::carts {
namespace {

using store::LineRow;

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

}  // namespace

template <typename Fn>
Result<Cart> CartServiceImpl::Write(storage::Tx& tx, std::string_view id,
                                    std::optional<int64_t> if_match, Fn&& change,
                                    std::string_view new_coupon) {
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

Result<Cart> CartServiceImpl::AddLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                                      int64_t quantity, std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::SetLineQuantity(storage::Tx& tx, std::string_view id,
                                              std::string_view sku, int64_t quantity,
                                              std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::RemoveLine(storage::Tx& tx, std::string_view id, std::string_view sku,
                                         std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::SetFulfilment(storage::Tx& tx, std::string_view id,
                                            const Fulfilment& f, std::optional<int64_t> if_match) {
  if (f.kind == FulfilmentKind::kClickAndCollect) {
    if (f.location_id.empty()) {
      return Error::InvalidArgument("location_id", "is required for click_and_collect");
    }
    OMNI_ASSIGN_OR_RETURN(inventory::Location location, inventory_.GetLocation(tx, f.location_id));
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
    if (HasControl(f.locker_id)) {
      return Error::InvalidArgument("locker_id", "must not hold control characters");
    }
  } else if (!f.locker_id.empty()) {
    return Error::InvalidArgument("locker_id", "is only for parcel_locker");
  }
  return Write(tx, id, if_match, [&](Loaded& w) -> Result<void> {
    w.cart.fulfilment = f;
    return Ok();
  });
}

Result<Cart> CartServiceImpl::AddCoupon(storage::Tx& tx, std::string_view id, std::string_view code,
                                        std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::RemoveCoupon(storage::Tx& tx, std::string_view id,
                                           std::string_view code, std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::SetContact(storage::Tx& tx, std::string_view id,
                                         const Contact& contact, std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::SetPayment(storage::Tx& tx, std::string_view id,
                                         const PaymentIntent& p, std::optional<int64_t> if_match) {
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

Result<Cart> CartServiceImpl::SetRedeemPoints(storage::Tx& tx, std::string_view id, int64_t points,
                                              std::optional<int64_t> if_match) {
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

}  // namespace omnihub::carts
