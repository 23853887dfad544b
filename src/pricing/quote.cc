#include <algorithm>
#include <set>

#include "pricing/engine.h"
#include "pricing/pricing_service.h"
#include "pricing/store.h"

namespace omnihub::pricing {
namespace {

constexpr size_t kMaxLines = 500;
constexpr int64_t kMaxQuantity = 1'000'000;
constexpr size_t kMaxCoupons = 10;
constexpr size_t kMaxAdjustments = 5;
constexpr size_t kMaxAdjustmentKind = 40;

// Adjustments: at most 5, each with a kind of [a-z_] and a positive amount in `currency`.
Result<void> CheckAdjustments(const std::vector<Adjustment>& adjustments,
                              const Currency& currency) {
  if (adjustments.size() > kMaxAdjustments) {
    return Error::InvalidArgument("adjustments", "must hold at most 5 adjustments");
  }
  for (size_t idx = 0; idx < adjustments.size(); ++idx) {
    const Adjustment& adjustment = adjustments[idx];
    const std::string field = "adjustments[" + std::to_string(idx) + "]";
    const bool kind_ok = !adjustment.kind.empty() && adjustment.kind.size() <= kMaxAdjustmentKind &&
                         std::all_of(adjustment.kind.begin(), adjustment.kind.end(),
                                     [](char c) { return (c >= 'a' && c <= 'z') || c == '_'; });
    if (!kind_ok) {
      return Error::InvalidArgument(field + ".kind",
                                    "must be 1 to 40 characters of a-z and _, like loyalty_points");
    }
    if (!(adjustment.amount.currency == currency)) {
      return Error::InvalidArgument(
          field + ".amount", "must be in the quote's currency, " + std::string(currency.code()));
    }
    if (adjustment.amount.minor <= 0) {
      return Error::InvalidArgument(field + ".amount", "must be more than zero");
    }
  }
  return Ok();
}

Result<void> CheckRequest(const QuoteRequest& req) {
  if (req.lines.empty() || req.lines.size() > kMaxLines) {
    return Error::InvalidArgument("lines", "must hold 1 to 500 lines");
  }
  for (size_t line_idx = 0; line_idx < req.lines.size(); ++line_idx) {
    const std::string field = "lines[" + std::to_string(line_idx) + "]";
    if (req.lines[line_idx].sku.empty()) {
      return Error::InvalidArgument(field + ".sku", "is required");
    }
    const int64_t quantity = req.lines[line_idx].quantity;
    if (quantity < 1 || quantity > kMaxQuantity) {
      return Error::InvalidArgument(field + ".quantity",
                                    "must be a whole number from 1 to 1000000");
    }
  }
  if (req.channel_id.empty()) {
    return Error::InvalidArgument("channel_id", "is required");
  }
  if (req.coupons.size() > kMaxCoupons) {
    return Error::InvalidArgument("coupons", "must hold at most 10 codes");
  }
  return Ok();
}

}  // namespace

Result<Quote> PricingServiceImpl::PriceQuote(storage::Tx& tx, const QuoteRequest& req) {
  OMNI_TRY(CheckRequest(req));
  OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(req.currency));
  OMNI_TRY(CheckAdjustments(req.adjustments, currency));
  EngineInput input{.currency = currency,
                    .at = req.at.value_or(clock_.Now()),
                    .channel_id = req.channel_id,
                    .segment_ids = req.segment_ids,
                    .adjustments = req.adjustments};

  for (size_t line_idx = 0; line_idx < req.lines.size(); ++line_idx) {
    const QuoteLine& line = req.lines[line_idx];
    const std::string field = "lines[" + std::to_string(line_idx) + "].sku";
    OMNI_ASSIGN_OR_RETURN(std::optional<ProductInfo> product, products_.Find(tx, line.sku));
    if (!product) {
      return Error::Make(ErrorCode::kNotFound, field + ": product " + line.sku + " does not exist")
          .With("field", field)
          .With("sku", line.sku);
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<ResolvedPrice> price,
                          store::SelectWinningPrice(tx, line.sku, req.channel_id, currency.code(),
                                                    UnixMicros(input.at)));
    if (!price) {
      return Error::Make(ErrorCode::kNotFound, field + ": no price list prices " + line.sku +
                                                   " in " + std::string(currency.code()) +
                                                   " for this channel now")
          .With("field", field)
          .With("sku", line.sku);
    }
    input.lines.push_back(EngineLine{.sku = line.sku,
                                     .quantity = line.quantity,
                                     .price = std::move(*price),
                                     .category_ids = std::move(product->category_ids)});
  }

  OMNI_ASSIGN_OR_RETURN(std::vector<Promotion> automatic,
                        store::SelectAutomaticPromotions(tx, UnixMicros(input.at)));
  for (Promotion& promotion : automatic) {
    input.offers.push_back(Offer{.promotion = std::move(promotion)});
  }

  std::set<std::string> seen;
  for (const std::string& typed : req.coupons) {
    const std::string code = NormalizeCode(typed);
    if (!seen.insert(code).second) {
      input.rejected.push_back(Rejection{
          .coupon = code, .code = "duplicate", .reason = "coupon " + code + " was given twice"});
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<Coupon> coupon, store::SelectCoupon(tx, code));
    if (!coupon) {
      input.rejected.push_back(Rejection{.coupon = code,
                                         .code = "unknown_coupon",
                                         .reason = "coupon " + code + " does not exist"});
      continue;
    }
    bool redeemed = false;
    if (req.customer_id && coupon->once_per_customer) {
      OMNI_ASSIGN_OR_RETURN(redeemed,
                            store::CustomerRedeemed(tx, coupon->id.str(), *req.customer_id));
    }
    std::string channel_name;
    if (coupon->channel_id) {
      OMNI_ASSIGN_OR_RETURN(channel_name, ChannelName(tx, *coupon->channel_id));
    }
    if (std::optional<Rejection> why =
            CheckCoupon(*coupon, input.at, req.channel_id, redeemed, channel_name)) {
      input.rejected.push_back(std::move(*why));
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<Promotion> promotion,
                          store::SelectPromotion(tx, coupon->promotion_id.str()));
    OMNI_CHECK(promotion.has_value(), "a coupon's promotion is a foreign key");
    if (promotion->conditions.channel_id) {
      OMNI_ASSIGN_OR_RETURN(std::string name, ChannelName(tx, *promotion->conditions.channel_id));
      if (!name.empty()) {
        input.channel_names.emplace_back(*promotion->conditions.channel_id, name);
      }
    }
    input.offers.push_back(Offer{.promotion = std::move(*promotion), .coupon = code});
  }
  return ComputeQuote(input);
}

}  // namespace omnihub::pricing
