#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "orders/orders.h"
#include "testing/store_fixture.h"

namespace omnihub::orders::test {

using omnihub::test::FakeProducts;
using omnihub::test::kGdansk;
using omnihub::test::kKrakow;
using omnihub::test::kWarsaw;

// Where ship orders come from: a warehouse in Łódź (BUT-42 ×3, SKAR-1 ×20) and a dark store in
// Gdynia (BUT-42 ×4); the stores of StoreFixture do not ship.
inline constexpr std::string_view kLodzWarehouse = "loc_01JDEM0000WHS0000000000000";
inline constexpr std::string_view kGdyniaDarkStore = "loc_01JDEM0000GDY0000000000000";

class OrdersFixture : public omnihub::test::StoreFixture {
 protected:
  void SetUp() override {
    StoreFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
      OMNI_TRY(inventory_->CreateLocation(tx, {.id = std::string(kLodzWarehouse),
                                               .type = inventory::LocationType::kWarehouse,
                                               .name = "Łódź DC",
                                               .lat = 51.76,
                                               .lon = 19.46,
                                               .priority = 10}));
      OMNI_TRY(inventory_->CreateLocation(tx, {.id = std::string(kGdyniaDarkStore),
                                               .type = inventory::LocationType::kDarkStore,
                                               .name = "Gdynia",
                                               .lat = 54.52,
                                               .lon = 18.53}));
      return Ok();
    }));
    ASSERT_OK(Receive(kLodzWarehouse, "BUT-42", 3));
    ASSERT_OK(Receive(kLodzWarehouse, "SKAR-1", 20));
    ASSERT_OK(Receive(kGdyniaDarkStore, "BUT-42", 4));
  }
  std::vector<storage::MigrationSet> ModuleMigrations() const override {
    return {orders::Migrations()};
  }
  Result<Order> Create(NewOrder req, std::string channel = "chn_web") {
    return Write([&](storage::Tx& tx) { return service_->Create(tx, req); }, channel);
  }
  // A click & collect order at Kraków.
  Result<Order> Collect(std::vector<NewLine> lines, std::string customer_id = "") {
    return Create({.lines = std::move(lines),
                   .customer_id = std::move(customer_id),
                   .fulfilment = {.kind = FulfilmentKind::kClickAndCollect,
                                  .location_id = std::string(kKrakow)}});
  }
  Result<Order> Ship(std::vector<NewLine> lines, std::string address = "ul. Długa 1, Kraków") {
    return Create({.lines = std::move(lines),
                   .fulfilment = {.kind = FulfilmentKind::kShip, .address = std::move(address)}});
  }
  // The till takes the whole outstanding amount (captured cash): what picked_up and
  // completed require.
  Result<Order> PaidAtTill(const Order& order) {
    const NewPayment cash{.method = PaymentMethod::kCash,
                          .amount = {.minor = order.total.minor - order.paid.minor},
                          .reference = "till 1",
                          .status = PaymentStatus::kCaptured};
    Result<PaymentResult> paid = Write(
        [&](storage::Tx& tx) { return service_->RecordPayment(tx, order.id.str(), cash); }, "");
    if (!paid.ok()) {
      return std::move(paid).error();
    }
    return paid->order;
  }
  Result<Order> Move(const Order& order, OrderState to) {
    return Write([&](storage::Tx& tx) { return service_->Transition(tx, order.id.str(), to); }, "");
  }
  Result<Order> Get(const Order& order) {
    return db().Read([&](storage::Tx& tx) { return service_->Get(tx, order.id.str()); });
  }
  std::vector<changes::StoredChange> OrderChanges() { return ChangesOf("orders"); }
  int64_t OrderCount() {
    return db()
        .Read([](storage::Tx& tx) -> Result<int64_t> {
          OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                                tx.QueryOne("SELECT COUNT(*) FROM orders_orders", {}));
          return row->Int(0);
        })
        .value();
  }

  std::unique_ptr<OrderService> service_ =
      NewOrderService(clock_, *pricing_, *customers_, *inventory_);
};

}  // namespace omnihub::orders::test
