#pragma once

#include <string>
#include <vector>

#include "changes/event.h"
#include "core/schema.h"
#include "inventory/types.h"

// What the inventory module appends to the change log. Every change of stock is followed by
// kStockChanged, so a channel reading the feed knows the new available figure at once.
namespace omnihub::inventory::events {

using omnihub::schema::F;

// One SKU at one location after a change, and the SKU across the network.
struct StockChanged {
  std::string sku;
  std::string location_id;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t safety_stock = 0;
  int64_t available = 0;
  int64_t network_available = 0;  // the SKU's available units at every location
};
constexpr auto Describe(const StockChanged*) {
  return std::tuple{F("sku", &StockChanged::sku),
                    F("location_id", &StockChanged::location_id),
                    F("on_hand", &StockChanged::on_hand),
                    F("reserved", &StockChanged::reserved),
                    F("safety_stock", &StockChanged::safety_stock),
                    F("available", &StockChanged::available),
                    F("network_available", &StockChanged::network_available)};
}

// Entity "stock_level" "<location_id>/<sku>".
inline constexpr changes::EventType<StockChanged> kStockChanged{
    .name = "inventory.stock.changed",
    .entity_type = "stock_level",
    .summary = "A SKU's stock at a location changed (on hand, held or available)"};
// Payload: the location as GET /api/v1/inventory/locations/{id} shows it.
inline constexpr changes::EventType<Location> kLocationCreated{
    .name = "inventory.location.created",
    .entity_type = "location",
    .summary = "A store, warehouse or dark store was added"};
// Payload: the ledger row.
inline constexpr changes::EventType<Movement> kMovementRecorded{
    .name = "inventory.movement.recorded",
    .entity_type = "movement",
    .summary = "Stock moved: a receipt, sale, transfer, count, adjustment or restock"};
// Payload: the reservation as GET /api/v1/inventory/reservations/{id} shows it.
inline constexpr changes::EventType<Reservation> kReservationCreated{
    .name = "inventory.reservation.created",
    .entity_type = "reservation",
    .summary = "Units were held for a cart or an order"};
inline constexpr changes::EventType<Reservation> kReservationReleased{
    .name = "inventory.reservation.released",
    .entity_type = "reservation",
    .summary = "A hold was let go and its units are available again"};
inline constexpr changes::EventType<Reservation> kReservationExpired{
    .name = "inventory.reservation.expired",
    .entity_type = "reservation",
    .summary = "A hold ran past its expiry"};
// The hold passed to a new owner (a cart's hold to its order): new reference and expiry, the
// same units held.
inline constexpr changes::EventType<Reservation> kReservationReassigned{
    .name = "inventory.reservation.reassigned",
    .entity_type = "reservation",
    .summary = "A hold passed to a new owner (a cart's to its order) with a new expiry"};
inline constexpr changes::EventType<Reservation> kReservationConfirmed{
    .name = "inventory.reservation.confirmed",
    .entity_type = "reservation",
    .summary = "Held units were sold: they left the stock"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kStockChanged),          changes::Info(kLocationCreated),
          changes::Info(kMovementRecorded),      changes::Info(kReservationCreated),
          changes::Info(kReservationReleased),   changes::Info(kReservationExpired),
          changes::Info(kReservationReassigned), changes::Info(kReservationConfirmed)};
}

}  // namespace omnihub::inventory::events
