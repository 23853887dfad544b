// The engine's arithmetic (rounding, percentages, VAT, one promotion on one line, shares of a
// discount) and the coupon checks; the stacking
// of promotions is in stacking.cc.
#include <algorithm>

#include "pricing/engine.h"

namespace omnihub::pricing {

namespace {

bool Contains(const std::vector<std::string>& items, const std::string& value) {
  return std::find(items.begin(), items.end(), value) != items.end();
}

}  // namespace

std::string Describe(const Promotion& p) {
  switch (p.kind) {
    case PromotionKind::kPercentOff:
      return FormatPercent(p.percent_bp) + "% off" +
             (p.level == PromotionLevel::kBasket ? " the basket" : "");
    case PromotionKind::kAmountOff:
      return FormatPolish(p.amount.value_or(Money{})) +
             (p.level == PromotionLevel::kBasket ? " off the basket" : " off each unit");
    case PromotionKind::kBuyXGetY:
      return "buy " + std::to_string(p.buy_quantity) + " get " + std::to_string(p.free_quantity) +
             " free";
    case PromotionKind::kFreeShipping:
      return "free shipping";
  }
  return "";
}

bool LineMatches(const Conditions& c, const EngineLine& line) {
  if (c.skus.empty() && c.category_ids.empty()) {
    return true;
  }
  if (Contains(c.skus, line.sku)) {
    return true;
  }
  return std::any_of(line.category_ids.begin(), line.category_ids.end(),
                     [&](const std::string& cat) { return Contains(c.category_ids, cat); });
}

int64_t LineDiscount(const Promotion& p, const EngineLine& line, int64_t line_gross,
                     int64_t remaining) {
  __int128 off = 0;
  switch (p.kind) {
    case PromotionKind::kPercentOff:
      off = RoundHalfAwayFromZero(static_cast<__int128>(remaining) * p.percent_bp, 10000);
      break;
    case PromotionKind::kAmountOff:
      off = static_cast<__int128>(p.amount ? p.amount->minor : 0) * line.quantity;
      break;
    case PromotionKind::kBuyXGetY: {
      const int64_t group = p.buy_quantity + p.free_quantity;
      const int64_t free_units = group > 0 ? line.quantity / group * p.free_quantity : 0;
      off = static_cast<__int128>(free_units) * line.price.gross.minor;
      break;
    }
    case PromotionKind::kFreeShipping:
      break;
  }
  (void)line_gross;
  return static_cast<int64_t>(std::clamp<__int128>(off, 0, remaining));
}

std::vector<int64_t> Allocate(int64_t amount, const std::vector<int64_t>& weights) {
  __int128 total = 0;
  for (int64_t w : weights) {
    total += w;
  }
  std::vector<int64_t> shares(weights.size(), 0);
  if (total == 0) {
    return shares;
  }
  std::vector<std::pair<__int128, size_t>> remainders;
  int64_t given = 0;
  for (size_t line_idx = 0; line_idx < weights.size(); ++line_idx) {
    const __int128 product = static_cast<__int128>(amount) * weights[line_idx];
    shares[line_idx] = static_cast<int64_t>(product / total);
    given += shares[line_idx];
    remainders.emplace_back(product % total, line_idx);
  }
  std::stable_sort(remainders.begin(), remainders.end(),
                   [](const auto& a, const auto& b) { return a.first > b.first; });
  for (size_t idx = 0; given < amount && idx < remainders.size(); ++idx, ++given) {
    ++shares[remainders[idx].second];
  }
  return shares;
}

int64_t RoundHalfAwayFromZero(__int128 num, __int128 den) {
  __int128 q = num / den;
  const __int128 r = num % den;
  const __int128 twice = (r < 0 ? -r : r) * 2;
  if (twice >= den) {
    q += num < 0 ? -1 : 1;
  }
  return static_cast<int64_t>(q);
}

Result<int64_t> ParsePercent(std::string_view text, std::string_view field) {
  int64_t whole = 0;
  int64_t fraction = 0;
  int decimals = -1;  // -1: no separator yet
  bool digits = false;
  for (char c : text) {
    if (c == '.' || c == ',') {
      if (decimals >= 0) {
        return Error::InvalidArgument(field, "must be a percentage like 10 or 12.5");
      }
      decimals = 0;
    } else if (c >= '0' && c <= '9') {
      digits = true;
      if (decimals < 0) {
        whole = whole * 10 + (c - '0');
        if (whole > 100) {
          return Error::InvalidArgument(field, "must be between 0 and 100");
        }
      } else if (++decimals > 2) {
        return Error::InvalidArgument(field, "must have at most two decimals");
      } else {
        fraction = fraction * 10 + (c - '0');
      }
    } else {
      return Error::InvalidArgument(field, "must be a percentage like 10 or 12.5");
    }
  }
  if (!digits) {
    return Error::InvalidArgument(field, "must be a percentage like 10 or 12.5");
  }
  if (decimals == 1) {
    fraction *= 10;
  }
  const int64_t bp = whole * 100 + fraction;
  if (bp <= 0 || bp > 10000) {
    return Error::InvalidArgument(field, "must be more than 0 and at most 100");
  }
  return bp;
}

std::string FormatPercent(int64_t basis_points) {
  std::string out = std::to_string(basis_points / 100);
  const int64_t fraction = basis_points % 100;
  if (fraction != 0) {
    out += fraction % 10 == 0 ? "." + std::to_string(fraction / 10)
                              : (fraction < 10 ? ".0" : ".") + std::to_string(fraction);
  }
  return out;
}

int64_t NetOfGross(int64_t gross_minor, int vat_rate) {
  return RoundHalfAwayFromZero(static_cast<__int128>(gross_minor) * 100, 100 + vat_rate);
}

std::optional<Rejection> CheckCoupon(const Coupon& coupon, TimePoint at,
                                     std::string_view channel_id, bool redeemed_by_customer,
                                     std::string_view channel_name) {
  auto reject = [&](std::string code, std::string reason) {
    return Rejection{.promotion_id = coupon.promotion_id.str(),
                     .coupon = coupon.code,
                     .code = std::move(code),
                     .reason = std::move(reason)};
  };
  const std::string name = "coupon " + coupon.code;
  if (coupon.channel_id && *coupon.channel_id != channel_id) {
    return reject("channel",
                  name + " is valid only in channel " +
                      std::string(channel_name.empty() ? *coupon.channel_id : channel_name));
  }
  if (coupon.validity.from && at < *coupon.validity.from) {
    return reject("not_yet_valid", name + " is valid from " + FormatRfc3339(*coupon.validity.from));
  }
  if (coupon.validity.to && at >= *coupon.validity.to) {
    return reject("expired", name + " expired at " + FormatRfc3339(*coupon.validity.to));
  }
  if (coupon.max_uses && coupon.uses >= *coupon.max_uses) {
    return reject("used_up", name + " has been used up (" + std::to_string(*coupon.max_uses) +
                                 " uses in total)");
  }
  if (coupon.once_per_customer && redeemed_by_customer) {
    return reject("already_used", name + " was already used by this customer");
  }
  return std::nullopt;
}

}  // namespace omnihub::pricing
