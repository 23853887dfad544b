// hot_sku_baseline: the baseline of `hot_sku`. The guarded statement a reservation comes down
// to, in a bare SQLite loop from C++: a table stock(sku, location, on_hand, reserved) with one
// row holding --stock units, then --attempts iterations of
//   BEGIN; UPDATE stock SET reserved = reserved + 1
//          WHERE sku = ? AND location = ? AND on_hand - reserved >= 1; COMMIT
// with WAL and synchronous=FULL, prepared statements, one thread. An attempt that changes no
// row is a refusal (its COMMIT writes nothing). No HTTP, no JSON, no reservation row, no ledger,
// no change feed: what is left is the cost of the conditional update and its commit.
//
//   hot_sku_baseline --db PATH [--stock 1000] [--attempts 10000]
//
// Prints one JSON line: attempts/s, successes, refusals.

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <string>

#include "bench/bench_util.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "hot_sku_baseline: %s: %s\n", sql, error ? error : "?");
    std::exit(1);
  }
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "hot_sku_baseline: prepare: %s\n%s\n", sqlite3_errmsg(db), sql);
    std::exit(1);
  }
  return stmt;
}

void Step(sqlite3* db, sqlite3_stmt* stmt) {
  if (sqlite3_step(stmt) != SQLITE_DONE) {
    std::fprintf(stderr, "hot_sku_baseline: step: %s\n", sqlite3_errmsg(db));
    std::exit(1);
  }
  sqlite3_reset(stmt);
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::string path = flags.Get("db", "");
  if (path.empty()) {
    std::fprintf(stderr, "hot_sku_baseline: --db PATH is required\n");
    return 2;
  }
  const int64_t stock = flags.GetInt("stock", 1000);
  const int64_t attempts = flags.GetInt("attempts", 10000);
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "hot_sku_baseline: cannot open %s\n", path.c_str());
    return 1;
  }
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db,
       "CREATE TABLE IF NOT EXISTS stock (sku TEXT NOT NULL, location TEXT NOT NULL, "
       "on_hand INTEGER NOT NULL, reserved INTEGER NOT NULL, PRIMARY KEY (sku, location))");
  Exec(db, "DELETE FROM stock");
  const std::string seed = "INSERT INTO stock VALUES ('HOT-SKU-1', 'loc_hot', " +
                           std::to_string(stock) + ", 0)";
  Exec(db, seed.c_str());

  sqlite3_stmt* begin = Prepare(db, "BEGIN");
  sqlite3_stmt* commit = Prepare(db, "COMMIT");
  sqlite3_stmt* reserve = Prepare(
      db,
      "UPDATE stock SET reserved = reserved + 1 "
      "WHERE sku = ?1 AND location = ?2 AND on_hand - reserved >= 1");
  sqlite3_bind_text(reserve, 1, "HOT-SKU-1", -1, SQLITE_STATIC);
  sqlite3_bind_text(reserve, 2, "loc_hot", -1, SQLITE_STATIC);

  int64_t succeeded = 0;
  const auto started = Clock::now();
  for (int64_t attempt = 0; attempt < attempts; ++attempt) {
    Step(db, begin);
    Step(db, reserve);
    succeeded += sqlite3_changes(db);
    Step(db, commit);
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();

  sqlite3_stmt* check = Prepare(db, "SELECT on_hand, reserved FROM stock");
  int64_t reserved = -1;
  if (sqlite3_step(check) == SQLITE_ROW) {
    reserved = sqlite3_column_int64(check, 1);
  }
  sqlite3_finalize(check);
  for (sqlite3_stmt* stmt : {begin, commit, reserve}) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);

  JsonObject report;
  report.Add("label", "hot_sku_baseline")
      .Add("stock", stock)
      .Add("attempts", attempts)
      .Add("elapsed_s", elapsed_s)
      .Add("attempts_per_s", elapsed_s > 0 ? static_cast<double>(attempts) / elapsed_s : 0.0)
      .Add("succeeded", succeeded)
      .Add("refused", attempts - succeeded)
      .Add("reserved_after", reserved)
      .Add("us_per_success_incl_fsync",
           succeeded > 0 ? 1e6 * elapsed_s / static_cast<double>(succeeded) : 0.0)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return succeeded == std::min(stock, attempts) && reserved == succeeded ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
