#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "carts/carts.h"
#include "loyalty/loyalty.h"
#include "testing/store_fixture.h"

namespace omnihub::carts::test {

using omnihub::test::FakeProducts;
using omnihub::test::kGdansk;
using omnihub::test::kKrakow;
using omnihub::test::kWarsaw;

class CartsFixture : public omnihub::test::StoreFixture {
 protected:
  std::vector<storage::MigrationSet> ModuleMigrations() const override {
    return {loyalty::Migrations(), carts::Migrations()};
  }
  Result<Cart> Create(NewCart req) {
    return Write([&](storage::Tx& tx) { return service_->Create(tx, req); });
  }
  Result<Cart> Add(const Cart& cart, std::string_view sku, int64_t quantity,
                   std::optional<int64_t> if_match = std::nullopt) {
    return Write([&](storage::Tx& tx) {
      return service_->AddLine(tx, cart.id.str(), sku, quantity, if_match);
    });
  }
  Result<Cart> Get(const Cart& cart) {
    return db().Read([&](storage::Tx& tx) { return service_->Get(tx, cart.id.str()); });
  }
  std::vector<changes::StoredChange> CartChanges() { return ChangesOf("carts"); }
  static json::Value Priced(const Cart& cart) { return json::Parse(cart.priced_json).value(); }
  // The cart's gross total in minor units.
  static int64_t Total(const Cart& cart) {
    return *Priced(cart).Find("totals")->Find("total_gross")->Find("amount")->AsInt();
  }

  // Gives the customer `points` to redeem.
  void GivePoints(const std::string& customer_id, int64_t points) {
    Result<loyalty::Entry> given = Write(
        [&](storage::Tx& tx) { return loyalty_->Adjust(tx, customer_id, points, "test credit"); });
    ASSERT_TRUE(given.ok()) << given.error().message;
  }

  std::unique_ptr<loyalty::LoyaltyService> loyalty_ = loyalty::NewLoyaltyService(clock_);
  std::unique_ptr<CartService> service_ =
      NewCartService(clock_, *pricing_, *customers_, *inventory_, loyalty_.get());
};

}  // namespace omnihub::carts::test
