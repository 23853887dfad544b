#include "pricing/pricing.h"

#include <gtest/gtest.h>

#include <map>

#include "changes/changes.h"
#include "pricing/events.h"
#include "testing/db_test.h"

namespace omnihub::pricing {
namespace {

// The catalog as pricing sees it: a fixed set of products.
class FakeProducts final : public ProductFacts {
 public:
  Result<std::optional<ProductInfo>> Find(storage::Tx&, std::string_view sku) override {
    auto it = products_.find(std::string(sku));
    if (it == products_.end()) {
      return std::optional<ProductInfo>();
    }
    return std::optional<ProductInfo>(it->second);
  }
  void Add(ProductInfo info) { products_[info.sku] = std::move(info); }

 private:
  std::map<std::string, ProductInfo> products_;
};

class FakeChannelNames final : public ChannelNames {
 public:
  Result<std::optional<std::string>> NameOf(storage::Tx&, std::string_view id) override {
    if (id == "chn_app") {
      return std::optional<std::string>("app");
    }
    return std::optional<std::string>();
  }
};

// cus_1 and cus_2 are people the shop knows; cus_1_old was merged into cus_1; anon_* are
// browsers only.
class FakeCustomerFacts final : public CustomerFacts {
 public:
  Result<std::optional<std::string>> KnownPerson(storage::Tx&, std::string_view id) override {
    if (id.starts_with("anon_")) {
      return std::optional<std::string>();
    }
    return std::optional<std::string>(id == "cus_1_old" ? "cus_1" : std::string(id));
  }
};

class PricingTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), pricing::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    products_.Add({.sku = "BUT-42", .category_ids = {"cat_shoes"}, .vat_rate = 23});
    products_.Add({.sku = "SKAR-1", .category_ids = {"cat_socks"}, .vat_rate = 23});
    products_.Add({.sku = "KSIAZKA", .category_ids = {"cat_books"}});
  }
  template <typename Fn>
  auto Write(Fn fn) {
    return db().InTransaction(fn);
  }
  Result<PriceList> CreateList(NewPriceList req) {
    return Write([&](storage::Tx& tx) { return service_->CreatePriceList(tx, req); });
  }
  Result<Quote> PriceQuote(QuoteRequest req) {
    return db().Read([&](storage::Tx& tx) { return service_->PriceQuote(tx, req); });
  }
  std::vector<std::string> ChangeTypes() {
    std::vector<std::string> types;
    for (const changes::StoredChange& c :
         *db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); })) {
      types.push_back(c.type);
    }
    return types;
  }
  // A base list (BUT-42 299.99, SKAR-1 19.99) and an app coupon APP10 for 10% off.
  void SeedBase() {
    ASSERT_OK(CreateList({.name = "Cennik podstawowy",
                          .entries = {{.sku = "BUT-42", .price = "299,99 zł"},
                                      {.sku = "SKAR-1", .price = "19.99"}}}));
  }
  Result<Coupon> SeedCoupon(NewCoupon coupon, std::string percent = "10") {
    Result<Promotion> promo = Write([&](storage::Tx& tx) {
      return service_->CreatePromotion(
          tx,
          {.name = "Kupon " + coupon.code, .kind = PromotionKind::kPercentOff, .percent = percent});
    });
    if (!promo.ok()) {
      return promo.error();
    }
    coupon.promotion_id = promo->id.str();
    return Write([&](storage::Tx& tx) { return service_->CreateCoupon(tx, coupon); });
  }
  Result<Redemption> Redeem(RedeemRequest req) {
    return Write([&](storage::Tx& tx) { return service_->Redeem(tx, req); });
  }

  FakeClock clock_;
  FakeProducts products_;
  FakeChannelNames channel_names_;
  FakeCustomerFacts customer_facts_;
  std::unique_ptr<PricingService> service_ =
      NewPricingService(clock_, products_, &channel_names_, &customer_facts_);
};

TEST_P(PricingTest, APriceListPricesAQuoteAndIsInTheChangeFeed) {
  SeedBase();
  Result<Quote> quote =
      PriceQuote({.lines = {{"BUT-42", 2}, {"SKAR-1", 3}}, .channel_id = "chn_web"});
  ASSERT_OK(quote);
  EXPECT_EQ(quote->lines[0].unit_gross.minor, 29999);
  EXPECT_EQ(quote->total_gross.minor, 2 * 29999 + 3 * 1999);
  EXPECT_EQ(ChangeTypes(), (std::vector<std::string>{std::string(events::kPriceListCreated.name),
                                                     std::string(events::kPriceChanged.name),
                                                     std::string(events::kPriceChanged.name)}));
}

TEST_P(PricingTest, BadPricesAreRefusedAndNothingIsStored) {
  auto field_of = [](const Error& e) { return *std::get_if<std::string>(e.Detail("field")); };
  Result<PriceList> decimals =
      CreateList({.name = "x", .entries = {{.sku = "BUT-42", .price = "299.999"}}});
  ASSERT_FALSE(decimals.ok());
  EXPECT_EQ(decimals.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(field_of(decimals.error()), "entries[0].price");
  Result<PriceList> currency = CreateList({.name = "x", .currency = "XYZ"});
  ASSERT_FALSE(currency.ok());
  EXPECT_EQ(field_of(currency.error()), "currency");
  Result<PriceList> unknown =
      CreateList({.name = "x", .entries = {{.sku = "NOPE", .price = "1.00"}}});
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
  Result<PriceList> vat =
      CreateList({.name = "x", .entries = {{.sku = "BUT-42", .price = "1.00", .vat_rate = 7}}});
  EXPECT_EQ(field_of(vat.error()), "entries[0].vat_rate");
  // KSIAZKA has no VAT rate in the catalog, so the entry must give one.
  Result<PriceList> no_vat =
      CreateList({.name = "x", .entries = {{.sku = "KSIAZKA", .price = "39.90"}}});
  EXPECT_EQ(field_of(no_vat.error()), "entries[0].vat_rate");
  Result<PriceList> zero = CreateList({.name = "x", .entries = {{.sku = "BUT-42", .price = "0"}}});
  EXPECT_EQ(field_of(zero.error()), "entries[0].price");
  Result<PriceList> euro =
      CreateList({.name = "x", .entries = {{.sku = "BUT-42", .price = "10.00 EUR"}}});
  EXPECT_EQ(field_of(euro.error()), "entries[0].price");
  EXPECT_TRUE(ChangeTypes().empty());
  EXPECT_TRUE(db().Read([&](storage::Tx& tx) { return service_->ListPriceLists(tx); })->empty());
}

TEST_P(PricingTest, TheHigherPriorityListWinsAndValidityWindowsCount) {
  SeedBase();
  ASSERT_OK(CreateList({.name = "Wyprzedaz",
                        .priority = 10,
                        .validity = {clock_.Now() + std::chrono::hours(24), std::nullopt},
                        .entries = {{.sku = "BUT-42", .price = "249.99"}}}));
  auto price_now = [&] {
    return db()
        .Read([&](storage::Tx& tx) {
          return service_->ResolvePrice(tx, "BUT-42", "chn_web", std::nullopt, Currency::Pln());
        })
        ->gross.minor;
  };
  EXPECT_EQ(price_now(), 29999);  // the sale has not started
  clock_.Advance(std::chrono::hours(25));
  EXPECT_EQ(price_now(), 24999);
}

TEST_P(PricingTest, AChannelOverrideWinsInItsChannelAndIsReportedAsAnInconsistency) {
  SeedBase();
  Result<PriceList> app = CreateList({.name = "Aplikacja",
                                      .priority = -5,  // an override wins whatever its priority
                                      .channel_id = "chn_app",
                                      .entries = {{.sku = "BUT-42", .price = "279.99"}}});
  ASSERT_OK(app);
  Result<Quote> in_app = PriceQuote({.lines = {{"BUT-42", 1}}, .channel_id = "chn_app"});
  Result<Quote> on_web = PriceQuote({.lines = {{"BUT-42", 1}}, .channel_id = "chn_web"});
  EXPECT_EQ(in_app->total_gross.minor, 27999);
  EXPECT_EQ(on_web->total_gross.minor, 29999);
  Result<std::vector<Inconsistency>> found =
      db().Read([&](storage::Tx& tx) { return service_->ListInconsistencies(tx); });
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].channel_id, "chn_app");
  EXPECT_EQ((*found)[0].sku, "BUT-42");
  EXPECT_EQ((*found)[0].override_gross.minor, 27999);
  EXPECT_EQ((*found)[0].base_gross->minor, 29999);
}

TEST_P(PricingTest, SettingAPriceRecordsTheOldOne) {
  SeedBase();
  std::string list_id =
      db().Read([&](storage::Tx& tx) { return service_->ListPriceLists(tx); })->at(0).id.str();
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->SetPrice(tx, list_id, {.sku = "BUT-42", .price = "289.99"});
  }));
  auto feed = db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 100}); });
  const changes::StoredChange& last = feed->back();
  EXPECT_EQ(last.type, events::kPriceChanged.name);
  EXPECT_NE(last.payload_json.find(R"("previous_price":{"amount":29999)"), std::string::npos);
  EXPECT_NE(last.payload_json.find(R"("price":{"amount":28999)"), std::string::npos);
  ASSERT_OK(Write(
      [&](storage::Tx& tx) { return service_->UpdatePriceList(tx, list_id, {.priority = 3}); }));
  EXPECT_EQ(ChangeTypes().back(), events::kPriceListUpdated.name);
}

TEST_P(PricingTest, AnUnknownSkuInAQuoteNamesItsLine) {
  SeedBase();
  Result<Quote> quote =
      PriceQuote({.lines = {{"BUT-42", 1}, {"NOPE", 1}}, .channel_id = "chn_web"});
  ASSERT_FALSE(quote.ok());
  EXPECT_EQ(quote.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(*std::get_if<std::string>(quote.error().Detail("field")), "lines[1].sku");
  Result<Quote> zero = PriceQuote({.lines = {{"BUT-42", 0}}, .channel_id = "chn_web"});
  EXPECT_EQ(*std::get_if<std::string>(zero.error().Detail("field")), "lines[0].quantity");
  Result<Quote> negative = PriceQuote({.lines = {{"BUT-42", -2}}, .channel_id = "chn_web"});
  EXPECT_EQ(negative.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(PricingTest, AnAppCouponOnTheWebSaysWhereItIsValid) {
  SeedBase();
  ASSERT_OK(SeedCoupon({.code = "app10", .channel_id = "chn_app"}));
  Result<Quote> web = PriceQuote({.lines = {{"BUT-42", 1}},
                                  .customer_id = "cus_1",
                                  .channel_id = "chn_web",
                                  .coupons = {"APP10"}});
  ASSERT_OK(web);
  ASSERT_EQ(web->rejected.size(), 1u);
  EXPECT_EQ(web->rejected[0].reason, "coupon APP10 is valid only in channel app");
  EXPECT_EQ(web->total_gross.minor, 29999);
  Result<Quote> app = PriceQuote({.lines = {{"BUT-42", 1}},
                                  .customer_id = "cus_1",
                                  .channel_id = "chn_app",
                                  .coupons = {"App10"}});  // codes are case-insensitive
  ASSERT_OK(app);
  EXPECT_EQ(app->total_gross.minor, 29999 - 3000);
  ASSERT_EQ(app->applied.size(), 1u);
  EXPECT_EQ(app->applied[0].coupon, "APP10");
  Result<Quote> unknown =
      PriceQuote({.lines = {{"BUT-42", 1}}, .channel_id = "chn_web", .coupons = {"NIEMA"}});
  EXPECT_EQ(unknown->rejected[0].code, "unknown_coupon");
}

TEST_P(PricingTest, ACustomerRedeemsASingleUseCouponOnce) {
  SeedBase();
  ASSERT_OK(SeedCoupon({.code = "RAZ"}));
  ASSERT_OK(Redeem(
      {.code = "raz", .customer_id = "cus_1", .order_ref = "ord_1", .channel_id = "chn_web"}));
  Result<Redemption> again = Redeem(
      {.code = "RAZ", .customer_id = "cus_1", .order_ref = "ord_2", .channel_id = "chn_web"});
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*std::get_if<std::string>(again.error().Detail("reason")), "already_used");
  EXPECT_EQ(again.error().message, "coupon RAZ was already used by this customer");
  EXPECT_OK(Redeem(
      {.code = "RAZ", .customer_id = "cus_2", .order_ref = "ord_3", .channel_id = "chn_web"}));
  // The quote knows too.
  Result<Quote> quote = PriceQuote({.lines = {{"BUT-42", 1}},
                                    .customer_id = "cus_1",
                                    .channel_id = "chn_web",
                                    .coupons = {"RAZ"}});
  EXPECT_EQ(quote->rejected.at(0).code, "already_used");
  std::vector<std::string> types = ChangeTypes();
  EXPECT_EQ(std::count(types.begin(), types.end(), std::string(events::kCouponRedeemed.name)), 2);
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_->GetCoupon(tx, "raz"); })->uses, 2);
}

// Issue 12, finding 10: a fresh browser id was a fresh customer to a coupon once per
// customer; and a profile merged into another is the same person.
TEST_P(PricingTest, OncePerCustomerMeansOncePerKnownPerson) {
  SeedBase();
  ASSERT_OK(SeedCoupon({.code = "RAZ"}));
  Result<Redemption> browser = Redeem(
      {.code = "RAZ", .customer_id = "anon_fresh", .order_ref = "ord_1", .channel_id = "chn_web"});
  ASSERT_FALSE(browser.ok());
  EXPECT_EQ(browser.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*std::get_if<std::string>(browser.error().Detail("reason")), "known_customer_required");
  ASSERT_OK(Redeem(
      {.code = "RAZ", .customer_id = "cus_1", .order_ref = "ord_2", .channel_id = "chn_web"}));
  Result<Redemption> merged = Redeem(
      {.code = "RAZ", .customer_id = "cus_1_old", .order_ref = "ord_3", .channel_id = "chn_web"});
  ASSERT_FALSE(merged.ok());
  EXPECT_EQ(*std::get_if<std::string>(merged.error().Detail("reason")), "already_used");
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_->GetCoupon(tx, "raz"); })->uses, 1);
}

TEST_P(PricingTest, ACouponWithNUsesStopsAtN) {
  SeedBase();
  ASSERT_OK(SeedCoupon({.code = "DWA", .once_per_customer = false, .max_uses = 2}));
  for (int order = 0; order < 2; ++order) {
    ASSERT_OK(Redeem({.code = "DWA",
                      .customer_id = "cus_1",
                      .order_ref = "ord_" + std::to_string(order),
                      .channel_id = "chn_web"}));
  }
  Result<Redemption> third = Redeem(
      {.code = "DWA", .customer_id = "cus_2", .order_ref = "ord_9", .channel_id = "chn_web"});
  ASSERT_FALSE(third.ok());
  EXPECT_EQ(*std::get_if<std::string>(third.error().Detail("reason")), "used_up");
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_->GetCoupon(tx, "DWA"); })->uses, 2);
}

TEST_P(PricingTest, AnExpiredOrForeignChannelCouponIsNotRedeemed) {
  SeedBase();
  ASSERT_OK(SeedCoupon({.code = "ZIMA", .validity = {std::nullopt, clock_.Now() + Duration(10)}}));
  ASSERT_OK(SeedCoupon({.code = "APP10", .channel_id = "chn_app"}));
  clock_.Advance(Duration(10));
  Result<Redemption> expired =
      Redeem({.code = "ZIMA", .customer_id = "cus_1", .order_ref = "o", .channel_id = "chn_web"});
  EXPECT_EQ(*std::get_if<std::string>(expired.error().Detail("reason")), "expired");
  Result<Redemption> web =
      Redeem({.code = "APP10", .customer_id = "cus_1", .order_ref = "o", .channel_id = "chn_web"});
  EXPECT_EQ(web.error().message, "coupon APP10 is valid only in channel app");
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_->GetCoupon(tx, "APP10"); })->uses, 0);
}

TEST_P(PricingTest, AnAutomaticPromotionAppliesButACouponsOwnOnlyWithTheCode) {
  SeedBase();
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->CreatePromotion(tx, {.name = "Skarpety 3 za 2",
                                          .kind = PromotionKind::kBuyXGetY,
                                          .buy_quantity = 2,
                                          .free_quantity = 1,
                                          .skus = {"SKAR-1"}});
  }));
  ASSERT_OK(SeedCoupon({.code = "BUTY20"}, "20"));
  Result<Quote> without =
      PriceQuote({.lines = {{"SKAR-1", 3}, {"BUT-42", 1}}, .channel_id = "chn_web"});
  EXPECT_EQ(without->total_gross.minor, 2 * 1999 + 29999);
  Result<Quote> with = PriceQuote(
      {.lines = {{"SKAR-1", 3}, {"BUT-42", 1}}, .channel_id = "chn_web", .coupons = {"BUTY20"}});
  // Socks: 3 for 2 beats 20 % (19.99 vs 11.99); shoes: 20 % off.
  EXPECT_EQ(with->total_gross.minor, 2 * 1999 + 29999 - 6000);
}

TEST_P(PricingTest, AdjustmentsAreCheckedNamingTheField) {
  SeedBase();
  auto field_of = [&](std::vector<Adjustment> adjustments) -> std::string {
    Result<Quote> quote =
        PriceQuote({.lines = {{"BUT-42", 1}}, .channel_id = "chn_web", .adjustments = adjustments});
    if (quote.ok()) {
      return "ok";
    }
    EXPECT_EQ(quote.error().code, ErrorCode::kInvalidArgument);
    return *std::get_if<std::string>(quote.error().Detail("field"));
  };
  const Money ten{1000, Currency::Pln()};
  const Adjustment points{.kind = "loyalty_points", .amount = ten, .reason = "100 points"};
  EXPECT_EQ(field_of({points}), "ok");
  EXPECT_EQ(field_of({points, {.kind = "", .amount = ten}}), "adjustments[1].kind");
  EXPECT_EQ(field_of({{.kind = "Loyalty", .amount = ten}}), "adjustments[0].kind");
  EXPECT_EQ(field_of({{.kind = "loyalty-points", .amount = ten}}), "adjustments[0].kind");
  EXPECT_EQ(field_of({{.kind = std::string(41, 'a'), .amount = ten}}), "adjustments[0].kind");
  EXPECT_EQ(field_of({{.kind = std::string(40, 'a'), .amount = ten}}), "ok");
  EXPECT_EQ(field_of({{.kind = "points", .amount = Money{0, Currency::Pln()}}}),
            "adjustments[0].amount");
  EXPECT_EQ(field_of({points, {.kind = "points", .amount = Money{-5, Currency::Pln()}}}),
            "adjustments[1].amount");
  EXPECT_EQ(field_of({{.kind = "points", .amount = Money{5, Currency::Parse("EUR").value()}}}),
            "adjustments[0].amount");
  EXPECT_EQ(field_of({points, points, points, points, points}), "ok");
  EXPECT_EQ(field_of({points, points, points, points, points, points}), "adjustments");
}

TEST_P(PricingTest, AnAdjustmentComesAfterThePromotionAndIsCappedAtTheBasket) {
  SeedBase();
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->CreatePromotion(
        tx, {.name = "Wiosna", .kind = PromotionKind::kPercentOff, .percent = "20"});
  }));
  // 299.99 + 19.99; -20 % per line = 239.99 + 15.99 = 255.98; then 50.00 of points.
  Result<Quote> quote = PriceQuote({.lines = {{"BUT-42", 1}, {"SKAR-1", 1}},
                                    .channel_id = "chn_web",
                                    .adjustments = {{.kind = "loyalty_points",
                                                     .amount = Money{5000, Currency::Pln()},
                                                     .reason = "500 points"}}});
  ASSERT_OK(quote);
  EXPECT_EQ(quote->total_gross.minor, 25598 - 5000);
  EXPECT_EQ(quote->total_gross.minor, quote->total_net.minor + quote->total_vat.minor);
  int64_t split = 0;
  for (const PricedLine& line : quote->lines) {
    ASSERT_EQ(line.discounts.size(), 2u);
    EXPECT_EQ(line.discounts[1].kind, "loyalty_points");
    EXPECT_EQ(line.discounts[1].reason, "500 points");
    split += line.discounts[1].amount.minor;
  }
  EXPECT_EQ(split, 5000);
  Result<Quote> capped = PriceQuote(
      {.lines = {{"BUT-42", 1}},
       .channel_id = "chn_web",
       .adjustments = {{.kind = "loyalty_points", .amount = Money{1'000'000, Currency::Pln()}}}});
  ASSERT_OK(capped);
  EXPECT_EQ(capped->total_gross.minor, 0);
  EXPECT_EQ(capped->discount_total.minor, 29999);
}

OMNI_INSTANTIATE_BACKENDS(PricingTest);

}  // namespace
}  // namespace omnihub::pricing
