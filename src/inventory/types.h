#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"

namespace omnihub::inventory {

struct LocationTag {
  static constexpr std::string_view kPrefix = "loc";
};
struct ReservationTag {
  static constexpr std::string_view kPrefix = "res";
};
struct MovementTag {
  static constexpr std::string_view kPrefix = "mov";
};
using LocationId = Id<LocationTag>;
using ReservationId = Id<ReservationTag>;
using MovementId = Id<MovementTag>;

// The largest quantity one request may name, and the largest stock one row may hold: far
// beyond any real shelf, far below int64 overflow however many are added up.
inline constexpr int64_t kMaxQuantity = 1'000'000'000;

enum class LocationType { kWarehouse, kStore, kDarkStore };
constexpr auto EnumNames(LocationType) {
  return EnumTable<LocationType, 3>{{{LocationType::kWarehouse, "warehouse"},
                                     {LocationType::kStore, "store"},
                                     {LocationType::kDarkStore, "dark_store"}}};
}

// A place that holds stock (SPEC.md §2.5).
struct Location {
  LocationId id;
  LocationType type = LocationType::kStore;
  std::string name;
  std::string address;
  double lat = 0;
  double lon = 0;
  std::string opening_hours_json = "{}";  // free-form JSON object, e.g. {"mon":"10:00-21:00"}
  bool click_and_collect = false;
  bool ship_from_store = false;
  int64_t priority = 0;  // higher first when distances tie
  TimePoint created_at;
};
// As GET /api/v1/inventory/locations/{id} shows it.
constexpr auto Describe(const Location*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Location::id),
                    F("type", &Location::type),
                    F("name", &Location::name),
                    F("address", &Location::address),
                    F("lat", &Location::lat),
                    F("lon", &Location::lon),
                    F("opening_hours", &Location::opening_hours_json).RawJson(),
                    F("click_and_collect", &Location::click_and_collect),
                    F("ship_from_store", &Location::ship_from_store),
                    F("priority", &Location::priority),
                    F("created_at", &Location::created_at)};
}

struct NewLocation {
  std::optional<std::string> id;  // a client-given loc_<ULID> (the demo's fixed ids); else new
  LocationType type = LocationType::kStore;
  std::string name;
  std::string address;
  double lat = 0;
  double lon = 0;
  std::string opening_hours_json = "{}";  // REQUIRES: a JSON object
  bool click_and_collect = false;
  bool ship_from_store = false;
  int64_t priority = 0;
};

// One SKU at one location. available = max(0, on_hand - reserved - safety_stock), where
// reserved leaves out holds already past their expiry, swept or not.
struct StockLevel {
  std::string sku;
  std::string location_id;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t safety_stock = 0;
  int64_t available = 0;
  TimePoint updated_at;
};

// A SKU across the network.
struct Availability {
  std::string sku;
  std::vector<StockLevel> locations;  // ordered by location id
  int64_t network_available = 0;      // the sum of `available`
};

struct NearbyStock {
  Location location;
  StockLevel stock;
  double distance_km = 0;
};

struct NearestQuery {
  std::string sku;
  double lat = 0;
  double lon = 0;
  int limit = 5;  // 1..50
  int64_t min_available = 1;
};

enum class MovementKind {
  kReceipt,        // +quantity; the first receipt makes the SKU stocked at the location
  kSale,           // -quantity (POS), guarded: on_hand - reserved >= quantity
  kTransferOut,    // written by a transfer only
  kTransferIn,     // written by a transfer only
  kCount,          // absolute: the counted quantity; the ledger records the delta
  kAdjustment,     // -quantity (damage, loss), guarded like a sale
  kReturnRestock,  // +quantity
};
constexpr auto EnumNames(MovementKind) {
  return EnumTable<MovementKind, 7>{{{MovementKind::kReceipt, "receipt"},
                                     {MovementKind::kSale, "sale"},
                                     {MovementKind::kTransferOut, "transfer_out"},
                                     {MovementKind::kTransferIn, "transfer_in"},
                                     {MovementKind::kCount, "count"},
                                     {MovementKind::kAdjustment, "adjustment"},
                                     {MovementKind::kReturnRestock, "return_restock"}}};
}

// A request to move stock. For kind "transfer" use Transfer(), not this.
struct MovementRequest {
  MovementKind kind = MovementKind::kReceipt;
  std::string sku;
  std::string location_id;
  int64_t quantity = 0;  // units moved (> 0); for kCount the counted total (>= 0)
  std::string reason;    // free text: "damage", "loss", a delivery note
  std::string reference;
};

struct TransferRequest {
  std::string sku;
  std::string from_location_id;
  std::string to_location_id;
  int64_t quantity = 0;
  std::string reference;
};

// One row of the append-only ledger.
struct Movement {
  MovementId id;
  std::string sku;
  std::string location_id;
  MovementKind kind = MovementKind::kReceipt;
  int64_t delta = 0;  // signed change of on_hand
  int64_t on_hand_after = 0;
  std::string reason;
  std::string reference;
  TimePoint created_at;
};
// As the movements route answers it.
constexpr auto Describe(const Movement*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Movement::id),
                    F("sku", &Movement::sku),
                    F("location_id", &Movement::location_id),
                    F("kind", &Movement::kind),
                    F("delta", &Movement::delta),
                    F("on_hand_after", &Movement::on_hand_after),
                    F("reason", &Movement::reason).Is(omnihub::schema::DataClass::kFreeText),
                    F("reference", &Movement::reference),
                    F("created_at", &Movement::created_at)};
}

// What a movement use case did: its ledger rows and the stock levels they left.
struct MovementResult {
  std::vector<Movement> movements;
  std::vector<StockLevel> levels;
};

// kShipment: an order's units at the location that ships them, until it ships.
enum class ReservationKind { kCart, kClickAndCollect, kInStore, kShipment };
constexpr auto EnumNames(ReservationKind) {
  return EnumTable<ReservationKind, 4>{{{ReservationKind::kCart, "cart"},
                                        {ReservationKind::kClickAndCollect, "click_and_collect"},
                                        {ReservationKind::kInStore, "in_store"},
                                        {ReservationKind::kShipment, "shipment"}}};
}
// cart 15 minutes, click_and_collect 48 hours, in_store 2 hours, shipment kMaxHold.
inline constexpr Duration kMaxHold = std::chrono::hours(24 * 14);
Duration DefaultHold(ReservationKind kind);

enum class ReservationStatus { kActive, kReleased, kExpired, kConfirmed };
constexpr auto EnumNames(ReservationStatus) {
  return EnumTable<ReservationStatus, 4>{{{ReservationStatus::kActive, "active"},
                                          {ReservationStatus::kReleased, "released"},
                                          {ReservationStatus::kExpired, "expired"},
                                          {ReservationStatus::kConfirmed, "confirmed"}}};
}

struct ReserveRequest {
  std::string sku;
  std::string location_id;
  int64_t quantity = 0;
  ReservationKind kind = ReservationKind::kCart;
  std::optional<Duration> hold_for;  // default DefaultHold(kind); at most kMaxHold
  std::string reference;             // the caller's cart or order id, free text
  // The order this hold backs: only that order's own transitions release or confirm it.
  std::string order_id;
};

struct Reservation {
  static constexpr int kSchemaVersion = 2;  // 2: order_id
  ReservationId id;
  std::string sku;
  std::string location_id;
  int64_t quantity = 0;
  ReservationKind kind = ReservationKind::kCart;
  ReservationStatus status = ReservationStatus::kActive;
  std::string channel_id;  // of the writer that made it ("" for the system)
  std::string reference;
  std::string order_id;  // the order it backs, "" for none (ReserveRequest::order_id)
  TimePoint created_at;
  TimePoint expires_at;
  TimePoint updated_at;
};
// As GET /api/v1/inventory/reservations/{id} shows it.
constexpr auto Describe(const Reservation*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Reservation::id),
                    F("sku", &Reservation::sku),
                    F("location_id", &Reservation::location_id),
                    F("quantity", &Reservation::quantity),
                    F("kind", &Reservation::kind),
                    F("status", &Reservation::status),
                    F("channel_id", &Reservation::channel_id),
                    F("reference", &Reservation::reference),
                    F("order_id", &Reservation::order_id).NullIfEmpty().Since(2),
                    F("created_at", &Reservation::created_at),
                    F("expires_at", &Reservation::expires_at),
                    F("updated_at", &Reservation::updated_at)};
}

// A reservation with the stock level it left behind.
struct ReservationResult {
  Reservation reservation;
  StockLevel level;
};

// One broken rule found by Check().
struct Violation {
  std::string sku;
  std::string location_id;
  std::string rule;  // "reserved_negative", "reserved_above_on_hand", "on_hand_not_ledger",
                     // "reserved_not_active_holds", "ledger_without_stock"
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t ledger_sum = 0;
  int64_t active_holds = 0;
};

struct CheckReport {
  int64_t stock_levels = 0;  // rows checked
  int64_t movements = 0;     // ledger rows summed
  std::vector<Violation> violations;
  bool ok() const { return violations.empty(); }
};

}  // namespace omnihub::inventory
