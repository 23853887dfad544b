#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <initializer_list>
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <type_traits>
#include <utility>
#include <variant>
#include <vector>

#include "core/enums.h"
#include "core/result.h"

// One storage interface, two backends (SQLite, PostgreSQL). SQL is written once, in the subset
// both share, with ?N placeholders (rewritten to $N for PostgreSQL).
namespace omnihub::storage {

enum class Backend { kSqlite, kPostgres };
constexpr auto EnumNames(Backend) {
  return EnumTable<Backend, 2>{{{Backend::kSqlite, "sqlite"}, {Backend::kPostgres, "postgres"}}};
}

// A bound SQL parameter.
class Param {
 public:
  Param(std::nullptr_t) {}                               // NOLINT
  Param(int v) : value_(int64_t{v}) {}                   // NOLINT
  Param(int64_t v) : value_(v) {}                        // NOLINT
  Param(uint32_t v) : value_(int64_t{v}) {}              // NOLINT
  Param(double v) : value_(v) {}                         // NOLINT
  Param(const char* s) : value_(std::string(s)) {}       // NOLINT
  Param(std::string_view s) : value_(std::string(s)) {}  // NOLINT
  Param(std::string s) : value_(std::move(s)) {}         // NOLINT
  template <typename T>
  Param(const std::optional<T>& v) {  // NOLINT: nullopt binds NULL
    if (v) {
      *this = Param(*v);
    }
  }

  const std::variant<std::nullptr_t, int64_t, double, std::string>& value() const { return value_; }

 private:
  std::variant<std::nullptr_t, int64_t, double, std::string> value_;
};

// One result row. Columns are addressed by index, in SELECT order.
class Row {
 public:
  using Cell = std::variant<std::nullptr_t, int64_t, double, std::string>;
  explicit Row(std::vector<Cell> cells) : cells_(std::move(cells)) {}

  size_t size() const { return cells_.size(); }
  bool IsNull(size_t col) const;
  // NULL reads as 0 / "" ; use the Opt* forms where NULL means something.
  int64_t Int(size_t col) const;
  double Double(size_t col) const;
  std::string Text(size_t col) const;
  std::optional<int64_t> OptInt(size_t col) const;
  std::optional<std::string> OptText(size_t col) const;

 private:
  std::vector<Cell> cells_;
};

// Who is writing: recorded with every change the transaction appends.
struct TxContext {
  std::string channel_id;
  std::string key_id;
  std::string request_id;
  std::string idempotency_key;      // the request's Idempotency-Key, when it has one
  std::string idempotency_attempt;  // and the attempt running it
};

class Database;

// Work that follows a commit (Tx::AfterCommit).
struct AfterCommitJob {
  std::string name;
  std::function<Result<void>(Database&)> run;
};

// A transaction in progress. Not thread-safe; used only inside the function passed to
// Database::InTransaction or Database::Read, and never kept beyond it.
class Tx {
 public:
  virtual ~Tx() = default;

  // Runs one statement; returns the number of rows it changed.
  // Errors: kConflict (details.constraint) for a unique/foreign-key/check violation;
  // kUnavailable for a lost connection; kInternal for anything else (logged).
  Result<int64_t> Execute(std::string_view sql, std::initializer_list<Param> params = {}) {
    return ExecuteParams(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // Runs one statement and returns all its rows. Errors as Execute.
  Result<std::vector<Row>> Query(std::string_view sql, std::initializer_list<Param> params = {}) {
    return QueryParams(sql, std::span<const Param>(params.begin(), params.size()));
  }
  // The first row, or nullopt when there is none. Errors as Execute.
  Result<std::optional<Row>> QueryOne(std::string_view sql,
                                      std::initializer_list<Param> params = {});

  virtual Result<int64_t> ExecuteParams(std::string_view sql, std::span<const Param> params) = 0;
  virtual Result<std::vector<Row>> QueryParams(std::string_view sql,
                                               std::span<const Param> params) = 0;
  // Runs several ;-separated statements without parameters (migrations).
  virtual Result<void> ExecuteScript(std::string_view sql) = 0;

  // Serialises this transaction, from this call to its commit, with every other transaction
  // that takes the same lock (PostgreSQL: pg_advisory_xact_lock; SQLite: already serial).
  virtual Result<void> LockExclusive(int64_t lock_id) = 0;
  // Wakes listeners of `channel` on every node when (and only if) this transaction commits.
  // PostgreSQL: NOTIFY; SQLite: a no-op (one process; see Database::SetCommitListener).
  virtual Result<void> Notify(std::string_view channel) = 0;

  // Asks for `run` once this write transaction has committed, on the caller's thread before
  // InTransaction returns; nothing runs if it rolls back. Commits that ask for the same `name`
  // at the same time share one run that starts after all of them committed (the change log's
  // sequencer numbers a whole group of writers' rows in one transaction). Asking twice in one
  // transaction asks once. An error from `run` is logged; the commit stands.
  void AfterCommit(std::string name, std::function<Result<void>(Database&)> run);
  // The jobs asked for since the last call (the backends run them after the commit).
  std::vector<AfterCommitJob> TakeAfterCommit() { return std::exchange(after_commit_, {}); }

  virtual Backend backend() const = 0;
  const TxContext& context() const { return context_; }
  void set_context(TxContext context) { context_ = std::move(context); }

 private:
  TxContext context_;
  std::vector<AfterCommitJob> after_commit_;
};

// Waits for NOTIFY on one channel, from any node. Not thread-safe; one thread waits on it.
class Listener {
 public:
  virtual ~Listener() = default;
  // True when at least one notification arrived within `timeout`; false on timeout.
  // Errors: kUnavailable when the connection is lost (callers reopen).
  virtual Result<bool> Wait(std::chrono::milliseconds timeout) = 0;
};

struct DatabaseOptions {
  int read_connections = 8;  // SQLite read pool
  int pool_size = 16;        // PostgreSQL connections
  int max_group_size = 256;  // SQLite group commit: use cases per fsync
  // PostgreSQL: Tx::Notify sends NOTIFY. Off (or OMNIHUB_PG_NOTIFY=off in the environment of
  // OpenDatabase), listeners wake only on their poll: how a database without LISTEN/NOTIFY
  // behaves (docs/changes.md).
  bool notify = true;
};

// A database. Thread-safe.
class Database {
 public:
  virtual ~Database() = default;

  // Runs `fn(Tx&) -> Result<T>` as one write transaction and returns its result once the
  // transaction is durably committed (fsynced). An error from `fn` rolls back exactly its own
  // work and nothing else. `fn` may run on another thread and, on PostgreSQL, be retried on a
  // serialisation failure, so it must only touch the database and its own locals.
  template <typename Fn>
  auto InTransaction(Fn&& fn, const TxContext& context = {}) {
    return Run<true>(std::forward<Fn>(fn), context);
  }
  // Runs `fn(Tx&) -> Result<T>` in a read-only transaction that sees every write committed
  // before it began.
  template <typename Fn>
  auto Read(Fn&& fn) {
    return Run<false>(std::forward<Fn>(fn), TxContext{});
  }

  virtual Backend backend() const = 0;
  // Errors: kUnavailable when the database cannot be reached.
  virtual Result<void> Ping() = 0;
  // Writes a consistent copy of the database to `path` while it is in use.
  // Errors: kInvalidArgument on PostgreSQL (use pg_dump); kInternal on I/O failure.
  virtual Result<void> Backup(const std::string& path) = 0;
  // Makes what committed writes deleted or overwrote in `tables` unreadable in the database
  // files (erasure's follow-up; docs/security.md). SQLite zeroes freed space as it frees it
  // (secure_delete); this copies the WAL into the file and truncates it. PostgreSQL keeps
  // old row versions' bytes in free space even after VACUUM: VACUUM FULL rewrites each table
  // and its indexes (an exclusive lock per table while it runs). Old bytes stay in
  // PostgreSQL's WAL and in backups until they are recycled.
  // Errors: kUnavailable when the checkpoint stays blocked; a failed statement's error.
  virtual Result<void> PurgeFreed(std::span<const std::string> tables) = 0;
  // A listener for Tx::Notify(channel). SQLite: nullptr (no other process writes).
  virtual Result<std::unique_ptr<Listener>> Listen(std::string_view channel) = 0;
  // `fn` runs after every successful write commit, on the committing thread. Set it before
  // the first write; it must be fast and must not throw.
  virtual void SetCommitListener(std::function<void()> fn) = 0;
  // `fn` runs inside every write use case, after the use case succeeded and before its commit;
  // an error from it fails the use case. Set it before the first write.
  virtual void SetBeforeCommit(std::function<Result<void>(Tx&)> fn) = 0;
  // Finishes queued writes and closes connections. Later calls fail with kUnavailable.
  virtual void Close() = 0;

 protected:
  using TxFn = std::function<Result<void>(Tx&)>;
  virtual Result<void> RunWrite(const TxContext& context, const TxFn& fn) = 0;
  virtual Result<void> RunRead(const TxFn& fn) = 0;

 private:
  template <bool kWrite, typename Fn>
  auto Run(Fn&& fn, const TxContext& context) {
    using R = std::invoke_result_t<Fn&, Tx&>;
    if constexpr (std::is_same_v<R, Result<void>>) {
      TxFn wrapped = [&fn](Tx& tx) { return fn(tx); };
      return kWrite ? RunWrite(context, wrapped) : RunRead(wrapped);
    } else {
      std::optional<typename R::value_type> out;
      TxFn wrapped = [&fn, &out](Tx& tx) -> Result<void> {
        R result = fn(tx);
        if (!result.ok()) {
          return std::move(result).error();
        }
        out.emplace(std::move(result).value());
        return Ok();
      };
      Result<void> done = kWrite ? RunWrite(context, wrapped) : RunRead(wrapped);
      if (!done.ok()) {
        return R(std::move(done).error());
      }
      return R(std::move(*out));
    }
  }
};

// " FOR UPDATE" on PostgreSQL, "" on SQLite (whose write transactions run one at a time): what
// a SELECT appends to lock the rows it reads until commit, so a read-modify-write of a row
// needs one write.
std::string_view ForUpdate(const Tx& tx);

// An error that makes InTransaction run the use case again from the start, as after a
// serialisation failure (PostgreSQL; at most 5 attempts, then kUnavailable reaches the caller):
// for a use case that finds, under its row locks, that a concurrent commit changed what it
// read before taking them. SQLite's single writer never needs it.
Error RetryTransaction(std::string_view why);

// NULL for "", else the text: how an optional text column is written.
Param NullIfEmpty(std::string_view text);
// "?first, ?first+1, …" for `count` parameters: the list of an IN (…) of a bounded size.
std::string Placeholders(size_t first, size_t count);
// "IN (…)" over a list of any length bound as one parameter, ?`param` = JsonList(values):
// "customer_id " + InList(tx, 1). Both backends cap bound parameters (SQLite 32,766); a
// person merged from many profiles must not reach that cap.
std::string InList(const Tx& tx, size_t param);
Param JsonList(const std::vector<std::string>& values);

// A LIKE pattern for text that contains `needle`, with LIKE's own characters escaped. Use as
// "lower(column) LIKE lower(?N) ESCAPE '!'" (lower() on both sides: SQLite folds ASCII only,
// PostgreSQL all letters). For erasure's searches of free-form records, not for hot paths.
std::string ContainsPattern(std::string_view needle);

// Opens "sqlite:PATH" (created if missing) or a "postgresql://…" / "postgres://…" URL.
// Errors: kInvalidArgument (field "db") for another scheme; kUnavailable when it cannot connect.
Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options = {});

}  // namespace omnihub::storage
