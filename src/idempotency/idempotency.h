#pragma once

#include <chrono>
#include <memory>
#include <string>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/idempotency.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Idempotency-Key for creating POSTs (IETF httpapi idempotency-key draft), kept in the database
// so a retry reaching another node replays the same response.
namespace omnihub::idempotency {

storage::MigrationSet Migrations();

struct Options {
  // How long a completed response is kept for replay (published in docs/api.md).
  std::chrono::hours retention{72};
  // A request still "running" after this long is taken to have died with its node; a retry
  // then runs it again.
  std::chrono::seconds abandon_after{60};
};

// Borrows db and clock, which must outlive the store. Thread-safe.
std::unique_ptr<http::IdempotencyStore> NewStore(storage::Database& db, const Clock& clock,
                                                 Options options = {});

// The before-commit hook of every write use case (Database::SetBeforeCommit): when the
// transaction runs for a request with an Idempotency-Key, moves its record from running to
// committed in the same transaction. Only one attempt per key can do so; another fails with
// kIdempotencyKeyInUse and rolls back, so a use case commits at most once per key.
Result<void> MarkCommitted(storage::Tx& tx);

// Erasure: replaces every kept response whose body contains one of `strings` (compared
// lower-case) with {"erased":true}, keeping its status. Returns how many.
Result<int64_t> RedactResponsesContaining(storage::Tx& tx, const std::vector<std::string>& strings);

// Deletes records older than the retention. Returns how many went.
Result<int64_t> Purge(storage::Database& db, const Clock& clock, Options options = {});

}  // namespace omnihub::idempotency
