#pragma once

#include <string_view>

// Changes the inventory module appends to the change log. Every stock change is followed by
// kStockChanged, so a channel reading the feed knows the new available figure at once.
namespace omnihub::inventory::events {

// entity "stock_level" "<location_id>/<sku>"; payload: {"sku","location_id","on_hand",
// "reserved","safety_stock","available","network_available"}
inline constexpr std::string_view kStockChanged = "inventory.stock.changed";
// entity "location"; payload: the location as GET /api/v1/inventory/locations/{id} shows it
inline constexpr std::string_view kLocationCreated = "inventory.location.created";
// entity "movement"; payload: {"id","sku","location_id","kind","delta","on_hand_after","reason",
// "reference"}
inline constexpr std::string_view kMovementRecorded = "inventory.movement.recorded";
// entity "reservation"; payload: the reservation as GET /api/v1/inventory/reservations/{id}
inline constexpr std::string_view kReservationCreated = "inventory.reservation.created";
inline constexpr std::string_view kReservationReleased = "inventory.reservation.released";
inline constexpr std::string_view kReservationExpired = "inventory.reservation.expired";
inline constexpr std::string_view kReservationConfirmed = "inventory.reservation.confirmed";

}  // namespace omnihub::inventory::events
