#include "changes/changes.h"
#include "changes/sequencer.h"
#include "core/json.h"

namespace omnihub::changes {
namespace {

// SQLite's single writer numbers a change as it appends it; on PostgreSQL a change waits in
// changes_pending for the sequencer (sequencer.cc).
constexpr std::string_view kInsertSql = R"sql(
  INSERT INTO changes_log (module, entity_type, entity_id, type, payload, channel_id, key_id,
                           request_id, occurred_at, customer_id, payload_version)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql";
constexpr std::string_view kInsertPendingSql = R"sql(
  INSERT INTO changes_pending (module, entity_type, entity_id, type, payload, channel_id, key_id,
                               request_id, occurred_at, customer_id, payload_version)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11))sql";

// Where a change can be before and after it is numbered: erasure redacts both.
constexpr std::string_view kChangeTables[] = {"changes_log", "changes_pending"};

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

Result<void> Append(storage::Tx& tx, const Change& change) {
  const bool postgres = tx.backend() == storage::Backend::kPostgres;
  const storage::TxContext& ctx = tx.context();
  OMNI_TRY(tx.Execute(
      postgres ? kInsertPendingSql : kInsertSql,
      {change.module, change.entity_type, change.entity_id, change.type, change.payload_json,
       storage::NullIfEmpty(ctx.channel_id), storage::NullIfEmpty(ctx.key_id),
       storage::NullIfEmpty(ctx.request_id), UnixMicros(change.occurred_at),
       storage::NullIfEmpty(change.customer_id), int64_t{change.payload_version}}));
  if (postgres) {
    tx.AfterCommit("changes.sequence", [](storage::Database& db) -> Result<void> {
      OMNI_TRY(SequencePending(db));
      return Ok();
    });
  }
  return Ok();
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
  OMNI_TRY(HoldSequencer(tx));
  int64_t redacted = 0;
  for (std::string_view table : kChangeTables) {
    for (const std::string& id : customer_ids) {
      OMNI_ASSIGN_OR_RETURN(int64_t rows, tx.Execute("UPDATE " + std::string(table) +
                                                         " SET payload = ?1 WHERE customer_id = ?2",
                                                     {replacement_payload, id}));
      redacted += rows;
    }
  }
  return redacted;
}

Result<int64_t> RedactContaining(storage::Tx& tx, const std::vector<std::string>& strings,
                                 std::string_view replacement_payload) {
  OMNI_TRY(HoldSequencer(tx));
  int64_t redacted = 0;
  for (std::string_view table : kChangeTables) {
    for (const std::string& text : strings) {
      if (text.size() < 3) {
        continue;  // "PL" or "42" would match half the log; such values are not identifying
      }
      OMNI_ASSIGN_OR_RETURN(
          int64_t rows,
          tx.Execute("UPDATE " + std::string(table) +
                         " SET payload = ?1 WHERE lower(payload) LIKE lower(?2) ESCAPE '!'",
                     {replacement_payload, storage::ContainsPattern(text)}));
      redacted += rows;
    }
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
