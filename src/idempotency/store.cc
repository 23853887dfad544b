#include "idempotency/idempotency.h"

#include "core/id.h"

namespace omnihub::idempotency {
namespace {

using Outcome = http::IdempotencyStore::Outcome;

class SqlStore final : public http::IdempotencyStore {
 public:
  SqlStore(storage::Database& db, const Clock& clock, Options options)
      : db_(db), clock_(clock), options_(options) {}

  Result<Begun> Begin(std::string_view key_id, std::string_view idempotency_key,
                      std::string_view fingerprint) override {
    const TimePoint now = clock_.Now();
    const int64_t expired_before = UnixMicros(now - options_.retention);
    const int64_t abandoned_before = UnixMicros(now - options_.abandon_after);
    const std::string attempt = NewUlid(now);
    auto begin = [&](storage::Tx& tx) -> Result<Begun> {
      OMNI_TRY(
          tx.Execute("DELETE FROM idempotency_keys WHERE key_id = ?1 AND idempotency_key = ?2 AND "
                     "(created_at < ?3 OR (state = 'running' AND created_at < ?4))",
                     {key_id, idempotency_key, expired_before, abandoned_before}));
      OMNI_ASSIGN_OR_RETURN(
          int64_t inserted,
          tx.Execute("INSERT INTO idempotency_keys (key_id, idempotency_key, fingerprint, state, "
                     "created_at, attempt) VALUES (?1, ?2, ?3, 'running', ?4, ?5) "
                     "ON CONFLICT DO NOTHING",
                     {key_id, idempotency_key, fingerprint, UnixMicros(now), attempt}));
      if (inserted == 1) {
        return Begun{Outcome::kStarted, {}, attempt};
      }
      OMNI_ASSIGN_OR_RETURN(
          std::optional<storage::Row> row,
          tx.QueryOne("SELECT fingerprint, state, status, content_type, body, created_at FROM "
                      "idempotency_keys WHERE key_id = ?1 AND idempotency_key = ?2",
                      {key_id, idempotency_key}));
      if (!row) {
        return Error::Unavailable("idempotency record vanished; retry");
      }
      if (row->Text(0) != fingerprint) {
        return Begun{Outcome::kMismatch, {}, {}};
      }
      if (row->Text(1) == "running") {
        return Begun{Outcome::kInProgress, {}, {}};
      }
      if (row->Text(1) == "committed") {
        // Committed but not answered: either it is answering right now, or its node died.
        return Begun{
            row->Int(5) < abandoned_before ? Outcome::kResponseLost : Outcome::kInProgress, {}, {}};
      }
      return Begun{Outcome::kReplay,
                   http::StoredResponse{static_cast<int>(row->Int(2)), row->Text(3), row->Text(4)},
                   {}};
    };
    return db_.InTransaction(begin);
  }

  Result<void> Complete(std::string_view key_id, std::string_view idempotency_key,
                        std::string_view attempt, const http::StoredResponse& response) override {
    return db_.InTransaction([&](storage::Tx& tx) -> Result<void> {
      OMNI_TRY(tx.Execute(
          "UPDATE idempotency_keys SET state = 'done', status = ?4, content_type = ?5, body = ?6 "
          "WHERE key_id = ?1 AND idempotency_key = ?2 AND attempt = ?3 AND "
          "state IN ('running', 'committed')",
          {key_id, idempotency_key, attempt, response.status, response.content_type,
           response.body}));
      return Ok();
    });
  }

  Result<void> Abandon(std::string_view key_id, std::string_view idempotency_key,
                       std::string_view attempt) override {
    return db_.InTransaction([&](storage::Tx& tx) -> Result<void> {
      OMNI_TRY(
          tx.Execute("DELETE FROM idempotency_keys WHERE key_id = ?1 AND idempotency_key = ?2 AND "
                     "attempt = ?3 AND state = 'running'",
                     {key_id, idempotency_key, attempt}));
      return Ok();
    });
  }

 private:
  storage::Database& db_;
  const Clock& clock_;
  const Options options_;
};

}  // namespace

std::unique_ptr<http::IdempotencyStore> NewStore(storage::Database& db, const Clock& clock,
                                                 Options options) {
  return std::make_unique<SqlStore>(db, clock, options);
}

Result<void> MarkCommitted(storage::Tx& tx) {
  const storage::TxContext& context = tx.context();
  if (context.idempotency_key.empty()) {
    return Ok();
  }
  // One request may commit in steps (a catalogue import in chunks, a sweep in batches): its
  // own attempt marks the record again. Another attempt — a retry — is what is refused.
  OMNI_ASSIGN_OR_RETURN(
      int64_t marked,
      tx.Execute("UPDATE idempotency_keys SET state = 'committed' WHERE key_id = ?1 AND "
                 "idempotency_key = ?2 AND attempt = ?3 AND state IN ('running', 'committed')",
                 {context.key_id, context.idempotency_key, context.idempotency_attempt}));
  if (marked != 1) {
    return Error::Make(ErrorCode::kIdempotencyKeyInUse,
                       "another attempt with this Idempotency-Key has already been carried out");
  }
  return Ok();
}

Result<int64_t> Purge(storage::Database& db, const Clock& clock, Options options) {
  const int64_t before = UnixMicros(clock.Now() - options.retention);
  return db.InTransaction([&](storage::Tx& tx) {
    return tx.Execute("DELETE FROM idempotency_keys WHERE created_at < ?1", {before});
  });
}

}  // namespace omnihub::idempotency
