#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "inventory/events.h"
#include "testing/db_test.h"

namespace omnihub::inventory {
namespace {

constexpr std::string_view kKrakow = "loc_01JDEM0000KRK0000000000000";
constexpr std::string_view kWarsaw = "loc_01JDEM0000WAW0000000000000";
constexpr std::string_view kGdansk = "loc_01JDEM0000GDN0000000000000";
constexpr std::string_view kSku = "BUT-42";

class InventoryTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), inventory::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    ASSERT_OK(AddLocation(kKrakow, "Kraków", 50.0614, 19.9366));
    ASSERT_OK(AddLocation(kWarsaw, "Warszawa", 52.2297, 21.0122));
    ASSERT_OK(AddLocation(kGdansk, "Gdańsk", 54.3520, 18.6466));
  }
  Result<Location> AddLocation(std::string_view id, std::string name, double lat, double lon) {
    return db().InTransaction([&](storage::Tx& tx) {
      return service_->CreateLocation(tx, {.id = std::string(id),
                                           .type = LocationType::kStore,
                                           .name = name,
                                           .lat = lat,
                                           .lon = lon,
                                           .opening_hours_json = R"({"mon":"10:00-21:00"})",
                                           .click_and_collect = true});
    });
  }
  Result<MovementResult> Move(MovementKind kind, std::string_view at, int64_t quantity,
                              std::string_view sku = kSku) {
    return db().InTransaction([&](storage::Tx& tx) {
      return service_->RecordMovement(tx, {.kind = kind,
                                           .sku = std::string(sku),
                                           .location_id = std::string(at),
                                           .quantity = quantity,
                                           .reason = "test"});
    });
  }
  Result<StockLevel> Level(std::string_view at, std::string_view sku = kSku) {
    return db().Read([&](storage::Tx& tx) { return service_->GetStockLevel(tx, sku, at); });
  }
  int64_t ChangeCount() {
    return static_cast<int64_t>(
        db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); })->size());
  }
  void ExpectClean() {
    Result<CheckReport> report = db().Read([&](storage::Tx& tx) { return service_->Check(tx); });
    ASSERT_OK(report);
    EXPECT_TRUE(report->ok()) << report->violations[0].rule;
  }

  FakeClock clock_;
  std::unique_ptr<InventoryService> service_ = NewInventoryService(clock_);
};

TEST_P(InventoryTest, LocationsKeepTheirClientGivenIdsAndRefuseDuplicates) {
  Result<std::vector<Location>> all =
      db().Read([&](storage::Tx& tx) { return service_->ListLocations(tx); });
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 3u);
  EXPECT_EQ((*all)[1].id.str(), kKrakow);  // by id: GDN, KRK, WAW
  EXPECT_TRUE((*all)[1].click_and_collect);
  EXPECT_EQ((*all)[1].opening_hours_json, R"({"mon":"10:00-21:00"})");
  EXPECT_EQ(AddLocation(kKrakow, "again", 50, 19).error().code, ErrorCode::kConflict);
  Result<Location> generated = AddLocation("", "x", 0, 0);
  EXPECT_EQ(generated.error().code, ErrorCode::kInvalidArgument);  // "" is not an id
  Result<Location> fresh = db().InTransaction([&](storage::Tx& tx) {
    return service_->CreateLocation(
        tx, {.type = LocationType::kWarehouse, .name = "Magazyn", .lat = 52, .lon = 20});
  });
  ASSERT_OK(fresh);
  EXPECT_TRUE(fresh->id.str().starts_with("loc_"));
  EXPECT_EQ(AddLocation("loc_01JDEM0000XXX0000000000000", "bad lat", 91, 0).error().code,
            ErrorCode::kInvalidArgument);
}

TEST_P(InventoryTest, MovementsChangeOnHandByTheLedgerAndAppendChanges) {
  ASSERT_OK(Move(MovementKind::kReceipt, kKrakow, 10));
  ASSERT_OK(Move(MovementKind::kSale, kKrakow, 3));
  ASSERT_OK(Move(MovementKind::kAdjustment, kKrakow, 1));
  ASSERT_OK(Move(MovementKind::kReturnRestock, kKrakow, 2));
  Result<MovementResult> counted = Move(MovementKind::kCount, kKrakow, 5);
  ASSERT_OK(counted);
  EXPECT_EQ(counted->movements[0].delta, 5 - 8);
  EXPECT_EQ(counted->levels[0].on_hand, 5);
  Result<MovementResult> moved = db().InTransaction([&](storage::Tx& tx) {
    return service_->Transfer(tx, {.sku = std::string(kSku),
                                   .from_location_id = std::string(kKrakow),
                                   .to_location_id = std::string(kWarsaw),
                                   .quantity = 2});
  });
  ASSERT_OK(moved);
  ASSERT_EQ(moved->movements.size(), 2u);
  EXPECT_EQ(moved->movements[0].kind, MovementKind::kTransferOut);
  EXPECT_EQ(moved->movements[1].kind, MovementKind::kTransferIn);
  EXPECT_EQ(Level(kKrakow)->on_hand, 3);
  EXPECT_EQ(Level(kWarsaw)->on_hand, 2);
  ExpectClean();

  Result<std::vector<changes::StoredChange>> feed =
      db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); });
  const changes::StoredChange& last = feed->back();
  EXPECT_EQ(last.type, events::kStockChanged.name);
  EXPECT_NE(last.payload_json.find("\"network_available\":5"), std::string::npos)
      << last.payload_json;
}

TEST_P(InventoryTest, AvailabilityIsPerLocationAndNetworkWideAfterSafetyStock) {
  ASSERT_OK(Move(MovementKind::kReceipt, kKrakow, 4));
  ASSERT_OK(Move(MovementKind::kReceipt, kGdansk, 7));
  ASSERT_OK(db().InTransaction(
      [&](storage::Tx& tx) { return service_->SetSafetyStock(tx, kSku, kGdansk, 2); }));
  ASSERT_OK(db().InTransaction(
      [&](storage::Tx& tx) { return service_->SetSafetyStock(tx, kSku, kKrakow, 9); }));
  Result<Availability> a =
      db().Read([&](storage::Tx& tx) { return service_->GetAvailability(tx, kSku); });
  ASSERT_OK(a);
  ASSERT_EQ(a->locations.size(), 2u);
  EXPECT_EQ(a->locations[0].available, 5);  // Gdańsk: 7 - 2 (ids sort GDN < KRK)
  EXPECT_EQ(a->locations[1].available, 0);  // Kraków: never below zero
  EXPECT_EQ(a->network_available, 5);
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_->GetAvailability(tx, "NOPE"); })
                .error()
                .code,
            ErrorCode::kNotFound);
}

TEST_P(InventoryTest, NearestListsLocationsWithStockByDistance) {
  ASSERT_OK(Move(MovementKind::kReceipt, kKrakow, 1));
  ASSERT_OK(Move(MovementKind::kReceipt, kWarsaw, 1));
  ASSERT_OK(Move(MovementKind::kReceipt, kGdansk, 1));
  ASSERT_OK(Move(MovementKind::kSale, kWarsaw, 1));  // none left in Warszawa
  // Łódź: Warszawa is nearest, but has nothing; then Kraków, then Gdańsk.
  Result<std::vector<NearbyStock>> near = db().Read([&](storage::Tx& tx) {
    return service_->Nearest(tx, {.sku = std::string(kSku), .lat = 51.7592, .lon = 19.4560});
  });
  ASSERT_OK(near);
  ASSERT_EQ(near->size(), 2u);
  EXPECT_EQ((*near)[0].location.id.str(), kKrakow);
  EXPECT_EQ((*near)[1].location.id.str(), kGdansk);
  EXPECT_NEAR((*near)[0].distance_km, 191, 10);
  EXPECT_EQ(db().Read([&](storage::Tx& tx) {
                  return service_->Nearest(tx, {.sku = std::string(kSku), .lat = 0, .lon = 200});
                })
                .error()
                .code,
            ErrorCode::kInvalidArgument);
}

TEST(PostcodeTest, APostcodeStandsForItsDistrictsMainTown) {
  // 80-827 is Gdańsk; 31-019 Kraków; 00-017 Warszawa (the stores' own postcodes).
  Result<GeoPoint> gdansk = PostcodePoint("80-827");
  ASSERT_OK(gdansk);
  EXPECT_NEAR(gdansk->lat, 54.35, 0.05);
  EXPECT_NEAR(gdansk->lon, 18.65, 0.05);
  EXPECT_NEAR(PostcodePoint("31019")->lat, 50.06, 0.05);
  EXPECT_NEAR(PostcodePoint("00 017")->lon, 21.01, 0.05);
  // A district without its own entry falls back to its zone's city (1x: Olsztyn).
  EXPECT_NEAR(PostcodePoint("13-100")->lat, 53.78, 0.05);
  for (const char* bad : {"", "3101", "310199", "ab-cde", "31-01x"}) {
    Result<GeoPoint> point = PostcodePoint(bad);
    ASSERT_FALSE(point.ok()) << bad;
    EXPECT_EQ(point.error().code, ErrorCode::kInvalidArgument);
  }
}

TEST_P(InventoryTest, NearestFromAPostcodeRanksStoresByDistance) {
  ASSERT_OK(Move(MovementKind::kReceipt, kKrakow, 1));
  ASSERT_OK(Move(MovementKind::kReceipt, kGdansk, 1));
  Result<GeoPoint> gdynia = PostcodePoint("81-300");
  ASSERT_OK(gdynia);
  Result<std::vector<NearbyStock>> near = db().Read([&](storage::Tx& tx) {
    return service_->Nearest(tx,
                             {.sku = std::string(kSku), .lat = gdynia->lat, .lon = gdynia->lon});
  });
  ASSERT_OK(near);
  ASSERT_EQ(near->size(), 2u);
  EXPECT_EQ((*near)[0].location.id.str(), kGdansk);
  EXPECT_LT((*near)[0].distance_km, 40);
}

// Each bad request is refused with its code, and nothing stored changes: neither stock nor
// ledger nor change log.
TEST_P(InventoryTest, BadMovementsAreRefusedAndChangeNothing) {
  ASSERT_OK(Move(MovementKind::kReceipt, kKrakow, 5));
  const int64_t changes_before = ChangeCount();
  EXPECT_EQ(Move(MovementKind::kReceipt, kKrakow, 0).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Move(MovementKind::kReceipt, kKrakow, -3).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Move(MovementKind::kReceipt, kKrakow, kMaxQuantity + 1).error().code,
            ErrorCode::kInvalidArgument);
  EXPECT_EQ(Move(MovementKind::kReceipt, kKrakow, kMaxQuantity).error().code,
            ErrorCode::kInvalidArgument);  // 5 + 10^9 would pass the row's ceiling
  EXPECT_EQ(Move(MovementKind::kReceipt, "loc_01JDEM0000ZZZ0000000000000", 1).error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Move(MovementKind::kReceipt, "krakow", 1).error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Move(MovementKind::kReceipt, kKrakow, 1, "").error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Move(MovementKind::kSale, kKrakow, 6).error().code, ErrorCode::kInsufficientStock);
  EXPECT_EQ(Move(MovementKind::kSale, kKrakow, 1, "NEVER-STOCKED").error().code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Move(MovementKind::kCount, kWarsaw, 3).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(Move(MovementKind::kCount, kKrakow, -1).error().code, ErrorCode::kInvalidArgument);
  Result<MovementResult> same = db().InTransaction([&](storage::Tx& tx) {
    return service_->Transfer(tx, {.sku = std::string(kSku),
                                   .from_location_id = std::string(kKrakow),
                                   .to_location_id = std::string(kKrakow),
                                   .quantity = 1});
  });
  EXPECT_EQ(same.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*std::get_if<std::string>(same.error().Detail("field")), "to_location_id");
  Result<MovementResult> too_many = db().InTransaction([&](storage::Tx& tx) {
    return service_->Transfer(tx, {.sku = std::string(kSku),
                                   .from_location_id = std::string(kKrakow),
                                   .to_location_id = std::string(kWarsaw),
                                   .quantity = 6});
  });
  EXPECT_EQ(too_many.error().code, ErrorCode::kInsufficientStock);
  EXPECT_EQ(*std::get_if<int64_t>(too_many.error().Detail("available")), 5);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  EXPECT_EQ(Level(kWarsaw).error().code, ErrorCode::kNotFound);
  EXPECT_EQ(ChangeCount(), changes_before);
  ExpectClean();
}

OMNI_INSTANTIATE_BACKENDS(InventoryTest);

}  // namespace
}  // namespace omnihub::inventory
