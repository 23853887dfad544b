// Contact, payment intent, loyalty points, parcel lockers, checkout and anonymous profiles.
#include <gtest/gtest.h>

#include "carts/carts.h"
#include "carts/codec.h"
#include "carts/events.h"
#include "carts/test_fixture.h"

namespace omnihub::carts {
namespace {

using test::kKrakow;

class CheckoutTest : public test::CartsFixture {
 protected:
  Result<Cart> SetContact(const Cart& cart, Contact contact,
                          std::optional<int64_t> if_match = std::nullopt) {
    return Write([&](storage::Tx& tx) {
      return service_->SetContact(tx, cart.id.str(), contact, if_match);
    });
  }
  Result<Cart> SetPayment(const Cart& cart, PaymentIntent payment,
                          std::optional<int64_t> if_match = std::nullopt) {
    return Write([&](storage::Tx& tx) {
      return service_->SetPayment(tx, cart.id.str(), payment, if_match);
    });
  }
  Result<Cart> SetPoints(const Cart& cart, int64_t points,
                         std::optional<int64_t> if_match = std::nullopt) {
    return Write([&](storage::Tx& tx) {
      return service_->SetRedeemPoints(tx, cart.id.str(), points, if_match);
    });
  }
  Result<Cart> Choose(const Cart& cart, Fulfilment f) {
    return Write([&](storage::Tx& tx) {
      return service_->SetFulfilment(tx, cart.id.str(), f, std::nullopt);
    });
  }
  Result<Cart> Begin(const Cart& cart, std::optional<int64_t> if_match = std::nullopt) {
    return Write(
        [&](storage::Tx& tx) { return service_->BeginCheckout(tx, cart.id.str(), if_match); });
  }
  static std::string DetailText(const Error& e, std::string_view key) {
    const DetailValue* v = e.Detail(key);
    return v != nullptr && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : "";
  }
};

TEST_P(CheckoutTest, ContactPaymentAndPointsAreKeptAndShown) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  GivePoints(customer, 1000);
  Cart cart = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(cart, "BUT-42", 1));
  Result<Cart> contact = SetContact(cart, {.email = " Ala@Example.com ",
                                           .phone = "+48 600-100-200",
                                           .name = "Ala Nowak",
                                           .address = "ul. Długa 1, 31-147 Kraków"});
  ASSERT_OK(contact);
  EXPECT_EQ(contact->version, 3);
  EXPECT_EQ(contact->contact.email, "Ala@Example.com");
  Result<Cart> paid = SetPayment(cart, {.method = "blik", .reference = "BLIK-123"}, 3);
  ASSERT_OK(paid);
  Result<Cart> points = SetPoints(cart, 200, 4);
  ASSERT_OK(points);
  EXPECT_EQ(points->version, 5);

  Cart reloaded = Get(cart).value();
  EXPECT_EQ(reloaded.contact.email, "Ala@Example.com");
  EXPECT_EQ(reloaded.contact.phone, "+48 600-100-200");
  EXPECT_EQ(reloaded.contact.name, "Ala Nowak");
  EXPECT_EQ(reloaded.contact.address, "ul. Długa 1, 31-147 Kraków");
  EXPECT_EQ(reloaded.payment.method, "blik");
  EXPECT_EQ(reloaded.payment.reference, "BLIK-123");
  EXPECT_EQ(reloaded.redeem_points, 200);
  EXPECT_EQ(reloaded.order_id, "");
  EXPECT_EQ(reloaded.priced_json, points->priced_json);

  json::Value shown = json::Parse(EncodeCart(reloaded)).value();
  EXPECT_EQ(*shown.Find("contact")->Find("email")->AsString(), "Ala@Example.com");
  EXPECT_EQ(*shown.Find("contact")->Find("address")->AsString(), "ul. Długa 1, 31-147 Kraków");
  EXPECT_EQ(*shown.Find("payment")->Find("method")->AsString(), "blik");
  EXPECT_EQ(*shown.Find("redeem_points")->AsInt(), 200);
  EXPECT_TRUE(shown.Find("order_id")->is_null());

  // "" clears a contact field; every field is replaced.
  Result<Cart> cleared = SetContact(cart, {.email = "ala@example.com"});
  ASSERT_OK(cleared);
  EXPECT_EQ(Get(cart)->contact.name, "");
  EXPECT_EQ(Get(cart)->contact.email, "ala@example.com");
  EXPECT_EQ(CartChanges().back().type, events::kUpdated.name);
}

TEST_P(CheckoutTest, BadContactAndPaymentAreRefusedNamingTheField) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  auto field = [](const Result<Cart>& r) { return DetailText(r.error(), "field"); };
  for (const std::string& bad :
       std::vector<std::string>{"ala", "ala@example", "a@b@c.pl", "@example.com",
                                "ala @example.com", std::string(310, 'a') + "@example.com"}) {
    Result<Cart> refused = SetContact(cart, {.email = bad});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(field(refused), "contact.email") << bad;
  }
  for (const std::string& bad :
       std::vector<std::string>{"12345", "600 100 200 abc", "+48 600 100 200 300 400 500 600"}) {
    Result<Cart> refused = SetContact(cart, {.phone = bad});
    ASSERT_FALSE(refused.ok()) << bad;
    EXPECT_EQ(field(refused), "contact.phone") << bad;
  }
  EXPECT_EQ(field(SetContact(cart, {.name = std::string(201, 'x')})), "contact.name");
  EXPECT_EQ(field(SetContact(cart, {.address = std::string(501, 'x')})), "contact.address");
  EXPECT_EQ(field(SetPayment(cart, {.method = "bitcoin"})), "payment.method");
  EXPECT_EQ(field(SetPayment(cart, {.method = "card", .reference = std::string(201, 'r')})),
            "payment.reference");
  EXPECT_EQ(SetPoints(cart, -1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Get(cart)->version, 1);
  ASSERT_OK(SetContact(cart, {.email = "ola@sklep.example.pl", .phone = "600100200"}));
}

TEST_P(CheckoutTest, AStaleIfMatchIsRefusedOnTheNewWrites) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "BUT-42", 1));
  EXPECT_EQ(SetContact(cart, {.name = "Ala"}, 1).error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(SetPayment(cart, {.method = "card"}, 1).error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(SetPoints(cart, 0, 1).error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(Begin(cart, 1).error().code, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(Get(cart)->version, 2);
}

TEST_P(CheckoutTest, PointsAreADiscountAndNeverAboveTheBalance) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  GivePoints(customer, 1000);
  Cart cart = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(cart, "BUT-42", 1));
  const int64_t full = Total(Get(cart).value());
  EXPECT_EQ(full, 29999);

  Result<Cart> above = SetPoints(cart, 1001);
  ASSERT_FALSE(above.ok());
  EXPECT_EQ(above.error().code, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(above.error(), "reason"), "points_above_balance");
  EXPECT_EQ(Get(cart)->version, 2);
  EXPECT_EQ(Get(cart)->redeem_points, 0);

  // 500 points = 50.00 PLN (the default programme: 100 points = 10.00 PLN).
  Result<Cart> redeemed = SetPoints(cart, 500);
  ASSERT_OK(redeemed);
  EXPECT_EQ(redeemed->redeem_points, 500);
  EXPECT_EQ(Total(*redeemed), full - 5000);
  json::Value adjustments = *Priced(*redeemed).Find("adjustments");
  ASSERT_EQ(adjustments.AsArray()->size(), 1u);
  EXPECT_EQ(*adjustments.AsArray()->at(0).Find("kind")->AsString(), "loyalty_points");
  EXPECT_EQ(*adjustments.AsArray()->at(0).Find("amount")->Find("amount")->AsInt(), 5000);
  EXPECT_EQ(*adjustments.AsArray()->at(0).Find("reason")->AsString(), "500 points");

  // The balance falls below the points: the next write drops them instead of failing.
  Result<loyalty::Entry> spent = Write(
      [&](storage::Tx& tx) { return loyalty_->Adjust(tx, customer, -800, "spent in store"); });
  ASSERT_OK(spent);
  Result<Cart> after = Add(cart, "SKAR-1", 1);
  ASSERT_OK(after);
  EXPECT_EQ(after->redeem_points, 0);
  EXPECT_EQ(Total(*after), full + 1999);
  ASSERT_OK(SetPoints(cart, 0));
}

TEST_P(CheckoutTest, PointsNeedACustomerAndLoyalty) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  GivePoints(customer, 1000);
  Cart cart = Create({.customer_id = customer}).value();
  std::unique_ptr<CartService> without =
      NewCartService(clock_, *pricing_, *customers_, *inventory_);
  Result<Cart> refused = Write([&](storage::Tx& tx) {
    return without->SetRedeemPoints(tx, cart.id.str(), 100, std::nullopt);
  });
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(DetailText(refused.error(), "reason"), "loyalty_unavailable");
}

TEST_P(CheckoutTest, AParcelLockerNeedsItsIdAndReleasesEveryHold) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "BUT-42", 2));
  ASSERT_OK(Choose(
      cart, {.kind = FulfilmentKind::kClickAndCollect, .location_id = std::string(kKrakow)}));
  EXPECT_EQ(Level(kKrakow)->available, 3);
  EXPECT_EQ(Choose(cart, {.kind = FulfilmentKind::kParcelLocker}).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Choose(cart, {.kind = FulfilmentKind::kParcelLocker, .locker_id = std::string(65, 'K')})
                .error()
                .code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Choose(cart, {.kind = FulfilmentKind::kShip, .locker_id = "KRA01M"}).error().code,
            ErrorCode::kInvalidArgument);
  Result<Cart> locker =
      Choose(cart, {.kind = FulfilmentKind::kParcelLocker, .locker_id = "KRA01M"});
  ASSERT_OK(locker);
  EXPECT_EQ(Level(kKrakow)->available, 5);
  Cart reloaded = Get(cart).value();
  EXPECT_EQ(reloaded.fulfilment.kind, FulfilmentKind::kParcelLocker);
  EXPECT_EQ(reloaded.fulfilment.locker_id, "KRA01M");
  EXPECT_TRUE(reloaded.lines[0].hold_id.empty());
  json::Value shown = json::Parse(EncodeCart(reloaded)).value();
  EXPECT_EQ(*shown.Find("fulfilment")->Find("type")->AsString(), "parcel_locker");
  EXPECT_EQ(*shown.Find("fulfilment")->Find("locker_id")->AsString(), "KRA01M");
}

TEST_P(CheckoutTest, AnEmptyCartCannotBeCheckedOut) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  Result<Cart> empty = Begin(cart);
  ASSERT_FALSE(empty.ok());
  EXPECT_EQ(empty.error().code, ErrorCode::kCartEmpty);
  EXPECT_NE(empty.error().message.find(cart.id.str()), std::string::npos);
}

// The cart's side of checkout: locked without a write, priced once, written once; its holds go
// to the order (or back on sale when the order does not take them).
TEST_P(CheckoutTest, CheckoutLocksPricesOnceAndHandsTheHoldsToTheOrder) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  GivePoints(customer, 1000);
  Cart cart = Create({.customer_id = customer}).value();
  ASSERT_OK(Add(cart, "BUT-42", 2));
  ASSERT_OK(Choose(
      cart, {.kind = FulfilmentKind::kClickAndCollect, .location_id = std::string(kKrakow)}));
  ASSERT_OK(SetContact(cart, {.email = "ala@example.com", .name = "Ala"}));
  ASSERT_OK(SetPayment(cart, {.method = "pay_at_pickup"}));
  Cart before = SetPoints(cart, 100).value();
  EXPECT_EQ(Level(kKrakow)->available, 3);

  // Step 1 locks without writing: same version, the holds still there.
  Result<Cart> begun = Begin(cart, before.version);
  ASSERT_OK(begun);
  EXPECT_EQ(begun->version, before.version);
  ASSERT_EQ(begun->lines.size(), 1u);
  EXPECT_EQ(begun->lines[0].quantity, 2);
  const std::string hold = begun->lines[0].hold_id;
  EXPECT_FALSE(hold.empty());
  EXPECT_EQ(begun->contact.name, "Ala");
  EXPECT_EQ(begun->redeem_points, 100);
  EXPECT_EQ(Level(kKrakow)->available, 3);

  // Step 2 prices once for the given customer, the points valued as a discount.
  Result<PricedCheckout> priced =
      Write([&](storage::Tx& tx) { return service_->PriceForCheckout(tx, *begun, customer); });
  ASSERT_OK(priced);
  EXPECT_EQ(priced->quote.total_gross.minor, 2 * 29999 - 1000);
  EXPECT_EQ(priced->points, 100);
  EXPECT_EQ(priced->points_value.minor, 1000);

  // Step 3 writes the cart once; the hold the order took stays held.
  Result<Cart> done = Write([&](storage::Tx& tx) {
    return service_->CompleteCheckout(tx, *begun, "ord_01JDEM0000000000000000000A", *priced,
                                      {hold});
  });
  ASSERT_OK(done);
  EXPECT_EQ(done->status, CartStatus::kCheckedOut);
  EXPECT_EQ(done->version, before.version + 1);
  EXPECT_EQ(Level(kKrakow)->available, 3);
  Cart reloaded = Get(cart).value();
  EXPECT_EQ(reloaded.status, CartStatus::kCheckedOut);
  EXPECT_EQ(reloaded.version, before.version + 1);
  EXPECT_EQ(reloaded.order_id, "ord_01JDEM0000000000000000000A");
  EXPECT_TRUE(reloaded.lines[0].hold_id.empty());  // the order's now, not the cart's
  EXPECT_EQ(Total(reloaded), 2 * 29999 - 1000);
  std::vector<changes::StoredChange> log = CartChanges();
  EXPECT_EQ(log.back().type, events::kCheckedOut.name);
  EXPECT_EQ(log.back().customer_id, customer);
  json::Value payload = json::Parse(log.back().payload_json).value();
  EXPECT_EQ(*payload.Find("id")->AsString(), cart.id.str());
  EXPECT_EQ(*payload.Find("order_id")->AsString(), "ord_01JDEM0000000000000000000A");
  EXPECT_EQ(*payload.Find("customer_id")->AsString(), customer);

  // A checked-out cart takes no more writes and no second checkout; its owner may start anew.
  Result<Cart> late = Add(cart, "SKAR-1", 1);
  ASSERT_FALSE(late.ok());
  EXPECT_EQ(late.error().code, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(late.error(), "status"), "checked_out");
  EXPECT_EQ(Begin(cart).error().code, ErrorCode::kConflict);
  EXPECT_EQ(Write([&](storage::Tx& tx) {
              return service_->CompleteCheckout(tx, *begun, "ord_2", *priced, {});
            })
                .error()
                .code,
            ErrorCode::kConflict);  // the cart it was given is no longer current
  ASSERT_OK(Create({.customer_id = customer}));
}

TEST_P(CheckoutTest, HoldsTheOrderDoesNotTakeGoBackOnSale) {
  Cart cart = Create({.anonymous_id = "anon-1"}).value();
  ASSERT_OK(Add(cart, "BUT-42", 2));
  ASSERT_OK(Choose(
      cart, {.kind = FulfilmentKind::kClickAndCollect, .location_id = std::string(kKrakow)}));
  EXPECT_EQ(Level(kKrakow)->available, 3);
  Result<Cart> done = Write([&](storage::Tx& tx) -> Result<Cart> {
    OMNI_ASSIGN_OR_RETURN(Cart begun, service_->BeginCheckout(tx, cart.id.str(), std::nullopt));
    OMNI_ASSIGN_OR_RETURN(PricedCheckout priced,
                          service_->PriceForCheckout(tx, begun, begun.customer_id));
    return service_->CompleteCheckout(tx, begun, "ord_01JDEM0000000000000000000B", priced, {});
  });
  ASSERT_OK(done);
  EXPECT_EQ(Level(kKrakow)->available, 5);
}

TEST_P(CheckoutTest, AnAnonymousCartBelongsToTheProfileOfItsAnonymousId) {
  Result<Cart> cart = Create({.anonymous_id = "anon-1"});
  ASSERT_OK(cart);
  EXPECT_TRUE(cart->customer_id.starts_with("cus_"));
  EXPECT_EQ(cart->anonymous_id, "anon-1");
  Result<std::optional<std::string>> profile = db().Read([&](storage::Tx& tx) {
    return customers_->Find(tx,
                            {.type = customers::IdentifierType::kAnonymousId, .value = "anon-1"});
  });
  ASSERT_OK(profile);
  EXPECT_EQ(profile->value_or(""), cart->customer_id);
  EXPECT_EQ(CartChanges().front().customer_id, cart->customer_id);

  // An anonymous id a known person already has: the cart is that person's.
  Result<customers::Resolution> known = Write([&](storage::Tx& tx) {
    return customers_->Write(
        tx,
        {.identifiers = {{.type = customers::IdentifierType::kEmail, .value = "ola@example.com"},
                         {.type = customers::IdentifierType::kAnonymousId, .value = "anon-2"}},
         .key_id = "key_test"});
  });
  ASSERT_OK(known);
  Result<Cart> hers = Create({.anonymous_id = "anon-2"});
  ASSERT_OK(hers);
  EXPECT_EQ(hers->customer_id, known->customer_id);
  for (CurrentQuery q :
       {CurrentQuery{"anonymous_id", "anon-2"}, CurrentQuery{"email", "ola@example.com"},
        CurrentQuery{"customer_id", known->customer_id}}) {
    Result<Cart> found = db().Read([&](storage::Tx& tx) { return service_->FindCurrent(tx, q); });
    ASSERT_OK(found);
    EXPECT_EQ(found->id, hers->id) << q.type;
  }
  // Still one active cart per person, whichever identifier starts it.
  Result<Cart> second = Create({.customer_id = known->customer_id});
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(DetailText(second.error(), "cart_id"), hers->id.str());
  EXPECT_EQ(Create({.anonymous_id = "anon-1"}).error().code, ErrorCode::kConflict);
}

OMNI_INSTANTIATE_BACKENDS(CheckoutTest);

}  // namespace
}  // namespace omnihub::carts
