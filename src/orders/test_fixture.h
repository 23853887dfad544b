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

class OrdersFixture : public omnihub::test::StoreFixture {
 protected:
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
  Result<Order> Ship(std::vector<NewLine> lines) {
    return Create(
        {.lines = std::move(lines),
         .fulfilment = {.kind = FulfilmentKind::kShip, .address = "ul. Długa 1, Kraków"}});
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
