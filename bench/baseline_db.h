// The database of a bench baseline: SQLite (a file, WAL, synchronous=FULL) or PostgreSQL (bare
// libpq), one connection, prepared statements written once with ?N placeholders. Any failure
// prints the statement and exits: a baseline that cannot write measures nothing.
#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <variant>
#include <vector>

namespace omnihub::bench {

using BaselineArg = std::variant<int64_t, std::string>;

class BaselineDb {
 public:
  virtual ~BaselineDb() = default;
  // "sqlite:PATH", a plain PATH (SQLite) or a postgresql:// URL.
  static std::unique_ptr<BaselineDb> Open(const std::string& target);

  virtual bool postgres() const = 0;
  // Runs statements without parameters.
  virtual void Exec(const std::string& sql) = 0;
  // Prepares `sql` once and returns its handle for Run.
  virtual int Prepare(const std::string& sql) = 0;
  // Runs a prepared statement; returns the rows it changed.
  virtual int Run(int statement, const std::vector<BaselineArg>& args) = 0;
  // "BEGIN IMMEDIATE" on SQLite (take the write lock at once), "BEGIN" on PostgreSQL.
  void Begin() { Exec(postgres() ? "BEGIN" : "BEGIN IMMEDIATE"); }
};

// A prepared statement of one BaselineDb: Run(a, b, …) binds ?1, ?2, … in order.
class BaselineStmt {
 public:
  BaselineStmt(BaselineDb& db, const std::string& sql) : db_(db), id_(db.Prepare(sql)) {}
  template <typename... Args>
  int Run(const Args&... args) {
    std::vector<BaselineArg> bound;
    bound.reserve(sizeof...(Args));
    (bound.emplace_back(Arg(args)), ...);
    return db_.Run(id_, bound);
  }

 private:
  static BaselineArg Arg(int64_t v) { return v; }
  static BaselineArg Arg(int v) { return int64_t{v}; }
  static BaselineArg Arg(const std::string& v) { return v; }
  static BaselineArg Arg(const char* v) { return std::string(v); }

  BaselineDb& db_;
  int id_;
};

}  // namespace omnihub::bench
