// Merges, conflicts, erasure and the access log: the rows that follow a person across
// profiles.
#include "customers/store.h"

namespace omnihub::customers::store {
namespace {

// On a merge the survivor keeps its own value unless the merged one is strictly newer.
constexpr std::string_view kMoveTraitsSql = R"sql(
  INSERT INTO customers_traits (customer_id, name, value, source, channel_id, updated_at)
  SELECT CAST(?2 AS TEXT), name, value, source, channel_id, updated_at
    FROM customers_traits WHERE customer_id = ?1
  ON CONFLICT (customer_id, name) DO UPDATE
     SET value = excluded.value, source = excluded.source, channel_id = excluded.channel_id,
         updated_at = excluded.updated_at
   WHERE customers_traits.updated_at < excluded.updated_at)sql";

constexpr std::string_view kMoveConsentsSql = R"sql(
  INSERT INTO customers_consents (customer_id, purpose, channel, granted, source, updated_at)
  SELECT CAST(?2 AS TEXT), purpose, channel, granted, source, updated_at
    FROM customers_consents WHERE customer_id = ?1
  ON CONFLICT (customer_id, purpose, channel) DO UPDATE
     SET granted = excluded.granted, source = excluded.source, updated_at = excluded.updated_at
   WHERE customers_consents.updated_at < excluded.updated_at)sql";

constexpr std::string_view kMoveChannelsSql = R"sql(
  INSERT INTO customers_channels (customer_id, channel_id)
  SELECT CAST(?2 AS TEXT), channel_id FROM customers_channels WHERE customer_id = ?1
  ON CONFLICT DO NOTHING)sql";

constexpr std::string_view kMoveEventCountsSql = R"sql(
  INSERT INTO customers_event_counts (customer_id, event_type, total)
  SELECT CAST(?2 AS TEXT), event_type, total FROM customers_event_counts WHERE customer_id = ?1
  ON CONFLICT (customer_id, event_type) DO UPDATE
     SET total = customers_event_counts.total + excluded.total)sql";

constexpr std::string_view kMoveTermsSql = R"sql(
  INSERT INTO customers_search_terms (term, customer_id, kind)
  SELECT term, CAST(?2 AS TEXT), kind FROM customers_search_terms WHERE customer_id = ?1
  ON CONFLICT DO NOTHING)sql";

constexpr std::string_view kConflictColumns =
    "SELECT seq, customer_id, other_customer_id, identifier_type, identifier_ns, "
    "identifier_value, limit_type, cause, status, created_at FROM customers_conflicts ";

ConflictRow ConflictFrom(const storage::Row& row) {
  return ConflictRow{.seq = row.Int(0),
                     .customer_id = row.Text(1),
                     .other_customer_id = row.OptText(2),
                     .identifier_type = row.Text(3),
                     .identifier_ns = row.Text(4),
                     .identifier_value = row.OptText(5),
                     .limit_type = row.Text(6),
                     .cause = row.Text(7),
                     .status = row.Text(8),
                     .created_at = row.Int(9)};
}

}  // namespace

Result<void> MoveRows(storage::Tx& tx, std::string_view from, std::string_view into) {
  OMNI_TRY(tx.Execute("UPDATE customers_identifiers SET customer_id = ?2 WHERE customer_id = ?1",
                      {from, into}));
  OMNI_TRY(tx.Execute(kMoveTraitsSql, {from, into}));
  OMNI_TRY(tx.Execute(kMoveConsentsSql, {from, into}));
  OMNI_TRY(tx.Execute(kMoveChannelsSql, {from, into}));
  OMNI_TRY(tx.Execute(kMoveEventCountsSql, {from, into}));
  OMNI_TRY(tx.Execute(kMoveTermsSql, {from, into}));
  OMNI_TRY(tx.Execute("UPDATE customers_counted_orders SET customer_id = ?2 WHERE customer_id = ?1",
                      {from, into}));
  for (std::string_view table : {"customers_traits", "customers_consents", "customers_channels",
                                 "customers_event_counts", "customers_search_terms"}) {
    OMNI_TRY(tx.Execute("DELETE FROM " + std::string(table) + " WHERE customer_id = ?1", {from}));
  }
  return Ok();
}

Result<void> DeletePersonalRows(storage::Tx& tx, std::string_view customer_id) {
  for (std::string_view table :
       {"customers_identifiers", "customers_traits", "customers_consents", "customers_channels",
        "customers_event_counts", "customers_search_terms"}) {
    OMNI_TRY(
        tx.Execute("DELETE FROM " + std::string(table) + " WHERE customer_id = ?1", {customer_id}));
  }
  return Ok();
}

Result<void> InsertMerge(storage::Tx& tx, const MergeRow& row) {
  OMNI_TRY(
      tx.Execute("INSERT INTO customers_merges (survivor_id, merged_id, cause, merged_at) "
                 "VALUES (?1, ?2, ?3, ?4)",
                 {row.survivor_id, row.merged_id, row.cause, row.merged_at}));
  return Ok();
}

Result<std::vector<MergeRow>> SelectMerges(storage::Tx& tx, const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return std::vector<MergeRow>{};
  }
  const std::string sql =
      "SELECT survivor_id, merged_id, cause, merged_at FROM customers_merges WHERE merged_id " +
      storage::InList(tx, 1) + " ORDER BY seq";
  const std::vector<storage::Param> params = {storage::JsonList(ids)};
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  std::vector<MergeRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(MergeRow{.survivor_id = row.Text(0),
                           .merged_id = row.Text(1),
                           .cause = row.Text(2),
                           .merged_at = row.Int(3)});
  }
  return out;
}

Result<int64_t> InsertConflict(storage::Tx& tx, const ConflictRow& row) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> inserted,
      tx.QueryOne("INSERT INTO customers_conflicts (customer_id, other_customer_id, "
                  "identifier_type, identifier_ns, identifier_value, limit_type, cause, status, "
                  "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9) RETURNING seq",
                  {row.customer_id, row.other_customer_id, row.identifier_type, row.identifier_ns,
                   row.identifier_value, row.limit_type, row.cause, row.status, row.created_at}));
  return inserted->Int(0);
}

Result<bool> OpenConflictExists(storage::Tx& tx, const ConflictRow& row) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> found,
      tx.QueryOne("SELECT 1 FROM customers_conflicts WHERE customer_id = ?1 "
                  "AND COALESCE(other_customer_id, '') = ?2 AND identifier_type = ?3 "
                  "AND identifier_ns = ?4 AND identifier_value = ?5 AND status = 'open'",
                  {row.customer_id, row.other_customer_id.value_or(""), row.identifier_type,
                   row.identifier_ns, row.identifier_value}));
  return found.has_value();
}

Result<std::vector<ConflictRow>> SelectConflicts(storage::Tx& tx, std::string_view status,
                                                 int64_t after, int limit) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query(std::string(kConflictColumns) +
                                     "WHERE status = ?1 AND seq > ?2 ORDER BY seq LIMIT ?3",
                                 {status, after, limit}));
  std::vector<ConflictRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(ConflictFrom(row));
  }
  return out;
}

Result<std::vector<ConflictRow>> SelectConflictsOf(storage::Tx& tx,
                                                   const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return std::vector<ConflictRow>{};
  }
  const std::string in = storage::InList(tx, 1);
  const std::string sql = std::string(kConflictColumns) + "WHERE customer_id " + in +
                          " OR other_customer_id " + in + " ORDER BY seq";
  const std::vector<storage::Param> params = {storage::JsonList(ids)};
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  std::vector<ConflictRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(ConflictFrom(row));
  }
  return out;
}

Result<void> ScrubConflicts(storage::Tx& tx, const std::vector<std::string>& ids) {
  for (const std::string& id : ids) {
    OMNI_TRY(
        tx.Execute("UPDATE customers_conflicts SET identifier_value = NULL "
                   "WHERE customer_id = ?1 OR other_customer_id = ?1",
                   {id}));
  }
  return Ok();
}

Result<void> InsertErasedHash(storage::Tx& tx, std::string_view hash, int64_t now) {
  OMNI_TRY(
      tx.Execute("INSERT INTO customers_erased_identifiers (hash, erased_at) "
                 "VALUES (?1, ?2) ON CONFLICT DO NOTHING",
                 {hash, now}));
  return Ok();
}

Result<bool> IsErasedHash(storage::Tx& tx, std::string_view hash) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT 1 FROM customers_erased_identifiers WHERE hash = ?1", {hash}));
  return row.has_value();
}

Result<void> InsertAccess(storage::Tx& tx, const AccessRow& row) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO customers_access_log (customer_id, key_id, role, action, "
      "request_id, accessed_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6)",
      {row.customer_id, row.key_id, row.role, row.action, row.request_id, row.accessed_at}));
  return Ok();
}

Result<std::vector<AccessRow>> SelectAccess(storage::Tx& tx, const std::vector<std::string>& ids) {
  if (ids.empty()) {
    return std::vector<AccessRow>{};
  }
  const std::string sql =
      "SELECT customer_id, key_id, role, action, request_id, accessed_at FROM "
      "customers_access_log WHERE customer_id " +
      storage::InList(tx, 1) + " ORDER BY seq DESC";
  const std::vector<storage::Param> params = {storage::JsonList(ids)};
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  std::vector<AccessRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(AccessRow{.customer_id = row.Text(0),
                            .key_id = row.Text(1),
                            .role = row.Text(2),
                            .action = row.Text(3),
                            .request_id = row.Text(4),
                            .accessed_at = row.Int(5)});
  }
  return out;
}

}  // namespace omnihub::customers::store
