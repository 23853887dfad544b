// One libpq connection and what runs on it: a transaction (PostgresTx) and a NOTIFY listener.
// Private to the PostgreSQL backend.
#pragma once

#include <libpq-fe.h>

#include <chrono>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace omnihub::storage::postgres {

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
  // Reconnects; prepared statements are gone with the old session.
  void Reset();
  PGconn* raw() { return conn_; }

  // Runs `sql` (?N placeholders) as a prepared statement, prepared on first use. The caller
  // PQclears the result. Errors: kConflict (constraint), kUnavailable (connection trouble,
  // serialisation failure, deadlock; details.sqlstate), kInternal.
  Result<PGresult*> Run(std::string_view sql, std::span<const Param> params);
  // Runs statements without parameters.
  Result<void> Script(std::string_view sql);

 private:
  Error ErrorFrom(PGresult* result, std::string_view sql) const;

  PGconn* conn_;
  std::unordered_map<std::string, std::string> statements_;  // SQL text -> prepared name
};

class PostgresTx final : public Tx {
 public:
  // `notify`: whether Notify sends NOTIFY (DatabaseOptions::notify).
  PostgresTx(Connection& conn, bool notify) : conn_(conn), notify_(notify) {}

  Result<int64_t> ExecuteParams(std::string_view sql, std::span<const Param> params) override;
  Result<std::vector<Row>> QueryParams(std::string_view sql,
                                       std::span<const Param> params) override;
  Result<void> ExecuteScript(std::string_view sql) override { return conn_.Script(sql); }
  // Both are held or queued until the transaction ends, so asking twice is a wasted round
  // trip and is not sent.
  Result<void> LockExclusive(int64_t lock_id) override;
  Result<void> Notify(std::string_view channel) override;
  Backend backend() const override { return Backend::kPostgres; }

 private:
  Connection& conn_;
  const bool notify_;
  std::vector<int64_t> locked_;        // advisory locks this transaction holds
  std::vector<std::string> notified_;  // channels it has notified
};

class PostgresListener final : public Listener {
 public:
  // `conn` has run LISTEN.
  explicit PostgresListener(std::unique_ptr<Connection> conn) : conn_(std::move(conn)) {}

  Result<bool> Wait(std::chrono::milliseconds timeout) override;

 private:
  bool Drain();  // consumes queued notifications; true if there were any

  std::unique_ptr<Connection> conn_;
};

// Errors: kUnavailable when the server cannot be reached.
Result<std::unique_ptr<Connection>> Connect(const std::string& url);

}  // namespace omnihub::storage::postgres
