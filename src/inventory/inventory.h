#pragma once

#include <memory>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "inventory/types.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Stock per SKU and location, its append-only ledger and the holds channels place on it
// (SPEC.md §2.5). The last unit goes to exactly one caller, whatever the concurrency: reserve and
// sell are one guarded statement each.
namespace omnihub::inventory {

storage::MigrationSet Migrations();

// Thread-safe: all state lives in the database. Mutating methods take the use case's Tx first
// and append their changes (events.h) to it; an error leaves nothing changed once the caller
// rolls back (Database::InTransaction does).
// Common errors: kInvalidArgument naming the field (sku, location_id, quantity: 1..kMaxQuantity);
// kNotFound for an unknown location, or a SKU never stocked at the location.
class InventoryService {
 public:
  virtual ~InventoryService() = default;

  // Creates a location, with the client's loc_<ULID> id when given.
  // Errors: kInvalidArgument (id, name, lat, lon, opening_hours), kConflict when the id is taken.
  virtual Result<Location> CreateLocation(storage::Tx& tx, const NewLocation& req) = 0;
  virtual Result<std::vector<Location>> ListLocations(storage::Tx& tx) = 0;
  // Errors: kNotFound.
  virtual Result<Location> GetLocation(storage::Tx& tx, std::string_view id) = 0;

  // One SKU at one location; holds past their expiry do not count. Works in a read-only Tx.
  // Errors: kNotFound (location, or SKU not stocked there).
  virtual Result<StockLevel> GetStockLevel(storage::Tx& tx, std::string_view sku,
                                           std::string_view location_id) = 0;
  // Every location stocking `sku`, and the network total. Works in a read-only Tx.
  // Errors: kNotFound when no location has ever stocked it.
  virtual Result<Availability> GetAvailability(storage::Tx& tx, std::string_view sku) = 0;
  // Locations with at least `min_available` units, nearest first (great-circle distance), at
  // most `limit`. Empty when none has stock. Errors: kInvalidArgument (lat, lon, limit).
  virtual Result<std::vector<NearbyStock>> Nearest(storage::Tx& tx, const NearestQuery& q) = 0;
  // Sets the units kept back from promising; stocks the SKU at the location (on hand 0) if it
  // was not. Appends inventory.stock.changed. Errors: kInvalidArgument (safety_stock).
  virtual Result<StockLevel> SetSafetyStock(storage::Tx& tx, std::string_view sku,
                                            std::string_view location_id, int64_t safety_stock) = 0;

  // Records one movement in the ledger and changes on_hand by exactly its delta; appends
  // inventory.movement.recorded and inventory.stock.changed. Sale and adjustment never take
  // on_hand below reserved (held units stay for their holders); a count below reserved is
  // refused (release the holds first). Errors: kInsufficientStock (details sku, location_id,
  // available), kConflict (a count below reserved), kNotFound (count, sale, adjustment of a SKU
  // not stocked there), kInvalidArgument (kind transfer_in/transfer_out: use Transfer).
  virtual Result<MovementResult> RecordMovement(storage::Tx& tx, const MovementRequest& req) = 0;
  // Moves units between two locations: transfer_out and transfer_in rows in one use case.
  // Errors: kInvalidArgument (to_location_id the same as from), kInsufficientStock, kNotFound.
  virtual Result<MovementResult> Transfer(storage::Tx& tx, const TransferRequest& req) = 0;

  // Holds `req.quantity` units until now + hold_for; appends inventory.reservation.created and
  // inventory.stock.changed. Holds at that SKU and location already past their expiry are
  // released first. Never oversells. Errors: kInsufficientStock (details available),
  // kInvalidArgument (hold_for), kNotFound.
  virtual Result<ReservationResult> Reserve(storage::Tx& tx, const ReserveRequest& req) = 0;
  // Gives the units back; appends inventory.reservation.released. Releasing a released or
  // expired hold returns it unchanged. Errors: kNotFound, kConflict (already confirmed).
  virtual Result<ReservationResult> Release(storage::Tx& tx, std::string_view id) = 0;
  // Turns the hold into a sale: reserved and on_hand both fall by its quantity, with a 'sale'
  // ledger row referencing it; appends inventory.reservation.confirmed. Confirming twice
  // returns it unchanged. Errors: kNotFound; kConflict with details.reason
  // "reservation_expired" past its expiry, "reservation_released" after a release.
  virtual Result<ReservationResult> Confirm(storage::Tx& tx, std::string_view id) = 0;
  // Passes an active hold to a new owner without letting go of its units (a cart's click &
  // collect hold to the order checked out from it): its kind, reference and expiry (now +
  // hold_for) become `req`'s. Appends events::kReservationReassigned; the stock does not
  // change. Errors: kNotFound; kConflict with details.reason "reservation_not_active" (released,
  // confirmed or expired) or "reservation_mismatch" (not exactly req.quantity of req.sku at
  // req.location_id); kInvalidArgument (hold_for, reference).
  virtual Result<Reservation> Reassign(storage::Tx& tx, std::string_view id,
                                       const ReserveRequest& req) = 0;
  // Errors: kNotFound. An active hold past its expiry reads as expired.
  virtual Result<Reservation> GetReservation(storage::Tx& tx, std::string_view id) = 0;
  // The sweeper: expires active holds whose expiry is at or before `now`, at most `limit`;
  // appends inventory.reservation.expired for each. Returns how many it expired.
  virtual Result<int64_t> ExpireDue(storage::Tx& tx, TimePoint now, int limit = 500) = 0;

  // Proves the ledger: for every SKU and location 0 <= reserved <= on_hand, on_hand equals the
  // sum of its ledger rows and reserved equals its active holds. Works in a read-only Tx.
  virtual Result<CheckReport> Check(storage::Tx& tx) = 0;
};

// Borrows `clock`, which must outlive the service.
std::unique_ptr<InventoryService> NewInventoryService(const Clock& clock);

struct GeoPoint {
  double lat = 0;
  double lon = 0;
};
// Great-circle distance.
double DistanceKm(GeoPoint a, GeoPoint b);

// Approximate coordinates of a Polish postcode ("31-019", "31019"): the main town of its
// postal district (first two digits), else of its zone (first digit). For ranking stores by
// distance, not for delivery. Errors: kInvalidArgument (field "postcode") for another shape.
Result<GeoPoint> PostcodePoint(std::string_view postcode);

// /api/v1/inventory/*. Borrows db, service and clock (the sweeper route's "now").
void RegisterRoutes(http::Router& router, storage::Database& db, InventoryService& service,
                    const Clock& clock);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::inventory
