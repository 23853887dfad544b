#include "storage/postgres/postgres_database.h"

#include <libpq-fe.h>
#include <poll.h>

#include <algorithm>
#include <charconv>
#include <condition_variable>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/log.h"
#include "core/metrics.h"
#include "storage/migrations.h"

namespace omnihub::storage::postgres {
namespace {

constexpr int kMaxAttempts = 5;

bool Retryable(const Error& error) {
  const DetailValue* state = error.Detail("sqlstate");
  if (state == nullptr) {
    return false;
  }
  const std::string& code = std::get<std::string>(*state);
  return code == "40001" || code == "40P01";  // serialization_failure, deadlock_detected
}

class Connection {
 public:
  explicit Connection(PGconn* conn) : conn_(conn) {}
  ~Connection() { PQfinish(conn_); }
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  bool healthy() const { return PQstatus(conn_) == CONNECTION_OK; }
  // Whether a statement failed inside the open transaction (PostgreSQL then refuses all but
  // ROLLBACK, and would turn a COMMIT into a silent rollback).
  bool in_failed_transaction() const { return PQtransactionStatus(conn_) == PQTRANS_INERROR; }
  bool idle() const { return PQtransactionStatus(conn_) == PQTRANS_IDLE; }
  void Reset() {
    PQreset(conn_);
    statements_.clear();
    (void)Script("SET client_min_messages = warning");
  }
  PGconn* raw() { return conn_; }

  Result<PGresult*> Run(std::string_view sql, std::span<const Param> params) {
    auto it = statements_.find(std::string(sql));
    if (it == statements_.end()) {
      std::string name = "s" + std::to_string(statements_.size());
      std::string text = PostgresPlaceholders(sql);
      PGresult* prepared = PQprepare(conn_, name.c_str(), text.c_str(), 0, nullptr);
      if (PQresultStatus(prepared) != PGRES_COMMAND_OK) {
        Error error = ErrorFrom(prepared, sql);
        PQclear(prepared);
        return error;
      }
      PQclear(prepared);
      it = statements_.emplace(std::string(sql), std::move(name)).first;
    }
    std::vector<std::string> texts(params.size());
    std::vector<const char*> values(params.size(), nullptr);
    for (size_t idx = 0; idx < params.size(); ++idx) {
      const auto& value = params[idx].value();
      if (const auto* i = std::get_if<int64_t>(&value)) {
        texts[idx] = std::to_string(*i);
      } else if (const auto* d = std::get_if<double>(&value)) {
        char buffer[32];
        auto [end, ec] = std::to_chars(buffer, buffer + sizeof buffer, *d);  // round-trips
        texts[idx].assign(buffer, ec == std::errc() ? end : buffer);
      } else if (const auto* s = std::get_if<std::string>(&value)) {
        texts[idx] = *s;
      } else {
        continue;  // NULL
      }
      values[idx] = texts[idx].c_str();
    }
    PGresult* result = PQexecPrepared(conn_, it->second.c_str(), static_cast<int>(params.size()),
                                      values.data(), nullptr, nullptr, 0);
    const ExecStatusType status = PQresultStatus(result);
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      Error error = ErrorFrom(result, sql);
      PQclear(result);
      return error;
    }
    return result;
  }

  Result<void> Script(std::string_view sql) {
    PGresult* result = PQexec(conn_, std::string(sql).c_str());
    const ExecStatusType status = PQresultStatus(result);
    Result<void> outcome;
    if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
      outcome = ErrorFrom(result, sql);
    }
    PQclear(result);
    return outcome;
  }

 private:
  Error ErrorFrom(PGresult* result, std::string_view sql) const {
    const char* state_text = result ? PQresultErrorField(result, PG_DIAG_SQLSTATE) : nullptr;
    const std::string state = state_text ? state_text : "";
    std::string message = PQerrorMessage(conn_);
    while (!message.empty() && (message.back() == '\n' || message.back() == ' ')) {
      message.pop_back();
    }
    Error error;
    if (state.starts_with("23")) {
      error = Error::Conflict(message);
      error.details.emplace_back("constraint", message);
    } else if (state.starts_with("08") || state.empty() || !healthy() || state == "40001" ||
               state == "40P01") {
      // Connection trouble, or a serialisation failure / deadlock that RunWrite retries.
      error = Error::Unavailable("database: " + message);
    } else {
      log::Error("postgres error", {{"sqlstate", state}, {"error", message}, {"sql", sql}});
      error = Error::Internal("database error: " + message);
    }
    error.details.emplace_back("sqlstate", state);
    return error;
  }

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
};

class PostgresTx final : public Tx {
 public:
  explicit PostgresTx(Connection& conn) : conn_(conn) {}

  Result<int64_t> ExecuteParams(std::string_view sql, std::span<const Param> params) override {
    OMNI_ASSIGN_OR_RETURN(PGresult * result, conn_.Run(sql, params));
    const char* tuples = PQcmdTuples(result);
    const int64_t changed = (tuples && *tuples) ? std::atoll(tuples) : 0;
    PQclear(result);
    return changed;
  }

  Result<std::vector<Row>> QueryParams(std::string_view sql,
                                       std::span<const Param> params) override {
    OMNI_ASSIGN_OR_RETURN(PGresult * result, conn_.Run(sql, params));
    const int rows = PQntuples(result);
    const int columns = PQnfields(result);
    std::vector<Row> out;
    out.reserve(rows);
    for (int row = 0; row < rows; ++row) {
      std::vector<Row::Cell> cells;
      cells.reserve(columns);
      for (int col = 0; col < columns; ++col) {
        if (PQgetisnull(result, row, col)) {
          cells.emplace_back(nullptr);
        } else {
          cells.emplace_back(
              std::string(PQgetvalue(result, row, col), PQgetlength(result, row, col)));
        }
      }
      out.emplace_back(std::move(cells));
    }
    PQclear(result);
    return out;
  }

  Result<void> ExecuteScript(std::string_view sql) override { return conn_.Script(sql); }

  // Both are held or queued until the transaction ends, so asking twice is a wasted round
  // trip: a batch of 100 events appends 100 changes under one lock and one notification.
  Result<void> LockExclusive(int64_t lock_id) override {
    if (std::find(locked_.begin(), locked_.end(), lock_id) != locked_.end()) {
      return Ok();
    }
    OMNI_TRY(Query("SELECT pg_advisory_xact_lock(CAST(?1 AS BIGINT))", {lock_id}));
    locked_.push_back(lock_id);
    return Ok();
  }

  Result<void> Notify(std::string_view channel) override {
    if (std::find(notified_.begin(), notified_.end(), channel) != notified_.end()) {
      return Ok();
    }
    OMNI_TRY(Query("SELECT pg_notify(CAST(?1 AS TEXT), '')", {channel}));
    notified_.emplace_back(channel);
    return Ok();
  }

  Backend backend() const override { return Backend::kPostgres; }

 private:
  Connection& conn_;
  std::vector<int64_t> locked_;        // advisory locks this transaction holds
  std::vector<std::string> notified_;  // channels it has notified
};

class PostgresListener final : public Listener {
 public:
  explicit PostgresListener(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}

  Result<bool> Wait(std::chrono::milliseconds timeout) override {
    if (Drain()) {
      return true;
    }
    pollfd fd{PQsocket(conn_->raw()), POLLIN, 0};
    const int ready = poll(&fd, 1, static_cast<int>(timeout.count()));
    if (ready < 0 || PQconsumeInput(conn_->raw()) == 0) {
      return Error::Unavailable("listener connection lost");
    }
    return Drain();
  }

 private:
  bool Drain() {
    bool any = false;
    while (PGnotify* note = PQnotifies(conn_->raw())) {
      any = true;
      PQfreemem(note);
    }
    return any;
  }

  std::unique_ptr<Connection> conn_;
};

Result<std::unique_ptr<Connection>> Connect(const std::string& url) {
  PGconn* conn = PQconnectdb(url.c_str());
  if (PQstatus(conn) != CONNECTION_OK) {
    std::string message = PQerrorMessage(conn);
    PQfinish(conn);
    return Error::Unavailable("cannot connect to postgres: " + message);
  }
  auto out = std::make_unique<Connection>(conn);
  OMNI_TRY(out->Script("SET client_min_messages = warning"));
  return out;
}

// Table names come from module descriptors, never from requests; checked all the same, since
// they are spliced into maintenance statements.
Result<void> CheckTableName(std::string_view table) {
  const bool plain = !table.empty() && std::all_of(table.begin(), table.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? Ok() : Error::Internal("not a plain table name: " + std::string(table));
}

class PostgresDatabase final : public Database {
 public:
  PostgresDatabase(std::string url, std::vector<std::unique_ptr<Connection>> pool)
      : url_(std::move(url)),
        commit_seconds_(metrics::Registry::Global().GetHistogram(
            "omnihub_db_commit_seconds", "Duration of a write commit (one fsync)",
            "backend=\"postgres\"", metrics::LatencyBuckets)) {
    idle_ = std::move(pool);
  }

  Backend backend() const override { return Backend::kPostgres; }

  Result<void> Ping() override {
    return Read([](Tx& tx) -> Result<void> {
      return tx.Query("SELECT 1").ok() ? Ok() : Error::Unavailable("postgres unreachable");
    });
  }

  Result<void> Backup(const std::string&) override {
    return Error::InvalidArgument("db", "is PostgreSQL: back it up with pg_dump or pg_basebackup");
  }

  Result<void> PurgeFreed(std::span<const std::string> tables) override {
    // Plain VACUUM leaves pruned row versions' bytes in the pages' free space and deleted keys
    // in B-tree pages; VACUUM FULL writes the table and its indexes anew and truncates the
    // old files. ANALYZE replaces the values the statistics sampled; the old statistics rows
    // go with the last VACUUM (a database owner may; others get a warning). None of them may
    // run inside a transaction block.
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect(url_));
    for (const std::string& table : tables) {
      OMNI_TRY(CheckTableName(table));
      OMNI_TRY(conn->Script("VACUUM (FULL, ANALYZE) " + table));
    }
    return conn->Script("VACUUM pg_catalog.pg_statistic");
  }

  Result<std::unique_ptr<Listener>> Listen(std::string_view channel) override {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect(url_));
    OMNI_TRY(conn->Script("LISTEN \"" + std::string(channel) + "\""));
    return std::unique_ptr<Listener>(new PostgresListener(std::move(conn)));
  }

  void SetCommitListener(std::function<void()> fn) override { commit_listener_ = std::move(fn); }
  void SetBeforeCommit(std::function<Result<void>(Tx&)> fn) override {
    before_commit_ = std::move(fn);
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      idle_.clear();
    }
    cv_.notify_all();
  }

 protected:
  Result<void> RunWrite(const TxContext& context, const TxFn& fn) override {
    Result<void> outcome;
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      const auto started = std::chrono::steady_clock::now();
      outcome = RunOnce(fn, &context, "BEGIN");
      commit_seconds_.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (outcome.ok() || !Retryable(outcome.error())) {
        break;
      }
    }
    if (outcome.ok() && commit_listener_) {
      commit_listener_();
    }
    return outcome;
  }

  Result<void> RunRead(const TxFn& fn) override { return RunOnce(fn, nullptr, "BEGIN READ ONLY"); }

 private:
  Result<void> RunOnce(const TxFn& fn, const TxContext* context, const char* begin) {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
    Result<void> outcome = conn->Script(begin);
    if (!outcome.ok() && !conn->healthy()) {
      // A pooled connection that went stale (server restart, failover): BEGIN is safe to retry.
      conn->Reset();
      outcome = conn->Script(begin);
    }
    if (outcome.ok()) {
      PostgresTx tx(*conn);
      if (context != nullptr) {
        tx.set_context(*context);
      }
      try {
        outcome = fn(tx);
        if (outcome.ok() && context != nullptr && before_commit_) {
          outcome = before_commit_(tx);
        }
      } catch (const std::exception& e) {
        log::Error("exception in transaction", {{"error", e.what()}});
        outcome = Error::Internal("unexpected exception in a transaction");
      } catch (...) {
        outcome = Error::Internal("unexpected exception in a transaction");
      }
      if (outcome.ok() && conn->in_failed_transaction()) {
        // The use case carried on past a failed statement; COMMIT would only roll back.
        outcome = Error::Internal("a statement failed inside the transaction");
      }
      if (outcome.ok()) {
        outcome = conn->Script("COMMIT");
      } else {
        (void)conn->Script("ROLLBACK");
      }
    }
    Release(std::move(conn));
    return outcome;
  }

  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return closed_ || !idle_.empty(); });
    if (closed_) {
      return Error::Unavailable("database is closed");
    }
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (!conn->healthy()) {
      conn->Reset();
    }
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    if (!conn->idle()) {
      conn->Reset();  // never hand the next caller a connection inside a transaction
    }
    {
      std::lock_guard lock(mu_);
      if (closed_) {
        return;
      }
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  const std::string url_;
  std::function<void()> commit_listener_;           // set before the first write
  std::function<Result<void>(Tx&)> before_commit_;  // set before the first write
  metrics::Histogram& commit_seconds_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  bool closed_ = false;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url,
                                               const DatabaseOptions& options) {
  std::vector<std::unique_ptr<Connection>> pool;
  for (int idx = 0; idx < std::max(1, options.pool_size); ++idx) {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect(url));
    pool.push_back(std::move(conn));
  }
  return std::unique_ptr<Database>(new PostgresDatabase(url, std::move(pool)));
}

}  // namespace omnihub::storage::postgres
