#include <charconv>
#include <cmath>

#include "changes/changes.h"
#include "inventory/codec.h"
#include "inventory/inventory.h"

namespace omnihub::inventory {
namespace {

using http::Role;

constexpr std::string_view kTag = "inventory";

std::string ListOf(std::string_view member, const std::vector<std::string>& items) {
  std::string out = "{\"" + std::string(member) + "\":[";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    out += (idx ? "," : "") + items[idx];
  }
  return out + "]}";
}

Result<std::string> RequireQuery(const http::Request& req, std::string_view name) {
  std::optional<std::string_view> value = req.Query(name);
  if (!value || value->empty()) {
    return Error::InvalidArgument(name, "is required");
  }
  return std::string(*value);
}

Result<double> QueryNumber(const http::Request& req, std::string_view name) {
  OMNI_ASSIGN_OR_RETURN(std::string text, RequireQuery(req, name));
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (end != text.c_str() + text.size() || !std::isfinite(value)) {
    return Error::InvalidArgument(name, "must be a number");
  }
  return value;
}

Result<int> QueryInt(const http::Request& req, std::string_view name, int fallback) {
  std::optional<std::string_view> text = req.Query(name);
  if (!text) {
    return fallback;
  }
  int value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Error::InvalidArgument(name, "must be an integer");
  }
  return value;
}

// A store associate acts on holds at its own location only; the hold's location is known only
// once it is read, so this check cannot be a route scope.
Result<void> OwnLocation(const http::Request& req, const Reservation& hold) {
  if (req.principal.role == Role::kStoreAssociate &&
      req.principal.location_id != hold.location_id) {
    return Error::Forbidden("a store associate key acts only at its own location")
        .With("location_id", req.principal.location_id);
  }
  return Ok();
}

// Who may release or confirm a hold through the API: never a hold that backs an order (it moves
// only with the order's transitions); otherwise an admin, a store associate of its location, or
// the channel that made it.
Result<void> MayFinish(const http::Request& req, const Reservation& hold) {
  if (!hold.order_id.empty()) {
    return Error::Conflict("reservation " + hold.id.str() + " backs order " + hold.order_id +
                           ": it moves only with the order (cancel it or hand it over)")
        .With("order_id", hold.order_id)
        .With("reason", std::string("hold_backs_order"));
  }
  switch (req.principal.role) {
    case Role::kAdmin:
      return Ok();
    case Role::kStoreAssociate:
      return OwnLocation(req, hold);
    default:
      if (hold.channel_id != req.principal.channel_id) {
        return Error::Forbidden("a hold is released or confirmed only by the channel that made it")
            .With("channel_id", hold.channel_id);
      }
      return Ok();
  }
}

const std::vector<Role> kReservers = {Role::kAdmin, Role::kChannel, Role::kAgent,
                                      Role::kStoreAssociate};

void RegisterLocations(http::Router& router, storage::Database& db, InventoryService& service) {
  router.Post("/api/v1/inventory/locations",
              {.summary = "Create a stock location (warehouse, store, dark store)",
               .roles = {Role::kAdmin},
               .request_schema = std::string(api_schema::kNewLocation),
               .response_schema = std::string(api_schema::kLocation),
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewLocation body, DecodeNewLocation(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateLocation(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Location created,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeLocation(created));
              });

  router.Get(
      "/api/v1/inventory/locations",
      {.summary = "List stock locations",
       .roles = http::AllRoles(),
       .response_schema = R"({"type":"object","properties":{"locations":{"type":"array","items":)" +
                          std::string(api_schema::kLocation) + "}}}",
       .tag = std::string(kTag)},
      [&db, &service](const http::Request&) -> Result<http::Response> {
        OMNI_ASSIGN_OR_RETURN(std::vector<Location> locations,
                              db.Read([&](storage::Tx& tx) { return service.ListLocations(tx); }));
        std::vector<std::string> items;
        items.reserve(locations.size());
        for (const Location& location : locations) {
          items.push_back(EncodeLocation(location));
        }
        return http::Response::Ok(ListOf("locations", items));
      });

  router.Get("/api/v1/inventory/locations/{id}",
             {.summary = "One stock location",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kLocation),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Location location, db.Read([&](storage::Tx& tx) {
                 return service.GetLocation(tx, id);
               }));
               return http::Response::Ok(EncodeLocation(location));
             });

  router.Get("/api/v1/inventory/locations/{location_id}/stock-levels/{sku}",
             {.summary = "One SKU's stock at one location (available excludes expired holds)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kStockLevel),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string location_id(req.PathParam("location_id"));
               const std::string sku(req.PathParam("sku"));
               OMNI_ASSIGN_OR_RETURN(StockLevel level, db.Read([&](storage::Tx& tx) {
                 return service.GetStockLevel(tx, sku, location_id);
               }));
               return http::Response::Ok(EncodeStockLevel(level));
             });

  router.Put("/api/v1/inventory/locations/{location_id}/stock-levels/{sku}",
             {.summary = "Set a SKU's safety stock at a location",
              .roles = {Role::kAdmin, Role::kStoreAssociate},
              .scope = http::Scope::Location("location_id"),
              .request_schema = std::string(api_schema::kSafetyStock),
              .response_schema = std::string(api_schema::kStockLevel),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string location_id(req.PathParam("location_id"));
               const std::string sku(req.PathParam("sku"));
               OMNI_TRY(json::RequireObject(req.json, "body"));
               OMNI_ASSIGN_OR_RETURN(int64_t safety, json::RequireInt(req.json, "safety_stock"));
               auto set = [&](storage::Tx& tx) {
                 return service.SetSafetyStock(tx, sku, location_id, safety);
               };
               OMNI_ASSIGN_OR_RETURN(StockLevel level,
                                     db.InTransaction(set, changes::WriterOf(req)));
               return http::Response::Ok(EncodeStockLevel(level));
             });
}

void RegisterStock(http::Router& router, storage::Database& db, InventoryService& service) {
  router.Get("/api/v1/inventory/availability",
             {.summary = "Available to promise for ?sku= per location and network-wide",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kAvailability),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::string sku, RequireQuery(req, "sku"));
               OMNI_ASSIGN_OR_RETURN(Availability availability, db.Read([&](storage::Tx& tx) {
                 return service.GetAvailability(tx, sku);
               }));
               return http::Response::Ok(EncodeAvailability(availability));
             });

  router.Get("/api/v1/inventory/nearest",
             {.summary = "Nearest locations with ?sku= available from ?lat=&lon= or ?postcode= "
                         "(&limit=)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kNearby),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               NearestQuery q;
               OMNI_ASSIGN_OR_RETURN(q.sku, RequireQuery(req, "sku"));
               if (std::optional<std::string_view> postcode = req.Query("postcode")) {
                 OMNI_ASSIGN_OR_RETURN(GeoPoint point, PostcodePoint(*postcode));
                 q.lat = point.lat;
                 q.lon = point.lon;
               } else {
                 OMNI_ASSIGN_OR_RETURN(q.lat, QueryNumber(req, "lat"));
                 OMNI_ASSIGN_OR_RETURN(q.lon, QueryNumber(req, "lon"));
               }
               OMNI_ASSIGN_OR_RETURN(q.limit, QueryInt(req, "limit", 5));
               OMNI_ASSIGN_OR_RETURN(std::vector<NearbyStock> nearby, db.Read([&](storage::Tx& tx) {
                 return service.Nearest(tx, q);
               }));
               return http::Response::Ok(EncodeNearby(nearby));
             });

  router.Post("/api/v1/inventory/movements",
              {.summary = "Record a stock movement: receipt, sale, transfer, count, adjustment, "
                          "return_restock",
               .roles = {Role::kAdmin, Role::kStoreAssociate},
               .scope = http::Scope::Location("location_id"),
               .request_schema = std::string(api_schema::kMovementRequest),
               .response_schema = std::string(api_schema::kMovementResult),
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(DecodedMovement body, DecodeMovement(req.json));
                auto record = [&](storage::Tx& tx) {
                  return body.is_transfer ? service.Transfer(tx, body.transfer)
                                          : service.RecordMovement(tx, body.movement);
                };
                OMNI_ASSIGN_OR_RETURN(MovementResult result,
                                      db.InTransaction(record, changes::WriterOf(req)));
                return http::Response::Created(EncodeMovementResult(result));
              });

  router.Get("/api/v1/inventory/check",
             {.summary = "Prove the ledger: on_hand equals the ledger sum, 0 <= reserved <= "
                         "on_hand, reserved equals the active holds",
              .roles = {Role::kAdmin, Role::kAnalyst},
              .response_schema = std::string(api_schema::kCheckReport),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(CheckReport report,
                                     db.Read([&](storage::Tx& tx) { return service.Check(tx); }));
               return http::Response::Ok(EncodeCheckReport(report));
             });
}

void RegisterReservations(http::Router& router, storage::Database& db, InventoryService& service,
                          const Clock& clock) {
  router.Post("/api/v1/inventory/reservations",
              {.summary = "Hold stock for a cart, click & collect or in-store customer",
               .roles = kReservers,
               .scope = http::Scope::Location("location_id"),
               .request_schema = std::string(api_schema::kReserveRequest),
               .response_schema = std::string(api_schema::kReservation),
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(ReserveRequest body, DecodeReserveRequest(req.json));
                auto reserve = [&](storage::Tx& tx) { return service.Reserve(tx, body); };
                OMNI_ASSIGN_OR_RETURN(ReservationResult held,
                                      db.InTransaction(reserve, changes::WriterOf(req)));
                return http::Response::Created(EncodeReservationResult(held));
              });

  router.Get("/api/v1/inventory/reservations/{id}",
             {.summary = "One reservation (an active hold past its expiry reads as expired)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kReservation),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Reservation hold, db.Read([&](storage::Tx& tx) {
                 return service.GetReservation(tx, id);
               }));
               return http::Response::Ok(EncodeReservation(hold));
             });

  auto finish = [db = &db, service = &service](bool confirm) {
    return [db, service, confirm](const http::Request& req) -> Result<http::Response> {
      const std::string id(req.PathParam("id"));
      auto run = [&](storage::Tx& tx) -> Result<ReservationResult> {
        OMNI_ASSIGN_OR_RETURN(Reservation hold, service->GetReservation(tx, id));
        OMNI_TRY(MayFinish(req, hold));
        return confirm ? service->Confirm(tx, id) : service->Release(tx, id);
      };
      OMNI_ASSIGN_OR_RETURN(ReservationResult result,
                            db->InTransaction(run, changes::WriterOf(req)));
      return http::Response::Ok(EncodeReservationResult(result));
    };
  };
  router.Post("/api/v1/inventory/reservations/{id}/release",
              {.summary = "Give a hold's units back (harmless when already released or expired)",
               .roles = kReservers,
               .response_schema = std::string(api_schema::kReservation),
               .tag = std::string(kTag)},
              finish(false));
  router.Post("/api/v1/inventory/reservations/{id}/confirm",
              {.summary = "Turn a hold into a sale: on_hand and reserved fall, a sale is ledgered",
               .roles = kReservers,
               .response_schema = std::string(api_schema::kReservation),
               .tag = std::string(kTag)},
              finish(true));

  router.Post(
      "/api/v1/inventory/reservations/expire-due",
      {.summary = "Run the expiry sweeper once: expire every hold past its expiry",
       .roles = {Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"expired":{"type":"integer"}}})",
       .tag = std::string(kTag)},
      [&db, &service, &clock](const http::Request& req) -> Result<http::Response> {
        const TimePoint now = clock.Now();
        int64_t total = 0;
        // Batches keep each transaction short; a batch smaller than asked is the last.
        for (int64_t batch = 500; batch == 500;) {
          auto sweep = [&](storage::Tx& tx) { return service.ExpireDue(tx, now, 500); };
          OMNI_ASSIGN_OR_RETURN(batch, db.InTransaction(sweep, changes::WriterOf(req)));
          total += batch;
        }
        return http::Response::Ok("{\"expired\":" + std::to_string(total) + "}");
      });
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, InventoryService& service,
                    const Clock& clock) {
  RegisterLocations(router, db, service);
  RegisterStock(router, db, service);
  RegisterReservations(router, db, service, clock);
}

}  // namespace omnihub::inventory
