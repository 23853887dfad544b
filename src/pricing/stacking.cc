// ComputeQuote: the lines priced, then the promotions stacked by the rules of README.md —
// line level (per line the best non-stackable offer, then every stackable one), basket level
// on what is left, adjustments last — each step a method of QuoteBuilder.
#include <algorithm>
#include <map>

#include "pricing/engine.h"

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

// One quote being computed: what each line costs, what is left to pay on it, and the
// discounts given so far.
class QuoteBuilder {
 public:
  explicit QuoteBuilder(const EngineInput& input)
      : input_(input),
        line_count_(input.lines.size()),
        line_gross_(line_count_, 0),
        remaining_(line_count_, 0),
        discounts_(line_count_) {
    quote_.currency = input.currency;
    quote_.at = input.at;
    quote_.rejected = input.rejected;
  }

  // Each line's gross, refusing a foreign currency or an overflow, and the adjustments checked.
  Result<void> PriceLines() {
    for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
      const EngineLine& line = input_.lines[line_idx];
      const std::string field = "lines[" + std::to_string(line_idx) + "]";
      if (!(line.price.gross.currency == input_.currency)) {
        return Error::InvalidArgument(field + ".sku", "is priced in another currency");
      }
      int64_t gross = 0;
      if (__builtin_mul_overflow(line.price.gross.minor, line.quantity, &gross)) {
        return Error::InvalidArgument(field + ".quantity", "is too large: the amount overflows");
      }
      line_gross_[line_idx] = remaining_[line_idx] = gross;
      subtotal_ += gross;
    }
    if (subtotal_ > INT64_MAX / 2) {
      return Error::InvalidArgument("lines", "add up to an amount too large");
    }
    for (size_t idx = 0; idx < input_.adjustments.size(); ++idx) {
      const Money& amount = input_.adjustments[idx].amount;
      if (!(amount.currency == input_.currency) || amount.minor <= 0) {
        return Error::InvalidArgument("adjustments[" + std::to_string(idx) + "].amount",
                                      "must be a positive amount in the quote's currency");
      }
    }
    return Ok();
  }

  // Which offers take part at all, and on which lines; a coupon's offer that cannot says why.
  void SelectCandidates() {
    for (const Offer& offer : input_.offers) {
      const Promotion& p = offer.promotion;
      if (!p.validity.Contains(input_.at)) {
        RejectCoupon(offer, "expired", p.name + " is not running now");
        continue;
      }
      if (p.conditions.channel_id && *p.conditions.channel_id != input_.channel_id) {
        RejectCoupon(
            offer, "channel",
            p.name + " is valid only in channel " + ChannelLabel(input_, *p.conditions.channel_id));
        continue;
      }
      if (p.conditions.segment_id &&
          std::ranges::find(input_.segment_ids, *p.conditions.segment_id) ==
              input_.segment_ids.end()) {
        RejectCoupon(offer, "segment", p.name + " is only for customers in a particular segment");
        continue;
      }
      if (p.amount && !(p.amount->currency == input_.currency)) {
        quote_.rejected.push_back(
            Reject(offer, "currency", p.name + " is in " + std::string(p.amount->currency.code())));
        continue;
      }
      Candidate c{.offer = &offer, .eligible = std::vector<bool>(line_count_, false)};
      bool any = false;
      for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
        c.eligible[line_idx] = LineMatches(p.conditions, input_.lines[line_idx]);
        any = any || c.eligible[line_idx];
      }
      if (!any) {
        RejectCoupon(offer, "no_eligible_line", p.name + " applies to none of these products");
        continue;
      }
      candidates_.push_back(std::move(c));
    }
  }

  // Line level: per line the best non-stackable promotion, then every stackable one.
  void ApplyLineLevel() {
    std::vector<Candidate*> line_level;
    for (Candidate& c : candidates_) {
      if (c.offer->promotion.level == PromotionLevel::kLine &&
          c.offer->promotion.kind != PromotionKind::kFreeShipping &&
          !MinBasketFails(c, static_cast<int64_t>(subtotal_))) {
        line_level.push_back(&c);
      }
    }
    std::sort(line_level.begin(), line_level.end(), StackOrder);
    for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
      const EngineLine& line = input_.lines[line_idx];
      auto off_of = [&](const Candidate& c) {
        return LineDiscount(c.offer->promotion, line, line_gross_[line_idx], remaining_[line_idx]);
      };
      Candidate* best = nullptr;
      int64_t best_off = 0;
      for (Candidate* c : line_level) {
        if (c->offer->promotion.stackable || !c->eligible[line_idx]) {
          continue;
        }
        const int64_t off = off_of(*c);
        if (off > 0 && (best == nullptr || Better(off, c, best_off, best))) {
          best = c;
          best_off = off;
        }
      }
      for (Candidate* c : line_level) {
        if (!c->offer->promotion.stackable && c != best && c->eligible[line_idx] && best &&
            off_of(*c) > 0) {
          c->lost = true;
          c->beaten_by = best->offer->promotion.name;
        }
      }
      if (best != nullptr) {
        Give(*best, line_idx, best_off);
      }
      for (Candidate* c : line_level) {
        if (c->offer->promotion.stackable && c->eligible[line_idx]) {
          Give(*c, line_idx, off_of(*c));
        }
      }
    }
  }

  // Basket level, on what the lines cost after line-level discounts: the best non-stackable
  // promotion, then every stackable one; free shipping is a flag.
  void ApplyBasketLevel() {
    int64_t after_lines = 0;
    for (int64_t r : remaining_) {
      after_lines += r;
    }
    std::vector<Candidate*> basket_level;
    for (Candidate& c : candidates_) {
      const bool basket = c.offer->promotion.level == PromotionLevel::kBasket ||
                          c.offer->promotion.kind == PromotionKind::kFreeShipping;
      if (basket && !MinBasketFails(c, after_lines)) {
        basket_level.push_back(&c);
      }
    }
    std::sort(basket_level.begin(), basket_level.end(), StackOrder);
    Candidate* best = nullptr;
    int64_t best_off = 0;
    for (Candidate* c : basket_level) {
      if (c->offer->promotion.stackable ||
          c->offer->promotion.kind == PromotionKind::kFreeShipping) {
        continue;
      }
      const std::vector<int64_t> shares = SharesOf(*c);
      int64_t off = 0;
      for (int64_t share : shares) {
        off += share;
      }
      if (off > 0 && (best == nullptr || Better(off, c, best_off, best))) {
        best = c;
        best_off = off;
      }
    }
    if (best != nullptr) {
      ApplyBasket(*best);
    }
    for (Candidate* c : basket_level) {
      if (c->offer->promotion.kind == PromotionKind::kFreeShipping) {
        c->applied = true;
        quote_.free_shipping = true;
      } else if (c->offer->promotion.stackable) {
        ApplyBasket(*c);
      } else if (c != best && best != nullptr) {
        c->lost = true;
        c->beaten_by = best->offer->promotion.name;
      }
    }
  }

  // Adjustments (loyalty points and the like), after every promotion, over every line.
  void ApplyAdjustments() {
    const std::vector<bool> every_line(line_count_, true);
    for (const Adjustment& adjustment : input_.adjustments) {
      const std::vector<int64_t> shares = SplitAmount(adjustment.amount.minor, every_line);
      for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
        if (shares[line_idx] > 0) {
          Take(line_idx, Discount{.amount = Money{shares[line_idx], input_.currency},
                                  .reason = adjustment.reason,
                                  .kind = adjustment.kind});
        }
      }
    }
  }

  // What applied, and why each other offer did not.
  void ReportOffers() {
    for (const Candidate& c : candidates_) {
      if (c.applied) {
        quote_.applied.push_back(AppliedPromotion{.promotion_id = c.offer->promotion.id,
                                                  .name = c.offer->promotion.name,
                                                  .coupon = c.offer->coupon,
                                                  .amount = Money{c.given, input_.currency},
                                                  .reason = Reason(*c.offer)});
      } else if (c.lost) {
        quote_.rejected.push_back(Reject(*c.offer, "better_promotion",
                                         c.offer->promotion.name + " does not stack with " +
                                             c.beaten_by + ", which saves more"));
      } else if (std::none_of(quote_.rejected.begin(), quote_.rejected.end(),
                              [&](const Rejection& r) {
                                return r.promotion_id == c.offer->promotion.id.str() &&
                                       r.coupon == c.offer->coupon;
                              })) {
        std::string why = c.offer->promotion.name + " gives no discount on this basket";
        if (c.offer->promotion.kind == PromotionKind::kBuyXGetY) {
          why +=
              " (it needs " +
              std::to_string(c.offer->promotion.buy_quantity + c.offer->promotion.free_quantity) +
              " units of one product)";
        }
        quote_.rejected.push_back(Reject(*c.offer, "no_discount", std::move(why)));
      }
    }
  }

  // Lines, VAT by rate, totals: the finished quote.
  Quote Finish() {
    std::map<int, VatRow, std::greater<int>> vat;
    const Money zero{0, input_.currency};
    quote_.subtotal_gross = quote_.discount_total = quote_.total_gross = quote_.total_net =
        quote_.total_vat = zero;
    for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
      const EngineLine& line = input_.lines[line_idx];
      PricedLine priced{
          .sku = line.sku,
          .quantity = line.quantity,
          .unit_gross = line.price.gross,
          .line_gross = Money{line_gross_[line_idx], input_.currency},
          .discounts = std::move(discounts_[line_idx]),
          .discount_total = Money{line_gross_[line_idx] - remaining_[line_idx], input_.currency},
          .total_gross = Money{remaining_[line_idx], input_.currency},
          .vat_rate = line.price.vat_rate,
          .price_list_id = line.price.price_list_id};
      const int64_t net = NetOfGross(remaining_[line_idx], line.price.vat_rate);
      priced.net = Money{net, input_.currency};
      priced.vat = Money{remaining_[line_idx] - net, input_.currency};
      VatRow& row =
          vat.try_emplace(priced.vat_rate, VatRow{priced.vat_rate, zero, zero, zero}).first->second;
      row.gross.minor += priced.total_gross.minor;
      row.net.minor += priced.net.minor;
      row.vat.minor += priced.vat.minor;
      quote_.subtotal_gross.minor += priced.line_gross.minor;
      quote_.discount_total.minor += priced.discount_total.minor;
      quote_.total_gross.minor += priced.total_gross.minor;
      quote_.total_net.minor += priced.net.minor;
      quote_.total_vat.minor += priced.vat.minor;
      quote_.lines.push_back(std::move(priced));
    }
    for (auto& [rate, row] : vat) {
      quote_.vat.push_back(row);
    }
    return std::move(quote_);
  }

 private:
  // A coupon's offer that cannot take part says why; an automatic one is silently left out.
  void RejectCoupon(const Offer& offer, std::string code, std::string reason) {
    if (!offer.coupon.empty()) {
      quote_.rejected.push_back(Reject(offer, std::move(code), std::move(reason)));
    }
  }

  bool MinBasketFails(const Candidate& c, int64_t basket) {
    const auto& min = c.offer->promotion.conditions.min_basket;
    if (min && basket < min->minor) {
      quote_.rejected.push_back(Reject(*c.offer, "min_basket",
                                       c.offer->promotion.name + " needs a basket of at least " +
                                           FormatPolish(*min) + " (now " +
                                           FormatPolish(Money{basket, input_.currency}) + ")"));
      return true;
    }
    return false;
  }

  // Takes `d` (amount > 0) off line `line_idx`.
  void Take(size_t line_idx, Discount d) {
    remaining_[line_idx] -= d.amount.minor;
    discounts_[line_idx].push_back(std::move(d));
  }

  void Give(Candidate& c, size_t line_idx, int64_t off) {
    if (off <= 0) {
      return;
    }
    c.given += off;
    c.applied = true;
    Take(line_idx, Discount{.promotion_id = c.offer->promotion.id,
                            .coupon = c.offer->coupon,
                            .amount = Money{off, input_.currency},
                            .reason = Reason(*c.offer)});
  }

  // An amount off the lines marked in `eligible`, capped at what they cost now and split in
  // proportion to it (README: rounding).
  std::vector<int64_t> SplitAmount(int64_t amount, const std::vector<bool>& eligible) const {
    std::vector<int64_t> weights(line_count_, 0);
    int64_t base = 0;
    for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
      weights[line_idx] = eligible[line_idx] ? remaining_[line_idx] : 0;
      base += weights[line_idx];
    }
    return Allocate(std::min(amount, base), weights);
  }

  // The shares a basket promotion would give now, line by line.
  std::vector<int64_t> SharesOf(const Candidate& c) const {
    const Promotion& p = c.offer->promotion;
    std::vector<int64_t> shares(line_count_, 0);
    if (p.kind == PromotionKind::kPercentOff) {
      for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
        if (c.eligible[line_idx]) {
          shares[line_idx] = RoundHalfAwayFromZero(
              static_cast<__int128>(remaining_[line_idx]) * p.percent_bp, 10000);
        }
      }
    } else if (p.kind == PromotionKind::kAmountOff && p.amount) {
      shares = SplitAmount(p.amount->minor, c.eligible);
    }
    return shares;
  }

  void ApplyBasket(Candidate& c) {
    const std::vector<int64_t> shares = SharesOf(c);
    for (size_t line_idx = 0; line_idx < line_count_; ++line_idx) {
      Give(c, line_idx, shares[line_idx]);
    }
  }

  const EngineInput& input_;
  const size_t line_count_;
  Quote quote_;
  std::vector<int64_t> line_gross_;  // by line: price × quantity
  std::vector<int64_t> remaining_;   // by line: what is still to pay after the discounts so far
  std::vector<std::vector<Discount>> discounts_;
  __int128 subtotal_ = 0;
  std::vector<Candidate> candidates_;  // fixed after SelectCandidates: others point into it
};

}  // namespace

Result<Quote> ComputeQuote(const EngineInput& input) {
  QuoteBuilder builder(input);
  OMNI_TRY(builder.PriceLines());
  builder.SelectCandidates();
  builder.ApplyLineLevel();
  builder.ApplyBasketLevel();
  builder.ApplyAdjustments();
  builder.ReportOffers();
  return builder.Finish();
}

}  // namespace omnihub::pricing
