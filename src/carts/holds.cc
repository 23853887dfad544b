// Click & collect: a cart's lines held at the pickup store, kept in step with the cart.
#include "carts/cart_service.h"

namespace omnihub::carts {

Result<void> CartServiceImpl::SyncHolds(storage::Tx& tx, Loaded& w, TimePoint now) {
  const bool collect = w.cart.fulfilment.kind == FulfilmentKind::kClickAndCollect;
  const std::string& at = w.cart.fulfilment.location_id;
  for (store::LineRow& row : w.lines) {
    if (!row.line.hold_id.empty() &&
        (!collect || row.hold_location_id != at || row.hold_quantity != row.line.quantity ||
         !row.line.hold_expires_at || *row.line.hold_expires_at <= now)) {
      OMNI_TRY(ReleaseHold(tx, row));
    }
    if (!collect || !row.line.hold_id.empty()) {
      continue;
    }
    Result<inventory::ReservationResult> held =
        inventory_.Reserve(tx, {.sku = row.line.sku,
                                .location_id = at,
                                .quantity = row.line.quantity,
                                .kind = inventory::ReservationKind::kClickAndCollect,
                                .hold_for = kHoldFor,
                                .reference = w.cart.id.str()});
    if (!held.ok()) {
      Error error = std::move(held).error();
      if (error.code == ErrorCode::kInsufficientStock || error.code == ErrorCode::kNotFound) {
        const DetailValue* available = error.Detail("available");
        return Error::Make(ErrorCode::kInsufficientStock,
                           "line " + row.line.sku + ": not enough stock at " + at)
            .With("sku", row.line.sku)
            .With("location_id", at)
            .With("requested", row.line.quantity)
            .With("available", available != nullptr && std::holds_alternative<int64_t>(*available)
                                   ? std::get<int64_t>(*available)
                                   : int64_t{0});
      }
      return error;
    }
    row.line.hold_id = held->reservation.id.str();
    row.line.hold_expires_at = held->reservation.expires_at;
    row.hold_location_id = at;
    row.hold_quantity = row.line.quantity;
  }
  return Ok();
}

Result<void> CartServiceImpl::ReleaseHold(storage::Tx& tx, store::LineRow& row) {
  if (row.line.hold_id.empty()) {
    return Ok();
  }
  OMNI_TRY(inventory_.Release(tx, row.line.hold_id));
  row.line.hold_id.clear();
  row.line.hold_expires_at.reset();
  row.hold_location_id.clear();
  row.hold_quantity = 0;
  return Ok();
}

}  // namespace omnihub::carts
