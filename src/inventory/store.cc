#include "inventory/store.h"

namespace omnihub::inventory::store {
namespace {

constexpr std::string_view kLocationColumns =
    "SELECT id, type, name, address, lat, lon, opening_hours, click_and_collect, "
    "ship_from_store, priority, created_at FROM inventory_locations ";

// ?1 is "now": holds already past their expiry do not count as reserved, swept or not.
constexpr std::string_view kStockColumns =
    "SELECT s.sku, s.location_id, s.on_hand, CAST(s.reserved - COALESCE((SELECT SUM(r.quantity) "
    "FROM inventory_reservations r WHERE r.sku = s.sku AND r.location_id = s.location_id AND "
    "r.status = 'active' AND r.expires_at <= ?1), 0) AS BIGINT), s.safety_stock, s.updated_at "
    "FROM inventory_stock_levels s ";

constexpr std::string_view kReservationColumns =
    "SELECT id, sku, location_id, quantity, kind, status, channel_id, reference, created_at, "
    "expires_at, updated_at, order_id FROM inventory_reservations ";

constexpr std::string_view kHoldStockSql =
    "UPDATE inventory_stock_levels SET reserved = reserved + ?1, updated_at = ?4 "
    "WHERE sku = ?2 AND location_id = ?3 AND on_hand - reserved - safety_stock >= ?1";

Location LocationFrom(const storage::Row& row) {
  Location location;
  location.id = LocationId::FromTrusted(row.Text(0));
  location.type = ParseEnum<LocationType>(row.Text(1), "type").value();
  location.name = row.Text(2);
  location.address = row.Text(3);
  location.lat = row.Double(4);
  location.lon = row.Double(5);
  location.opening_hours_json = row.Text(6);
  location.click_and_collect = row.Int(7) != 0;
  location.ship_from_store = row.Int(8) != 0;
  location.priority = row.Int(9);
  location.created_at = FromUnixMicros(row.Int(10));
  return location;
}

StockLevel StockFrom(const storage::Row& row) {
  StockLevel level;
  level.sku = row.Text(0);
  level.location_id = row.Text(1);
  level.on_hand = row.Int(2);
  level.reserved = row.Int(3);
  level.safety_stock = row.Int(4);
  level.available = std::max<int64_t>(0, level.on_hand - level.reserved - level.safety_stock);
  level.updated_at = FromUnixMicros(row.Int(5));
  return level;
}

ReservationStatus StatusFrom(const std::string& text) {
  if (text == "released") {
    return ReservationStatus::kReleased;
  }
  if (text == "expired") {
    return ReservationStatus::kExpired;
  }
  if (text == "confirmed") {
    return ReservationStatus::kConfirmed;
  }
  return ReservationStatus::kActive;
}

Reservation ReservationFrom(const storage::Row& row) {
  Reservation r;
  r.id = ReservationId::FromTrusted(row.Text(0));
  r.sku = row.Text(1);
  r.location_id = row.Text(2);
  r.quantity = row.Int(3);
  r.kind = ParseEnum<ReservationKind>(row.Text(4), "kind").value();
  r.status = StatusFrom(row.Text(5));
  r.channel_id = row.Text(6);
  r.reference = row.Text(7);
  r.created_at = FromUnixMicros(row.Int(8));
  r.expires_at = FromUnixMicros(row.Int(9));
  r.updated_at = FromUnixMicros(row.Int(10));
  r.order_id = row.Text(11);
  return r;
}

}  // namespace

Result<void> InsertLocation(storage::Tx& tx, const Location& l) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO inventory_locations (id, type, name, address, lat, lon, opening_hours, "
      "click_and_collect, ship_from_store, priority, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      {l.id.str(), NameOf(l.type), l.name, l.address, l.lat, l.lon, l.opening_hours_json,
       l.click_and_collect ? 1 : 0, l.ship_from_store ? 1 : 0, l.priority,
       UnixMicros(l.created_at)}));
  return Ok();
}

Result<std::vector<Location>> SelectLocations(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query(std::string(kLocationColumns) + "ORDER BY id"));
  std::vector<Location> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(LocationFrom(row));
  }
  return out;
}

Result<std::optional<Location>> SelectLocation(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kLocationColumns) + "WHERE id = ?1", {id}));
  if (!row) {
    return std::optional<Location>();
  }
  return std::optional<Location>(LocationFrom(*row));
}

Result<std::optional<StockLevel>> SelectStock(storage::Tx& tx, std::string_view sku,
                                              std::string_view location_id, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne(std::string(kStockColumns) + "WHERE s.sku = ?2 AND s.location_id = ?3",
                  {UnixMicros(now), sku, location_id}));
  if (!row) {
    return std::optional<StockLevel>();
  }
  return std::optional<StockLevel>(StockFrom(*row));
}

Result<std::vector<StockLevel>> SelectStockForSku(storage::Tx& tx, std::string_view sku,
                                                  TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query(std::string(kStockColumns) + "WHERE s.sku = ?2 ORDER BY s.location_id",
               {UnixMicros(now), sku}));
  std::vector<StockLevel> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(StockFrom(row));
  }
  return out;
}

Result<void> EnsureStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                         TimePoint now) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO inventory_stock_levels (sku, location_id, on_hand, reserved, safety_stock, "
      "updated_at) VALUES (?1, ?2, 0, 0, 0, ?3) ON CONFLICT (sku, location_id) DO NOTHING",
      {sku, location_id, UnixMicros(now)}));
  return Ok();
}

Result<int64_t> SetSafetyStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                               int64_t safety_stock, TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET safety_stock = ?1, updated_at = ?4 "
      "WHERE sku = ?2 AND location_id = ?3",
      {safety_stock, sku, location_id, UnixMicros(now)});
}

Result<int64_t> HoldStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                          int64_t quantity, TimePoint now) {
  return tx.Execute(kHoldStockSql, {quantity, sku, location_id, UnixMicros(now)});
}

Result<int64_t> HoldStockUnguardedForTest(storage::Tx& tx, std::string_view sku,
                                          std::string_view location_id, int64_t quantity,
                                          TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET reserved = reserved + ?1, updated_at = ?4 "
      "WHERE sku = ?2 AND location_id = ?3",
      {quantity, sku, location_id, UnixMicros(now)});
}

Result<int64_t> UnholdStock(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                            int64_t quantity, TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET reserved = reserved - ?1, updated_at = ?4 "
      "WHERE sku = ?2 AND location_id = ?3 AND reserved >= ?1",
      {quantity, sku, location_id, UnixMicros(now)});
}

Result<int64_t> AddOnHand(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                          int64_t quantity, TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET on_hand = on_hand + ?1, updated_at = ?4 "
      "WHERE sku = ?2 AND location_id = ?3 AND on_hand <= ?5",
      {quantity, sku, location_id, UnixMicros(now), kMaxQuantity - quantity});
}

Result<int64_t> TakeOnHand(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                           int64_t quantity, TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET on_hand = on_hand - ?1, updated_at = ?4 "
      "WHERE sku = ?2 AND location_id = ?3 AND on_hand - reserved >= ?1",
      {quantity, sku, location_id, UnixMicros(now)});
}

Result<int64_t> TakeReserved(storage::Tx& tx, std::string_view sku, std::string_view location_id,
                             int64_t quantity, TimePoint now) {
  return tx.Execute(
      "UPDATE inventory_stock_levels SET on_hand = on_hand - ?1, reserved = reserved - ?1, "
      "updated_at = ?4 WHERE sku = ?2 AND location_id = ?3 AND reserved >= ?1 AND on_hand >= ?1",
      {quantity, sku, location_id, UnixMicros(now)});
}

Result<std::optional<int64_t>> SetOnHand(storage::Tx& tx, std::string_view sku,
                                         std::string_view location_id, int64_t counted,
                                         TimePoint now) {
  // The no-op update takes the row lock (PostgreSQL), so the on_hand read next is the one the
  // count replaces and the ledger delta is exact.
  OMNI_ASSIGN_OR_RETURN(int64_t locked,
                        tx.Execute("UPDATE inventory_stock_levels SET updated_at = ?3 "
                                   "WHERE sku = ?1 AND location_id = ?2",
                                   {sku, location_id, UnixMicros(now)}));
  if (locked != 1) {
    return std::optional<int64_t>();
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT on_hand FROM inventory_stock_levels "
                                    "WHERE sku = ?1 AND location_id = ?2",
                                    {sku, location_id}));
  const int64_t before = row->Int(0);
  OMNI_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Execute("UPDATE inventory_stock_levels SET on_hand = ?1 "
                                   "WHERE sku = ?2 AND location_id = ?3 AND reserved <= ?1",
                                   {counted, sku, location_id}));
  if (changed != 1) {
    return std::optional<int64_t>();
  }
  return std::optional<int64_t>(counted - before);
}

Result<void> InsertMovement(storage::Tx& tx, const Movement& m) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO inventory_movements (id, sku, location_id, kind, delta, on_hand_after, reason, "
      "reference, created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {m.id.str(), m.sku, m.location_id, NameOf(m.kind), m.delta, m.on_hand_after,
       storage::NullIfEmpty(m.reason), storage::NullIfEmpty(m.reference),
       UnixMicros(m.created_at)}));
  return Ok();
}

Result<void> InsertReservation(storage::Tx& tx, const Reservation& r) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO inventory_reservations (id, sku, location_id, quantity, kind, status, "
      "channel_id, reference, created_at, expires_at, updated_at, order_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      {r.id.str(), r.sku, r.location_id, r.quantity, NameOf(r.kind), NameOf(r.status),
       storage::NullIfEmpty(r.channel_id), storage::NullIfEmpty(r.reference),
       UnixMicros(r.created_at), UnixMicros(r.expires_at), UnixMicros(r.updated_at),
       storage::NullIfEmpty(r.order_id)}));
  return Ok();
}

Result<std::optional<Reservation>> SelectReservation(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kReservationColumns) + "WHERE id = ?1", {id}));
  if (!row) {
    return std::optional<Reservation>();
  }
  return std::optional<Reservation>(ReservationFrom(*row));
}

Result<std::vector<Reservation>> SelectDue(storage::Tx& tx, TimePoint now, int limit,
                                           std::optional<std::string_view> sku,
                                           std::optional<std::string_view> location_id) {
  Result<std::vector<storage::Row>> rows =
      sku && location_id
          ? tx.Query(std::string(kReservationColumns) +
                         "WHERE sku = ?3 AND location_id = ?4 AND status = 'active' AND "
                         "expires_at <= ?1 ORDER BY expires_at, id LIMIT ?2",
                     {UnixMicros(now), limit, *sku, *location_id})
          : tx.Query(std::string(kReservationColumns) +
                         "WHERE status = 'active' AND expires_at <= ?1 ORDER BY expires_at, id "
                         "LIMIT ?2",
                     {UnixMicros(now), limit});
  if (!rows.ok()) {
    return std::move(rows).error();
  }
  std::vector<Reservation> out;
  out.reserve(rows->size());
  for (const storage::Row& row : *rows) {
    out.push_back(ReservationFrom(row));
  }
  return out;
}

Result<bool> ReassignReservation(storage::Tx& tx, const Reservation& hold, TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("UPDATE inventory_reservations SET kind = ?2, reference = ?3, expires_at = ?4, "
                 "updated_at = ?5, order_id = ?6 "
                 "WHERE id = ?1 AND status = 'active' AND expires_at > ?5",
                 {hold.id.str(), NameOf(hold.kind), hold.reference, UnixMicros(hold.expires_at),
                  UnixMicros(now), storage::NullIfEmpty(hold.order_id)}));
  return changed == 1;
}

Result<bool> FinishReservation(storage::Tx& tx, std::string_view id, ReservationStatus to,
                               TimePoint now) {
  OMNI_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Execute("UPDATE inventory_reservations SET status = ?2, updated_at = ?3 "
                                   "WHERE id = ?1 AND status = 'active'",
                                   {id, NameOf(to), UnixMicros(now)}));
  return changed == 1;
}

Result<std::vector<CheckRow>> SelectCheckRows(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT s.sku, s.location_id, s.on_hand, s.reserved, "
               "CAST(COALESCE((SELECT SUM(m.delta) FROM inventory_movements m "
               "WHERE m.sku = s.sku AND m.location_id = s.location_id), 0) AS BIGINT), "
               "CAST(COALESCE((SELECT SUM(r.quantity) FROM inventory_reservations r "
               "WHERE r.sku = s.sku AND r.location_id = s.location_id AND r.status = 'active'), "
               "0) AS BIGINT) FROM inventory_stock_levels s ORDER BY s.location_id, s.sku"));
  std::vector<CheckRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back({.sku = row.Text(0),
                   .location_id = row.Text(1),
                   .on_hand = row.Int(2),
                   .reserved = row.Int(3),
                   .ledger_sum = row.Int(4),
                   .active_holds = row.Int(5)});
  }
  return out;
}

Result<std::vector<CheckRow>> SelectOrphanLedger(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT m.sku, m.location_id, CAST(SUM(m.delta) AS BIGINT) "
               "FROM inventory_movements m WHERE NOT EXISTS (SELECT 1 FROM inventory_stock_levels "
               "s WHERE s.sku = m.sku AND s.location_id = m.location_id) "
               "GROUP BY m.sku, m.location_id ORDER BY m.location_id, m.sku"));
  std::vector<CheckRow> out;
  for (const storage::Row& row : rows) {
    out.push_back({.sku = row.Text(0), .location_id = row.Text(1), .ledger_sum = row.Int(2)});
  }
  return out;
}

Result<int64_t> CountMovements(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT COUNT(*) FROM inventory_movements"));
  return row->Int(0);
}

}  // namespace omnihub::inventory::store
