// Checkout: a cart from any channel becomes an order in one transaction — or nothing changes.
#include "flows/checkout.h"

#include <gtest/gtest.h>

#include "inventory/events.h"
#include "testing/store_fixture.h"

namespace omnihub::flows {
namespace {

using omnihub::test::DetailText;
using omnihub::test::kGdansk;
using omnihub::test::kKrakow;

constexpr std::string_view kWarehouse = "loc_01JDEM0000WHS0000000000000";

class CheckoutTest : public omnihub::test::StoreFixture {
 protected:
  std::vector<storage::MigrationSet> ModuleMigrations() const override {
    return {loyalty::Migrations(), carts::Migrations(), orders::Migrations()};
  }
  void SetUp() override {
    StoreFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return inventory_->CreateLocation(tx, {.id = std::string(kWarehouse),
                                             .type = inventory::LocationType::kWarehouse,
                                             .name = "Magazyn",
                                             .lat = 51.76,
                                             .lon = 19.46});
    }));
    ASSERT_OK(Receive(kWarehouse, "BUT-42", 1));
    ASSERT_OK(Receive(kWarehouse, "SKAR-1", 50));
  }

  // An anonymous web cart with these lines.
  carts::Cart WebCart(std::vector<std::pair<std::string, int64_t>> lines,
                      std::string anonymous_id = "web-anon-1") {
    carts::Cart cart = Write([&](storage::Tx& tx) {
                         return carts_->Create(tx, {.anonymous_id = anonymous_id});
                       }).value();
    for (const auto& [sku, quantity] : lines) {
      cart = Write([&](storage::Tx& tx) {
               return carts_->AddLine(tx, cart.id.str(), sku, quantity, std::nullopt);
             }).value();
    }
    return cart;
  }
  carts::Cart Contact(const carts::Cart& cart, carts::Contact contact) {
    return Write([&](storage::Tx& tx) {
             return carts_->SetContact(tx, cart.id.str(), contact, std::nullopt);
           })
        .value();
  }
  Result<carts::Cart> Fulfil(const carts::Cart& cart, carts::Fulfilment f) {
    return Write(
        [&](storage::Tx& tx) { return carts_->SetFulfilment(tx, cart.id.str(), f, std::nullopt); });
  }
  Result<CheckoutResult> CheckOut(const carts::Cart& cart, CheckoutRequest req = {}) {
    req.cart_id = cart.id.str();
    return Write([&](storage::Tx& tx) { return flows::CheckOut(tx, services_, req); });
  }
  carts::Cart Reload(const carts::Cart& cart) {
    return db().Read([&](storage::Tx& tx) { return carts_->Get(tx, cart.id.str()); }).value();
  }
  int64_t Orders() {
    return db()
        .Read([&](storage::Tx& tx) { return orders_->List(tx, {.limit = 500}); })
        .value()
        .size();
  }

  std::unique_ptr<loyalty::LoyaltyService> loyalty_ = loyalty::NewLoyaltyService(clock_);
  std::unique_ptr<carts::CartService> carts_ =
      carts::NewCartService(clock_, *pricing_, *customers_, *inventory_, loyalty_.get());
  std::unique_ptr<orders::OrderService> orders_ =
      orders::NewOrderService(clock_, *pricing_, *customers_, *inventory_);
  CheckoutServices services_{
      .carts = *carts_, .orders = *orders_, .customers = *customers_, .loyalty = *loyalty_};
};

TEST_P(CheckoutTest, AGuestsCartBecomesAPaidShipOrderOfAKnownPerson) {
  carts::Cart cart = WebCart({{"SKAR-1", 2}});
  cart = Contact(cart, {.email = "Ewa.Nowak@example.pl",
                        .phone = "600 700 800",
                        .name = "Ewa Nowak",
                        .address = "ul. Długa 5, 31-019 Kraków"});
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return carts_->SetPayment(tx, cart.id.str(), {.method = "blik", .reference = "BLIK-77"},
                              std::nullopt);
  }));

  Result<CheckoutResult> done = CheckOut(cart);
  ASSERT_OK(done);
  const orders::Order& order = done->order;
  EXPECT_EQ(order.state, orders::OrderState::kPlaced);
  EXPECT_EQ(order.cart_id, cart.id.str());
  EXPECT_EQ(order.channel_id, "chn_web");
  EXPECT_EQ(order.fulfilment.kind, orders::FulfilmentKind::kShip);
  EXPECT_EQ(order.fulfilment.address, "ul. Długa 5, 31-019 Kraków");
  EXPECT_EQ(order.total.minor, 3998);
  EXPECT_EQ(order.paid.minor, 3998);  // the cart's BLIK payment, recorded for the total
  ASSERT_TRUE(done->payment.has_value());
  EXPECT_EQ(done->payment->method, orders::PaymentMethod::kBlik);
  EXPECT_EQ(done->payment->reference, "BLIK-77");
  ASSERT_EQ(order.allocations.size(), 1u);
  EXPECT_EQ(order.allocations[0].location_id, kWarehouse);
  EXPECT_EQ(Level(kWarehouse, "SKAR-1")->reserved, 2);

  // The order belongs to a person the whole network can find by the e-mail given.
  Result<std::optional<std::string>> ewa = db().Read([&](storage::Tx& tx) {
    return customers_->Find(
        tx, {.type = customers::IdentifierType::kEmail, .value = "ewa.nowak@example.pl"});
  });
  ASSERT_OK(ewa);
  ASSERT_TRUE(ewa->has_value());
  EXPECT_EQ(order.customer_id, **ewa);

  carts::Cart after = Reload(cart);
  EXPECT_EQ(after.status, carts::CartStatus::kCheckedOut);
  EXPECT_EQ(after.order_id, order.id.str());
  ASSERT_ERROR_CODE(CheckOut(cart), ErrorCode::kConflict);  // a second checkout
  EXPECT_EQ(Orders(), 1);
}

TEST_P(CheckoutTest, ClickAndCollectKeepsTheUnitsHeldFromCartToOrder) {
  carts::Cart cart = WebCart({{"BUT-42", 5}});  // every unit Kraków has
  ASSERT_OK(Fulfil(cart, {.kind = carts::FulfilmentKind::kClickAndCollect,
                          .location_id = std::string(kKrakow)}));
  EXPECT_EQ(Level(kKrakow)->available, 0);

  Result<CheckoutResult> done = CheckOut(cart);
  ASSERT_OK(done);
  EXPECT_EQ(done->order.fulfilment.kind, orders::FulfilmentKind::kClickAndCollect);
  EXPECT_EQ(done->order.fulfilment.location_id, kKrakow);
  EXPECT_FALSE(done->payment.has_value());  // nothing chosen: paid at the till
  EXPECT_EQ(Level(kKrakow)->reserved, 5);   // the order's holds, the cart's gone
  EXPECT_EQ(Level(kKrakow)->available, 0);
  Result<inventory::Reservation> hold = db().Read([&](storage::Tx& tx) {
    return inventory_->GetReservation(tx, done->order.allocations[0].hold_id);
  });
  ASSERT_OK(hold);
  EXPECT_EQ(hold->reference, done->order.id.str());
}

// Checkout hands the cart's holds to the order instead of letting go of the units and holding
// them again, and writes the cart's row once.
TEST_P(CheckoutTest, TheOrderTakesOverTheCartsHoldsAndTheCartIsWrittenOnce) {
  carts::Cart cart = WebCart({{"BUT-42", 2}});
  cart = Fulfil(cart, {.kind = carts::FulfilmentKind::kClickAndCollect,
                       .location_id = std::string(kKrakow)})
             .value();
  const std::string cart_hold = Reload(cart).lines[0].hold_id;
  ASSERT_FALSE(cart_hold.empty());
  const int64_t seq_before = ChangesOf("inventory").back().seq;
  const TimePoint at = clock_.Now();

  Result<CheckoutResult> done = CheckOut(cart, {.if_match = cart.version});
  ASSERT_OK(done);
  ASSERT_EQ(done->order.allocations.size(), 1u);
  EXPECT_EQ(done->order.allocations[0].hold_id, cart_hold);  // the same hold, now the order's
  Result<inventory::Reservation> hold =
      db().Read([&](storage::Tx& tx) { return inventory_->GetReservation(tx, cart_hold); });
  ASSERT_OK(hold);
  EXPECT_EQ(hold->status, inventory::ReservationStatus::kActive);
  EXPECT_EQ(hold->reference, done->order.id.str());
  EXPECT_EQ(hold->expires_at, at + orders::kPickupHold);
  EXPECT_EQ(Level(kKrakow)->reserved, 2);
  // Inventory's changes of the checkout: the hold reassigned, nothing released or held anew.
  std::vector<std::string> types;
  for (const changes::StoredChange& change : ChangesOf("inventory")) {
    if (change.seq > seq_before) {
      types.push_back(change.type);
    }
  }
  EXPECT_EQ(
      types,
      (std::vector<std::string>{std::string(inventory::events::kReservationReassigned.name)}));
  carts::Cart after = Reload(cart);
  EXPECT_EQ(after.version, cart.version + 1);  // one write of the row
  EXPECT_TRUE(after.lines[0].hold_id.empty());
}

// At the till, the units a click & collect cart holds at that store are the ones sold.
TEST_P(CheckoutTest, AnInStoreSaleSellsTheUnitsTheCartHolds) {
  carts::Cart cart = WebCart({{"BUT-42", 5}});  // every unit Kraków has
  ASSERT_OK(Fulfil(cart, {.kind = carts::FulfilmentKind::kClickAndCollect,
                          .location_id = std::string(kKrakow)}));
  const std::string cart_hold = Reload(cart).lines[0].hold_id;
  Result<CheckoutResult> done =
      CheckOut(cart, {.payment = orders::NewPayment{.method = orders::PaymentMethod::kCash},
                      .in_store_location_id = std::string(kKrakow)});
  ASSERT_OK(done);
  EXPECT_EQ(done->order.state, orders::OrderState::kCompleted);
  EXPECT_EQ(done->order.allocations[0].hold_id, cart_hold);
  EXPECT_EQ(Level(kKrakow)->on_hand, 0);
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
  Result<inventory::Reservation> hold =
      db().Read([&](storage::Tx& tx) { return inventory_->GetReservation(tx, cart_hold); });
  ASSERT_OK(hold);
  EXPECT_EQ(hold->status, inventory::ReservationStatus::kConfirmed);
}

TEST_P(CheckoutTest, TheLastUnitGoesToOneCartAndTheOtherIsToldWhichLineIsShort) {
  carts::Cart first = WebCart({{"BUT-42", 1}}, "buyer-1");
  carts::Cart second = WebCart({{"BUT-42", 1}, {"SKAR-1", 1}}, "buyer-2");
  for (const carts::Cart& c : {first, second}) {
    Contact(c, {.email = "kupujacy@example.pl", .address = "ul. Polna 1, 00-001 Warszawa"});
  }
  ASSERT_OK(CheckOut(first));  // the warehouse had one BUT-42
  Result<CheckoutResult> late = CheckOut(second);
  ASSERT_ERROR_CODE(late, ErrorCode::kInsufficientStock);
  EXPECT_EQ(DetailText(late.error(), "lines"), "BUT-42");

  // Nothing of the failed checkout stayed: the cart is still active and whole.
  carts::Cart kept = Reload(second);
  EXPECT_EQ(kept.status, carts::CartStatus::kActive);
  EXPECT_EQ(kept.lines.size(), 2u);
  EXPECT_EQ(Orders(), 1);
  EXPECT_EQ(Level(kWarehouse, "SKAR-1")->reserved, 0);
}

TEST_P(CheckoutTest, BadCheckoutsGetTheirCodesAndChangeNothing) {
  carts::Cart empty = WebCart({});
  ASSERT_ERROR_CODE(CheckOut(empty), ErrorCode::kCartEmpty);

  carts::Cart nowhere = WebCart({{"SKAR-1", 1}}, "no-address");
  Result<CheckoutResult> no_address = CheckOut(nowhere);
  ASSERT_ERROR_CODE(no_address, ErrorCode::kInvalidArgument);
  EXPECT_EQ(DetailText(no_address.error(), "field"), "contact.address");
  EXPECT_EQ(Reload(nowhere).status, carts::CartStatus::kActive);

  Result<carts::Cart> gdansk = Fulfil(nowhere, {.kind = carts::FulfilmentKind::kClickAndCollect,
                                                .location_id = std::string(kGdansk)});
  ASSERT_ERROR_CODE(gdansk, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(gdansk.error(), "reason"), "click_and_collect_not_offered");

  carts::Cart stale = Contact(nowhere, {.address = "ul. Polna 1, 00-001 Warszawa"});
  Result<CheckoutResult> old = CheckOut(stale, {.if_match = stale.version - 1});
  ASSERT_ERROR_CODE(old, ErrorCode::kPreconditionFailed);
  EXPECT_EQ(Orders(), 0);
  ASSERT_OK(CheckOut(stale, {.if_match = stale.version}));
}

TEST_P(CheckoutTest, RedeemedPointsArePricedAsADiscountAndSpentWithTheOrder) {
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  ASSERT_OK(Write([&](storage::Tx& tx) { return loyalty_->Adjust(tx, anna, 600, "welcome"); }));
  carts::Cart cart =
      Write([&](storage::Tx& tx) { return carts_->Create(tx, {.customer_id = anna}); }).value();
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return carts_->AddLine(tx, cart.id.str(), "BUT-42", 1, std::nullopt);
  }));
  ASSERT_OK(Fulfil(cart, {.kind = carts::FulfilmentKind::kClickAndCollect,
                          .location_id = std::string(kKrakow)}));
  cart = Write([&](storage::Tx& tx) {
           return carts_->SetRedeemPoints(tx, cart.id.str(), 500, std::nullopt);
         }).value();

  // The customer was shown the total with the points; the balance then drops under them.
  const int64_t shown = 29999 - 5000;
  ASSERT_OK(Write([&](storage::Tx& tx) { return loyalty_->Adjust(tx, anna, -200, "fix"); }));
  Result<CheckoutResult> surprise = CheckOut(cart, {.expected_total = shown});
  ASSERT_ERROR_CODE(surprise, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(surprise.error(), "reason"), "total_changed");
  EXPECT_EQ(Reload(cart).status, carts::CartStatus::kActive);
  ASSERT_OK(Write([&](storage::Tx& tx) { return loyalty_->Adjust(tx, anna, 200, "fix back"); }));
  cart = Write([&](storage::Tx& tx) {
           return carts_->SetRedeemPoints(tx, cart.id.str(), 500, std::nullopt);
         }).value();

  Result<CheckoutResult> done = CheckOut(cart, {.expected_total = shown});
  ASSERT_OK(done);
  EXPECT_EQ(done->points_redeemed, 500);
  EXPECT_EQ(done->order.subtotal.minor, 29999);
  EXPECT_EQ(done->order.total.minor, 29999 - 5000);  // 500 points = 50.00 PLN
  Result<loyalty::Balance> balance =
      db().Read([&](storage::Tx& tx) { return loyalty_->GetBalance(tx, anna); });
  ASSERT_OK(balance);
  EXPECT_EQ(balance->points, 100);

  // Above the balance: refused, and the cart keeps no points it cannot pay with.
  carts::Cart next =
      Write([&](storage::Tx& tx) { return carts_->Create(tx, {.customer_id = anna}); }).value();
  Result<carts::Cart> greedy = Write([&](storage::Tx& tx) {
    return carts_->SetRedeemPoints(tx, next.id.str(), 500, std::nullopt);
  });
  ASSERT_ERROR_CODE(greedy, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(greedy.error(), "reason"), "points_above_balance");
}

TEST_P(CheckoutTest, ACardNumberInThePaymentReferenceIsRefusedBeforeAnythingIsStored) {
  carts::Cart cart = WebCart({{"SKAR-1", 1}});
  Contact(cart, {.address = "ul. Polna 1, 00-001 Warszawa"});
  Result<CheckoutResult> done =
      CheckOut(cart, {.payment = orders::NewPayment{.method = orders::PaymentMethod::kCard,
                                                    .reference = "4111 1111 1111 1111"}});
  // The HTTP layer refuses it first; the service guards its other callers too.
  ASSERT_ERROR_CODE(done, ErrorCode::kCardNumberForbidden);
  EXPECT_EQ(DetailText(done.error(), "field"), "payment.reference");
  EXPECT_EQ(Orders(), 0);
  EXPECT_EQ(Reload(cart).status, carts::CartStatus::kActive);
}

OMNI_INSTANTIATE_BACKENDS(CheckoutTest);

}  // namespace
}  // namespace omnihub::flows
