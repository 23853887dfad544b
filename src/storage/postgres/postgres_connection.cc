#include "storage/postgres/postgres_connection.h"

#include <poll.h>

#include <algorithm>
#include <charconv>
#include <cstdlib>

#include "core/log.h"
#include "storage/migrations.h"

namespace omnihub::storage::postgres {

void Connection::Reset() {
  PQreset(conn_);
  statements_.clear();
  (void)Script("SET client_min_messages = warning");
}

Result<PGresult*> Connection::Run(std::string_view sql, std::span<const Param> params) {
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

Result<void> Connection::Script(std::string_view sql) {
  PGresult* result = PQexec(conn_, std::string(sql).c_str());
  const ExecStatusType status = PQresultStatus(result);
  Result<void> outcome;
  if (status != PGRES_COMMAND_OK && status != PGRES_TUPLES_OK) {
    outcome = ErrorFrom(result, sql);
  }
  PQclear(result);
  return outcome;
}

Error Connection::ErrorFrom(PGresult* result, std::string_view sql) const {
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

Result<int64_t> PostgresTx::ExecuteParams(std::string_view sql, std::span<const Param> params) {
  OMNI_ASSIGN_OR_RETURN(PGresult * result, conn_.Run(sql, params));
  const char* tuples = PQcmdTuples(result);
  const int64_t changed = (tuples && *tuples) ? std::atoll(tuples) : 0;
  PQclear(result);
  return changed;
}

Result<std::vector<Row>> PostgresTx::QueryParams(std::string_view sql,
                                                 std::span<const Param> params) {
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

Result<void> PostgresTx::LockExclusive(int64_t lock_id) {
  if (std::find(locked_.begin(), locked_.end(), lock_id) != locked_.end()) {
    return Ok();
  }
  OMNI_TRY(Query("SELECT pg_advisory_xact_lock(CAST(?1 AS BIGINT))", {lock_id}));
  locked_.push_back(lock_id);
  return Ok();
}

Result<void> PostgresTx::Notify(std::string_view channel) {
  if (!notify_ || std::find(notified_.begin(), notified_.end(), channel) != notified_.end()) {
    return Ok();
  }
  OMNI_TRY(Query("SELECT pg_notify(CAST(?1 AS TEXT), '')", {channel}));
  notified_.emplace_back(channel);
  return Ok();
}

Result<bool> PostgresListener::Wait(std::chrono::milliseconds timeout) {
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

bool PostgresListener::Drain() {
  bool any = false;
  while (PGnotify* note = PQnotifies(conn_->raw())) {
    any = true;
    PQfreemem(note);
  }
  return any;
}

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

}  // namespace omnihub::storage::postgres
