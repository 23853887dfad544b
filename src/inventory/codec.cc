#include "inventory/codec.h"

#include "inventory/inventory_service.h"

namespace omnihub::inventory {
namespace {

void WriteLevelMembers(json::Writer& w, const StockLevel& s) {
  w.Field("sku", s.sku);
  w.Field("location_id", s.location_id);
  w.Field("on_hand", s.on_hand);
  w.Field("reserved", s.reserved);
  w.Field("safety_stock", s.safety_stock);
  w.Field("available", s.available);
}

void WriteLevel(json::Writer& w, const StockLevel& s) {
  w.BeginObject();
  WriteLevelMembers(w, s);
  w.Field("updated_at", FormatRfc3339(s.updated_at));
  w.EndObject();
}

Result<double> RequireNumber(const json::Value& body, std::string_view key) {
  const json::Value* member = body.Find(key);
  if (member == nullptr || member->is_null()) {
    return Error::InvalidArgument(key, "is required");
  }
  std::optional<double> number = member->AsDouble();
  if (!number) {
    return Error::InvalidArgument(key, "must be a number");
  }
  return *number;
}

// Quantities arrive as JSON integers; anything else (a fraction, a number beyond int64, a
// string) is refused here so the service only sees whole units.
Result<int64_t> RequireQuantity(const json::Value& body, std::string_view key) {
  const json::Value* member = body.Find(key);
  if (member == nullptr || member->is_null()) {
    return Error::InvalidArgument(key, "is required");
  }
  std::optional<int64_t> number = member->AsInt();
  if (!number) {
    return Error::InvalidArgument(key, "must be an integer from 1 to 1000000000");
  }
  return *number;
}

}  // namespace

std::string EncodeLocation(const Location& location) { return schema::Encode(location); }

std::string EncodeStockLevel(const StockLevel& level) {
  json::Writer w;
  WriteLevel(w, level);
  return w.Take();
}

std::string EncodeAvailability(const Availability& a) {
  json::Writer w;
  w.BeginObject();
  w.Field("sku", a.sku);
  w.Field("network_available", a.network_available);
  w.Key("locations").BeginArray();
  for (const StockLevel& level : a.locations) {
    WriteLevel(w, level);
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string EncodeNearby(const std::vector<NearbyStock>& nearby) {
  json::Writer w;
  w.BeginObject();
  w.Key("locations").BeginArray();
  for (const NearbyStock& n : nearby) {
    w.BeginObject();
    w.Key("location").Raw(schema::Encode(n.location));
    w.Key("stock");
    WriteLevel(w, n.stock);
    w.Key("distance_km").Double(n.distance_km);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string EncodeMovement(const Movement& movement) { return schema::Encode(movement); }

std::string EncodeMovementResult(const MovementResult& result) {
  json::Writer w;
  w.BeginObject();
  w.Key("movements").BeginArray();
  for (const Movement& m : result.movements) {
    w.Raw(schema::Encode(m));
  }
  w.EndArray();
  w.Key("stock_levels").BeginArray();
  for (const StockLevel& level : result.levels) {
    WriteLevel(w, level);
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

std::string EncodeReservation(const Reservation& reservation) {
  return schema::Encode(reservation);
}

std::string EncodeReservationResult(const ReservationResult& result) {
  std::string out = "{";
  schema::AppendMembers(out, result.reservation, false);
  json::Writer level;
  WriteLevel(level, result.level);
  json::AppendKey(out, "stock_level");
  return out + level.Take() + "}";
}

std::string EncodeCheckReport(const CheckReport& report) {
  json::Writer w;
  w.BeginObject();
  w.Field("ok", report.ok());
  w.Field("stock_levels", report.stock_levels);
  w.Field("movements", report.movements);
  w.Key("violations").BeginArray();
  for (const Violation& v : report.violations) {
    w.BeginObject();
    w.Field("sku", v.sku);
    w.Field("location_id", v.location_id);
    w.Field("rule", v.rule);
    w.Field("on_hand", v.on_hand);
    w.Field("reserved", v.reserved);
    w.Field("ledger_sum", v.ledger_sum);
    w.Field("active_holds", v.active_holds);
    w.EndObject();
  }
  w.EndArray();
  w.EndObject();
  return w.Take();
}

Result<NewLocation> DecodeNewLocation(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewLocation out;
  OMNI_ASSIGN_OR_RETURN(out.id, json::OptionalString(body, "id"));
  OMNI_ASSIGN_OR_RETURN(std::string type, json::RequireString(body, "type"));
  OMNI_ASSIGN_OR_RETURN(out.type, ParseEnum<LocationType>(type, "type"));
  OMNI_ASSIGN_OR_RETURN(out.name, json::RequireString(body, "name"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> address, json::OptionalString(body, "address"));
  out.address = address.value_or("");
  OMNI_ASSIGN_OR_RETURN(out.lat, RequireNumber(body, "lat"));
  OMNI_ASSIGN_OR_RETURN(out.lon, RequireNumber(body, "lon"));
  if (const json::Value* hours = body.Find("opening_hours"); hours && !hours->is_null()) {
    if (!hours->is_object()) {
      return Error::InvalidArgument("opening_hours", "must be a JSON object");
    }
    out.opening_hours_json = json::Serialize(*hours);
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<bool> cc, json::OptionalBool(body, "click_and_collect"));
  OMNI_ASSIGN_OR_RETURN(std::optional<bool> sfs, json::OptionalBool(body, "ship_from_store"));
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> priority, json::OptionalInt(body, "priority"));
  out.click_and_collect = cc.value_or(false);
  out.ship_from_store = sfs.value_or(false);
  out.priority = priority.value_or(0);
  return out;
}

Result<DecodedMovement> DecodeMovement(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  DecodedMovement out;
  OMNI_ASSIGN_OR_RETURN(std::string kind, json::RequireString(body, "kind"));
  OMNI_ASSIGN_OR_RETURN(std::string sku, json::RequireString(body, "sku"));
  OMNI_ASSIGN_OR_RETURN(std::string location_id, json::RequireString(body, "location_id"));
  OMNI_ASSIGN_OR_RETURN(int64_t quantity, RequireQuantity(body, "quantity"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reason, json::OptionalString(body, "reason"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                        json::OptionalString(body, "reference"));
  if (kind == "transfer") {
    out.is_transfer = true;
    OMNI_ASSIGN_OR_RETURN(std::string to, json::RequireString(body, "to_location_id"));
    out.transfer = {.sku = std::move(sku),
                    .from_location_id = std::move(location_id),
                    .to_location_id = std::move(to),
                    .quantity = quantity,
                    .reference = reference.value_or("")};
    return out;
  }
  std::optional<MovementKind> parsed = EnumNames(MovementKind{}).Find(kind);
  if (!parsed) {
    return Error::InvalidArgument(
        "kind", "must be receipt, sale, transfer, count, adjustment or return_restock");
  }
  if (parsed == MovementKind::kTransferIn || parsed == MovementKind::kTransferOut) {
    return Error::InvalidArgument("kind", "use kind transfer with to_location_id");
  }
  out.movement = {.kind = *parsed,
                  .sku = std::move(sku),
                  .location_id = std::move(location_id),
                  .quantity = quantity,
                  .reason = reason.value_or(""),
                  .reference = reference.value_or("")};
  return out;
}

Result<ReserveRequest> DecodeReserveRequest(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  ReserveRequest out;
  OMNI_ASSIGN_OR_RETURN(out.sku, json::RequireString(body, "sku"));
  OMNI_ASSIGN_OR_RETURN(out.location_id, json::RequireString(body, "location_id"));
  OMNI_ASSIGN_OR_RETURN(out.quantity, RequireQuantity(body, "quantity"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> kind, json::OptionalString(body, "kind"));
  if (kind) {
    OMNI_ASSIGN_OR_RETURN(out.kind, ParseEnum<ReservationKind>(*kind, "kind"));
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> hold, json::OptionalInt(body, "hold_seconds"));
  if (hold) {
    if (*hold < 1 || *hold > std::chrono::duration_cast<std::chrono::seconds>(kMaxHold).count()) {
      return Error::InvalidArgument("hold_seconds", "must be from 1 second to 14 days");
    }
    out.hold_for = std::chrono::seconds(*hold);
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                        json::OptionalString(body, "reference"));
  out.reference = reference.value_or("");
  return out;
}

}  // namespace omnihub::inventory
