#include "inventory/inventory_service.h"
#include "inventory/store.h"

namespace omnihub::inventory {

Result<CheckReport> InventoryServiceImpl::Check(storage::Tx& tx) {
  CheckReport report;
  OMNI_ASSIGN_OR_RETURN(std::vector<store::CheckRow> rows, store::SelectCheckRows(tx));
  report.stock_levels = static_cast<int64_t>(rows.size());
  auto violation = [&](const store::CheckRow& row, std::string rule) {
    report.violations.push_back({.sku = row.sku,
                                 .location_id = row.location_id,
                                 .rule = std::move(rule),
                                 .on_hand = row.on_hand,
                                 .reserved = row.reserved,
                                 .ledger_sum = row.ledger_sum,
                                 .active_holds = row.active_holds});
  };
  for (const store::CheckRow& row : rows) {
    if (row.reserved < 0) {
      violation(row, "reserved_negative");
    }
    if (row.reserved > row.on_hand) {
      violation(row, "reserved_above_on_hand");
    }
    if (row.on_hand != row.ledger_sum) {
      violation(row, "on_hand_not_ledger");
    }
    if (row.reserved != row.active_holds) {
      violation(row, "reserved_not_active_holds");
    }
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::CheckRow> orphans, store::SelectOrphanLedger(tx));
  for (const store::CheckRow& row : orphans) {
    violation(row, "ledger_without_stock");
  }
  OMNI_ASSIGN_OR_RETURN(report.movements, store::CountMovements(tx));
  return report;
}

}  // namespace omnihub::inventory
