#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "inventory/types.h"

// JSON <-> the inventory module's types, and the route schemas.
namespace omnihub::inventory {

std::string EncodeLocation(const Location& location);
std::string EncodeStockLevel(const StockLevel& level);
std::string EncodeAvailability(const Availability& availability);
std::string EncodeNearby(const std::vector<NearbyStock>& nearby);
std::string EncodeMovement(const Movement& movement);
std::string EncodeMovementResult(const MovementResult& result);
std::string EncodeReservation(const Reservation& reservation);
std::string EncodeReservationResult(const ReservationResult& result);
std::string EncodeCheckReport(const CheckReport& report);

// Request bodies. Errors: kInvalidArgument naming the field.
Result<NewLocation> DecodeNewLocation(const json::Value& body);
// {"kind","sku","location_id","quantity","reason","reference"}; kind "transfer" also takes
// "to_location_id" and decodes into `transfer`.
struct DecodedMovement {
  bool is_transfer = false;
  MovementRequest movement;
  TransferRequest transfer;
};
Result<DecodedMovement> DecodeMovement(const json::Value& body);
// {"sku","location_id","quantity","kind","hold_seconds","reference"}
Result<ReserveRequest> DecodeReserveRequest(const json::Value& body);

namespace api_schema {

inline constexpr std::string_view kLocation =
    R"({"type":"object","required":["id","type","name","lat","lon","click_and_collect",)"
    R"("ship_from_store","priority"],"properties":{"id":{"type":"string","pattern":"^loc_"},)"
    R"("type":{"enum":["warehouse","store","dark_store"]},"name":{"type":"string"},)"
    R"("address":{"type":"string"},"lat":{"type":"number"},"lon":{"type":"number"},)"
    R"("opening_hours":{"type":"object"},"click_and_collect":{"type":"boolean"},)"
    R"("ship_from_store":{"type":"boolean"},"priority":{"type":"integer"},)"
    R"("created_at":{"type":"string","format":"date-time"}}})";
inline constexpr std::string_view kNewLocation =
    R"({"type":"object","required":["type","name","lat","lon"],"properties":{)"
    R"("id":{"type":"string","pattern":"^loc_","description":"optional client-given id"},)"
    R"("type":{"enum":["warehouse","store","dark_store"]},"name":{"type":"string"},)"
    R"("address":{"type":"string"},"lat":{"type":"number"},"lon":{"type":"number"},)"
    R"("opening_hours":{"type":"object"},"click_and_collect":{"type":"boolean"},)"
    R"("ship_from_store":{"type":"boolean"},"priority":{"type":"integer"}}})";
inline constexpr std::string_view kStockLevel =
    R"({"type":"object","required":["sku","location_id","on_hand","reserved","safety_stock",)"
    R"("available"],"properties":{"sku":{"type":"string"},"location_id":{"type":"string"},)"
    R"("on_hand":{"type":"integer"},"reserved":{"type":"integer"},)"
    R"("safety_stock":{"type":"integer"},"available":{"type":"integer","minimum":0},)"
    R"("updated_at":{"type":"string","format":"date-time"}}})";
inline constexpr std::string_view kSafetyStock =
    R"({"type":"object","required":["safety_stock"],"properties":{)"
    R"("safety_stock":{"type":"integer","minimum":0}}})";
inline constexpr std::string_view kAvailability =
    R"({"type":"object","required":["sku","locations","network_available"],"properties":{)"
    R"("sku":{"type":"string"},"network_available":{"type":"integer"},)"
    R"("locations":{"type":"array","items":{"type":"object"}}}})";
inline constexpr std::string_view kNearby =
    R"({"type":"object","required":["locations"],"properties":{"locations":{"type":"array",)"
    R"("items":{"type":"object","properties":{"location":{"type":"object"},)"
    R"("stock":{"type":"object"},"distance_km":{"type":"number"}}}}}})";
inline constexpr std::string_view kMovementRequest =
    R"({"type":"object","required":["kind","sku","location_id","quantity"],"properties":{)"
    R"("kind":{"enum":["receipt","sale","transfer","count","adjustment","return_restock"]},)"
    R"("sku":{"type":"string"},"location_id":{"type":"string"},)"
    R"("to_location_id":{"type":"string","description":"transfer only"},)"
    R"("quantity":{"type":"integer","description":"units moved; for count the counted total"},)"
    R"("reason":{"type":"string"},"reference":{"type":"string"}}})";
inline constexpr std::string_view kMovementResult =
    R"({"type":"object","required":["movements","stock_levels"],"properties":{)"
    R"("movements":{"type":"array","items":{"type":"object","properties":{)"
    R"("id":{"type":"string","pattern":"^mov_"},"kind":{"type":"string"},)"
    R"("delta":{"type":"integer"},"on_hand_after":{"type":"integer"}}}},)"
    R"("stock_levels":{"type":"array","items":{"type":"object"}}}})";
inline constexpr std::string_view kReserveRequest =
    R"({"type":"object","required":["sku","location_id","quantity"],"properties":{)"
    R"("sku":{"type":"string"},"location_id":{"type":"string"},)"
    R"("quantity":{"type":"integer","minimum":1},)"
    R"("kind":{"enum":["cart","click_and_collect","in_store"]},)"
    R"("hold_seconds":{"type":"integer","minimum":1},"reference":{"type":"string"}}})";
inline constexpr std::string_view kReservation =
    R"({"type":"object","required":["id","sku","location_id","quantity","kind","status",)"
    R"("expires_at"],"properties":{"id":{"type":"string","pattern":"^res_"},)"
    R"("sku":{"type":"string"},"location_id":{"type":"string"},"quantity":{"type":"integer"},)"
    R"("kind":{"enum":["cart","click_and_collect","in_store"]},)"
    R"("status":{"enum":["active","released","expired","confirmed"]},)"
    R"("channel_id":{"type":"string"},"reference":{"type":"string"},)"
    R"("expires_at":{"type":"string","format":"date-time"},)"
    R"("stock_level":{"type":"object"}}})";
inline constexpr std::string_view kCheckReport =
    R"({"type":"object","required":["ok","stock_levels","movements","violations"],)"
    R"("properties":{"ok":{"type":"boolean"},"stock_levels":{"type":"integer"},)"
    R"("movements":{"type":"integer"},"violations":{"type":"array","items":{"type":"object"}}}})";

}  // namespace api_schema
}  // namespace omnihub::inventory
