#include <cctype>

#include "inventory/inventory_service.h"
#include "inventory/types.h"

namespace omnihub::inventory {

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
