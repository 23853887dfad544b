#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "changes/changes.h"
#include "inventory/inventory.h"
#include "inventory/inventory_service.h"
#include "testing/db_test.h"

// Test-only: a migrated database with the demo's three stores and the warehouse, and the
// inventory service on a FakeClock.
namespace omnihub::inventory::test {

inline constexpr std::string_view kKrakow = "loc_01JDEM0000KRK0000000000000";
inline constexpr std::string_view kWarsaw = "loc_01JDEM0000WAW0000000000000";
inline constexpr std::string_view kGdansk = "loc_01JDEM0000GDN0000000000000";
inline constexpr std::string_view kWarehouse = "loc_01JDEM0000D2W0000000000000";
inline constexpr std::string_view kSku = "BUT-42";

class InventoryFixture : public omnihub::test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), inventory::Migrations()};
  }
  void SetUp() override {
    omnihub::test::DbTest::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    AddLocations(db());
  }
  void AddLocations(storage::Database& database) {
    struct Spec {
      std::string_view id;
      LocationType type;
      double lat;
      double lon;
    };
    for (const Spec& spec : {Spec{kKrakow, LocationType::kStore, 50.06, 19.94},
                             Spec{kWarsaw, LocationType::kStore, 52.23, 21.01},
                             Spec{kGdansk, LocationType::kStore, 54.35, 18.65},
                             Spec{kWarehouse, LocationType::kWarehouse, 52.10, 20.80}}) {
      ASSERT_OK(database.InTransaction([&](storage::Tx& tx) {
        return impl_->CreateLocation(tx, {.id = std::string(spec.id),
                                          .type = spec.type,
                                          .name = std::string(spec.id.substr(14, 3)),
                                          .lat = spec.lat,
                                          .lon = spec.lon});
      }));
    }
  }
  Result<MovementResult> Receive(storage::Database& database, std::string_view at, int64_t quantity,
                                 std::string_view sku = kSku) {
    return database.InTransaction([&](storage::Tx& tx) {
      return impl_->RecordMovement(tx, {.kind = MovementKind::kReceipt,
                                        .sku = std::string(sku),
                                        .location_id = std::string(at),
                                        .quantity = quantity});
    });
  }
  Result<ReservationResult> Reserve(storage::Database& database, ReserveRequest req,
                                    const storage::TxContext& context = {}) {
    return database.InTransaction([&](storage::Tx& tx) { return impl_->Reserve(tx, req); },
                                  context);
  }
  Result<StockLevel> Level(std::string_view at, std::string_view sku = kSku) {
    return db().Read([&](storage::Tx& tx) { return impl_->GetStockLevel(tx, sku, at); });
  }
  Result<CheckReport> Check(storage::Database& database) {
    return database.Read([&](storage::Tx& tx) { return impl_->Check(tx); });
  }
  std::vector<changes::StoredChange> Changes() {
    return db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); }).value();
  }

  FakeClock clock_;
  std::unique_ptr<InventoryServiceImpl> impl_ = std::make_unique<InventoryServiceImpl>(clock_);
  InventoryService& service_ = *impl_;
};

}  // namespace omnihub::inventory::test
