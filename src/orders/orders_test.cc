#include "orders/orders.h"

#include <gtest/gtest.h>

#include <map>
#include <set>

#include "core/json.h"
#include "inventory/events.h"
#include "orders/events.h"
#include "orders/test_fixture.h"

namespace omnihub::orders {
namespace {

using omnihub::test::DetailText;
using test::kGdansk;
using test::kKrakow;

class OrdersTest : public test::OrdersFixture {};

const std::vector<OrderState> kAllStates = {OrderState::kPlaced,         OrderState::kAllocated,
                                            OrderState::kReadyForPickup, OrderState::kShipped,
                                            OrderState::kPickedUp,       OrderState::kDelivered,
                                            OrderState::kCompleted,      OrderState::kCancelled};

TEST_P(OrdersTest, ADirectOrderIsPricedOnceNumberedAndPlaced) {
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  Result<Order> order =
      Create({.lines = {{.sku = "BUT-42", .quantity = 2}, {.sku = "SKAR-1", .quantity = 1}},
              .customer_id = anna,
              .fulfilment = {.kind = FulfilmentKind::kShip, .address = "ul. Długa 1, Kraków"}});
  ASSERT_OK(order);
  EXPECT_TRUE(order->id.str().starts_with("ord_"));
  EXPECT_TRUE(order->number.starts_with("SZ-")) << order->number;
  EXPECT_TRUE(order->number.ends_with("-000001")) << order->number;
  EXPECT_EQ(order->state, OrderState::kPlaced);
  EXPECT_EQ(order->channel_id, "chn_web");
  EXPECT_EQ(order->customer_id, anna);
  ASSERT_EQ(order->lines.size(), 2u);
  EXPECT_EQ(order->lines[0].unit_price.minor, 29999);
  EXPECT_EQ(order->lines[0].line_total.minor, 59998);
  EXPECT_EQ(order->lines[1].line_total.minor, 1999);
  EXPECT_EQ(order->total.minor, 61997);
  EXPECT_EQ(order->total.currency.code(), "PLN");
  EXPECT_EQ(order->paid.minor, 0);

  // The snapshot stands: a later price change does not touch the placed order.
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return pricing_->CreatePriceList(
        tx, {.name = "Drożej", .priority = 100, .entries = {{.sku = "BUT-42", .price = "399.99"}}});
  }));
  Result<Order> again = Get(*order);
  ASSERT_OK(again);
  EXPECT_EQ(again->lines[0].unit_price.minor, 29999);
  EXPECT_EQ(again->total.minor, 61997);
  EXPECT_EQ(again->fulfilment.address, "ul. Długa 1, Kraków");

  Result<Order> second = Ship({{.sku = "SKAR-1", .quantity = 1}});
  ASSERT_OK(second);
  EXPECT_TRUE(second->number.ends_with("-000002")) << second->number;
}

TEST_P(OrdersTest, BadOrdersAreRefusedAndStoreNothing) {
  EXPECT_ERROR_CODE(Ship({}), ErrorCode::kInvalidArgument);
  EXPECT_ERROR_CODE(Ship({{.sku = "BUT-42", .quantity = 0}}), ErrorCode::kInvalidArgument);
  EXPECT_ERROR_CODE(Ship({{.sku = "NOPE", .quantity = 1}}), ErrorCode::kNotFound);
  // Prices are per channel: a writer without one must name it.
  EXPECT_ERROR_CODE(
      Create({.lines = {{.sku = "BUT-42", .quantity = 1}},
              .fulfilment = {.kind = FulfilmentKind::kShip, .address = "ul. Długa 1"}},
             ""),
      ErrorCode::kInvalidArgument);
  EXPECT_ERROR_CODE(Create({.lines = {{.sku = "BUT-42", .quantity = 1}},
                            .fulfilment = {.kind = FulfilmentKind::kShip}}),
                    ErrorCode::kInvalidArgument);
  EXPECT_ERROR_CODE(Create({.lines = {{.sku = "BUT-42", .quantity = 1}},
                            .fulfilment = {.kind = FulfilmentKind::kParcelLocker}}),
                    ErrorCode::kInvalidArgument);
  Result<Order> no_collect = Create({.lines = {{.sku = "BUT-42", .quantity = 1}},
                                     .fulfilment = {.kind = FulfilmentKind::kClickAndCollect,
                                                    .location_id = std::string(kGdansk)}});
  ASSERT_ERROR_CODE(no_collect, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(no_collect.error(), "reason"), "click_and_collect_not_offered");
  EXPECT_EQ(OrderCount(), 0);
  EXPECT_TRUE(OrderChanges().empty());
}

TEST_P(OrdersTest, EveryLegalStepIsInTheChangeFeedWithTheCustomer) {
  const std::string anna = NewCustomer("anna@example.pl", "+48600100200");
  Result<Order> order = Collect({{.sku = "BUT-42", .quantity = 1}}, anna);
  ASSERT_OK(order);
  ASSERT_OK(PaidAtTill(*order));
  for (OrderState to : {OrderState::kAllocated, OrderState::kReadyForPickup, OrderState::kPickedUp,
                        OrderState::kCompleted}) {
    Result<Order> moved = Move(*order, to);
    ASSERT_OK(moved);
    EXPECT_EQ(moved->state, to);
  }
  std::vector<changes::StoredChange> log = OrderChanges();
  const std::vector<std::string_view> expected = {
      events::kPlaced.name,         events::kPaymentRecorded.name, events::kAllocated.name,
      events::kReadyForPickup.name, events::kPickedUp.name,        events::kCompleted.name};
  ASSERT_EQ(log.size(), expected.size());
  for (size_t i = 0; i < log.size(); ++i) {
    EXPECT_EQ(log[i].type, expected[i]);
    EXPECT_EQ(log[i].entity_id, order->id.str());
    EXPECT_EQ(log[i].customer_id, anna);
  }
  json::Value completed = json::Parse(log.back().payload_json).value();
  EXPECT_EQ(*completed.Find("id")->AsString(), order->id.str());
  EXPECT_EQ(*completed.Find("number")->AsString(), order->number);
  EXPECT_EQ(*completed.Find("state")->AsString(), "completed");
  EXPECT_EQ(*completed.Find("channel_id")->AsString(), "chn_web");
  EXPECT_EQ(*completed.Find("customer_id")->AsString(), anna);
  EXPECT_EQ(*completed.Find("location_id")->AsString(), kKrakow);
  EXPECT_EQ(*completed.Find("total")->Find("amount")->AsInt(), 29999);
  EXPECT_EQ(*completed.Find("total")->Find("currency")->AsString(), "PLN");

  for (FulfilmentKind kind : {FulfilmentKind::kShip, FulfilmentKind::kParcelLocker}) {
    Fulfilment f{.kind = kind};
    if (kind == FulfilmentKind::kShip) {
      f.address = "ul. Długa 1";
    } else {
      f.locker_id = "KRA01M";
    }
    Result<Order> sent = Create({.lines = {{.sku = "SKAR-1", .quantity = 1}}, .fulfilment = f});
    ASSERT_OK(sent);
    ASSERT_OK(PaidAtTill(*sent));
    for (OrderState to : {OrderState::kAllocated, OrderState::kShipped, OrderState::kDelivered,
                          OrderState::kCompleted}) {
      ASSERT_OK(Move(*sent, to));
    }
    EXPECT_EQ(Get(*sent)->state, OrderState::kCompleted);
  }
}

// Every move the state machine does not allow, from every state an order can reach, is a 409
// naming the current state, and changes nothing.
TEST_P(OrdersTest, EveryIllegalTransitionIsAConflictWithTheCurrentState) {
  const std::map<OrderState, std::set<OrderState>> pickup = {
      {OrderState::kPlaced, {OrderState::kAllocated, OrderState::kCancelled}},
      {OrderState::kAllocated, {OrderState::kReadyForPickup, OrderState::kCancelled}},
      {OrderState::kReadyForPickup, {OrderState::kPickedUp, OrderState::kCancelled}},
      {OrderState::kPickedUp, {OrderState::kCompleted}},
      {OrderState::kCompleted, {}},
      {OrderState::kCancelled, {}}};
  const std::map<OrderState, std::set<OrderState>> ship = {
      {OrderState::kAllocated, {OrderState::kShipped, OrderState::kCancelled}},
      {OrderState::kShipped, {OrderState::kDelivered}},
      {OrderState::kDelivered, {OrderState::kCompleted}}};
  auto check_all = [&](const Order& order, OrderState at, const std::set<OrderState>& legal) {
    for (OrderState to : kAllStates) {
      if (legal.count(to) != 0) {
        continue;
      }
      Result<Order> moved = Move(order, to);
      ASSERT_ERROR_CODE(moved, ErrorCode::kConflict);
      EXPECT_EQ(DetailText(moved.error(), "current_state"), NameOf(at))
          << NameOf(at) << " -> " << NameOf(to);
      EXPECT_EQ(DetailText(moved.error(), "to"), NameOf(to));
      EXPECT_EQ(Get(order)->state, at);
    }
  };
  Result<Order> collect = Collect({{.sku = "BUT-42", .quantity = 1}});
  ASSERT_OK(collect);
  ASSERT_OK(PaidAtTill(*collect));
  for (OrderState at : {OrderState::kPlaced, OrderState::kAllocated, OrderState::kReadyForPickup,
                        OrderState::kPickedUp, OrderState::kCompleted}) {
    check_all(*collect, at, pickup.at(at));
    if (at != OrderState::kCompleted) {
      ASSERT_OK(Move(*collect, *pickup.at(at).begin()));
    }
  }
  Result<Order> cancelled = Collect({{.sku = "BUT-42", .quantity = 1}});
  ASSERT_OK(cancelled);
  ASSERT_OK(Move(*cancelled, OrderState::kCancelled));
  check_all(*cancelled, OrderState::kCancelled, {});

  Result<Order> sent = Ship({{.sku = "SKAR-1", .quantity = 1}});
  ASSERT_OK(sent);
  ASSERT_OK(PaidAtTill(*sent));
  ASSERT_OK(Move(*sent, OrderState::kAllocated));
  for (OrderState at : {OrderState::kAllocated, OrderState::kShipped, OrderState::kDelivered}) {
    check_all(*sent, at, ship.at(at));
    ASSERT_OK(Move(*sent, *ship.at(at).begin()));  // the forward step sorts first
  }
  EXPECT_ERROR_CODE(Move(*sent, OrderState::kCancelled), ErrorCode::kConflict);
}

TEST_P(OrdersTest, ClickAndCollectHoldsTheStockAndPickupSellsIt) {
  Result<Order> order =
      Collect({{.sku = "BUT-42", .quantity = 2}, {.sku = "SKAR-1", .quantity = 3}});
  ASSERT_OK(order);
  ASSERT_EQ(order->allocations.size(), 2u);
  ASSERT_FALSE(order->allocations[0].hold_id.empty());
  EXPECT_EQ(order->allocations[0].location_id, kKrakow);
  EXPECT_EQ(order->sourcing.strategy, "pickup_store");
  ASSERT_TRUE(order->pickup_expires_at.has_value());
  EXPECT_EQ(*order->pickup_expires_at - order->created_at, kPickupHold);
  EXPECT_EQ(Level(kKrakow)->reserved, 2);
  EXPECT_EQ(Level(kKrakow)->available, 3);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->reserved, 3);
  Result<inventory::Reservation> hold = db().Read([&](storage::Tx& tx) {
    return inventory_->GetReservation(tx, order->allocations[0].hold_id);
  });
  ASSERT_OK(hold);
  EXPECT_EQ(hold->kind, inventory::ReservationKind::kClickAndCollect);
  EXPECT_EQ(hold->reference, order->id.str());
  EXPECT_EQ(hold->expires_at - hold->created_at, kPickupHold);

  ASSERT_OK(PaidAtTill(*order));
  for (OrderState to :
       {OrderState::kAllocated, OrderState::kReadyForPickup, OrderState::kPickedUp}) {
    ASSERT_OK(Move(*order, to));
  }
  EXPECT_EQ(Level(kKrakow)->on_hand, 3);
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->on_hand, 7);
  EXPECT_TRUE(db().Read([&](storage::Tx& tx) { return inventory_->Check(tx); })->ok());
}

TEST_P(OrdersTest, CancellingReleasesTheHolds) {
  Result<Order> order = Collect({{.sku = "BUT-42", .quantity = 2}});
  ASSERT_OK(order);
  ASSERT_OK(Move(*order, OrderState::kAllocated));
  ASSERT_OK(Move(*order, OrderState::kReadyForPickup));
  EXPECT_EQ(Level(kKrakow)->available, 3);
  ASSERT_OK(Move(*order, OrderState::kCancelled));
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
  EXPECT_EQ(Level(kKrakow)->available, 5);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  EXPECT_EQ(OrderChanges().back().type, events::kCancelled.name);
}

TEST_P(OrdersTest, InsufficientStockNamesTheSkuAndStoresNothing) {
  Result<Order> order =
      Collect({{.sku = "SKAR-1", .quantity = 1}, {.sku = "BUT-42", .quantity = 6}});
  ASSERT_ERROR_CODE(order, ErrorCode::kInsufficientStock);
  EXPECT_EQ(DetailText(order.error(), "sku"), "BUT-42");
  EXPECT_EQ(DetailText(order.error(), "location_id"), kKrakow);
  EXPECT_EQ(DetailText(order.error(), "lines"), "BUT-42");
  EXPECT_EQ(OrderCount(), 0);

  // Two short lines: both are named, so the basket is fixed in one go.
  Result<Order> both =
      Collect({{.sku = "BUT-42", .quantity = 6}, {.sku = "SKAR-1", .quantity = 11}});
  ASSERT_ERROR_CODE(both, ErrorCode::kInsufficientStock);
  EXPECT_EQ(DetailText(both.error(), "lines"), "BUT-42,SKAR-1");
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->reserved, 0);
  EXPECT_TRUE(OrderChanges().empty());
  EXPECT_EQ(Level(kKrakow, "SKAR-1")->reserved, 0);
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
}

TEST_P(OrdersTest, AnInStorePurchaseIsASaleAtOnce) {
  Result<Order> order = Create(
      {.lines = {{.sku = "BUT-42", .quantity = 1}},
       .fulfilment = {.kind = FulfilmentKind::kInStore, .location_id = std::string(kKrakow)}},
      "chn_pos");
  ASSERT_OK(order);
  EXPECT_EQ(order->state, OrderState::kCompleted);
  EXPECT_EQ(Level(kKrakow)->on_hand, 4);
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
  std::vector<changes::StoredChange> log = OrderChanges();
  ASSERT_EQ(log.size(), 2u);
  EXPECT_EQ(log[0].type, events::kPlaced.name);
  EXPECT_EQ(log[1].type, events::kCompleted.name);
  EXPECT_ERROR_CODE(Move(*order, OrderState::kCancelled), ErrorCode::kConflict);
  // One guarded sale in the ledger, referencing the order; no hold made and confirmed.
  for (const changes::StoredChange& c : ChangesOf("inventory")) {
    EXPECT_FALSE(c.type.starts_with("inventory.reservation.")) << c.type;
  }
  bool sale_found = false;
  for (const changes::StoredChange& c : ChangesOf("inventory")) {
    sale_found |= c.type == inventory::events::kMovementRecorded.name &&
                  c.payload_json.find(order->id.str()) != std::string::npos;
  }
  EXPECT_TRUE(sale_found);

  Result<Order> short_sale = Create(
      {.lines = {{.sku = "BUT-42", .quantity = 5}},
       .fulfilment = {.kind = FulfilmentKind::kInStore, .location_id = std::string(kKrakow)}},
      "chn_pos");
  ASSERT_ERROR_CODE(short_sale, ErrorCode::kInsufficientStock);
  EXPECT_EQ(omnihub::test::DetailInt(short_sale.error(), "available"), 4);
  EXPECT_EQ(Level(kKrakow)->on_hand, 4);
}

TEST_P(OrdersTest, PaymentsAreRecordedNeverBeyondWhatIsOwed) {
  Result<Order> order = Collect({{.sku = "BUT-42", .quantity = 1}});  // 299.99
  ASSERT_OK(order);
  auto pay = [&](int64_t minor, PaymentStatus status = PaymentStatus::kCaptured) {
    return Write([&](storage::Tx& tx) {
      return service_->RecordPayment(tx, order->id.str(),
                                     {.method = PaymentMethod::kBlik,
                                      .amount = {.minor = minor},
                                      .reference = "BLIK-123",
                                      .status = status});
    });
  };
  Result<PaymentResult> over = pay(30000);
  ASSERT_ERROR_CODE(over, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(over.error(), "reason"), "overpayment");
  EXPECT_ERROR_CODE(pay(0), ErrorCode::kInvalidArgument);
  ASSERT_OK(pay(29999, PaymentStatus::kFailed));  // kept, pays nothing
  Result<PaymentResult> part = pay(10000);
  ASSERT_OK(part);
  EXPECT_TRUE(part->payment.id.str().starts_with("pay_"));
  EXPECT_EQ(part->order.paid.minor, 10000);
  ASSERT_OK(pay(19999));
  EXPECT_EQ(Get(*order)->paid.minor, 29999);
  Result<PaymentResult> twice = pay(1);
  ASSERT_ERROR_CODE(twice, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(twice.error(), "reason"), "already_paid");
  Result<std::vector<Payment>> payments =
      db().Read([&](storage::Tx& tx) { return service_->ListPayments(tx, order->id.str()); });
  ASSERT_OK(payments);
  EXPECT_EQ(payments->size(), 3u);
  EXPECT_EQ(OrderChanges().back().type, events::kPaymentRecorded.name);

  Result<Order> cancelled = Collect({{.sku = "SKAR-1", .quantity = 1}});
  ASSERT_OK(cancelled);
  ASSERT_OK(Move(*cancelled, OrderState::kCancelled));
  Result<PaymentResult> late = Write([&](storage::Tx& tx) {
    return service_->RecordPayment(tx, cancelled->id.str(),
                                   {.method = PaymentMethod::kCash, .amount = {.minor = 100}});
  });
  ASSERT_ERROR_CODE(late, ErrorCode::kConflict);
  EXPECT_EQ(DetailText(late.error(), "reason"), "order_cancelled");
}

OMNI_INSTANTIATE_BACKENDS(OrdersTest);

}  // namespace
}  // namespace omnihub::orders
