#include "loyalty/store.h"

#include "loyalty/codec.h"

namespace omnihub::loyalty::store {
namespace {

constexpr std::string_view kEntryColumns =
    "SELECT seq, id, customer_id, kind, points, source_type, source_id, amount_minor, currency, "
    "reason, occurred_at, expires_at, created_at FROM loyalty_entries ";

constexpr std::string_view kLotColumns =
    "SELECT entry_id, customer_id, points, remaining, expired, expires_at FROM loyalty_lots ";

Entry EntryFrom(const storage::Row& row) {
  Entry e;
  e.seq = row.Int(0);
  e.id = EntryId::FromTrusted(row.Text(1));
  e.customer_id = row.Text(2);
  e.kind = EnumNames(EntryKind{}).Find(row.Text(3)).value_or(EntryKind::kEarn);
  e.points = row.Int(4);
  e.source_type = row.Text(5);
  e.source_id = row.Text(6);
  if (std::optional<int64_t> minor = row.OptInt(7)) {
    Result<Currency> currency = Currency::Parse(row.Text(8));
    e.amount = Money{.minor = *minor, .currency = currency.ok() ? *currency : Currency::Pln()};
  }
  e.reason = row.Text(9);
  e.occurred_at = FromUnixMicros(row.Int(10));
  if (std::optional<int64_t> expires = row.OptInt(11)) {
    e.expires_at = FromUnixMicros(*expires);
  }
  e.created_at = FromUnixMicros(row.Int(12));
  return e;
}

Lot LotFrom(const storage::Row& row) {
  return Lot{.entry_id = row.Text(0),
             .customer_id = row.Text(1),
             .points = row.Int(2),
             .remaining = row.Int(3),
             .expired = row.Int(4),
             .expires_at = FromUnixMicros(row.Int(5))};
}

Result<std::vector<Lot>> Lots(storage::Tx& tx, std::string_view sql,
                              std::initializer_list<storage::Param> params) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.Query(sql, params));
  std::vector<Lot> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(LotFrom(row));
  }
  return out;
}

}  // namespace

Result<Programme> SelectProgramme(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT currency, points_per_unit, unit_minor, tiers, expiry_months, "
                  "tier_window_months, redeem_points, redeem_value_minor, updated_at, actions "
                  "FROM loyalty_programme WHERE id = 1"));
  if (!row) {
    return Error::Internal("the loyalty programme row is missing (seeded by its migration)");
  }
  Programme p;
  OMNI_ASSIGN_OR_RETURN(p.currency, Currency::Parse(row->Text(0)));
  p.points_per_unit = row->Int(1);
  p.unit_minor = row->Int(2);
  OMNI_ASSIGN_OR_RETURN(json::Value tiers, json::Parse(row->Text(3)));
  OMNI_ASSIGN_OR_RETURN(p.tiers, DecodeTiers(tiers));
  p.expiry_months = static_cast<int>(row->Int(4));
  p.tier_window_months = static_cast<int>(row->Int(5));
  p.redeem_points = row->Int(6);
  p.redeem_value_minor = row->Int(7);
  p.updated_at = FromUnixMicros(row->Int(8));
  OMNI_ASSIGN_OR_RETURN(json::Value actions, json::Parse(row->Text(9)));
  OMNI_ASSIGN_OR_RETURN(p.actions, DecodeActions(actions));
  return p;
}

Result<void> UpdateProgramme(storage::Tx& tx, const Programme& p) {
  OMNI_TRY(tx.Execute(
      "UPDATE loyalty_programme SET currency = ?1, points_per_unit = ?2, unit_minor = ?3, "
      "tiers = ?4, expiry_months = ?5, tier_window_months = ?6, redeem_points = ?7, "
      "redeem_value_minor = ?8, updated_at = ?9, actions = ?10 WHERE id = 1",
      {p.currency.code(), p.points_per_unit, p.unit_minor, EncodeTiers(p.tiers), p.expiry_months,
       p.tier_window_months, p.redeem_points, p.redeem_value_minor, UnixMicros(p.updated_at),
       EncodeActions(p.actions)}));
  return Ok();
}

Result<int64_t> InsertEntry(storage::Tx& tx, const Entry& e) {
  std::optional<int64_t> amount;
  std::optional<std::string> currency;
  if (e.amount) {
    amount = e.amount->minor;
    currency = std::string(e.amount->currency.code());
  }
  std::optional<int64_t> expires;
  if (e.expires_at) {
    expires = UnixMicros(*e.expires_at);
  }
  OMNI_TRY(tx.Execute(
      "INSERT INTO loyalty_entries (id, customer_id, kind, points, source_type, source_id, "
      "amount_minor, currency, reason, occurred_at, expires_at, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12)",
      {e.id.str(), e.customer_id, NameOf(e.kind), e.points, storage::NullIfEmpty(e.source_type),
       storage::NullIfEmpty(e.source_id), amount, currency, storage::NullIfEmpty(e.reason),
       UnixMicros(e.occurred_at), expires, UnixMicros(e.created_at)}));
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT seq FROM loyalty_entries WHERE id = ?1", {e.id.str()}));
  if (!row) {
    return Error::Internal("a loyalty entry vanished right after its insert");
  }
  return row->Int(0);
}

Result<std::optional<Entry>> SelectSourceEntry(storage::Tx& tx, EntryKind kind,
                                               std::string_view source_type,
                                               std::string_view source_id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kEntryColumns) +
                                        "WHERE kind = ?1 AND source_type = ?2 AND source_id = ?3",
                                    {NameOf(kind), source_type, source_id}));
  if (!row) {
    return std::optional<Entry>();
  }
  return std::optional<Entry>(EntryFrom(*row));
}

Result<int64_t> CountEarns(storage::Tx& tx, std::string_view customer_id,
                           std::string_view source_type) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT CAST(COUNT(*) AS BIGINT) FROM loyalty_entries "
                                    "WHERE customer_id = ?1 AND kind = 'earn' AND source_type = ?2",
                                    {customer_id, source_type}));
  return row ? row->Int(0) : 0;
}

Result<std::vector<Entry>> SelectEntries(storage::Tx& tx, std::string_view customer_id,
                                         int64_t before, int limit) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query(std::string(kEntryColumns) +
                   "WHERE customer_id = ?1 AND seq < ?2 ORDER BY seq DESC LIMIT ?3",
               {customer_id, before > 0 ? before : INT64_MAX, limit}));
  std::vector<Entry> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(EntryFrom(row));
  }
  return out;
}

Result<int64_t> SumEntries(storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM loyalty_entries "
                  "WHERE customer_id = ?1",
                  {customer_id}));
  return row ? row->Int(0) : 0;
}

Result<int64_t> ForgetReasons(storage::Tx& tx, std::string_view customer_id) {
  return tx.Execute(
      "UPDATE loyalty_entries SET reason = NULL WHERE customer_id = ?1 AND reason IS NOT NULL",
      {customer_id});
}

Result<void> InsertLot(storage::Tx& tx, const Lot& lot) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO loyalty_lots (entry_id, customer_id, points, remaining, expired, expires_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {lot.entry_id, lot.customer_id, lot.points, lot.remaining, lot.expired,
       UnixMicros(lot.expires_at)}));
  return Ok();
}

Result<std::optional<Lot>> SelectLot(storage::Tx& tx, std::string_view entry_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<Lot> lots,
                        Lots(tx, std::string(kLotColumns) + "WHERE entry_id = ?1", {entry_id}));
  if (lots.empty()) {
    return std::optional<Lot>();
  }
  return std::optional<Lot>(lots.front());
}

Result<std::vector<Lot>> SelectLiveLots(storage::Tx& tx, std::string_view customer_id,
                                        TimePoint now) {
  return Lots(tx,
              std::string(kLotColumns) +
                  "WHERE customer_id = ?1 AND remaining > 0 AND expires_at > ?2 "
                  "ORDER BY expires_at, entry_id",
              {customer_id, UnixMicros(now)});
}

Result<std::vector<Lot>> SelectDueLots(storage::Tx& tx, TimePoint now, int limit,
                                       std::optional<std::string_view> customer_id) {
  if (customer_id) {
    return Lots(tx,
                std::string(kLotColumns) +
                    "WHERE remaining > 0 AND expires_at <= ?1 AND customer_id = ?2 "
                    "ORDER BY expires_at, entry_id LIMIT ?3",
                {UnixMicros(now), *customer_id, limit});
  }
  return Lots(tx,
              std::string(kLotColumns) +
                  "WHERE remaining > 0 AND expires_at <= ?1 ORDER BY expires_at, entry_id LIMIT ?2",
              {UnixMicros(now), limit});
}

Result<int64_t> TakeFromLot(storage::Tx& tx, std::string_view entry_id, int64_t points) {
  return tx.Execute(
      "UPDATE loyalty_lots SET remaining = remaining - ?1 WHERE entry_id = ?2 AND remaining >= ?1",
      {points, entry_id});
}

Result<int64_t> ExpireFromLot(storage::Tx& tx, std::string_view entry_id, int64_t points) {
  return tx.Execute(
      "UPDATE loyalty_lots SET remaining = remaining - ?1, expired = expired + ?1 "
      "WHERE entry_id = ?2 AND remaining >= ?1",
      {points, entry_id});
}

Result<int64_t> TierPoints(storage::Tx& tx, std::string_view customer_id, TimePoint since) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT CAST(COALESCE(SUM(points), 0) AS BIGINT) FROM loyalty_entries "
                  "WHERE customer_id = ?1 AND kind IN ('earn', 'reverse') AND occurred_at > ?2",
                  {customer_id, UnixMicros(since)}));
  return row ? row->Int(0) : 0;
}

Result<std::optional<std::string>> SelectAccountTier(storage::Tx& tx,
                                                     std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT tier FROM loyalty_accounts WHERE customer_id = ?1", {customer_id}));
  if (!row) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row->Text(0));
}

Result<void> UpsertAccountTier(storage::Tx& tx, std::string_view customer_id, std::string_view tier,
                               TimePoint now) {
  OMNI_TRY(
      tx.Execute("INSERT INTO loyalty_accounts (customer_id, tier, updated_at) VALUES (?1, ?2, ?3) "
                 "ON CONFLICT (customer_id) DO UPDATE SET tier = excluded.tier, "
                 "updated_at = excluded.updated_at",
                 {customer_id, tier, UnixMicros(now)}));
  return Ok();
}

}  // namespace omnihub::loyalty::store
