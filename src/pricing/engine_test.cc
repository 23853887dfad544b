#include "pricing/engine.h"

#include <gtest/gtest.h>

#include <map>

// The pricing table tests: each case is a basket, the promotions on offer and what the
// customer pays. Amounts are written as Polish retail shows them; the engine sees grosze.
namespace omnihub::pricing {
namespace {

const TimePoint kNow = FromUnixMillis(1'780'000'000'000);  // 2026-05-28

int64_t Grosze(std::string_view text) { return ParseMoney(text).value().minor; }
std::string Text(int64_t minor) { return FormatDecimal(Money{minor, Currency::Pln()}); }

struct L {
  std::string sku;
  int64_t quantity = 1;
  std::string unit = "0";
  int vat = 23;
  std::vector<std::string> categories;
};

// Promotion builders: a name is also its id, so cases read by name.
Promotion Make(std::string name, PromotionKind kind) {
  Promotion p;
  p.id = PromotionId::FromTrusted("prm_" + name);
  p.name = std::move(name);
  p.kind = kind;
  return p;
}
Promotion PercentOff(std::string name, std::string_view percent) {
  Promotion p = Make(std::move(name), PromotionKind::kPercentOff);
  p.percent_bp = ParsePercent(percent, "percent").value();
  return p;
}
Promotion AmountOff(std::string name, std::string_view amount) {
  Promotion p = Make(std::move(name), PromotionKind::kAmountOff);
  p.amount = Money{Grosze(amount), Currency::Pln()};
  return p;
}
Promotion BuyGet(std::string name, int64_t buy, int64_t free) {
  Promotion p = Make(std::move(name), PromotionKind::kBuyXGetY);
  p.buy_quantity = buy;
  p.free_quantity = free;
  return p;
}
Promotion FreeShipping(std::string name) {
  Promotion p = Make(std::move(name), PromotionKind::kFreeShipping);
  p.level = PromotionLevel::kBasket;
  return p;
}
Promotion Basket(Promotion p) {
  p.level = PromotionLevel::kBasket;
  return p;
}
Promotion Stackable(Promotion p) {
  p.stackable = true;
  return p;
}
Promotion Priority(Promotion p, int64_t priority) {
  p.priority = priority;
  return p;
}
Promotion OnSkus(Promotion p, std::vector<std::string> skus) {
  p.conditions.skus = std::move(skus);
  return p;
}
Promotion OnCategories(Promotion p, std::vector<std::string> categories) {
  p.conditions.category_ids = std::move(categories);
  return p;
}
Promotion MinBasket(Promotion p, std::string_view amount) {
  p.conditions.min_basket = Money{Grosze(amount), Currency::Pln()};
  return p;
}
Promotion ForSegment(Promotion p, std::string segment) {
  p.conditions.segment_id = std::move(segment);
  return p;
}
Promotion InChannel(Promotion p, std::string channel) {
  p.conditions.channel_id = std::move(channel);
  return p;
}

struct O {
  Promotion promotion;
  std::string coupon;  // "" automatic
};

struct VatExpect {
  int rate;
  std::string gross, net, vat;
};

struct Case {
  std::string description;
  std::vector<L> lines;
  std::vector<O> offers;
  std::string total;     // gross the customer pays
  std::string discount;  // total discount
  std::vector<std::string> applied = {};
  std::map<std::string, std::string> rejected = {};  // promotion name -> code
  std::vector<VatExpect> vat = {};                   // empty: not checked
  std::vector<std::string> line_totals = {};         // empty: not checked
  bool free_shipping = false;
  std::vector<std::string> segments = {};
  std::string channel = "chn_web";
  std::vector<std::string> adjustments = {};  // loyalty points, as amounts off, in order
  std::string adjusted = "";                  // what they took off in total; "": not checked
};

const Case kCases[] = {
    {.description = "no promotions: 2 x 129.99 at 23%; net = gross x 100/123 rounded",
     .lines = {{"BUT-42", 2, "129.99"}},
     .total = "259.98",
     .discount = "0.00",
     .vat = {{23, "259.98", "211.37", "48.61"}}},
    {.description = "rounding: 3 x 33.33 with 10% off is 99.99 - 10.00 (9.999 rounds up)",
     .lines = {{"SKAR-1", 3, "33.33"}},
     .offers = {{PercentOff("dziesiec", "10")}},
     .total = "89.99",
     .discount = "10.00",
     .applied = {"dziesiec"},
     .vat = {{23, "89.99", "73.16", "16.83"}}},
    {.description = "rounding: half a grosz rounds away from zero (10% of 0.05 is 0.01)",
     .lines = {{"NAKL", 1, "0.05"}},
     .offers = {{PercentOff("dziesiec", "10")}},
     .total = "0.04",
     .discount = "0.01"},
    {.description = "rounding is per line: 3 lines of 0.15 at 10% give 3 x 0.02, not 0.05 once",
     .lines = {{"A", 1, "0.15"}, {"B", 1, "0.15"}, {"C", 1, "0.15"}},
     .offers = {{PercentOff("dziesiec", "10")}},
     .total = "0.39",
     .discount = "0.06"},
    {.description = "rounding: 12.5% of 0.99 is 0.12375, so 0.12",
     .lines = {{"A", 1, "0.99"}},
     .offers = {{PercentOff("osma", "12.5")}},
     .total = "0.87",
     .discount = "0.12"},
    {.description = "two non-stackable line promotions: the better one for the customer wins",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {AmountOff("pietnascie", "15.00")}},
     .total = "85.00",
     .discount = "15.00",
     .applied = {"pietnascie"},
     .rejected = {{"dziesiec", "better_promotion"}}},
    {.description = "the best is chosen per line: each line gets its own best promotion",
     .lines = {{"TANIE", 1, "20.00"}, {"DROGIE", 1, "200.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {AmountOff("piec", "5.00")}},
     .total = "195.00",
     .discount = "25.00",
     .applied = {"dziesiec", "piec"},
     .line_totals = {"15.00", "180.00"}},
    {.description = "a stackable promotion applies on top, on what is left (10% then 5%)",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {Stackable(PercentOff("piec", "5"))}},
     .total = "85.50",
     .discount = "14.50",
     .applied = {"dziesiec", "piec"}},
    {.description = "equal discounts: the higher priority wins",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("niski", "10")}, {Priority(AmountOff("wysoki", "10.00"), 5)}},
     .total = "90.00",
     .discount = "10.00",
     .applied = {"wysoki"},
     .rejected = {{"niski", "better_promotion"}}},
    {.description = "a category promotion discounts only that category's lines",
     .lines = {{"BUT-42", 1, "200.00", 23, {"cat_shoes"}},
               {"SKAR-1", 2, "20.00", 23, {"cat_socks"}}},
     .offers = {{OnCategories(PercentOff("buty", "20"), {"cat_shoes"})}},
     .total = "200.00",
     .discount = "40.00",
     .line_totals = {"160.00", "40.00"}},
    {.description = "a SKU promotion discounts only that SKU",
     .lines = {{"BUT-42", 1, "200.00"}, {"SKAR-1", 1, "20.00"}},
     .offers = {{OnSkus(AmountOff("skarpety", "5.00"), {"SKAR-1"})}},
     .total = "215.00",
     .discount = "5.00",
     .line_totals = {"200.00", "15.00"}},
    {.description = "buy 2 get 1: 3 units, the third is free",
     .lines = {{"SKAR-1", 3, "19.99"}},
     .offers = {{BuyGet("trzy", 2, 1)}},
     .total = "39.98",
     .discount = "19.99",
     .applied = {"trzy"}},
    {.description = "buy 2 get 1: 5 units, still one free; 6 units, two free",
     .lines = {{"SKAR-1", 5, "10.00"}, {"SKAR-2", 6, "10.00"}},
     .offers = {{BuyGet("trzy", 2, 1)}},
     .total = "80.00",
     .discount = "30.00",
     .line_totals = {"40.00", "40.00"}},
    {.description = "buy 2 get 1 with only 2 units gives nothing and says why",
     .lines = {{"SKAR-1", 2, "10.00"}},
     .offers = {{BuyGet("trzy", 2, 1)}},
     .total = "20.00",
     .discount = "0.00",
     .rejected = {{"trzy", "no_discount"}}},
    {.description = "an amount off each unit never makes a line negative",
     .lines = {{"NAKL", 2, "3.00"}},
     .offers = {{AmountOff("duzo", "5.00")}},
     .total = "0.00",
     .discount = "6.00",
     .vat = {{23, "0.00", "0.00", "0.00"}}},
    {.description =
         "basket amount off is split over the lines by what they cost, so VAT stays right",
     .lines = {{"BUT-42", 1, "100.00", 23}, {"KSIAZKA", 1, "50.00", 5}},
     .offers = {{Basket(AmountOff("trzydziesci", "30.00"))}},
     .total = "120.00",
     .discount = "30.00",
     .vat = {{23, "80.00", "65.04", "14.96"}, {5, "40.00", "38.10", "1.90"}},
     .line_totals = {"80.00", "40.00"}},
    {.description = "basket amount off over equal lines: the odd grosz goes to the first line",
     .lines = {{"A", 1, "10.00"}, {"B", 1, "10.00"}, {"C", 1, "10.00"}},
     .offers = {{Basket(AmountOff("dycha", "10.00"))}},
     .total = "20.00",
     .discount = "10.00",
     .line_totals = {"6.66", "6.67", "6.67"}},
    {.description = "basket level comes after line level: 10% on lines, then 20 zl off the rest",
     .lines = {{"BUT-42", 1, "200.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {Basket(AmountOff("dwadziescia", "20.00"))}},
     .total = "160.00",
     .discount = "40.00",
     .applied = {"dziesiec", "dwadziescia"}},
    {.description = "of two non-stackable basket promotions the better one wins",
     .lines = {{"BUT-42", 1, "150.00"}},
     .offers = {{Basket(PercentOff("dziesiec", "10"))},
                {Basket(AmountOff("dwadziescia", "20.00"))}},
     .total = "130.00",
     .discount = "20.00",
     .applied = {"dwadziescia"},
     .rejected = {{"dziesiec", "better_promotion"}}},
    {.description = "minimum basket is checked after line discounts: 210 - 10% = 189 < 200",
     .lines = {{"BUT-42", 1, "210.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {MinBasket(FreeShipping("dostawa"), "200.00")}},
     .total = "189.00",
     .discount = "21.00",
     .applied = {"dziesiec"},
     .rejected = {{"dostawa", "min_basket"}}},
    {.description = "free shipping above 200 zl stacks with everything and costs nothing",
     .lines = {{"BUT-42", 1, "250.00"}},
     .offers = {{PercentOff("dziesiec", "10")}, {MinBasket(FreeShipping("dostawa"), "200.00")}},
     .total = "225.00",
     .discount = "25.00",
     .applied = {"dziesiec", "dostawa"},
     .free_shipping = true},
    {.description = "a coupon competes with automatic line promotions and loses when worse",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("wiosna", "20")}, {PercentOff("kupon", "10"), "APP10"}},
     .total = "80.00",
     .discount = "20.00",
     .applied = {"wiosna"},
     .rejected = {{"kupon", "better_promotion"}}},
    {.description = "a stackable coupon adds to the automatic promotion",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("wiosna", "20")}, {Stackable(PercentOff("kupon", "10")), "EXTRA10"}},
     .total = "72.00",
     .discount = "28.00",
     .applied = {"wiosna", "kupon"}},
    {.description = "mixed VAT basket: one row per rate, net and VAT per line, gross exact",
     .lines = {{"BUT", 1, "123.00", 23},
               {"BATON", 1, "108.00", 8},
               {"KSIAZKA", 1, "10.50", 5},
               {"BON", 1, "20.00", 0}},
     .total = "261.50",
     .discount = "0.00",
     .vat = {{23, "123.00", "100.00", "23.00"},
             {8, "108.00", "100.00", "8.00"},
             {5, "10.50", "10.00", "0.50"},
             {0, "20.00", "20.00", "0.00"}}},
    {.description = "mixed VAT with a basket percent: each line discounted and taxed at its rate",
     .lines = {{"BUT", 1, "99.99", 23}, {"BATON", 3, "3.33", 8}},
     .offers = {{Basket(PercentOff("dziesiec", "10"))}},
     .total = "98.98",
     .discount = "11.00",
     .vat = {{23, "89.99", "73.16", "16.83"}, {8, "8.99", "8.32", "0.67"}}},
    {.description = "a segment promotion applies only to customers in the segment",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{ForSegment(PercentOff("vip", "15"), "seg_vip")}},
     .total = "85.00",
     .discount = "15.00",
     .segments = {"seg_vip"}},
    {.description = "... and not to others",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{ForSegment(PercentOff("vip", "15"), "seg_vip")}},
     .total = "100.00",
     .discount = "0.00"},
    {.description = "a promotion for the app does not apply on the web",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{InChannel(PercentOff("appka", "15"), "chn_app")}},
     .total = "100.00",
     .discount = "0.00"},
    {.description = "a coupon whose promotion is for the app says so on the web",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{InChannel(PercentOff("appka", "15"), "chn_app"), "APP15"}},
     .total = "100.00",
     .discount = "0.00",
     .rejected = {{"appka", "channel"}}},
    {.description = "adjustment: 1.00 over three equal lines is 0.34 + 0.33 + 0.33 (remainder "
                    "to the earlier line)",
     .lines = {{"A", 1, "10.00"}, {"B", 1, "10.00"}, {"C", 1, "10.00"}},
     .total = "29.00",
     .discount = "1.00",
     .line_totals = {"9.66", "9.67", "9.67"},
     .adjustments = {"1.00"},
     .adjusted = "1.00"},
    {.description = "adjustment: split in proportion to the lines, 10.00 over 100 + 50 is "
                    "6.67 + 3.33",
     .lines = {{"A", 1, "100.00"}, {"B", 1, "50.00"}},
     .total = "140.00",
     .discount = "10.00",
     .line_totals = {"93.33", "46.67"},
     .adjustments = {"10.00"},
     .adjusted = "10.00"},
    {.description = "adjustment: capped at what the basket costs, never below zero",
     .lines = {{"A", 1, "30.00"}, {"B", 2, "0.01"}},
     .total = "0.00",
     .discount = "30.02",
     .vat = {{23, "0.00", "0.00", "0.00"}},
     .line_totals = {"0.00", "0.00"},
     .adjustments = {"50.00"},
     .adjusted = "30.02"},
    {.description = "adjustment: after a 20% line promotion, on what is left (100 - 20 - 5)",
     .lines = {{"BUT-42", 1, "100.00"}},
     .offers = {{PercentOff("wiosna", "20")}},
     .total = "75.00",
     .discount = "25.00",
     .applied = {"wiosna"},
     .vat = {{23, "75.00", "60.98", "14.02"}},
     .adjustments = {"5.00"},
     .adjusted = "5.00"},
    {.description = "adjustment: after a 20% basket promotion, split over 48 + 32",
     .lines = {{"A", 1, "60.00"}, {"B", 1, "40.00"}},
     .offers = {{Basket(PercentOff("koszyk", "20"))}},
     .total = "70.00",
     .discount = "30.00",
     .applied = {"koszyk"},
     .line_totals = {"42.00", "28.00"},
     .adjustments = {"10.00"},
     .adjusted = "10.00"},
    {.description = "adjustments: the second is capped at what the first left after 20%",
     .lines = {{"A", 1, "100.00"}},
     .offers = {{PercentOff("wiosna", "20")}},
     .total = "0.00",
     .discount = "100.00",
     .applied = {"wiosna"},
     .adjustments = {"50.00", "50.00"},
     .adjusted = "80.00"},
};

class QuoteTableTest : public ::testing::TestWithParam<Case> {};

TEST_P(QuoteTableTest, PaysWhatTheCaseSays) {
  const Case& c = GetParam();
  EngineInput input{.at = kNow, .channel_id = c.channel, .segment_ids = c.segments};
  for (const L& line : c.lines) {
    input.lines.push_back(
        EngineLine{.sku = line.sku,
                   .quantity = line.quantity,
                   .price = ResolvedPrice{.sku = line.sku,
                                          .gross = Money{Grosze(line.unit), Currency::Pln()},
                                          .vat_rate = line.vat,
                                          .price_list_id = PriceListId::FromTrusted("prl_test")},
                   .category_ids = line.categories});
  }
  for (const O& offer : c.offers) {
    input.offers.push_back(Offer{.promotion = offer.promotion, .coupon = offer.coupon});
  }
  for (const std::string& amount : c.adjustments) {
    input.adjustments.push_back(Adjustment{.kind = "loyalty_points",
                                           .amount = Money{Grosze(amount), Currency::Pln()},
                                           .reason = "points"});
  }
  Result<Quote> quote = ComputeQuote(input);
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  if (!c.adjusted.empty()) {
    int64_t adjusted = 0;
    for (const PricedLine& line : quote->lines) {
      for (const Discount& d : line.discounts) {
        adjusted += d.kind == "loyalty_points" ? d.amount.minor : 0;
      }
    }
    EXPECT_EQ(Text(adjusted), c.adjusted);
  }
  EXPECT_EQ(Text(quote->total_gross.minor), c.total);
  EXPECT_EQ(Text(quote->discount_total.minor), c.discount);
  EXPECT_EQ(quote->total_gross.minor, quote->subtotal_gross.minor - quote->discount_total.minor);
  EXPECT_EQ(quote->total_gross.minor, quote->total_net.minor + quote->total_vat.minor);
  EXPECT_EQ(quote->free_shipping, c.free_shipping);
  if (!c.applied.empty()) {
    std::vector<std::string> applied;
    for (const AppliedPromotion& a : quote->applied) {
      applied.push_back(a.name);
      EXPECT_FALSE(a.reason.empty());
    }
    EXPECT_EQ(applied, c.applied);
  }
  std::map<std::string, std::string> rejected;
  for (const Rejection& r : quote->rejected) {
    rejected[r.promotion_id.substr(4)] = r.code;
    EXPECT_FALSE(r.reason.empty());
  }
  EXPECT_EQ(rejected, c.rejected);
  if (!c.vat.empty()) {
    ASSERT_EQ(quote->vat.size(), c.vat.size());
    for (size_t idx = 0; idx < c.vat.size(); ++idx) {
      EXPECT_EQ(quote->vat[idx].rate, c.vat[idx].rate);
      EXPECT_EQ(Text(quote->vat[idx].gross.minor), c.vat[idx].gross) << "rate " << c.vat[idx].rate;
      EXPECT_EQ(Text(quote->vat[idx].net.minor), c.vat[idx].net) << "rate " << c.vat[idx].rate;
      EXPECT_EQ(Text(quote->vat[idx].vat.minor), c.vat[idx].vat) << "rate " << c.vat[idx].rate;
    }
  }
  if (!c.line_totals.empty()) {
    ASSERT_EQ(quote->lines.size(), c.line_totals.size());
    for (size_t line_idx = 0; line_idx < c.line_totals.size(); ++line_idx) {
      EXPECT_EQ(Text(quote->lines[line_idx].total_gross.minor), c.line_totals[line_idx]);
    }
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, QuoteTableTest, ::testing::ValuesIn(kCases),
                         [](const ::testing::TestParamInfo<Case>& info) {
                           return "case_" + std::to_string(info.index);
                         });

// Coupons: why a code cannot be used, as the customer reads it.
struct CouponCase {
  std::string description;
  Coupon coupon;
  std::string channel = "chn_web";
  bool redeemed_by_customer = false;
  std::string code;  // "" when usable
  std::string message = "";
};

Coupon MakeCoupon(std::string code) {
  Coupon c;
  c.code = std::move(code);
  c.promotion_id = PromotionId::FromTrusted("prm_x");
  return c;
}
Coupon Limited(Coupon c, std::string channel) {
  c.channel_id = std::move(channel);
  return c;
}
Coupon Window(Coupon c, std::optional<TimePoint> from, std::optional<TimePoint> to) {
  c.validity = {from, to};
  return c;
}
Coupon Uses(Coupon c, int64_t uses, std::optional<int64_t> max, bool once_per_customer) {
  c.uses = uses;
  c.max_uses = max;
  c.once_per_customer = once_per_customer;
  return c;
}

const CouponCase kCouponCases[] = {
    {.description = "an app coupon tried on the web says where it is valid",
     .coupon = Limited(MakeCoupon("APP10"), "chn_app"),
     .code = "channel",
     .message = "coupon APP10 is valid only in channel app"},
    {.description = "... and works in the app",
     .coupon = Limited(MakeCoupon("APP10"), "chn_app"),
     .channel = "chn_app",
     .code = ""},
    {.description = "an expired coupon",
     .coupon = Window(MakeCoupon("ZIMA"), std::nullopt, kNow),
     .code = "expired",
     .message = "coupon ZIMA expired at " + FormatRfc3339(kNow)},
    {.description = "a coupon not valid yet",
     .coupon = Window(MakeCoupon("LATO"), kNow + std::chrono::hours(1), std::nullopt),
     .code = "not_yet_valid"},
    {.description = "a coupon inside its window",
     .coupon = Window(MakeCoupon("WIOSNA"), kNow - std::chrono::hours(1), kNow + Duration(1)),
     .code = ""},
    {.description = "a coupon with 100 uses, all used",
     .coupon = Uses(MakeCoupon("STO"), 100, 100, false),
     .code = "used_up",
     .message = "coupon STO has been used up (100 uses in total)"},
    {.description = "a coupon with 100 uses, 99 used",
     .coupon = Uses(MakeCoupon("STO"), 99, 100, false),
     .code = ""},
    {.description = "a single-use coupon the customer already used",
     .coupon = Uses(MakeCoupon("RAZ"), 1, std::nullopt, true),
     .redeemed_by_customer = true,
     .code = "already_used",
     .message = "coupon RAZ was already used by this customer"},
    {.description = "a reusable coupon the customer already used",
     .coupon = Uses(MakeCoupon("ZAWSZE"), 1, std::nullopt, false),
     .redeemed_by_customer = true,
     .code = ""},
};

class CouponTableTest : public ::testing::TestWithParam<CouponCase> {};

TEST_P(CouponTableTest, SaysWhyItCannotBeUsed) {
  const CouponCase& c = GetParam();
  std::optional<Rejection> why = CheckCoupon(c.coupon, kNow, c.channel, c.redeemed_by_customer,
                                             c.coupon.channel_id == "chn_app" ? "app" : "");
  EXPECT_EQ(why ? why->code : "", c.code);
  if (why && !c.message.empty()) {
    EXPECT_EQ(why->reason, c.message);
  }
}

INSTANTIATE_TEST_SUITE_P(Cases, CouponTableTest, ::testing::ValuesIn(kCouponCases),
                         [](const ::testing::TestParamInfo<CouponCase>& info) {
                           return "case_" + std::to_string(info.index);
                         });

TEST(RoundingTest, HalvesGoAwayFromZero) {
  EXPECT_EQ(RoundHalfAwayFromZero(5, 10), 1);
  EXPECT_EQ(RoundHalfAwayFromZero(-5, 10), -1);
  EXPECT_EQ(RoundHalfAwayFromZero(4, 10), 0);
  EXPECT_EQ(RoundHalfAwayFromZero(15, 10), 2);
  EXPECT_EQ(RoundHalfAwayFromZero(-15, 10), -2);
  EXPECT_EQ(RoundHalfAwayFromZero(99990, 10000), 10);
}

TEST(PercentTest, ParsesDecimalTextWithoutFloatingPoint) {
  EXPECT_EQ(ParsePercent("10", "p").value(), 1000);
  EXPECT_EQ(ParsePercent("12.5", "p").value(), 1250);
  EXPECT_EQ(ParsePercent("12,55", "p").value(), 1255);
  EXPECT_EQ(ParsePercent("100", "p").value(), 10000);
  EXPECT_FALSE(ParsePercent("12.555", "p").ok());
  EXPECT_FALSE(ParsePercent("0", "p").ok());
  EXPECT_FALSE(ParsePercent("101", "p").ok());
  EXPECT_FALSE(ParsePercent("-5", "p").ok());
  EXPECT_FALSE(ParsePercent("", "p").ok());
  EXPECT_EQ(FormatPercent(1250), "12.5");
  EXPECT_EQ(FormatPercent(1205), "12.05");
  EXPECT_EQ(FormatPercent(1000), "10");
}

EngineLine Line(std::string sku, int64_t quantity, std::string_view unit) {
  return EngineLine{.sku = sku,
                    .quantity = quantity,
                    .price = ResolvedPrice{.sku = sku,
                                           .gross = Money{Grosze(unit), Currency::Pln()},
                                           .vat_rate = 23,
                                           .price_list_id = PriceListId::FromTrusted("prl_test")}};
}

TEST(AdjustmentTest, EachLineGetsAnAdjustmentDiscountAfterItsPromotionAndTheSharesAddUp) {
  EngineInput input{.at = kNow, .channel_id = "chn_web"};
  input.lines = {Line("A", 3, "33.33"), Line("B", 1, "0.07"), Line("C", 7, "1.99")};
  input.offers.push_back(Offer{.promotion = PercentOff("wiosna", "20")});
  input.adjustments.push_back(Adjustment{
      .kind = "loyalty_points", .amount = Money{1001, Currency::Pln()}, .reason = "1001 points"});
  Result<Quote> quote = ComputeQuote(input);
  ASSERT_TRUE(quote.ok()) << quote.error().message;
  int64_t split = 0;
  for (const PricedLine& line : quote->lines) {
    ASSERT_EQ(line.discounts.size(), 2u) << line.sku;
    EXPECT_EQ(line.discounts[0].kind, "promotion");
    EXPECT_EQ(line.discounts[0].promotion_id.str(), "prm_wiosna");
    const Discount& points = line.discounts[1];
    EXPECT_EQ(points.kind, "loyalty_points");
    EXPECT_TRUE(points.promotion_id.str().empty());
    EXPECT_EQ(points.coupon, "");
    EXPECT_EQ(points.reason, "1001 points");
    EXPECT_GT(points.amount.minor, 0);
    split += points.amount.minor;
    EXPECT_EQ(line.discount_total.minor,
              line.discounts[0].amount.minor + line.discounts[1].amount.minor);
  }
  EXPECT_EQ(split, 1001);
  EXPECT_EQ(quote->total_gross.minor, quote->subtotal_gross.minor - quote->discount_total.minor);
  // Only promotions are listed as applied.
  ASSERT_EQ(quote->applied.size(), 1u);
  EXPECT_EQ(quote->applied[0].amount.minor + 1001, quote->discount_total.minor);
}

TEST(AdjustmentTest, AnAdjustmentInAnotherCurrencyIsRefusedNamingIt) {
  EngineInput input{.at = kNow, .channel_id = "chn_web"};
  input.lines = {Line("A", 1, "10.00")};
  input.adjustments.push_back(
      Adjustment{.kind = "loyalty_points", .amount = Money{100, Currency::Parse("EUR").value()}});
  Result<Quote> quote = ComputeQuote(input);
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(*std::get_if<std::string>(quote.error().Detail("field")), "adjustments[0].amount");
}

TEST(QuoteOverflowTest, AnOverflowingLineIsRefusedNamingIt) {
  EngineInput input{.at = kNow, .channel_id = "chn_web"};
  input.lines.push_back(EngineLine{
      .sku = "X",
      .quantity = 1'000'000,
      .price = ResolvedPrice{.sku = "X", .gross = Money{INT64_MAX / 10, Currency::Pln()}}});
  Result<Quote> quote = ComputeQuote(input);
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(*std::get_if<std::string>(quote.error().Detail("field")), "lines[0].quantity");
}

}  // namespace
}  // namespace omnihub::pricing
