#pragma once

#include <map>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "changes/changes.h"
#include "core/json.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "pricing/pricing.h"
#include "testing/db_test.h"

// Test-only, for modules built on pricing, customers and inventory (carts, orders): real
// services on one database, a FakeClock, two priced SKUs, click & collect stores in Kraków and
// Warszawa with stock, and a store without click & collect (Gdańsk). Header-only: a test that
// includes it uses those modules' public headers.
namespace omnihub::test {

inline constexpr std::string_view kKrakow = "loc_01JDEM0000KRK0000000000000";
inline constexpr std::string_view kWarsaw = "loc_01JDEM0000WAW0000000000000";
inline constexpr std::string_view kGdansk = "loc_01JDEM0000GDN0000000000000";

// Pricing's view of the catalogue, as the app's CatalogFacts gives it: here a fixed set.
class FakeProducts final : public pricing::ProductFacts {
 public:
  Result<std::optional<pricing::ProductInfo>> Find(storage::Tx&, std::string_view sku) override {
    auto it = products_.find(std::string(sku));
    if (it == products_.end()) {
      return std::optional<pricing::ProductInfo>();
    }
    return std::optional<pricing::ProductInfo>(it->second);
  }
  void Add(pricing::ProductInfo info) { products_[info.sku] = std::move(info); }

 private:
  std::map<std::string, pricing::ProductInfo> products_;
};

class StoreFixture : public DbTest {
 protected:
  // The module under test's migrations, after those of the services it builds on.
  virtual std::vector<storage::MigrationSet> ModuleMigrations() const = 0;
  std::vector<storage::MigrationSet> Migrations() const override {
    std::vector<storage::MigrationSet> all = {changes::Migrations(), customers::Migrations(),
                                              pricing::Migrations(), inventory::Migrations()};
    for (storage::MigrationSet& set : ModuleMigrations()) {
      all.push_back(std::move(set));
    }
    return all;
  }
  void SetUp() override {
    DbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    products_.Add({.sku = "BUT-42", .category_ids = {"cat_shoes"}, .vat_rate = 23});
    products_.Add({.sku = "SKAR-1", .category_ids = {"cat_socks"}, .vat_rate = 23});
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return pricing_->CreatePriceList(tx, {.name = "Cennik",
                                            .entries = {{.sku = "BUT-42", .price = "299.99"},
                                                        {.sku = "SKAR-1", .price = "19.99"}}});
    }));
    struct Spec {
      std::string_view id;
      bool collect;
    };
    for (const Spec& spec : {Spec{kKrakow, true}, Spec{kWarsaw, true}, Spec{kGdansk, false}}) {
      ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
        return inventory_->CreateLocation(tx, {.id = std::string(spec.id),
                                               .name = std::string(spec.id.substr(14, 3)),
                                               .lat = 50,
                                               .lon = 20,
                                               .click_and_collect = spec.collect});
      }));
    }
    for (std::string_view at : {kKrakow, kWarsaw, kGdansk}) {
      ASSERT_OK(Receive(at, "BUT-42", 5));
      ASSERT_OK(Receive(at, "SKAR-1", 10));
    }
  }

  Result<inventory::MovementResult> Receive(std::string_view at, std::string_view sku,
                                            int64_t quantity) {
    return db().InTransaction([&](storage::Tx& tx) {
      return inventory_->RecordMovement(tx, {.kind = inventory::MovementKind::kReceipt,
                                             .sku = std::string(sku),
                                             .location_id = std::string(at),
                                             .quantity = quantity});
    });
  }
  // A customer profile with this e-mail and phone.
  std::string NewCustomer(std::string email, std::string phone) {
    Result<customers::Resolution> r = db().InTransaction([&](storage::Tx& tx) {
      return customers_->Write(
          tx, {.identifiers = {{.type = customers::IdentifierType::kEmail, .value = email},
                               {.type = customers::IdentifierType::kPhone, .value = phone}},
               .key_id = "key_test"});
    });
    EXPECT_TRUE(r.ok()) << r.error().message;
    return r.ok() ? r->customer_id : "";
  }
  template <typename Fn>
  auto Write(Fn fn, std::string channel = "chn_web") {
    return db().InTransaction(fn, storage::TxContext{.channel_id = channel});
  }
  Result<inventory::StockLevel> Level(std::string_view at, std::string_view sku = "BUT-42") {
    return db().Read([&](storage::Tx& tx) { return inventory_->GetStockLevel(tx, sku, at); });
  }
  // The changes one module appended, oldest first.
  std::vector<changes::StoredChange> ChangesOf(std::string_view module) {
    std::vector<changes::StoredChange> out;
    for (changes::StoredChange& c :
         db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); }).value()) {
      if (c.module == module) {
        out.push_back(std::move(c));
      }
    }
    return out;
  }

  FakeClock clock_;
  FakeProducts products_;
  std::unique_ptr<pricing::PricingService> pricing_ = pricing::NewPricingService(clock_, products_);
  std::unique_ptr<customers::CustomersService> customers_ = customers::NewCustomersService(clock_);
  std::unique_ptr<inventory::InventoryService> inventory_ = inventory::NewInventoryService(clock_);
};

}  // namespace omnihub::test
