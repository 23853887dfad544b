#include "changes/changes.h"
#include "inventory/codec.h"
#include "inventory/events.h"
#include "inventory/inventory_service.h"
#include "inventory/store.h"

namespace omnihub::inventory {
namespace {

Result<void> AppendReservation(storage::Tx& tx, const Reservation& r,
                               const changes::EventType<Reservation>& type, TimePoint now) {
  OMNI_TRY(changes::Append(tx, type, r, {.entity_id = r.id.str(), .occurred_at = now}));
  return Ok();
}

// How long a hold asked for by `req` lasts (its kind's default unless it says), checked with
// its reference. Errors: kInvalidArgument (hold_seconds, reference).
Result<Duration> HoldFor(const ReserveRequest& req) {
  const Duration hold_for = req.hold_for.value_or(DefaultHold(req.kind));
  if (hold_for <= Duration::zero() || hold_for > kMaxHold) {
    return Error::InvalidArgument("hold_seconds", "must be from 1 second to 14 days");
  }
  if (req.reference.size() > 200) {
    return Error::InvalidArgument("reference", "is too long");
  }
  return hold_for;
}

}  // namespace

Result<int64_t> InventoryServiceImpl::ExpireHolds(storage::Tx& tx, TimePoint now, int limit,
                                                  std::string_view sku,
                                                  std::string_view location_id) {
  std::optional<std::string_view> at_sku;
  std::optional<std::string_view> at_location;
  if (!sku.empty()) {
    at_sku = sku;
    at_location = location_id;
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<Reservation> due,
                        store::SelectDue(tx, now, limit, at_sku, at_location));
  int64_t expired = 0;
  for (Reservation& hold : due) {
    // Another transaction (the sweeper, or a lazy expiry elsewhere) may have finished it since
    // we read it: the guarded status change decides who gives the units back.
    OMNI_ASSIGN_OR_RETURN(
        bool mine, store::FinishReservation(tx, hold.id.str(), ReservationStatus::kExpired, now));
    if (!mine) {
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(int64_t unheld,
                          store::UnholdStock(tx, hold.sku, hold.location_id, hold.quantity, now));
    OMNI_CHECK(unheld == 1, "an active hold's units are in reserved (kept by Reserve)");
    hold.status = ReservationStatus::kExpired;
    hold.updated_at = now;
    OMNI_TRY(AppendReservation(tx, hold, events::kReservationExpired, now));
    if (sku.empty()) {
      OMNI_TRY(StockChanged(tx, hold.sku, hold.location_id, now));
    }
    ++expired;
  }
  return expired;
}

Result<int64_t> InventoryServiceImpl::ExpireDue(storage::Tx& tx, TimePoint now, int limit) {
  if (limit < 1) {
    return Error::InvalidArgument("limit", "must be positive");
  }
  return ExpireHolds(tx, now, limit, "", "");
}

Result<ReservationResult> InventoryServiceImpl::Reserve(storage::Tx& tx,
                                                        const ReserveRequest& req) {
  OMNI_TRY(ValidateSku(req.sku));
  OMNI_TRY(ValidateLocationId(req.location_id));
  OMNI_TRY(ValidateQuantity(req.quantity));
  OMNI_ASSIGN_OR_RETURN(const Duration hold_for, HoldFor(req));
  const TimePoint now = clock_.Now();
  OMNI_TRY(Level(tx, req.sku, req.location_id, now));
  // Expired holds are freed here as well as by the sweeper, so a stopped sweeper can never
  // make stock look unavailable.
  OMNI_TRY(ExpireHolds(tx, now, 1000, req.sku, req.location_id));
  OMNI_ASSIGN_OR_RETURN(
      int64_t held,
      break_reserve_guard_
          ? store::HoldStockUnguardedForTest(tx, req.sku, req.location_id, req.quantity, now)
          : store::HoldStock(tx, req.sku, req.location_id, req.quantity, now));
  if (held != 1) {
    return Insufficient(tx, req.sku, req.location_id, now, true);
  }
  Reservation hold{.id = ReservationId::Generate(now),
                   .sku = req.sku,
                   .location_id = req.location_id,
                   .quantity = req.quantity,
                   .kind = req.kind,
                   .status = ReservationStatus::kActive,
                   .channel_id = tx.context().channel_id,
                   .reference = req.reference,
                   .order_id = req.order_id,
                   .created_at = now,
                   .expires_at = now + hold_for,
                   .updated_at = now};
  OMNI_TRY(store::InsertReservation(tx, hold));
  OMNI_TRY(AppendReservation(tx, hold, events::kReservationCreated, now));
  OMNI_ASSIGN_OR_RETURN(StockLevel level, StockChanged(tx, req.sku, req.location_id, now));
  return ReservationResult{.reservation = std::move(hold), .level = std::move(level)};
}

Result<ReservationResult> InventoryServiceImpl::Release(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(ReservationId::Parse(id, "id"));
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(std::optional<Reservation> hold, store::SelectReservation(tx, id));
  if (!hold) {
    return Error::NotFound("reservation", id);
  }
  if (hold->status == ReservationStatus::kConfirmed) {
    return Error::Conflict("reservation " + std::string(id) + " is already confirmed")
        .With("reason", std::string("reservation_confirmed"));
  }
  OMNI_ASSIGN_OR_RETURN(bool mine,
                        store::FinishReservation(tx, id, ReservationStatus::kReleased, now));
  if (mine) {
    OMNI_ASSIGN_OR_RETURN(
        int64_t unheld, store::UnholdStock(tx, hold->sku, hold->location_id, hold->quantity, now));
    OMNI_CHECK(unheld == 1, "an active hold's units are in reserved (kept by Reserve)");
    hold->status = ReservationStatus::kReleased;
    hold->updated_at = now;
    OMNI_TRY(AppendReservation(tx, *hold, events::kReservationReleased, now));
    OMNI_ASSIGN_OR_RETURN(StockLevel level, StockChanged(tx, hold->sku, hold->location_id, now));
    return ReservationResult{.reservation = std::move(*hold), .level = std::move(level)};
  }
  // Already released or expired (perhaps a moment ago by another transaction): nothing to give
  // back, so releasing again is harmless.
  OMNI_ASSIGN_OR_RETURN(std::optional<Reservation> now_stored, store::SelectReservation(tx, id));
  if (now_stored->status == ReservationStatus::kConfirmed) {
    return Error::Conflict("reservation " + std::string(id) + " is already confirmed")
        .With("reason", std::string("reservation_confirmed"));
  }
  OMNI_ASSIGN_OR_RETURN(StockLevel level, Level(tx, hold->sku, hold->location_id, now));
  return ReservationResult{.reservation = std::move(*now_stored), .level = std::move(level)};
}

Result<ReservationResult> InventoryServiceImpl::Confirm(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(ReservationId::Parse(id, "id"));
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(std::optional<Reservation> hold, store::SelectReservation(tx, id));
  if (!hold) {
    return Error::NotFound("reservation", id);
  }
  auto refuse = [&](std::string_view reason, std::string_view what) {
    return Error::Conflict("reservation " + std::string(id) + " " + std::string(what))
        .With("reason", std::string(reason))
        .With("expires_at", FormatRfc3339(hold->expires_at));
  };
  if (hold->status == ReservationStatus::kConfirmed) {
    OMNI_ASSIGN_OR_RETURN(StockLevel level, Level(tx, hold->sku, hold->location_id, now));
    return ReservationResult{.reservation = std::move(*hold), .level = std::move(level)};
  }
  if (hold->status == ReservationStatus::kReleased) {
    return refuse("reservation_released", "was released");
  }
  if (hold->status == ReservationStatus::kExpired || hold->expires_at <= now) {
    return refuse("reservation_expired", "expired; reserve again");
  }
  OMNI_ASSIGN_OR_RETURN(bool mine,
                        store::FinishReservation(tx, id, ReservationStatus::kConfirmed, now));
  if (!mine) {
    return Error::Conflict("reservation " + std::string(id) + " changed meanwhile; read it again")
        .With("reason", std::string("reservation_changed"));
  }
  OMNI_ASSIGN_OR_RETURN(int64_t taken,
                        store::TakeReserved(tx, hold->sku, hold->location_id, hold->quantity, now));
  OMNI_CHECK(taken == 1, "an active hold's units are in reserved and on_hand");
  hold->status = ReservationStatus::kConfirmed;
  hold->updated_at = now;
  OMNI_TRY(Record(tx, MovementKind::kSale, hold->sku, hold->location_id, -hold->quantity,
                  "reservation confirmed", hold->id.str(), now));
  OMNI_TRY(AppendReservation(tx, *hold, events::kReservationConfirmed, now));
  OMNI_ASSIGN_OR_RETURN(StockLevel level, StockChanged(tx, hold->sku, hold->location_id, now));
  return ReservationResult{.reservation = std::move(*hold), .level = std::move(level)};
}

Result<Reservation> InventoryServiceImpl::Reassign(storage::Tx& tx, std::string_view id,
                                                   const ReserveRequest& req) {
  OMNI_TRY(ReservationId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(const Duration hold_for, HoldFor(req));
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(std::optional<Reservation> hold, store::SelectReservation(tx, id));
  if (!hold) {
    return Error::NotFound("reservation", id);
  }
  if (hold->status != ReservationStatus::kActive || hold->expires_at <= now) {
    return Error::Conflict("reservation " + std::string(id) + " is no longer active")
        .With("reason", std::string("reservation_not_active"));
  }
  if (hold->sku != req.sku || hold->location_id != req.location_id ||
      hold->quantity != req.quantity) {
    return Error::Conflict("reservation " + std::string(id) + " holds " +
                           std::to_string(hold->quantity) + " of " + hold->sku + " at " +
                           hold->location_id)
        .With("reason", std::string("reservation_mismatch"));
  }
  hold->kind = req.kind;
  hold->reference = req.reference;
  hold->order_id = req.order_id;
  hold->expires_at = now + hold_for;
  hold->updated_at = now;
  OMNI_ASSIGN_OR_RETURN(bool mine, store::ReassignReservation(tx, *hold, now));
  if (!mine) {
    return Error::Conflict("reservation " + std::string(id) + " changed meanwhile; read it again")
        .With("reason", std::string("reservation_not_active"));
  }
  OMNI_TRY(AppendReservation(tx, *hold, events::kReservationReassigned, now));
  return std::move(*hold);
}

Result<Reservation> InventoryServiceImpl::GetReservation(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(ReservationId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Reservation> hold, store::SelectReservation(tx, id));
  if (!hold) {
    return Error::NotFound("reservation", id);
  }
  if (hold->status == ReservationStatus::kActive && hold->expires_at <= clock_.Now()) {
    hold->status = ReservationStatus::kExpired;  // as the sweeper will record it
  }
  return *hold;
}

}  // namespace omnihub::inventory
