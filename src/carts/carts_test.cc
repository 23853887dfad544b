#include "carts/carts.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "carts/events.h"
#include "carts/test_fixture.h"

namespace omnihub::carts {
namespace {

using test::kGdansk;
using test::kKrakow;
using test::kWarsaw;

class CartsTest : public test::CartsFixture {};

std::string DetailText(const Error& e, std::string_view key) {
  const DetailValue* v = e.Detail(key);
  return v != nullptr && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : "";
}

TEST_P(CartsTest, EveryChangeRepricesTheCartAndBumpsItsVersion) {
  Result<Cart> cart = Create({.anonymous_id = "anon-1"});
  ASSERT_OK(cart);
  EXPECT_TRUE(cart->id.str().starts_with("crt_"));
  EXPECT_EQ(cart->version, 1);
  EXPECT_EQ(cart->channel_id, "chn_web");
  EXPECT_EQ(Total(*cart), 0);
  ASSERT_OK(Add(*cart, "BUT-42", 2));
  Result<Cart> after = Add(*cart, "SKAR-1", 1);
  ASSERT_OK(after);
  EXPECT_EQ(after->version, 3);
  ASSERT_EQ(after->lines.size(), 2u);
  EXPECT_EQ(Total(*after), 61997);
  json::Value priced = Priced(*after);
  EXPECT_EQ(*priced.Find("lines")->AsArray()->at(0).Find("unit_price")->Find("amount")->AsInt(),
            29999);

  ASSERT_OK(Add(*cart, "BUT-42", 1));  // the same SKU adds to its line
  Result<Cart> updated = Write([&](storage::Tx& tx) {
    return service_->SetLineQuantity(tx, cart->id.str(), "SKAR-1", 4, std::nullopt);
  });
  ASSERT_OK(updated);
  EXPECT_EQ(updated->lines[0].quantity, 3);
  EXPECT_EQ(Total(*updated), 97993);
  Result<Cart> removed = Write([&](storage::Tx& tx) {
    return service_->RemoveLine(tx, cart->id.str(), "BUT-42", std::nullopt);
  });
  ASSERT_OK(removed);
  EXPECT_EQ(removed->version, 6);
  EXPECT_EQ(Total(*removed), 7996);
  ASSERT_OK(Get(*cart));
  EXPECT_EQ(Get(*cart)->priced_json, removed->priced_json);

  std::vector<changes::StoredChange> log = CartChanges();
  ASSERT_EQ(log.size(), 6u);
  EXPECT_EQ(log[0].type, events::kCreated.name);
  EXPECT_EQ(log[5].type, events::kUpdated.name);
  // An anonymous cart belongs to the profile of its anonymous id.
  EXPECT_FALSE(cart->customer_id.empty());
  EXPECT_EQ(log[5].customer_id, cart->customer_id);
}

TEST_P(CartsTest, BadInputIsRefusedAndChangesNothing) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  EXPECT_EQ(Add(cart, "BUT-42", 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Add(cart, "BUT-42", 1000).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Add(cart, "NOPE", 1).error().code, ErrorCode::kNotFound);
  ASSERT_OK(Add(cart, "BUT-42", 990));
  EXPECT_EQ(Add(cart, "BUT-42", 10).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Create({}).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Create({.customer_id = "cus_01JDEM0000000000000000000X"}).error().code,
            ErrorCode::kNotFound);
  Result<Cart> missing = Write([&](storage::Tx& tx) {
    return service_->SetLineQuantity(tx, cart.id.str(), "SKAR-1", 1, std::nullopt);
  });
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Get(cart)->version, 2);
}

TEST_P(CartsTest, OneActiveCartPerOwner) {
  Cart first = Create({.anonymous_id = "anon-1"}).value();
  Result<Cart> second = Create({.anonymous_id = "anon-1"});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(second.error(), "cart_id"), first.id.str());
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  ASSERT_OK(Create({.customer_id = customer}));
  EXPECT_EQ(Create({.customer_id = customer}).error().code, ErrorCode::kConflict);
}

TEST_P(CartsTest, AnyChannelFindsTheCurrentCartByAnyIdentifier) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  Cart cart = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(cart, "BUT-42", 1));
  Cart anonymous = Create({.anonymous_id = "anon-9"}).value();
  for (CurrentQuery q :
       {CurrentQuery{"customer_id", customer}, CurrentQuery{"email", " ALA@example.com"},
        CurrentQuery{"phone", "600 100 200"}}) {
    Result<Cart> found = db().Read([&](storage::Tx& tx) { return service_->FindCurrent(tx, q); });
    ASSERT_OK(found);
    EXPECT_EQ(found->id, cart.id) << q.type;
    EXPECT_EQ(found->lines.size(), 1u);
  }
  Result<Cart> by_anon = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"anonymous_id", "anon-9"});
  });
  ASSERT_OK(by_anon);
  EXPECT_EQ(by_anon->id, anonymous.id);
  Result<Cart> nobody = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"email", "ola@example.com"});
  });
  EXPECT_EQ(nobody.error().code, ErrorCode::kNotFound);
  Result<Cart> bad = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"shoe_size", "42"});
  });
  EXPECT_EQ(bad.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(CartsTest, MergeSumsTheSameSkuCappedAndIsIdempotent) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  Cart mine = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(mine, "BUT-42", 3));
  Cart anon = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(anon, "BUT-42", 2));
  ASSERT_OK(Add(anon, "SKAR-1", 1));
  Result<MergeResult> merged = Write([&](storage::Tx& tx) {
    return service_->MergeInto(tx, {.anonymous_id = "anon-1", .customer_id = customer});
  });
  ASSERT_OK(merged);
  EXPECT_TRUE(merged->merged);
  EXPECT_EQ(merged->from_cart_id, anon.id.str());
  ASSERT_TRUE(merged->cart.has_value());
  EXPECT_EQ(merged->cart->id, mine.id);
  ASSERT_EQ(merged->cart->lines.size(), 2u);
  EXPECT_EQ(merged->cart->lines[0].quantity, 5);
  EXPECT_EQ(merged->cart->lines[1].sku, "SKAR-1");
  EXPECT_EQ(Total(*merged->cart), 151994);
  EXPECT_EQ(Get(anon)->status, CartStatus::kMerged);
  std::vector<changes::StoredChange> log = CartChanges();
  EXPECT_EQ(log.back().type, events::kMerged.name);
  EXPECT_EQ(log.back().customer_id, customer);

  // The identity merge replayed through the change log: nothing happens.
  Result<MergeResult> again = Write([&](storage::Tx& tx) {
    return service_->MergeInto(tx, {.anonymous_id = "anon-1", .customer_id = customer});
  });
  ASSERT_OK(again);
  EXPECT_FALSE(again->merged);
  EXPECT_EQ(again->cart->lines[0].quantity, 5);

  // The cap: 999 + 5 stays 999.
  Cart other = Create({.anonymous_id = "anon-2"}).value();
  ASSERT_OK(Add(other, "BUT-42", 999));
  Result<MergeResult> capped = Write([&](storage::Tx& tx) {
    return service_->MergeInto(tx, {.from_cart_id = other.id.str(), .customer_id = customer});
  });
  ASSERT_OK(capped);
  EXPECT_EQ(capped->cart->lines[0].quantity, kMaxLineQuantity);
}

TEST_P(CartsTest, MergeWithoutACustomerCartHandsTheAnonymousCartOver) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  Cart anon = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(anon, "SKAR-1", 2));
  Result<MergeResult> merged = Write([&](storage::Tx& tx) {
    return service_->MergeInto(tx, {.anonymous_id = "anon-1", .customer_id = customer});
  });
  ASSERT_OK(merged);
  EXPECT_EQ(merged->cart->id, anon.id);
  EXPECT_EQ(merged->cart->customer_id, customer);
  Result<Cart> found = db().Read([&](storage::Tx& tx) {
    return service_->FindCurrent(tx, {"email", "ala@example.com"});
  });
  ASSERT_OK(found);
  EXPECT_EQ(found->id, anon.id);
  EXPECT_EQ(found->lines[0].quantity, 2);
}

TEST_P(CartsTest, AStaleIfMatchIsRefusedWithTheCurrentVersion) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "BUT-42", 1, 1));
  Result<Cart> stale = Add(cart, "SKAR-1", 1, 1);
  ASSERT_FALSE(stale.ok());
  EXPECT_EQ(stale.error().code, ErrorCode::kPreconditionFailed);
  const DetailValue* version = stale.error().Detail("version");
  ASSERT_NE(version, nullptr);
  EXPECT_EQ(std::get<int64_t>(*version), 2);
  EXPECT_EQ(Get(cart)->version, 2);
  EXPECT_EQ(Get(cart)->lines.size(), 1u);
  ASSERT_OK(Add(cart, "SKAR-1", 1, 2));
}

TEST_P(CartsTest, TwoChannelsEditingAtOnceNeverLoseAnUpdate) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  constexpr int kPerChannel = 10;
  std::atomic<int> failures = 0;
  auto edit = [&](std::string channel, std::string sku) {
    for (int i = 0; i < kPerChannel; ++i) {
      Result<Cart> done = Write(
          [&](storage::Tx& tx) {
            return service_->AddLine(tx, cart.id.str(), sku, 1, std::nullopt);
          },
          channel);
      if (!done.ok()) {
        ++failures;
      }
    }
  };
  std::thread app(edit, "chn_app", "BUT-42");
  std::thread web(edit, "chn_web", "SKAR-1");
  app.join();
  web.join();
  EXPECT_EQ(failures.load(), 0);
  Cart after = Get(cart).value();
  EXPECT_EQ(after.version, 1 + 2 * kPerChannel);
  ASSERT_EQ(after.lines.size(), 2u);
  EXPECT_EQ(after.lines[0].quantity + after.lines[1].quantity, 2 * kPerChannel);
  EXPECT_EQ(after.lines[0].quantity, kPerChannel);
}

TEST_P(CartsTest, TwoChannelsWritingTheSameVersionAtOnceOneGets412) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  std::atomic<int> ok = 0;
  std::atomic<int> stale = 0;
  auto edit = [&](std::string channel, std::string sku) {
    Result<Cart> done = Write(
        [&](storage::Tx& tx) { return service_->AddLine(tx, cart.id.str(), sku, 1, 1); }, channel);
    if (done.ok()) {
      ++ok;
    } else if (done.error().code == ErrorCode::kPreconditionFailed) {
      ++stale;
    }
  };
  std::thread app(edit, "chn_app", "BUT-42");
  std::thread pos(edit, "chn_pos", "SKAR-1");
  app.join();
  pos.join();
  EXPECT_EQ(ok.load(), 1);
  EXPECT_EQ(stale.load(), 1);
  Cart after = Get(cart).value();
  EXPECT_EQ(after.version, 2);
  EXPECT_EQ(after.lines.size(), 1u);
}

TEST_P(CartsTest, ClickAndCollectHoldsTheStockAndReleasesIt) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "BUT-42", 2));
  auto choose = [&](FulfilmentKind kind, std::string_view at) {
    return Write([&](storage::Tx& tx) {
      return service_->SetFulfilment(tx, cart.id.str(),
                                     {.kind = kind, .location_id = std::string(at)}, std::nullopt);
    });
  };
  Result<Cart> refused = choose(FulfilmentKind::kClickAndCollect, kGdansk);
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(refused.error(), "reason"), "click_and_collect_not_offered");

  Result<Cart> held = choose(FulfilmentKind::kClickAndCollect, kKrakow);
  ASSERT_OK(held);
  EXPECT_FALSE(held->lines[0].hold_id.empty());
  EXPECT_EQ(*held->lines[0].hold_expires_at, clock_.Now() + kHoldFor);
  EXPECT_EQ(Level(kKrakow)->available, 3);

  ASSERT_OK(Add(cart, "BUT-42", 1));  // the hold follows the quantity
  EXPECT_EQ(Level(kKrakow)->available, 2);
  ASSERT_OK(Add(cart, "SKAR-1", 1));
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->available, 9);

  Result<Cart> too_many = Add(cart, "BUT-42", 3);  // 6 > 5 on hand
  ASSERT_FALSE(too_many.ok());
  EXPECT_EQ(too_many.error().code, ErrorCode::kInsufficientStock);
  EXPECT_EQ(DetailText(too_many.error(), "sku"), "BUT-42");
  EXPECT_EQ(Get(cart)->lines[0].quantity, 3);
  EXPECT_EQ(Level(kKrakow)->available, 2);

  ASSERT_OK(choose(FulfilmentKind::kClickAndCollect, kWarsaw));  // the store changes
  EXPECT_EQ(Level(kKrakow)->available, 5);
  EXPECT_EQ(Level(kWarsaw)->available, 2);

  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->RemoveLine(tx, cart.id.str(), "SKAR-1", std::nullopt);
  }));
  EXPECT_EQ(Level(kWarsaw, "SKAR-1")->available, 10);

  ASSERT_OK(choose(FulfilmentKind::kShip, ""));
  EXPECT_EQ(Level(kWarsaw)->available, 5);
  EXPECT_TRUE(Get(cart)->lines[0].hold_id.empty());
}

TEST_P(CartsTest, IdleCartsAreAbandonedAndTheirHoldsReleased) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  Cart idle = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(idle, "BUT-42", 1));
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->SetFulfilment(
        tx, idle.id.str(),
        {.kind = FulfilmentKind::kClickAndCollect, .location_id = std::string(kKrakow)},
        std::nullopt);
  }));
  EXPECT_EQ(Level(kKrakow)->available, 4);
  clock_.Advance(std::chrono::minutes(50));
  Cart busy = Create({.anonymous_id = "anon-1"}).value();
  clock_.Advance(std::chrono::minutes(20));
  Result<int64_t> marked = Write([&](storage::Tx& tx) {
    return service_->MarkAbandoned(tx, clock_.Now(), std::chrono::hours(1));
  });
  ASSERT_OK(marked);
  EXPECT_EQ(*marked, 1);
  EXPECT_EQ(Get(idle)->status, CartStatus::kAbandoned);
  EXPECT_EQ(Get(busy)->status, CartStatus::kActive);
  EXPECT_EQ(Level(kKrakow)->available, 5);
  std::vector<changes::StoredChange> log = CartChanges();
  EXPECT_EQ(log.back().type, events::kAbandoned.name);
  EXPECT_EQ(log.back().customer_id, customer);
  // An abandoned cart takes no more writes, and its owner may start a new one.
  EXPECT_EQ(Add(idle, "BUT-42", 1).error().code, ErrorCode::kConflict);
  ASSERT_OK(Create({.customer_id = customer}));
}

TEST_P(CartsTest, CouponsApplyThroughPricingAndBadOnesGetTheirCode) {
  Result<pricing::Promotion> promo = Write([&](storage::Tx& tx) {
    return pricing_->CreatePromotion(
        tx, {.name = "Kupon", .kind = pricing::PromotionKind::kPercentOff, .percent = "10"});
  });
  ASSERT_OK(promo);
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return pricing_->CreateCoupon(tx, {.code = "WIOSNA10", .promotion_id = promo->id.str()});
  }));
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return pricing_->CreateCoupon(tx, {.code = "STARY",
                                       .promotion_id = promo->id.str(),
                                       .validity = {.to = clock_.Now() - std::chrono::hours(1)}});
  }));
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "SKAR-1", 10));
  auto add = [&](std::string code) {
    return Write([&](storage::Tx& tx) {
      return service_->AddCoupon(tx, cart.id.str(), code, std::nullopt);
    });
  };
  Result<Cart> with = add("wiosna10");
  ASSERT_OK(with);
  EXPECT_EQ(with->coupons, std::vector<std::string>{"WIOSNA10"});
  EXPECT_EQ(Total(*with), 17991);
  json::Value priced = Priced(*with);
  ASSERT_EQ(priced.Find("applied_promotions")->AsArray()->size(), 1u);
  EXPECT_EQ(add("NIEMA").error().code, ErrorCode::kNotFound);
  Result<Cart> expired = add("STARY");
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(expired.error(), "reason"), "expired");
  Result<Cart> without = Write([&](storage::Tx& tx) {
    return service_->RemoveCoupon(tx, cart.id.str(), "WIOSNA10", std::nullopt);
  });
  ASSERT_OK(without);
  EXPECT_EQ(Total(*without), 19990);
}

OMNI_INSTANTIATE_BACKENDS(CartsTest);

}  // namespace
}  // namespace omnihub::carts
