#include "changes/sequencer.h"

#include <algorithm>
#include <string>
#include <vector>

#include "changes/event.h"

namespace omnihub::changes {
namespace {

constexpr int kBatch = 500;        // changes numbered per transaction
constexpr size_t kPerInsert = 50;  // rows per INSERT statement
constexpr size_t kColumns = 12;    // seq and the 11 columns an append writes

// Takes a batch of committed pending changes, oldest append first. DELETE … RETURNING reads
// exactly the rows it removes, so nothing is copied that is not also removed.
const std::string kTakeBatchSql =
    "DELETE FROM changes_pending WHERE id IN (SELECT id FROM changes_pending ORDER BY id LIMIT " +
    std::to_string(kBatch) +
    ") RETURNING id, module, entity_type, entity_id, type, payload, channel_id, key_id, "
    "request_id, occurred_at, customer_id, payload_version";

std::string InsertSql(size_t rows) {
  std::string sql =
      "INSERT INTO changes_log (seq, module, entity_type, entity_id, type, payload, channel_id, "
      "key_id, request_id, occurred_at, customer_id, payload_version) VALUES ";
  for (size_t row = 0; row < rows; ++row) {
    sql += row ? ", (" : "(";
    for (size_t col = 0; col < kColumns; ++col) {
      sql += (col ? ", ?" : "?") + std::to_string(row * kColumns + col + 1);
    }
    sql += ")";
  }
  return sql;
}

storage::Param Cell(const storage::Row& row, size_t col) {
  if (row.IsNull(col)) {
    return nullptr;
  }
  return row.Text(col);
}

// One batch in `tx`; returns how many changes it numbered.
Result<int64_t> NumberBatch(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> counter,
                        tx.QueryOne("SELECT last_seq FROM changes_sequencer WHERE id = 1" +
                                    std::string(storage::ForUpdate(tx))));
  if (!counter) {
    return Error::Internal("changes_sequencer has no row (migration 0007)");
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.Query(kTakeBatchSql));
  if (rows.empty()) {
    return int64_t{0};
  }
  std::sort(rows.begin(), rows.end(),
            [](const storage::Row& a, const storage::Row& b) { return a.Int(0) < b.Int(0); });
  int64_t seq = counter->Int(0);
  for (size_t first = 0; first < rows.size(); first += kPerInsert) {
    const size_t count = std::min(kPerInsert, rows.size() - first);
    std::vector<storage::Param> params;
    params.reserve(count * kColumns);
    for (size_t idx = first; idx < first + count; ++idx) {
      const storage::Row& row = rows[idx];
      params.emplace_back(++seq);
      for (size_t col = 1; col < kColumns; ++col) {
        const bool number = col == 9 || col == 11;  // occurred_at, payload_version
        params.push_back(number ? storage::Param(row.Int(col)) : Cell(row, col));
      }
    }
    OMNI_TRY(tx.ExecuteParams(InsertSql(count), params));
  }
  OMNI_TRY(tx.Execute("UPDATE changes_sequencer SET last_seq = ?1 WHERE id = 1", {seq}));
  OMNI_TRY(tx.Notify(kNotifyChannel));
  return static_cast<int64_t>(rows.size());
}

}  // namespace

Result<void> HoldSequencer(storage::Tx& tx) {
  if (tx.backend() != storage::Backend::kPostgres) {
    return Ok();
  }
  OMNI_TRY(tx.Execute("SELECT last_seq FROM changes_sequencer WHERE id = 1" +
                      std::string(storage::ForUpdate(tx))));
  return Ok();
}

Result<int64_t> SequencePending(storage::Database& db) {
  int64_t numbered = 0;
  while (true) {
    OMNI_ASSIGN_OR_RETURN(int64_t batch, db.InTransaction(NumberBatch));
    numbered += batch;
    if (batch < kBatch) {
      return numbered;
    }
  }
}

}  // namespace omnihub::changes
