#include <algorithm>
#include <cmath>

#include "changes/changes.h"
#include "core/json.h"
#include "inventory/codec.h"
#include "inventory/events.h"
#include "inventory/inventory_service.h"
#include "inventory/store.h"

namespace omnihub::inventory {

double DistanceKm(GeoPoint a, GeoPoint b) {
  constexpr double kEarthRadiusKm = 6371.0;
  constexpr double kRad = M_PI / 180.0;
  const double dlat = (b.lat - a.lat) * kRad;
  const double dlon = (b.lon - a.lon) * kRad;
  const double h =
      std::sin(dlat / 2) * std::sin(dlat / 2) +
      std::cos(a.lat * kRad) * std::cos(b.lat * kRad) * std::sin(dlon / 2) * std::sin(dlon / 2);
  return 2 * kEarthRadiusKm * std::asin(std::min(1.0, std::sqrt(h)));
}

namespace {

Result<void> ValidateCoordinates(double lat, double lon) {
  if (!std::isfinite(lat) || lat < -90 || lat > 90) {
    return Error::InvalidArgument("lat", "must be a latitude from -90 to 90");
  }
  if (!std::isfinite(lon) || lon < -180 || lon > 180) {
    return Error::InvalidArgument("lon", "must be a longitude from -180 to 180");
  }
  return Ok();
}

}  // namespace

Result<Location> InventoryServiceImpl::CreateLocation(storage::Tx& tx, const NewLocation& req) {
  const TimePoint now = clock_.Now();
  Location location;
  if (req.id) {
    OMNI_ASSIGN_OR_RETURN(location.id, LocationId::Parse(*req.id, "id"));
  } else {
    location.id = LocationId::Generate(now);
  }
  if (req.name.empty() || req.name.size() > 200) {
    return Error::InvalidArgument("name", "must be 1 to 200 characters");
  }
  if (req.address.size() > 500) {
    return Error::InvalidArgument("address", "must be at most 500 characters");
  }
  OMNI_TRY(ValidateCoordinates(req.lat, req.lon));
  Result<json::Value> hours = json::Parse(req.opening_hours_json);
  if (!hours.ok() || !hours->is_object() || req.opening_hours_json.size() > 4096) {
    return Error::InvalidArgument("opening_hours", "must be a JSON object of at most 4 KiB");
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<Location> existing,
                        store::SelectLocation(tx, location.id.str()));
  if (existing) {
    return Error::Conflict("location " + location.id.str() + " already exists")
        .With("location_id", location.id.str());
  }
  location.type = req.type;
  location.name = req.name;
  location.address = req.address;
  location.lat = req.lat;
  location.lon = req.lon;
  location.opening_hours_json = json::Serialize(*hours);
  location.click_and_collect = req.click_and_collect;
  location.ship_from_store = req.ship_from_store;
  location.priority = req.priority;
  location.created_at = now;
  OMNI_TRY(store::InsertLocation(tx, location));
  OMNI_TRY(changes::Append(tx, events::kLocationCreated, location,
                           {.entity_id = location.id.str(), .occurred_at = now}));
  return location;
}

Result<std::vector<Location>> InventoryServiceImpl::ListLocations(storage::Tx& tx) {
  return store::SelectLocations(tx);
}

Result<Location> InventoryServiceImpl::GetLocation(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(ValidateLocationId(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Location> location, store::SelectLocation(tx, id));
  if (!location) {
    return Error::NotFound("location", id);
  }
  return *location;
}

Result<void> InventoryServiceImpl::RequireLocation(storage::Tx& tx, std::string_view location_id) {
  OMNI_TRY(ValidateLocationId(location_id));
  OMNI_ASSIGN_OR_RETURN(std::optional<Location> location, store::SelectLocation(tx, location_id));
  if (!location) {
    return Error::NotFound("location", location_id).With("field", std::string("location_id"));
  }
  return Ok();
}

Result<std::vector<NearbyStock>> InventoryServiceImpl::Nearest(storage::Tx& tx,
                                                               const NearestQuery& q) {
  OMNI_TRY(ValidateSku(q.sku));
  OMNI_TRY(ValidateCoordinates(q.lat, q.lon));
  if (q.limit < 1 || q.limit > 50) {
    return Error::InvalidArgument("limit", "must be from 1 to 50");
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<StockLevel> levels,
                        store::SelectStockForSku(tx, q.sku, clock_.Now()));
  OMNI_ASSIGN_OR_RETURN(std::vector<Location> locations, store::SelectLocations(tx));
  std::vector<NearbyStock> out;
  for (const StockLevel& level : levels) {
    if (level.available < std::max<int64_t>(1, q.min_available)) {
      continue;
    }
    auto it = std::find_if(locations.begin(), locations.end(),
                           [&](const Location& l) { return l.id.str() == level.location_id; });
    if (it == locations.end()) {
      continue;
    }
    out.push_back({.location = *it,
                   .stock = level,
                   .distance_km = DistanceKm({q.lat, q.lon}, {it->lat, it->lon})});
  }
  std::sort(out.begin(), out.end(), [](const NearbyStock& a, const NearbyStock& b) {
    if (a.distance_km != b.distance_km) {
      return a.distance_km < b.distance_km;
    }
    return a.location.priority > b.location.priority;
  });
  if (out.size() > static_cast<size_t>(q.limit)) {
    out.resize(static_cast<size_t>(q.limit));
  }
  return out;
}

std::unique_ptr<InventoryService> NewInventoryService(const Clock& clock) {
  return std::make_unique<InventoryServiceImpl>(clock);
}

}  // namespace omnihub::inventory
