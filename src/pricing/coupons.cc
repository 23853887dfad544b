#include "changes/changes.h"
#include "core/json.h"
#include "pricing/engine.h"
#include "pricing/events.h"
#include "pricing/pricing_service.h"
#include "pricing/store.h"

namespace omnihub::pricing {
namespace {

bool ValidCode(std::string_view code) {
  if (code.size() < 3 || code.size() > 32) {
    return false;
  }
  for (char c : code) {
    if (!((c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-' || c == '_')) {
      return false;
    }
  }
  return true;
}

Error Refused(const Rejection& why) {
  return Error::Conflict(why.reason).With("coupon", why.coupon).With("reason", why.code);
}

}  // namespace

Result<Coupon> PricingServiceImpl::CreateCoupon(storage::Tx& tx, const NewCoupon& req) {
  const std::string code = NormalizeCode(req.code);
  if (!ValidCode(code)) {
    return Error::InvalidArgument("code", "must be 3 to 32 letters, digits, - or _");
  }
  if (req.max_uses && *req.max_uses < 1) {
    return Error::InvalidArgument("max_uses", "must be at least 1");
  }
  OMNI_TRY(CheckValidity(req.validity, "valid_to"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Promotion> promotion,
                        store::SelectPromotion(tx, req.promotion_id));
  if (!promotion) {
    return Error::NotFound("promotion", req.promotion_id).With("field", "promotion_id");
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<Coupon> taken, store::SelectCoupon(tx, code));
  if (taken) {
    return Error::Conflict("coupon code " + code + " is taken").With("field", "code");
  }
  const TimePoint now = clock_.Now();
  Coupon coupon{.id = CouponId::Generate(now),
                .code = code,
                .promotion_id = promotion->id,
                .once_per_customer = req.once_per_customer,
                .max_uses = req.max_uses,
                .channel_id = req.channel_id,
                .validity = req.validity,
                .created_at = now};
  OMNI_TRY(store::InsertCoupon(tx, coupon));
  // A promotion with a coupon is the coupon's: it no longer applies on its own.
  OMNI_TRY(store::MarkRequiresCoupon(tx, promotion->id.str()));
  if (coupon.channel_id) {
    OMNI_ASSIGN_OR_RETURN(std::string name, ChannelName(tx, *coupon.channel_id));
    if (!name.empty()) {
      coupon.channel_name = name;
    }
  }

  OMNI_TRY(changes::Append(tx, events::kCouponCreated,
                           events::CouponCreated{.id = coupon.id,
                                                 .code = coupon.code,
                                                 .promotion_id = coupon.promotion_id,
                                                 .channel_id = coupon.channel_id,
                                                 .max_uses = coupon.max_uses,
                                                 .once_per_customer = coupon.once_per_customer},
                           {.entity_id = coupon.id.str(), .occurred_at = now}));
  return coupon;
}

Result<std::vector<Coupon>> PricingServiceImpl::ListCoupons(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::vector<Coupon> coupons, store::SelectCoupons(tx));
  for (Coupon& coupon : coupons) {
    if (coupon.channel_id) {
      OMNI_ASSIGN_OR_RETURN(std::string name, ChannelName(tx, *coupon.channel_id));
      if (!name.empty()) {
        coupon.channel_name = name;
      }
    }
  }
  return coupons;
}

Result<Coupon> PricingServiceImpl::GetCoupon(storage::Tx& tx, std::string_view code) {
  OMNI_ASSIGN_OR_RETURN(std::optional<Coupon> coupon, store::SelectCoupon(tx, NormalizeCode(code)));
  if (!coupon) {
    return Error::NotFound("coupon", code);
  }
  if (coupon->channel_id) {
    OMNI_ASSIGN_OR_RETURN(std::string name, ChannelName(tx, *coupon->channel_id));
    if (!name.empty()) {
      coupon->channel_name = name;
    }
  }
  return std::move(*coupon);
}

Result<Redemption> PricingServiceImpl::Redeem(storage::Tx& tx, const RedeemRequest& req) {
  OMNI_ASSIGN_OR_RETURN(Coupon coupon, GetCoupon(tx, req.code));
  if (coupon.once_per_customer && req.customer_id.empty()) {
    return Error::InvalidArgument("customer_id",
                                  "is required: coupon " + coupon.code + " is once per customer");
  }
  std::string person = req.customer_id;
  if (coupon.once_per_customer && customers_ != nullptr) {
    // Once per customer means once per person: a fresh browser id is not a fresh customer.
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> known,
                          customers_->KnownPerson(tx, req.customer_id));
    if (!known) {
      return Refused({.coupon = coupon.code,
                      .code = "known_customer_required",
                      .reason = "coupon " + coupon.code +
                                " is once per customer: it needs a customer the shop knows (a "
                                "verified e-mail, phone, card or login), not only a browser"});
    }
    person = *known;
  }
  if (req.order_ref.empty() || req.order_ref.size() > 100) {
    return Error::InvalidArgument("order_ref", "must be 1 to 100 characters");
  }
  const TimePoint now = clock_.Now();
  // Uses and the customer's earlier redemption are decided by the guarded statements below;
  // CheckCoupon here only gives the window and channel their messages.
  if (std::optional<Rejection> why =
          CheckCoupon(coupon, now, req.channel_id, /*redeemed_by_customer=*/false,
                      coupon.channel_name.value_or(""));
      why && why->code != "used_up") {
    return Refused(*why);
  }
  OMNI_ASSIGN_OR_RETURN(bool taken, store::TakeCouponUse(tx, coupon.id.str()));
  if (!taken) {
    coupon.uses = coupon.max_uses.value_or(0);
    return Refused(*CheckCoupon(coupon, now, req.channel_id, false, ""));
  }
  Redemption redemption{.id = RedemptionId::Generate(now),
                        .coupon_id = coupon.id,
                        .code = coupon.code,
                        .customer_id = req.customer_id,
                        .order_ref = req.order_ref,
                        .channel_id = req.channel_id,
                        .redeemed_at = now};
  const std::string customer_key = coupon.once_per_customer ? person : redemption.id.str();
  OMNI_ASSIGN_OR_RETURN(bool inserted, store::InsertRedemption(tx, redemption, customer_key));
  if (!inserted) {
    return Refused(*CheckCoupon(coupon, now, req.channel_id, true, ""));
  }

  OMNI_TRY(changes::Append(
      tx, events::kCouponRedeemed,
      events::CouponRedeemed{.id = redemption.id,
                             .coupon_id = coupon.id,
                             .code = coupon.code,
                             .order_ref = redemption.order_ref,
                             .channel_id = redemption.channel_id},
      {.entity_id = coupon.id.str(), .customer_id = redemption.customer_id, .occurred_at = now}));
  return redemption;
}

}  // namespace omnihub::pricing
