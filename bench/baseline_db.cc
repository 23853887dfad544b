#include "bench/baseline_db.h"

#include <libpq-fe.h>
#include <sqlite3.h>

#include <cstdio>
#include <cstdlib>

namespace omnihub::bench {
namespace {

[[noreturn]] void Fail(const std::string& what, const std::string& sql) {
  std::fprintf(stderr, "baseline: %s\n  in: %s\n", what.c_str(), sql.substr(0, 300).c_str());
  std::exit(1);
}

class SqliteBaseline final : public BaselineDb {
 public:
  explicit SqliteBaseline(const std::string& path) {
    if (sqlite3_open(path.c_str(), &db_) != SQLITE_OK) {
      Fail("cannot open", path);
    }
    Exec("PRAGMA journal_mode=WAL");
    Exec("PRAGMA synchronous=FULL");
    Exec("PRAGMA busy_timeout=5000");
  }
  ~SqliteBaseline() override {
    for (sqlite3_stmt* stmt : statements_) {
      sqlite3_finalize(stmt);
    }
    sqlite3_close(db_);
  }

  bool postgres() const override { return false; }

  void Exec(const std::string& sql) override {
    char* error = nullptr;
    if (sqlite3_exec(db_, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
      Fail(error ? error : "?", sql);
    }
  }

  int Prepare(const std::string& sql) override {
    sqlite3_stmt* stmt = nullptr;
    if (sqlite3_prepare_v3(db_, sql.c_str(), -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) !=
        SQLITE_OK) {
      Fail(sqlite3_errmsg(db_), sql);
    }
    statements_.push_back(stmt);
    return static_cast<int>(statements_.size() - 1);
  }

  int Run(int statement, const std::vector<BaselineArg>& args) override {
    sqlite3_stmt* stmt = statements_[statement];
    for (size_t idx = 0; idx < args.size(); ++idx) {
      const int pos = static_cast<int>(idx + 1);
      if (const auto* i = std::get_if<int64_t>(&args[idx])) {
        sqlite3_bind_int64(stmt, pos, *i);
      } else {
        const std::string& text = std::get<std::string>(args[idx]);
        sqlite3_bind_text(stmt, pos, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
      }
    }
    const int rc = sqlite3_step(stmt);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      Fail(sqlite3_errmsg(db_), sqlite3_sql(stmt));
    }
    const int changed = sqlite3_changes(db_);
    sqlite3_reset(stmt);
    sqlite3_clear_bindings(stmt);
    return changed;
  }

 private:
  sqlite3* db_ = nullptr;
  std::vector<sqlite3_stmt*> statements_;
};

// ?N -> $N, outside quoted text.
std::string DollarPlaceholders(const std::string& sql) {
  std::string out;
  bool quoted = false;
  for (char c : sql) {
    if (c == '\'') {
      quoted = !quoted;
    }
    out += (c == '?' && !quoted) ? '$' : c;
  }
  return out;
}

class PostgresBaseline final : public BaselineDb {
 public:
  explicit PostgresBaseline(const std::string& url) : conn_(PQconnectdb(url.c_str())) {
    if (PQstatus(conn_) != CONNECTION_OK) {
      Fail(PQerrorMessage(conn_), url);
    }
    Exec("SET client_min_messages = warning");
  }
  ~PostgresBaseline() override { PQfinish(conn_); }

  bool postgres() const override { return true; }

  void Exec(const std::string& sql) override { Check(PQexec(conn_, sql.c_str()), sql); }

  int Prepare(const std::string& sql) override {
    const std::string name = "b" + std::to_string(sql_.size());
    Check(PQprepare(conn_, name.c_str(), DollarPlaceholders(sql).c_str(), 0, nullptr), sql);
    sql_.push_back(sql);
    return static_cast<int>(sql_.size() - 1);
  }

  int Run(int statement, const std::vector<BaselineArg>& args) override {
    std::vector<std::string> texts(args.size());
    std::vector<const char*> values(args.size());
    for (size_t idx = 0; idx < args.size(); ++idx) {
      const auto* i = std::get_if<int64_t>(&args[idx]);
      texts[idx] = i ? std::to_string(*i) : std::get<std::string>(args[idx]);
      values[idx] = texts[idx].c_str();
    }
    const std::string name = "b" + std::to_string(statement);
    PGresult* result = PQexecPrepared(conn_, name.c_str(), static_cast<int>(args.size()),
                                      values.data(), nullptr, nullptr, 0);
    const char* tuples = PQcmdTuples(result);
    const int changed = (tuples && *tuples) ? std::atoi(tuples) : 0;
    Check(result, sql_[statement]);
    return changed;
  }

 private:
  void Check(PGresult* result, const std::string& sql) {
    const ExecStatusType status = PQresultStatus(result);
    const bool ok = status == PGRES_COMMAND_OK || status == PGRES_TUPLES_OK;
    PQclear(result);
    if (!ok) {
      Fail(PQerrorMessage(conn_), sql);
    }
  }

  PGconn* conn_;
  std::vector<std::string> sql_;  // by statement handle
};

}  // namespace

std::unique_ptr<BaselineDb> BaselineDb::Open(const std::string& target) {
  if (target.starts_with("postgresql://") || target.starts_with("postgres://")) {
    return std::make_unique<PostgresBaseline>(target);
  }
  return std::make_unique<SqliteBaseline>(target.starts_with("sqlite:") ? target.substr(7)
                                                                        : target);
}

}  // namespace omnihub::bench
