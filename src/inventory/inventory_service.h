#pragma once

#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"
#include "inventory/inventory.h"
#include "storage/database.h"

// The one InventoryService, split by operation over locations.cc, stock.cc, movements.cc,
// reservations.cc and check.cc.
namespace omnihub::inventory {

class InventoryServiceImpl final : public InventoryService {
 public:
  explicit InventoryServiceImpl(const Clock& clock) : clock_(clock) {}

  Result<Location> CreateLocation(storage::Tx& tx, const NewLocation& req) override;
  Result<std::vector<Location>> ListLocations(storage::Tx& tx) override;
  Result<Location> GetLocation(storage::Tx& tx, std::string_view id) override;

  Result<StockLevel> GetStockLevel(storage::Tx& tx, std::string_view sku,
                                   std::string_view location_id) override;
  Result<Availability> GetAvailability(storage::Tx& tx, std::string_view sku) override;
  Result<std::vector<NearbyStock>> Nearest(storage::Tx& tx, const NearestQuery& q) override;
  Result<StockLevel> SetSafetyStock(storage::Tx& tx, std::string_view sku,
                                    std::string_view location_id, int64_t safety_stock) override;

  Result<MovementResult> RecordMovement(storage::Tx& tx, const MovementRequest& req) override;
  Result<MovementResult> Transfer(storage::Tx& tx, const TransferRequest& req) override;

  Result<ReservationResult> Reserve(storage::Tx& tx, const ReserveRequest& req) override;
  Result<ReservationResult> Release(storage::Tx& tx, std::string_view id) override;
  Result<ReservationResult> Confirm(storage::Tx& tx, std::string_view id) override;
  Result<Reservation> Reassign(storage::Tx& tx, std::string_view id,
                               const ReserveRequest& req) override;
  Result<Reservation> GetReservation(storage::Tx& tx, std::string_view id) override;
  Result<int64_t> ExpireDue(storage::Tx& tx, TimePoint now, int limit) override;

  Result<CheckReport> Check(storage::Tx& tx) override;

  // Makes Reserve skip its stock guard, so tests can prove the conservation checker notices.
  void BreakReserveGuardForTest() { break_reserve_guard_ = true; }

 private:
  // kNotFound unless the location exists.
  Result<void> RequireLocation(storage::Tx& tx, std::string_view location_id);
  // The level as it stands; kNotFound when the SKU is not stocked there.
  Result<StockLevel> Level(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                           TimePoint now);
  // Appends inventory.stock.changed for the level as it now stands, and returns that level.
  Result<StockLevel> StockChanged(storage::Tx& tx, std::string_view sku,
                                  std::string_view location_id, TimePoint now);
  // Expires due holds at one SKU and location (or everywhere when sku is empty), giving their
  // units back; returns how many.
  Result<int64_t> ExpireHolds(storage::Tx& tx, TimePoint now, int limit, std::string_view sku,
                              std::string_view location_id);
  // Writes one ledger row and appends inventory.movement.recorded.
  Result<Movement> Record(storage::Tx& tx, MovementKind kind, std::string_view sku,
                          std::string_view location_id, int64_t delta, std::string_view reason,
                          std::string_view reference, TimePoint now);
  // kInsufficientStock with the units the failed statement could have had.
  // (or the error met reading it).
  Error Insufficient(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                     TimePoint now, bool count_safety_stock);

  const Clock& clock_;  // constant after construction
  bool break_reserve_guard_ = false;
};

// Shared validation. Errors: kInvalidArgument naming `field`.
Result<void> ValidateSku(std::string_view sku, std::string_view field = "sku");
Result<void> ValidateQuantity(int64_t quantity, std::string_view field = "quantity");
// A location id as given: kInvalidArgument unless it is loc_<ULID>.
Result<void> ValidateLocationId(std::string_view id, std::string_view field = "location_id");

}  // namespace omnihub::inventory
