#include "changes/changes.h"
#include "core/json.h"

namespace omnihub::changes {
namespace {

// Taken by every appending transaction on PostgreSQL, up to its commit.
constexpr int64_t kChangeLogLock = 0x6f6d6e696c6f6721;  // "omnilog!"
constexpr std::string_view kNotifyChannel = "omnihub_changes";

constexpr std::string_view kInsertSql = R"sql(
  INSERT INTO changes_log (module, entity_type, entity_id, type, payload, channel_id, key_id,
                           request_id, occurred_at, customer_id, payload_version)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11) RETURNING seq)sql";

constexpr std::string_view kColumns =
    "SELECT seq, module, entity_type, entity_id, type, payload, channel_id, occurred_at, "
    "customer_id, payload_version FROM changes_log ";
constexpr std::string_view kSelectColumns =
    "SELECT seq, module, entity_type, entity_id, type, payload, channel_id, occurred_at, "
    "customer_id, payload_version FROM changes_log WHERE seq > ?1";

StoredChange FromRow(const storage::Row& row) {
  StoredChange change;
  change.seq = row.Int(0);
  change.module = row.Text(1);
  change.entity_type = row.Text(2);
  change.entity_id = row.Text(3);
  change.type = row.Text(4);
  change.payload_json = row.Text(5);
  change.channel_id = row.Text(6);
  change.occurred_at = FromUnixMicros(row.Int(7));
  change.customer_id = row.Text(8);
  change.payload_version = static_cast<int>(row.Int(9));
  return change;
}

std::vector<StoredChange> FromRows(const std::vector<storage::Row>& rows) {
  std::vector<StoredChange> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(FromRow(row));
  }
  return out;
}

}  // namespace

storage::TxContext WriterOf(const http::Request& request) {
  return storage::TxContext{.channel_id = request.principal.channel_id,
                            .key_id = request.principal.key_id,
                            .request_id = request.request_id,
                            .idempotency_key = request.idempotency_key,
                            .idempotency_attempt = request.idempotency_attempt};
}

Result<int64_t> Append(storage::Tx& tx, const Change& change) {
  OMNI_TRY(tx.LockExclusive(kChangeLogLock));
  const storage::TxContext& ctx = tx.context();
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne(
          kInsertSql,
          {change.module, change.entity_type, change.entity_id, change.type, change.payload_json,
           storage::NullIfEmpty(ctx.channel_id), storage::NullIfEmpty(ctx.key_id),
           storage::NullIfEmpty(ctx.request_id), UnixMicros(change.occurred_at),
           storage::NullIfEmpty(change.customer_id), int64_t{change.payload_version}}));
  OMNI_TRY(tx.Notify(kNotifyChannel));
  return row->Int(0);
}

Result<std::vector<StoredChange>> Read(storage::Tx& tx, const ChangeQuery& query) {
  std::string sql(kSelectColumns);
  std::vector<storage::Param> params = {query.after};
  if (!query.type_prefixes.empty()) {
    sql += " AND (";
    for (size_t idx = 0; idx < query.type_prefixes.size(); ++idx) {
      const std::string& prefix = query.type_prefixes[idx];
      const size_t len_pos = params.size() + 1;
      sql += (idx ? " OR " : "") + std::string("substr(type, 1, ?") + std::to_string(len_pos) +
             ") = ?" + std::to_string(len_pos + 1);
      params.emplace_back(static_cast<int64_t>(prefix.size()));
      params.emplace_back(prefix);
    }
    sql += ")";
  }
  sql += " ORDER BY seq LIMIT ?" + std::to_string(params.size() + 1);
  params.emplace_back(static_cast<int64_t>(std::clamp(query.limit, 1, 1000)));
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  return FromRows(rows);
}

Result<std::vector<StoredChange>> ReadForCustomers(storage::Tx& tx,
                                                   const CustomerChangeQuery& query) {
  if (query.customer_ids.empty()) {
    return std::vector<StoredChange>{};
  }
  std::vector<storage::Param> params = {storage::JsonList(query.customer_ids)};
  std::string sql = std::string(kColumns) + "WHERE customer_id " + storage::InList(tx, 1);
  if (query.before > 0) {
    params.emplace_back(query.before);
    sql += " AND seq < ?" + std::to_string(params.size());
  }
  params.emplace_back(static_cast<int64_t>(std::clamp(query.limit, 1, 1000)));
  sql += " ORDER BY seq DESC LIMIT ?" + std::to_string(params.size());
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  return FromRows(rows);
}

Result<int64_t> RedactCustomers(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                                std::string_view replacement_payload) {
  int64_t redacted = 0;
  for (const std::string& id : customer_ids) {
    OMNI_ASSIGN_OR_RETURN(int64_t rows,
                          tx.Execute("UPDATE changes_log SET payload = ?1 WHERE customer_id = ?2",
                                     {replacement_payload, id}));
    redacted += rows;
  }
  return redacted;
}

Result<int64_t> RedactContaining(storage::Tx& tx, const std::vector<std::string>& strings,
                                 std::string_view replacement_payload) {
  int64_t redacted = 0;
  for (const std::string& text : strings) {
    if (text.size() < 3) {
      continue;  // "PL" or "42" would match half the log; such values are not identifying
    }
    OMNI_ASSIGN_OR_RETURN(
        int64_t rows,
        tx.Execute(
            "UPDATE changes_log SET payload = ?1 WHERE lower(payload) LIKE lower(?2) ESCAPE '!'",
            {replacement_payload, storage::ContainsPattern(text)}));
    redacted += rows;
  }
  return redacted;
}

Result<int64_t> LatestSeq(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT COALESCE(MAX(seq), 0) FROM changes_log"));
  return row->Int(0);
}

std::string EncodeChange(const StoredChange& change) {
  json::Writer w;
  w.BeginObject()
      .Field("seq", change.seq)
      .Field("type", change.type)
      .Field("module", change.module)
      .Field("entity_type", change.entity_type)
      .Field("entity_id", change.entity_id);
  w.Key("channel_id");
  if (change.channel_id.empty()) {
    w.Null();
  } else {
    w.String(change.channel_id);
  }
  w.Field("occurred_at", FormatRfc3339(change.occurred_at));
  if (!change.customer_id.empty()) {
    w.Field("customer_id", change.customer_id);
  }
  w.Field("payload_version", int64_t{change.payload_version});
  if (change.redacted) {
    w.Field("redacted", true);
  }
  w.Key("payload").Raw(change.payload_json);
  w.EndObject();
  return w.Take();
}

std::string FormatEvent(const StoredChange& change) {
  std::string out = "id: " + std::to_string(change.seq) + "\nevent: " + change.type +
                    "\ndata: " + EncodeChange(change) + "\n\n";
  return out;
}

}  // namespace omnihub::changes
