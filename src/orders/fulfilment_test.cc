// Ship orders sourced across locations, the store hand-over, the pickup sweeper, coupons at
// order time and add-on suggestions.
#include <gtest/gtest.h>

#include "orders/events.h"
#include "orders/orders.h"
#include "orders/test_fixture.h"

namespace omnihub::orders {
namespace {

using omnihub::test::DetailInt;
using omnihub::test::DetailText;
using test::kGdyniaDarkStore;
using test::kKrakow;
using test::kLodzWarehouse;

class FulfilmentTest : public test::OrdersFixture {
 protected:
  Result<Order> HandOver(const Order& order, std::optional<NewPayment> payment) {
    return Write([&](storage::Tx& tx) { return service_->HandOver(tx, order.id.str(), payment); },
                 "");
  }
  Result<Order> ReadyForPickup(std::vector<NewLine> lines, std::string customer_id = "") {
    Result<Order> order = Collect(std::move(lines), std::move(customer_id));
    if (!order.ok()) {
      return order;
    }
    OMNI_TRY(Move(*order, OrderState::kAllocated));
    return Move(*order, OrderState::kReadyForPickup);
  }
};

TEST_P(FulfilmentTest, AShipOrderComesFromTheNearestLocationThatHasItAllAndSaysWhy) {
  // Warsaw (00-…) is nearer Łódź than Gdynia, and Łódź has both SKUs.
  Result<Order> order = Ship({{.sku = "BUT-42", .quantity = 2}, {.sku = "SKAR-1", .quantity = 1}},
                             "ul. Marszałkowska 1, 00-001 Warszawa");
  ASSERT_OK(order);
  EXPECT_EQ(order->sourcing.strategy, "single_location");
  ASSERT_EQ(order->allocations.size(), 2u);
  for (const Allocation& a : order->allocations) {
    EXPECT_EQ(a.location_id, kLodzWarehouse);
    EXPECT_FALSE(a.hold_id.empty());
  }
  EXPECT_NE(order->sourcing.explanation.find("Łódź DC"), std::string::npos)
      << order->sourcing.explanation;
  ASSERT_EQ(order->sourcing.considered.size(), 2u);  // the stores without ship-from-store: no
  ASSERT_TRUE(order->sourcing.considered[0].distance_km.has_value());
  EXPECT_EQ(Level(kLodzWarehouse)->reserved, 2);

  // Shipping is the sale: the units leave the warehouse's shelf.
  ASSERT_OK(Move(*order, OrderState::kAllocated));
  ASSERT_OK(Move(*order, OrderState::kShipped));
  EXPECT_EQ(Level(kLodzWarehouse)->on_hand, 1);
  EXPECT_EQ(Level(kLodzWarehouse)->reserved, 0);
  Result<Order> stored = Get(*order);
  ASSERT_OK(stored);
  EXPECT_EQ(stored->sourcing.explanation, order->sourcing.explanation);
}

TEST_P(FulfilmentTest, AnOrderNoLocationCanServeAloneIsSplitAndExplained) {
  // Łódź has 3 and Gdynia 4 of BUT-42; a locker order near Gdańsk for 6.
  Result<Order> order = Create(
      {.lines = {{.sku = "BUT-42", .quantity = 6}},
       .fulfilment = {
           .kind = FulfilmentKind::kParcelLocker, .locker_id = "GDA01M", .postcode = "80-001"}});
  ASSERT_OK(order);
  EXPECT_EQ(order->sourcing.strategy, "split");
  int64_t from_gdynia = 0;
  int64_t from_lodz = 0;
  for (const Allocation& a : order->allocations) {
    (a.location_id == kGdyniaDarkStore ? from_gdynia : from_lodz) += a.quantity;
  }
  EXPECT_EQ(from_gdynia, 4);
  EXPECT_EQ(from_lodz, 2);
  EXPECT_NE(order->sourcing.explanation.find("2 parcels"), std::string::npos)
      << order->sourcing.explanation;
  EXPECT_EQ(Level(kGdyniaDarkStore)->available, 0);
  EXPECT_EQ(Level(kLodzWarehouse)->available, 1);

  // Cancelling gives every split hold back.
  ASSERT_OK(Move(*order, OrderState::kCancelled));
  EXPECT_EQ(Level(kGdyniaDarkStore)->available, 4);
  EXPECT_EQ(Level(kLodzWarehouse)->available, 3);
  EXPECT_EQ(Get(*order)->cancel_reason, "requested");
}

TEST_P(FulfilmentTest, AShipOrderTheNetworkCannotCoverNamesItsShortLinesAndStoresNothing) {
  Result<Order> order = Ship({{.sku = "BUT-42", .quantity = 8}, {.sku = "SKAR-1", .quantity = 21}});
  ASSERT_ERROR_CODE(order, ErrorCode::kInsufficientStock);
  EXPECT_EQ(DetailText(order.error(), "lines"), "BUT-42,SKAR-1");
  EXPECT_EQ(DetailInt(order.error(), "available"), 7);
  EXPECT_EQ(OrderCount(), 0);
  EXPECT_EQ(Level(kLodzWarehouse)->reserved, 0);
}

TEST_P(FulfilmentTest, TheStoreHandsOverOnlyAPaidOrderAndThatCompletesIt) {
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  Result<Order> order = ReadyForPickup({{.sku = "BUT-42", .quantity = 1}}, anna);
  ASSERT_OK(order);

  Result<Order> unpaid = HandOver(*order, std::nullopt);
  ASSERT_ERROR_CODE(unpaid, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(unpaid.error(), "reason"), "payment_outstanding");
  EXPECT_EQ(DetailInt(unpaid.error(), "outstanding"), 29999);
  EXPECT_EQ(Get(*order)->state, OrderState::kReadyForPickup);

  Result<Order> done =
      HandOver(*order, NewPayment{.method = PaymentMethod::kCash, .amount = {.minor = 29999}});
  ASSERT_OK(done);
  EXPECT_EQ(done->state, OrderState::kCompleted);
  EXPECT_EQ(done->paid.minor, 29999);
  EXPECT_EQ(Level(kKrakow)->on_hand, 4);
  std::vector<std::string> types;
  for (const changes::StoredChange& c : OrderChanges()) {
    types.push_back(c.type);
  }
  ASSERT_GE(types.size(), 3u);
  EXPECT_EQ(types[types.size() - 3], events::kPaymentRecorded.name);
  EXPECT_EQ(types[types.size() - 2], events::kPickedUp.name);
  EXPECT_EQ(types.back(), events::kCompleted.name);

  // Handing over twice is refused with the state it is in.
  Result<Order> again = HandOver(*order, std::nullopt);
  ASSERT_ERROR_CODE(again, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(again.error(), "current_state"), "completed");
}

// Issue 12, finding 10: the generic transitions used to let an unpaid pickup go (picked_up,
// then completed), and a pending payment counted as paid at the hand-over.
TEST_P(FulfilmentTest, NoWayOutOfTheShopForGoodsWhosePaymentIsNotCaptured) {
  Result<Order> order = ReadyForPickup({{.sku = "BUT-42", .quantity = 1}});
  ASSERT_OK(order);
  const NewPayment promised{.method = PaymentMethod::kTransfer,
                            .amount = {.minor = 29999},
                            .reference = "transfer ordered",
                            .status = PaymentStatus::kPending};
  ASSERT_OK(Write([&](storage::Tx& tx) {
    return service_->RecordPayment(tx, order->id.str(), promised);
  }, ""));

  for (Result<Order> refused : {HandOver(*order, std::nullopt), Move(*order, OrderState::kPickedUp)}) {
    ASSERT_ERROR_CODE(refused, ErrorCode::kConflict);
    EXPECT_EQ(DetailText(refused.error(), "reason"), "payment_outstanding");
    EXPECT_EQ(DetailInt(refused.error(), "outstanding"), 29999);
  }
  EXPECT_EQ(Get(*order)->state, OrderState::kReadyForPickup);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  EXPECT_EQ(Get(*order)->paid.minor, 0);  // the promise is recorded, not counted
  // The money taken at the till is what lets the goods go.
  Result<Order> handed = HandOver(*order, NewPayment{.method = PaymentMethod::kCash,
                                                     .amount = {.minor = 29999},
                                                     .status = PaymentStatus::kCaptured});
  ASSERT_OK(handed);
  EXPECT_EQ(handed->state, OrderState::kCompleted);

  Result<Order> sent = Ship({{.sku = "SKAR-1", .quantity = 1}});
  ASSERT_OK(sent);
  for (OrderState to : {OrderState::kAllocated, OrderState::kShipped, OrderState::kDelivered}) {
    ASSERT_OK(Move(*sent, to));
  }
  Result<Order> unpaid = Move(*sent, OrderState::kCompleted);
  ASSERT_ERROR_CODE(unpaid, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(unpaid.error(), "reason"), "payment_outstanding");
  ASSERT_OK(PaidAtTill(*sent));
  EXPECT_OK(Move(*sent, OrderState::kCompleted));
}

TEST_P(FulfilmentTest, APickupNotCollectedInTimeExpiresAndItsStockGoesBack) {
  Result<Order> waiting = ReadyForPickup({{.sku = "BUT-42", .quantity = 2}});
  ASSERT_OK(waiting);
  clock_.Advance(std::chrono::hours(1));
  Result<Order> later = Collect({{.sku = "BUT-42", .quantity = 1}});
  ASSERT_OK(later);
  EXPECT_EQ(Level(kKrakow)->available, 2);

  auto sweep = [&] {
    return Write([&](storage::Tx& tx) { return service_->ExpirePickups(tx, clock_.Now()); }, "");
  };
  ASSERT_EQ(sweep().value(), 0);
  clock_.Advance(kPickupHold - std::chrono::minutes(30));  // the first is due, not the second
  ASSERT_EQ(sweep().value(), 1);
  Result<Order> expired = Get(*waiting);
  EXPECT_EQ(expired->state, OrderState::kCancelled);
  EXPECT_EQ(expired->cancel_reason, "pickup_expired");
  EXPECT_EQ(Get(*later)->state, OrderState::kPlaced);
  EXPECT_EQ(Level(kKrakow)->available, 4);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  const changes::StoredChange last = OrderChanges().back();
  EXPECT_EQ(last.type, events::kCancelled.name);
  EXPECT_NE(last.payload_json.find("\"reason\":\"pickup_expired\""), std::string::npos);
  ASSERT_EQ(sweep().value(), 0);  // a second pass finds nothing more
}

TEST_P(FulfilmentTest, ACouponThatCannotBeUsedRefusesTheOrderAndAUsedOneCountsOnce) {
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
    OMNI_ASSIGN_OR_RETURN(pricing::Promotion promo,
                          pricing_->CreatePromotion(
                              tx, {.name = "Wiosna", .percent = "10", .requires_coupon = true}));
    OMNI_TRY(pricing_->CreateCoupon(tx, {.code = "RAZ", .promotion_id = promo.id.str()}));
    OMNI_TRY(
        pricing_->CreateCoupon(tx, {.code = "STARY",
                                    .promotion_id = promo.id.str(),
                                    .validity = {.to = clock_.Now() - std::chrono::hours(1)}}));
    return Ok();
  }));
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  auto order_with = [&](std::string code) {
    return Create({.lines = {{.sku = "SKAR-1", .quantity = 1}},
                   .customer_id = anna,
                   .fulfilment = {.kind = FulfilmentKind::kClickAndCollect,
                                  .location_id = std::string(kKrakow)},
                   .coupons = {std::move(code)}});
  };
  Result<Order> expired = order_with("stary");
  ASSERT_ERROR_CODE(expired, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(expired.error(), "reason"), "expired");
  EXPECT_EQ(DetailText(expired.error(), "code"), "STARY");
  EXPECT_EQ(OrderCount(), 0);
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->reserved, 0);

  Result<Order> first = order_with("RAZ");
  ASSERT_OK(first);
  EXPECT_EQ(first->discount_total.minor, 200);
  Result<Order> second = order_with("RAZ");  // once per customer
  ASSERT_ERROR_CODE(second, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(second.error(), "reason"), "already_used");
  EXPECT_EQ(OrderCount(), 1);
}

TEST_P(FulfilmentTest, TheTillSuggestsWhatOtherBuyersOfTheseProductsAlsoBought) {
  const std::string a = NewCustomer("a@example.pl", "+48600100201");
  const std::string b = NewCustomer("b@example.pl", "+48600100202");
  const std::string c = NewCustomer("c@example.pl", "+48600100203");
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  ASSERT_OK(Receive(kKrakow, "KIJ-1", 10));
  products_.Add({.sku = "KIJ-1", .vat_rate = 23});
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return pricing_->CreatePriceList(
        tx, {.name = "Kije", .entries = {{.sku = "KIJ-1", .price = "99.00"}}});
  }));
  auto buy = [&](const std::string& who, std::vector<NewLine> lines) {
    ASSERT_OK(Collect(std::move(lines), who));
  };
  buy(a, {{.sku = "BUT-42", .quantity = 1}, {.sku = "SKAR-1", .quantity = 1}});
  buy(b, {{.sku = "BUT-42", .quantity = 1}});
  buy(b, {{.sku = "SKAR-1", .quantity = 2}, {.sku = "KIJ-1", .quantity = 1}});
  buy(c, {{.sku = "KIJ-1", .quantity = 1}});  // never bought BUT-42: does not count
  buy(anna, {{.sku = "KIJ-1", .quantity = 1}});

  auto suggest = [&](SuggestionQuery q) {
    return db().Read([&](storage::Tx& tx) { return service_->Suggest(tx, q); });
  };
  Result<std::vector<Suggestion>> found = suggest({.skus = {"BUT-42"}});
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 2u);
  EXPECT_EQ((*found)[0].sku, "SKAR-1");
  EXPECT_EQ((*found)[0].customers, 2);
  EXPECT_EQ((*found)[1].sku, "KIJ-1");
  EXPECT_EQ((*found)[1].customers, 1);

  // Anna already has poles: only the socks are suggested to her.
  found = suggest({.skus = {"BUT-42"}, .customer_id = anna});
  ASSERT_OK(found);
  ASSERT_EQ(found->size(), 1u);
  EXPECT_EQ((*found)[0].sku, "SKAR-1");
  EXPECT_ERROR_CODE(suggest({}), ErrorCode::kInvalidArgument);
}

OMNI_INSTANTIATE_BACKENDS(FulfilmentTest);

}  // namespace
}  // namespace omnihub::orders
