#include "pricing/engine.h"

#include <algorithm>
#include <map>

namespace omnihub::pricing {
namespace {

// An offer being evaluated, with what it gave so far.
struct Candidate {
  const Offer* offer = nullptr;
  std::vector<bool> eligible;  // by line
  int64_t given = 0;           // total discount given
  bool lost = false;           // beaten by a better non-stackable promotion somewhere
  std::string beaten_by;
  bool applied = false;
};

std::string ChannelLabel(const EngineInput& input, const std::string& channel_id) {
  for (const auto& [id, name] : input.channel_names) {
    if (id == channel_id) {
      return name;
    }
  }
  return channel_id;
}

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

std::string Reason(const Offer& offer) {
  std::string out = offer.promotion.name + ": " + Describe(offer.promotion);
  if (!offer.coupon.empty()) {
    out += " (coupon " + offer.coupon + ")";
  }
  return out;
}

Rejection Reject(const Offer& offer, std::string code, std::string reason) {
  return Rejection{.promotion_id = offer.promotion.id.str(),
                   .coupon = offer.coupon,
                   .code = std::move(code),
                   .reason = std::move(reason)};
}

bool Contains(const std::vector<std::string>& items, const std::string& value) {
  return std::find(items.begin(), items.end(), value) != items.end();
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

// The discount `p` gives on one line whose undiscounted gross is `line_gross`, of which
// `remaining` is still to pay. Never more than `remaining`.
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

// Splits `amount` over lines in proportion to `weights` (largest remainder, ties to the earlier
// line), so the shares add up to `amount` exactly. REQUIRES: amount <= sum(weights).
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

bool StackOrder(const Candidate* a, const Candidate* b) {
  if (a->offer->promotion.priority != b->offer->promotion.priority) {
    return a->offer->promotion.priority > b->offer->promotion.priority;
  }
  return a->offer->promotion.id < b->offer->promotion.id;
}

// Whether `a` beats `b` for the customer: the larger discount, then the higher priority, then
// the smaller id (so the choice never depends on input order).
bool Better(int64_t a_off, const Candidate* a, int64_t b_off, const Candidate* b) {
  if (a_off != b_off) {
    return a_off > b_off;
  }
  return StackOrder(a, b);
}

}  // namespace

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

Result<Quote> ComputeQuote(const EngineInput& input) {
  Quote quote{.currency = input.currency, .at = input.at};
  quote.rejected = input.rejected;
  const size_t line_count = input.lines.size();
  std::vector<int64_t> line_gross(line_count, 0);
  std::vector<int64_t> remaining(line_count, 0);
  std::vector<std::vector<Discount>> discounts(line_count);
  __int128 subtotal = 0;
  for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    const EngineLine& line = input.lines[line_idx];
    const std::string field = "lines[" + std::to_string(line_idx) + "]";
    if (!(line.price.gross.currency == input.currency)) {
      return Error::InvalidArgument(field + ".sku", "is priced in another currency");
    }
    int64_t gross = 0;
    if (__builtin_mul_overflow(line.price.gross.minor, line.quantity, &gross)) {
      return Error::InvalidArgument(field + ".quantity", "is too large: the amount overflows");
    }
    line_gross[line_idx] = remaining[line_idx] = gross;
    subtotal += gross;
  }
  if (subtotal > INT64_MAX / 2) {
    return Error::InvalidArgument("lines", "add up to an amount too large");
  }
  for (size_t idx = 0; idx < input.adjustments.size(); ++idx) {
    const Money& amount = input.adjustments[idx].amount;
    if (!(amount.currency == input.currency) || amount.minor <= 0) {
      return Error::InvalidArgument("adjustments[" + std::to_string(idx) + "].amount",
                                    "must be a positive amount in the quote's currency");
    }
  }

  // Which offers take part at all, and on which lines.
  std::vector<Candidate> candidates;
  for (const Offer& offer : input.offers) {
    const Promotion& p = offer.promotion;
    if (!p.validity.Contains(input.at)) {
      if (!offer.coupon.empty()) {
        quote.rejected.push_back(Reject(offer, "expired", p.name + " is not running now"));
      }
      continue;
    }
    if (p.conditions.channel_id && *p.conditions.channel_id != input.channel_id) {
      if (!offer.coupon.empty()) {
        quote.rejected.push_back(Reject(
            offer, "channel",
            p.name + " is valid only in channel " + ChannelLabel(input, *p.conditions.channel_id)));
      }
      continue;
    }
    if (p.conditions.segment_id && !Contains(input.segment_ids, *p.conditions.segment_id)) {
      if (!offer.coupon.empty()) {
        quote.rejected.push_back(
            Reject(offer, "segment", p.name + " is only for customers in a particular segment"));
      }
      continue;
    }
    if (p.amount && !(p.amount->currency == input.currency)) {
      quote.rejected.push_back(
          Reject(offer, "currency", p.name + " is in " + std::string(p.amount->currency.code())));
      continue;
    }
    Candidate c{.offer = &offer, .eligible = std::vector<bool>(line_count, false)};
    bool any = false;
    for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      c.eligible[line_idx] = LineMatches(p.conditions, input.lines[line_idx]);
      any = any || c.eligible[line_idx];
    }
    if (!any) {
      if (!offer.coupon.empty()) {
        quote.rejected.push_back(
            Reject(offer, "no_eligible_line", p.name + " applies to none of these products"));
      }
      continue;
    }
    candidates.push_back(std::move(c));
  }

  auto min_basket_fails = [&](Candidate& c, int64_t basket) {
    const auto& min = c.offer->promotion.conditions.min_basket;
    if (min && basket < min->minor) {
      quote.rejected.push_back(Reject(*c.offer, "min_basket",
                                      c.offer->promotion.name + " needs a basket of at least " +
                                          FormatPolish(*min) + " (now " +
                                          FormatPolish(Money{basket, input.currency}) + ")"));
      return true;
    }
    return false;
  };
  // Takes `d` (amount > 0) off line `line_idx`.
  auto take = [&](size_t line_idx, Discount d) {
    remaining[line_idx] -= d.amount.minor;
    discounts[line_idx].push_back(std::move(d));
  };
  auto give = [&](Candidate& c, size_t line_idx, int64_t off) {
    if (off <= 0) {
      return;
    }
    c.given += off;
    c.applied = true;
    take(line_idx, Discount{.promotion_id = c.offer->promotion.id,
                            .coupon = c.offer->coupon,
                            .amount = Money{off, input.currency},
                            .reason = Reason(*c.offer)});
  };
  // An amount off the lines marked in `eligible`, capped at what they cost now and split in
  // proportion to it (README: rounding).
  auto split_amount = [&](int64_t amount, const std::vector<bool>& eligible) {
    std::vector<int64_t> weights(line_count, 0);
    int64_t base = 0;
    for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      weights[line_idx] = eligible[line_idx] ? remaining[line_idx] : 0;
      base += weights[line_idx];
    }
    return Allocate(std::min(amount, base), weights);
  };

  // Line level: per line the best non-stackable promotion, then every stackable one.
  std::vector<Candidate*> line_level;
  for (Candidate& c : candidates) {
    if (c.offer->promotion.level == PromotionLevel::kLine &&
        c.offer->promotion.kind != PromotionKind::kFreeShipping &&
        !min_basket_fails(c, static_cast<int64_t>(subtotal))) {
      line_level.push_back(&c);
    }
  }
  std::sort(line_level.begin(), line_level.end(), StackOrder);
  for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    const EngineLine& line = input.lines[line_idx];
    Candidate* best = nullptr;
    int64_t best_off = 0;
    for (Candidate* c : line_level) {
      if (c->offer->promotion.stackable || !c->eligible[line_idx]) {
        continue;
      }
      const int64_t off =
          LineDiscount(c->offer->promotion, line, line_gross[line_idx], remaining[line_idx]);
      if (off > 0 && (best == nullptr || Better(off, c, best_off, best))) {
        best = c;
        best_off = off;
      }
    }
    for (Candidate* c : line_level) {
      if (!c->offer->promotion.stackable && c != best && c->eligible[line_idx] && best &&
          LineDiscount(c->offer->promotion, line, line_gross[line_idx], remaining[line_idx]) > 0) {
        c->lost = true;
        c->beaten_by = best->offer->promotion.name;
      }
    }
    if (best != nullptr) {
      give(*best, line_idx, best_off);
    }
    for (Candidate* c : line_level) {
      if (c->offer->promotion.stackable && c->eligible[line_idx]) {
        give(*c, line_idx,
             LineDiscount(c->offer->promotion, line, line_gross[line_idx], remaining[line_idx]));
      }
    }
  }

  // Basket level, on what the lines cost after line-level discounts.
  int64_t after_lines = 0;
  for (int64_t r : remaining) {
    after_lines += r;
  }
  std::vector<Candidate*> basket_level;
  for (Candidate& c : candidates) {
    const bool basket = c.offer->promotion.level == PromotionLevel::kBasket ||
                        c.offer->promotion.kind == PromotionKind::kFreeShipping;
    if (basket && !min_basket_fails(c, after_lines)) {
      basket_level.push_back(&c);
    }
  }
  std::sort(basket_level.begin(), basket_level.end(), StackOrder);
  // The shares each basket promotion would give now, line by line.
  auto shares_of = [&](const Candidate& c) {
    const Promotion& p = c.offer->promotion;
    std::vector<int64_t> shares(line_count, 0);
    if (p.kind == PromotionKind::kPercentOff) {
      for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
        if (c.eligible[line_idx]) {
          shares[line_idx] = RoundHalfAwayFromZero(
              static_cast<__int128>(remaining[line_idx]) * p.percent_bp, 10000);
        }
      }
    } else if (p.kind == PromotionKind::kAmountOff && p.amount) {
      shares = split_amount(p.amount->minor, c.eligible);
    }
    return shares;
  };
  auto sum = [](const std::vector<int64_t>& v) {
    int64_t total = 0;
    for (int64_t x : v) {
      total += x;
    }
    return total;
  };
  Candidate* best_basket = nullptr;
  int64_t best_basket_off = 0;
  for (Candidate* c : basket_level) {
    if (c->offer->promotion.stackable || c->offer->promotion.kind == PromotionKind::kFreeShipping) {
      continue;
    }
    const int64_t off = sum(shares_of(*c));
    if (off > 0 && (best_basket == nullptr || Better(off, c, best_basket_off, best_basket))) {
      best_basket = c;
      best_basket_off = off;
    }
  }
  auto apply_basket = [&](Candidate& c) {
    const std::vector<int64_t> shares = shares_of(c);
    for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      give(c, line_idx, shares[line_idx]);
    }
  };
  if (best_basket != nullptr) {
    apply_basket(*best_basket);
  }
  for (Candidate* c : basket_level) {
    if (c->offer->promotion.kind == PromotionKind::kFreeShipping) {
      c->applied = true;
      quote.free_shipping = true;
    } else if (c->offer->promotion.stackable) {
      apply_basket(*c);
    } else if (c != best_basket && best_basket != nullptr) {
      c->lost = true;
      c->beaten_by = best_basket->offer->promotion.name;
    }
  }

  // Adjustments (loyalty points and the like), after every promotion, over every line.
  const std::vector<bool> every_line(line_count, true);
  for (const Adjustment& adjustment : input.adjustments) {
    const std::vector<int64_t> shares = split_amount(adjustment.amount.minor, every_line);
    for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
      if (shares[line_idx] > 0) {
        take(line_idx, Discount{.amount = Money{shares[line_idx], input.currency},
                                .reason = adjustment.reason,
                                .kind = adjustment.kind});
      }
    }
  }

  // What applied and what did not.
  for (const Candidate& c : candidates) {
    if (c.applied) {
      quote.applied.push_back(AppliedPromotion{.promotion_id = c.offer->promotion.id,
                                               .name = c.offer->promotion.name,
                                               .coupon = c.offer->coupon,
                                               .amount = Money{c.given, input.currency},
                                               .reason = Reason(*c.offer)});
    } else if (c.lost) {
      quote.rejected.push_back(Reject(
          *c.offer, "better_promotion",
          c.offer->promotion.name + " does not stack with " + c.beaten_by + ", which saves more"));
    } else if (std::none_of(quote.rejected.begin(), quote.rejected.end(), [&](const Rejection& r) {
                 return r.promotion_id == c.offer->promotion.id.str() &&
                        r.coupon == c.offer->coupon;
               })) {
      std::string why = c.offer->promotion.name + " gives no discount on this basket";
      if (c.offer->promotion.kind == PromotionKind::kBuyXGetY) {
        why += " (it needs " +
               std::to_string(c.offer->promotion.buy_quantity + c.offer->promotion.free_quantity) +
               " units of one product)";
      }
      quote.rejected.push_back(Reject(*c.offer, "no_discount", std::move(why)));
    }
  }

  // Lines, VAT by rate, totals.
  std::map<int, VatRow, std::greater<int>> vat;
  const Money zero{0, input.currency};
  quote.subtotal_gross = quote.discount_total = quote.total_gross = quote.total_net =
      quote.total_vat = zero;
  for (size_t line_idx = 0; line_idx < line_count; ++line_idx) {
    const EngineLine& line = input.lines[line_idx];
    PricedLine priced{
        .sku = line.sku,
        .quantity = line.quantity,
        .unit_gross = line.price.gross,
        .line_gross = Money{line_gross[line_idx], input.currency},
        .discounts = std::move(discounts[line_idx]),
        .discount_total = Money{line_gross[line_idx] - remaining[line_idx], input.currency},
        .total_gross = Money{remaining[line_idx], input.currency},
        .vat_rate = line.price.vat_rate,
        .price_list_id = line.price.price_list_id};
    const int64_t net = NetOfGross(remaining[line_idx], line.price.vat_rate);
    priced.net = Money{net, input.currency};
    priced.vat = Money{remaining[line_idx] - net, input.currency};
    VatRow& row =
        vat.try_emplace(priced.vat_rate, VatRow{priced.vat_rate, zero, zero, zero}).first->second;
    row.gross.minor += priced.total_gross.minor;
    row.net.minor += priced.net.minor;
    row.vat.minor += priced.vat.minor;
    quote.subtotal_gross.minor += priced.line_gross.minor;
    quote.discount_total.minor += priced.discount_total.minor;
    quote.total_gross.minor += priced.total_gross.minor;
    quote.total_net.minor += priced.net.minor;
    quote.total_vat.minor += priced.vat.minor;
    quote.lines.push_back(std::move(priced));
  }
  for (auto& [rate, row] : vat) {
    quote.vat.push_back(row);
  }
  return quote;
}

}  // namespace omnihub::pricing
