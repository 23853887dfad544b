#include "changes/changes.h"
#include "inventory/codec.h"
#include "inventory/events.h"
#include "inventory/inventory_service.h"
#include "inventory/store.h"

namespace omnihub::inventory {

Result<StockLevel> InventoryServiceImpl::Level(storage::Tx& tx, std::string_view sku,
                                               std::string_view location_id, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(std::optional<StockLevel> level,
                        store::SelectStock(tx, sku, location_id, now));
  if (!level) {
    OMNI_TRY(RequireLocation(tx, location_id));
    return Error::NotFound("stock level", std::string(sku) + " at " + std::string(location_id))
        .With("sku", std::string(sku))
        .With("location_id", std::string(location_id));
  }
  return *level;
}

Result<StockLevel> InventoryServiceImpl::GetStockLevel(storage::Tx& tx, std::string_view sku,
                                                       std::string_view location_id) {
  OMNI_TRY(ValidateSku(sku));
  OMNI_TRY(ValidateLocationId(location_id));
  return Level(tx, sku, location_id, clock_.Now());
}

Result<Availability> InventoryServiceImpl::GetAvailability(storage::Tx& tx, std::string_view sku) {
  OMNI_TRY(ValidateSku(sku));
  Availability out{.sku = std::string(sku)};
  OMNI_ASSIGN_OR_RETURN(out.locations, store::SelectStockForSku(tx, sku, clock_.Now()));
  if (out.locations.empty()) {
    return Error::NotFound("sku", sku).With("sku", std::string(sku));
  }
  for (const StockLevel& level : out.locations) {
    out.network_available += level.available;
  }
  return out;
}

Result<StockLevel> InventoryServiceImpl::SetSafetyStock(storage::Tx& tx, std::string_view sku,
                                                        std::string_view location_id,
                                                        int64_t safety_stock) {
  OMNI_TRY(ValidateSku(sku));
  if (safety_stock < 0 || safety_stock > kMaxQuantity) {
    return Error::InvalidArgument("safety_stock", "must be an integer from 0 to 1000000000");
  }
  OMNI_TRY(RequireLocation(tx, location_id));
  const TimePoint now = clock_.Now();
  OMNI_TRY(store::EnsureStock(tx, sku, location_id, now));
  OMNI_TRY(store::SetSafetyStock(tx, sku, location_id, safety_stock, now));
  return StockChanged(tx, sku, location_id, now);
}

Result<StockLevel> InventoryServiceImpl::StockChanged(storage::Tx& tx, std::string_view sku,
                                                      std::string_view location_id, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(std::vector<StockLevel> levels, store::SelectStockForSku(tx, sku, now));
  int64_t network_available = 0;
  const StockLevel* changed = nullptr;
  for (const StockLevel& level : levels) {
    network_available += level.available;
    if (level.location_id == location_id) {
      changed = &level;
    }
  }
  OMNI_CHECK(changed != nullptr, "callers changed this row in the same transaction");
  const std::string entity = std::string(location_id) + "/" + std::string(sku);
  OMNI_TRY(changes::Append(tx, events::kStockChanged,
                           events::StockChanged{.sku = changed->sku,
                                                .location_id = changed->location_id,
                                                .on_hand = changed->on_hand,
                                                .reserved = changed->reserved,
                                                .safety_stock = changed->safety_stock,
                                                .available = changed->available,
                                                .network_available = network_available},
                           {.entity_id = entity, .occurred_at = now}));
  return *changed;
}

Error InventoryServiceImpl::Insufficient(storage::Tx& tx, std::string_view sku,
                                         std::string_view location_id, TimePoint now,
                                         bool count_safety_stock) {
  Result<StockLevel> read = Level(tx, sku, location_id, now);
  if (!read.ok()) {
    return std::move(read).error();
  }
  const StockLevel& level = *read;
  const int64_t available =
      count_safety_stock ? level.available : std::max<int64_t>(0, level.on_hand - level.reserved);
  return Error::Make(ErrorCode::kInsufficientStock, "only " + std::to_string(available) + " of " +
                                                        std::string(sku) + " available at " +
                                                        std::string(location_id))
      .With("sku", std::string(sku))
      .With("location_id", std::string(location_id))
      .With("available", available);
}

}  // namespace omnihub::inventory
