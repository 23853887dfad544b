#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "inventory/types.h"
#include "storage/database.h"

// The inventory module's SQL, and nothing else. Stock updates are single guarded statements:
// the returned row count (0 or 1) says whether the guard held.
namespace omnihub::inventory::store {

Result<void> InsertLocation(storage::Tx& tx, const Location& location);
Result<std::vector<Location>> SelectLocations(storage::Tx& tx);
Result<std::optional<Location>> SelectLocation(storage::Tx& tx, std::string_view id);

// Stock rows as of `now`: reserved leaves out active holds whose expiry is at or before now.
Result<std::optional<StockLevel>> SelectStock(storage::Tx& tx, std::string_view sku,
                                              std::string_view location_id, TimePoint now);
Result<std::vector<StockLevel>> SelectStockForSku(storage::Tx& tx, std::string_view sku,
                                                  TimePoint now);

// Inserts a zero row unless the SKU is already stocked at the location.
Result<void> EnsureStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                         TimePoint now);
Result<int64_t> SetSafetyStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                               int64_t safety_stock, TimePoint now);
// reserved += q where on_hand - reserved - safety_stock >= q.
Result<int64_t> HoldStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                          int64_t quantity, TimePoint now);
// reserved += q with no guard at all: only for proving the conservation checker catches it.
Result<int64_t> HoldStockUnguardedForTest(storage::Tx& tx, std::string_view sku,
                                          std::string_view location_id, int64_t quantity,
                                          TimePoint now);
// reserved -= q where reserved >= q.
Result<int64_t> UnholdStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                            int64_t quantity, TimePoint now);
// on_hand += q where the result stays within kMaxQuantity.
Result<int64_t> AddOnHand(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                          int64_t quantity, TimePoint now);
// on_hand -= q where on_hand - reserved >= q: unreserved units only.
Result<int64_t> TakeOnHand(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                           int64_t quantity, TimePoint now);
// on_hand -= q and reserved -= q where reserved >= q (a confirmed hold leaves the shelf).
Result<int64_t> TakeReserved(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                             int64_t quantity, TimePoint now);
// on_hand = counted where reserved <= counted; returns the delta it applied, or nullopt when
// the guard failed. Locks the row first so the delta is exact under concurrency.
Result<std::optional<int64_t>> SetOnHand(storage::Tx& tx, std::string_view sku,
                                         std::string_view location_id, int64_t counted,
                                         TimePoint now);

Result<void> InsertMovement(storage::Tx& tx, const Movement& movement);

Result<void> InsertReservation(storage::Tx& tx, const Reservation& reservation);
Result<std::optional<Reservation>> SelectReservation(storage::Tx& tx, std::string_view id);
// Active holds with expires_at <= now, oldest first; at one SKU and location when given.
Result<std::vector<Reservation>> SelectDue(
    storage::Tx& tx, TimePoint now, int limit, std::optional<std::string_view> sku = std::nullopt,
    std::optional<std::string_view> location_id = std::nullopt);
// Moves an active hold to `to`; returns whether it was still active.
// Gives an active, unexpired hold a new kind, reference and expiry. False when it is no
// longer active (someone finished it first).
Result<bool> ReassignReservation(storage::Tx& tx, const Reservation& hold, TimePoint now);
Result<bool> FinishReservation(storage::Tx& tx, std::string_view id, ReservationStatus to,
                               TimePoint now);

struct CheckRow {
  std::string sku;
  std::string location_id;
  int64_t on_hand = 0;
  int64_t reserved = 0;
  int64_t ledger_sum = 0;
  int64_t active_holds = 0;
};
// Every stock row with its ledger sum and the sum of its active holds.
Result<std::vector<CheckRow>> SelectCheckRows(storage::Tx& tx);
// Ledger sums of SKU/location pairs that have no stock row.
Result<std::vector<CheckRow>> SelectOrphanLedger(storage::Tx& tx);
Result<int64_t> CountMovements(storage::Tx& tx);

}  // namespace omnihub::inventory::store
