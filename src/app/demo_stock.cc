// The demo retailer's places and stock: three stores and the central warehouse, with stock of
// the demo catalogue, some of it scarce (one pair of road shoes in Kraków, trail shoes only in
// the warehouse), so availability, nearest-store and no-overselling show something real.
#include <iterator>
#include <string_view>

#include "app/app.h"
#include "inventory/inventory.h"

namespace omnihub::app {
namespace {

struct DemoPlace {
  std::string_view id;
  inventory::LocationType type;
  std::string_view name;
  std::string_view address;
  double lat;
  double lon;
  int64_t priority;
};

constexpr std::string_view kStoreHours = R"({"mon-sat":"10:00-21:00","sun":"10:00-20:00"})";

constexpr DemoPlace kPlaces[] = {
    {"loc_01JDEM0000KRK0000000000000", inventory::LocationType::kStore, "Szczyt Sport Kraków",
     "ul. Floriańska 12, 31-019 Kraków", 50.0630, 19.9390, 10},
    {"loc_01JDEM0000WAW0000000000000", inventory::LocationType::kStore, "Szczyt Sport Warszawa",
     "ul. Marszałkowska 104, 00-017 Warszawa", 52.2319, 21.0067, 10},
    {"loc_01JDEM0000GDN0000000000000", inventory::LocationType::kStore, "Szczyt Sport Gdańsk",
     "ul. Długa 45, 80-827 Gdańsk", 54.3489, 18.6530, 10},
    {"loc_01JDEM0000D2W0000000000000", inventory::LocationType::kWarehouse,
     "Magazyn centralny Stryków", "ul. Magazynowa 1, 95-010 Stryków", 51.9000, 19.6000, 0},
};

struct DemoStock {
  std::string_view sku;
  int64_t krakow, warszawa, gdansk, warehouse;
};

constexpr DemoStock kStock[] = {
    {"SZC-RUN-ASF-40", 4, 6, 3, 60}, {"SZC-RUN-ASF-42", 1, 5, 2, 80},
    {"SZC-RUN-ASF-44", 3, 0, 2, 40}, {"SZC-RUN-TRL-41", 0, 0, 0, 12},
    {"SZC-RUN-TRL-43", 0, 0, 0, 2},  {"SZC-TREK-38", 2, 3, 1, 25},
    {"SZC-TSH-M", 12, 15, 8, 200},   {"SZC-TSH-L", 10, 12, 6, 180},
    {"SZC-JKT-M", 2, 4, 5, 30},      {"SZC-SOCK-39", 30, 40, 20, 500},
    {"SZC-BOTTLE", 25, 30, 15, 300}, {"SZC-HEADL", 5, 0, 3, 50},
};

}  // namespace

Result<void> LoadDemoStock(Platform& p) {
  auto load = [&p](storage::Tx& tx) -> Result<void> {
    for (const DemoPlace& place : kPlaces) {
      const bool store = place.type == inventory::LocationType::kStore;
      OMNI_TRY(p.Get<inventory::InventoryService>().CreateLocation(
          tx, {.id = std::string(place.id),
               .type = place.type,
               .name = std::string(place.name),
               .address = std::string(place.address),
               .lat = place.lat,
               .lon = place.lon,
               .opening_hours_json = store ? std::string(kStoreHours) : "{}",
               .click_and_collect = store,
               .ship_from_store = store,
               .priority = place.priority}));
    }
    for (const DemoStock& stock : kStock) {
      const int64_t quantities[] = {stock.krakow, stock.warszawa, stock.gdansk, stock.warehouse};
      for (size_t idx = 0; idx < std::size(kPlaces); ++idx) {
        if (quantities[idx] == 0) {
          continue;
        }
        OMNI_TRY(p.Get<inventory::InventoryService>().RecordMovement(
            tx, {.kind = inventory::MovementKind::kReceipt,
                 .sku = std::string(stock.sku),
                 .location_id = std::string(kPlaces[idx].id),
                 .quantity = quantities[idx],
                 .reason = "opening stock",
                 .reference = "demo"}));
      }
    }
    return Ok();
  };
  return p.db().InTransaction(load);
}

}  // namespace omnihub::app
