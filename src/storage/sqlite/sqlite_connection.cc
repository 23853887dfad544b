#include "storage/sqlite/sqlite_connection.h"

#include "core/log.h"

namespace omnihub::storage::sqlite {

Result<std::unique_ptr<Connection>> Connection::Open(const std::string& path, bool read_only) {
  // Memory statistics put a global mutex around every SQLite allocation (~7 % of the writer
  // thread under event ingestion). Only possible before SQLite initialises; later calls are
  // refused harmlessly.
  static const int kNoMemoryStatistics = sqlite3_config(SQLITE_CONFIG_MEMSTATUS, 0);
  (void)kNoMemoryStatistics;
  sqlite3* db = nullptr;
  const int flags = SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX;
  int rc = sqlite3_open_v2(path.c_str(), &db, flags, nullptr);
  if (rc != SQLITE_OK) {
    std::string message = db ? sqlite3_errmsg(db) : sqlite3_errstr(rc);
    sqlite3_close(db);
    return Error::Unavailable("cannot open sqlite database " + path + ": " + message);
  }
  sqlite3_extended_result_codes(db, 1);
  sqlite3_busy_timeout(db, 10000);
  auto conn = std::unique_ptr<Connection>(new Connection(db));
  // WAL lets readers run beside the one writer; FULL fsyncs every commit, so an acknowledged
  // write survives power loss and kill -9. The writer keeps each use case's SAVEPOINT journal
  // in memory (a temp file cost ~14 page writes per ingested event), caches 64 MiB of pages
  // and checkpoints every ~40 MiB of WAL instead of every 4 MiB. Deleted or overwritten
  // content is zeroed where it lay (secure_delete), so erasure leaves no bytes behind.
  OMNI_TRY(conn->ExecuteScript(read_only ? "PRAGMA query_only = 1; PRAGMA foreign_keys = ON;"
                                           " PRAGMA cache_size = -16384;"
                                         : "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                                           " PRAGMA secure_delete = ON;"
                                           " PRAGMA foreign_keys = ON; PRAGMA temp_store = MEMORY;"
                                           " PRAGMA cache_size = -65536;"
                                           " PRAGMA wal_autocheckpoint = 10000;"));
  return conn;
}

Connection::~Connection() {
  for (auto& [sql, stmt] : statements_) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close_v2(db_);
}

Error Connection::ErrorFrom(int rc, std::string_view sql) const {
  const std::string message = sqlite3_errmsg(db_);
  if ((rc & 0xff) == SQLITE_CONSTRAINT) {
    Error error = Error::Conflict(message);
    error.details.emplace_back("constraint", message);
    return error;
  }
  if ((rc & 0xff) == SQLITE_BUSY || (rc & 0xff) == SQLITE_IOERR || (rc & 0xff) == SQLITE_FULL) {
    return Error::Unavailable("database: " + message);
  }
  log::Error("sqlite error", {{"code", int64_t{rc}}, {"error", message}, {"sql", sql}});
  return Error::Internal("database error: " + message);
}

Result<sqlite3_stmt*> Connection::Prepare(std::string_view sql, std::span<const Param> params) {
  auto it = statements_.find(sql);
  sqlite3_stmt* stmt = nullptr;
  if (it != statements_.end()) {
    stmt = it->second;
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
  } else {
    int rc = sqlite3_prepare_v3(db_, sql.data(), static_cast<int>(sql.size()),
                                SQLITE_PREPARE_PERSISTENT, &stmt, nullptr);
    if (rc != SQLITE_OK) {
      return ErrorFrom(rc, sql);
    }
    statements_.emplace(std::string(sql), stmt);
  }
  for (size_t idx = 0; idx < params.size(); ++idx) {
    const int pos = static_cast<int>(idx) + 1;
    const auto& value = params[idx].value();
    int rc = SQLITE_OK;
    if (const auto* i = std::get_if<int64_t>(&value)) {
      rc = sqlite3_bind_int64(stmt, pos, *i);
    } else if (const auto* d = std::get_if<double>(&value)) {
      rc = sqlite3_bind_double(stmt, pos, *d);
    } else if (const auto* s = std::get_if<std::string>(&value)) {
      rc = sqlite3_bind_text64(stmt, pos, s->data(), s->size(), SQLITE_TRANSIENT, SQLITE_UTF8);
    } else {
      rc = sqlite3_bind_null(stmt, pos);
    }
    if (rc != SQLITE_OK) {
      return ErrorFrom(rc, sql);
    }
  }
  return stmt;
}

namespace {

// Leaves a statement reset however its use ends, so no statement stays active and blocks a
// RELEASE or COMMIT.
class ResetOnExit {
 public:
  explicit ResetOnExit(sqlite3_stmt* stmt) : stmt_(stmt) {}
  ~ResetOnExit() { sqlite3_reset(stmt_); }
  ResetOnExit(const ResetOnExit&) = delete;
  ResetOnExit& operator=(const ResetOnExit&) = delete;

 private:
  sqlite3_stmt* stmt_;
};

}  // namespace

Result<int64_t> Connection::Execute(std::string_view sql, std::span<const Param> params) {
  OMNI_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  ResetOnExit reset(stmt);
  int rc = SQLITE_ROW;
  while (rc == SQLITE_ROW) {
    rc = sqlite3_step(stmt);
  }
  if (rc != SQLITE_DONE) {
    return ErrorFrom(rc, sql);
  }
  return static_cast<int64_t>(sqlite3_changes64(db_));
}

Result<std::vector<Row>> Connection::Query(std::string_view sql, std::span<const Param> params) {
  OMNI_ASSIGN_OR_RETURN(sqlite3_stmt * stmt, Prepare(sql, params));
  ResetOnExit reset(stmt);
  std::vector<Row> rows;
  const int columns = sqlite3_column_count(stmt);
  int rc;
  while ((rc = sqlite3_step(stmt)) == SQLITE_ROW) {
    std::vector<Row::Cell> cells;
    cells.reserve(columns);
    for (int col = 0; col < columns; ++col) {
      switch (sqlite3_column_type(stmt, col)) {
        case SQLITE_INTEGER:
          cells.emplace_back(static_cast<int64_t>(sqlite3_column_int64(stmt, col)));
          break;
        case SQLITE_FLOAT:
          cells.emplace_back(sqlite3_column_double(stmt, col));
          break;
        case SQLITE_NULL:
          cells.emplace_back(nullptr);
          break;
        default: {
          const auto* text = reinterpret_cast<const char*>(sqlite3_column_blob(stmt, col));
          cells.emplace_back(std::string(text ? text : "", sqlite3_column_bytes(stmt, col)));
        }
      }
    }
    rows.emplace_back(std::move(cells));
  }
  if (rc != SQLITE_DONE) {
    return ErrorFrom(rc, sql);
  }
  return rows;
}

Result<void> Connection::ExecuteScript(std::string_view sql) {
  char* message = nullptr;
  int rc = sqlite3_exec(db_, std::string(sql).c_str(), nullptr, nullptr, &message);
  if (rc != SQLITE_OK) {
    std::string text = message ? message : sqlite3_errstr(rc);
    sqlite3_free(message);
    if ((rc & 0xff) == SQLITE_CONSTRAINT) {
      return Error::Conflict(text);
    }
    return Error::Internal("database error: " + text);
  }
  return Ok();
}

}  // namespace omnihub::storage::sqlite
