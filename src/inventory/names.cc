#include <cctype>

#include "inventory/inventory_service.h"
#include "inventory/types.h"

namespace omnihub::inventory {

std::string_view LocationTypeName(LocationType type) {
  switch (type) {
    case LocationType::kWarehouse:
      return "warehouse";
    case LocationType::kStore:
      return "store";
    case LocationType::kDarkStore:
      return "dark_store";
  }
  return "store";
}

Result<LocationType> ParseLocationType(std::string_view name) {
  for (LocationType type :
       {LocationType::kWarehouse, LocationType::kStore, LocationType::kDarkStore}) {
    if (LocationTypeName(type) == name) {
      return type;
    }
  }
  return Error::InvalidArgument("type", "must be warehouse, store or dark_store");
}

std::string_view MovementKindName(MovementKind kind) {
  switch (kind) {
    case MovementKind::kReceipt:
      return "receipt";
    case MovementKind::kSale:
      return "sale";
    case MovementKind::kTransferOut:
      return "transfer_out";
    case MovementKind::kTransferIn:
      return "transfer_in";
    case MovementKind::kCount:
      return "count";
    case MovementKind::kAdjustment:
      return "adjustment";
    case MovementKind::kReturnRestock:
      return "return_restock";
  }
  return "receipt";
}

Result<MovementKind> ParseMovementKind(std::string_view name) {
  for (MovementKind kind : {MovementKind::kReceipt, MovementKind::kSale, MovementKind::kTransferOut,
                            MovementKind::kTransferIn, MovementKind::kCount,
                            MovementKind::kAdjustment, MovementKind::kReturnRestock}) {
    if (MovementKindName(kind) == name) {
      return kind;
    }
  }
  return Error::InvalidArgument(
      "kind", "must be receipt, sale, transfer, count, adjustment or return_restock");
}

std::string_view ReservationKindName(ReservationKind kind) {
  switch (kind) {
    case ReservationKind::kCart:
      return "cart";
    case ReservationKind::kClickAndCollect:
      return "click_and_collect";
    case ReservationKind::kInStore:
      return "in_store";
    case ReservationKind::kShipment:
      return "shipment";
  }
  return "cart";
}

Result<ReservationKind> ParseReservationKind(std::string_view name) {
  for (ReservationKind kind :
       {ReservationKind::kCart, ReservationKind::kClickAndCollect, ReservationKind::kInStore,
        ReservationKind::kShipment}) {
    if (ReservationKindName(kind) == name) {
      return kind;
    }
  }
  return Error::InvalidArgument("kind", "must be cart, click_and_collect, in_store or shipment");
}

Duration DefaultHold(ReservationKind kind) {
  switch (kind) {
    case ReservationKind::kCart:
      return std::chrono::minutes(15);
    case ReservationKind::kClickAndCollect:
      return std::chrono::hours(48);
    case ReservationKind::kInStore:
      return std::chrono::hours(2);
    case ReservationKind::kShipment:
      return kMaxHold;
  }
  return std::chrono::minutes(15);
}

std::string_view ReservationStatusName(ReservationStatus status) {
  switch (status) {
    case ReservationStatus::kActive:
      return "active";
    case ReservationStatus::kReleased:
      return "released";
    case ReservationStatus::kExpired:
      return "expired";
    case ReservationStatus::kConfirmed:
      return "confirmed";
  }
  return "active";
}

Result<void> ValidateSku(std::string_view sku, std::string_view field) {
  if (sku.empty() || sku.size() > 64) {
    return Error::InvalidArgument(field, "must be 1 to 64 characters");
  }
  for (char c : sku) {
    if (!std::isgraph(static_cast<unsigned char>(c))) {
      return Error::InvalidArgument(field, "must be printable ASCII without spaces");
    }
  }
  return Ok();
}

Result<void> ValidateQuantity(int64_t quantity, std::string_view field) {
  if (quantity < 1 || quantity > kMaxQuantity) {
    return Error::InvalidArgument(field, "must be an integer from 1 to 1000000000");
  }
  return Ok();
}

Result<void> ValidateLocationId(std::string_view id, std::string_view field) {
  OMNI_TRY(LocationId::Parse(id, field));
  return Ok();
}

}  // namespace omnihub::inventory
