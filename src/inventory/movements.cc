#include "changes/changes.h"
#include "inventory/codec.h"
#include "inventory/events.h"
#include "inventory/inventory_service.h"
#include "inventory/store.h"

namespace omnihub::inventory {

Result<Movement> InventoryServiceImpl::Record(storage::Tx& tx, MovementKind kind,
                                              std::string_view sku, std::string_view location_id,
                                              int64_t delta, std::string_view reason,
                                              std::string_view reference, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT on_hand FROM inventory_stock_levels "
                                    "WHERE sku = ?1 AND location_id = ?2",
                                    {sku, location_id}));
  OMNI_CHECK(row.has_value(), "the caller just changed this row");
  Movement movement{.id = MovementId::Generate(now),
                    .sku = std::string(sku),
                    .location_id = std::string(location_id),
                    .kind = kind,
                    .delta = delta,
                    .on_hand_after = row->Int(0),
                    .reason = std::string(reason),
                    .reference = std::string(reference),
                    .created_at = now};
  OMNI_TRY(store::InsertMovement(tx, movement));
  OMNI_TRY(changes::Append(tx, events::kMovementRecorded, movement,
                           {.entity_id = movement.id.str(), .occurred_at = now}));
  return movement;
}

Result<MovementResult> InventoryServiceImpl::RecordMovement(storage::Tx& tx,
                                                            const MovementRequest& req) {
  OMNI_TRY(ValidateSku(req.sku));
  OMNI_TRY(ValidateLocationId(req.location_id));
  if (req.kind == MovementKind::kCount) {
    if (req.quantity < 0 || req.quantity > kMaxQuantity) {
      return Error::InvalidArgument("quantity", "must be a counted total from 0 to 1000000000");
    }
  } else {
    OMNI_TRY(ValidateQuantity(req.quantity));
  }
  if (req.reason.size() > 500 || req.reference.size() > 200) {
    return Error::InvalidArgument(req.reason.size() > 500 ? "reason" : "reference", "is too long");
  }
  const TimePoint now = clock_.Now();
  OMNI_TRY(RequireLocation(tx, req.location_id));
  const std::string& sku = req.sku;
  const std::string& at = req.location_id;
  int64_t delta = 0;
  switch (req.kind) {
    case MovementKind::kReceipt:
    case MovementKind::kReturnRestock: {
      OMNI_TRY(store::EnsureStock(tx, sku, at, now));
      OMNI_ASSIGN_OR_RETURN(int64_t changed, store::AddOnHand(tx, sku, at, req.quantity, now));
      if (changed != 1) {
        return Error::InvalidArgument("quantity", "would take on_hand above 1000000000");
      }
      delta = req.quantity;
      break;
    }
    case MovementKind::kSale:
    case MovementKind::kAdjustment: {
      OMNI_TRY(Level(tx, sku, at, now));
      OMNI_TRY(ExpireHolds(tx, now, 1000, sku, at));
      OMNI_ASSIGN_OR_RETURN(int64_t changed, store::TakeOnHand(tx, sku, at, req.quantity, now));
      if (changed != 1) {
        return Insufficient(tx, sku, at, now, false);
      }
      delta = -req.quantity;
      break;
    }
    case MovementKind::kCount: {
      OMNI_TRY(Level(tx, sku, at, now));
      OMNI_TRY(ExpireHolds(tx, now, 1000, sku, at));
      OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> applied,
                            store::SetOnHand(tx, sku, at, req.quantity, now));
      if (!applied) {
        OMNI_ASSIGN_OR_RETURN(StockLevel level, Level(tx, sku, at, now));
        return Error::Conflict("the count is below the " + std::to_string(level.reserved) +
                               " units held; release holds first")
            .With("reason", std::string("count_below_reserved"))
            .With("reserved", level.reserved);
      }
      delta = *applied;
      break;
    }
    case MovementKind::kTransferOut:
    case MovementKind::kTransferIn:
      return Error::InvalidArgument("kind", "use kind transfer with to_location_id");
  }
  MovementResult out;
  OMNI_ASSIGN_OR_RETURN(Movement movement,
                        Record(tx, req.kind, sku, at, delta, req.reason, req.reference, now));
  out.movements.push_back(std::move(movement));
  OMNI_ASSIGN_OR_RETURN(StockLevel level, StockChanged(tx, sku, at, now));
  out.levels.push_back(std::move(level));
  return out;
}

Result<MovementResult> InventoryServiceImpl::Transfer(storage::Tx& tx, const TransferRequest& req) {
  OMNI_TRY(ValidateSku(req.sku));
  OMNI_TRY(ValidateLocationId(req.from_location_id));
  OMNI_TRY(ValidateLocationId(req.to_location_id, "to_location_id"));
  OMNI_TRY(ValidateQuantity(req.quantity));
  if (req.from_location_id == req.to_location_id) {
    return Error::InvalidArgument("to_location_id", "must differ from location_id");
  }
  if (req.reference.size() > 200) {
    return Error::InvalidArgument("reference", "is too long");
  }
  const TimePoint now = clock_.Now();
  OMNI_TRY(RequireLocation(tx, req.to_location_id));
  const std::string& sku = req.sku;
  const std::string& from = req.from_location_id;
  const std::string& to = req.to_location_id;
  OMNI_TRY(Level(tx, sku, from, now));
  OMNI_TRY(ExpireHolds(tx, now, 1000, sku, from));
  OMNI_ASSIGN_OR_RETURN(int64_t taken, store::TakeOnHand(tx, sku, from, req.quantity, now));
  if (taken != 1) {
    return Insufficient(tx, sku, from, now, false);
  }
  OMNI_TRY(store::EnsureStock(tx, sku, to, now));
  OMNI_ASSIGN_OR_RETURN(int64_t added, store::AddOnHand(tx, sku, to, req.quantity, now));
  if (added != 1) {
    return Error::InvalidArgument("quantity", "would take on_hand above 1000000000");
  }
  const std::string reference = req.reference.empty() ? "transfer" : req.reference;
  MovementResult out;
  OMNI_ASSIGN_OR_RETURN(Movement out_row, Record(tx, MovementKind::kTransferOut, sku, from,
                                                 -req.quantity, "to " + to, reference, now));
  OMNI_ASSIGN_OR_RETURN(Movement in_row, Record(tx, MovementKind::kTransferIn, sku, to,
                                                req.quantity, "from " + from, reference, now));
  out.movements = {std::move(out_row), std::move(in_row)};
  OMNI_ASSIGN_OR_RETURN(StockLevel from_level, StockChanged(tx, sku, from, now));
  OMNI_ASSIGN_OR_RETURN(StockLevel to_level, StockChanged(tx, sku, to, now));
  out.levels = {std::move(from_level), std::move(to_level)};
  return out;
}

}  // namespace omnihub::inventory
