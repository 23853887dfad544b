#pragma once

#include <sqlite3.h>

#include <functional>
#include <span>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "core/result.h"
#include "storage/database.h"

namespace omnihub::storage::sqlite {

// One sqlite3 connection with a cache of prepared statements keyed by SQL text.
// Not thread-safe: one thread uses it at a time.
class Connection {
 public:
  // Errors: kUnavailable when the file cannot be opened.
  static Result<std::unique_ptr<Connection>> Open(const std::string& path, bool read_only);
  ~Connection();
  Connection(const Connection&) = delete;
  Connection& operator=(const Connection&) = delete;

  Result<int64_t> Execute(std::string_view sql, std::span<const Param> params);
  Result<std::vector<Row>> Query(std::string_view sql, std::span<const Param> params);
  Result<void> ExecuteScript(std::string_view sql);
  sqlite3* raw() { return db_; }

 private:
  explicit Connection(sqlite3* db) : db_(db) {}
  Result<sqlite3_stmt*> Prepare(std::string_view sql, std::span<const Param> params);
  Error ErrorFrom(int rc, std::string_view sql) const;

  // Looked up by string_view: building a std::string key per statement was a malloc per call
  // on the writer thread.
  struct SqlHash {
    using is_transparent = void;
    size_t operator()(std::string_view sql) const { return std::hash<std::string_view>{}(sql); }
  };
  sqlite3* db_;
  std::unordered_map<std::string, sqlite3_stmt*, SqlHash, std::equal_to<>> statements_;
};

// A Tx over a borrowed connection.
class SqliteTx final : public Tx {
 public:
  explicit SqliteTx(Connection& conn) : conn_(conn) {}

  Result<int64_t> ExecuteParams(std::string_view sql, std::span<const Param> params) override {
    return conn_.Execute(sql, params);
  }
  Result<std::vector<Row>> QueryParams(std::string_view sql,
                                       std::span<const Param> params) override {
    return conn_.Query(sql, params);
  }
  Result<void> ExecuteScript(std::string_view sql) override { return conn_.ExecuteScript(sql); }
  // One writer thread makes every write transaction exclusive already.
  Result<void> LockExclusive(int64_t) override { return Ok(); }
  Result<void> Notify(std::string_view) override { return Ok(); }
  Backend backend() const override { return Backend::kSqlite; }

 private:
  Connection& conn_;
};

}  // namespace omnihub::storage::sqlite
