// import_baseline: the baseline of `import_csv`. Reads an Online Retail II file (.csv.gz, read
// with zlib, quoted fields with commas, quotes and line breaks handled) and writes every data
// line's (StockCode, Description, Price) straight into one SQLite table keyed by the code, as
// an upsert (the last line of a code wins, so the table ends with one row per code like
// omnihub's catalog), transactions of --chunk lines, WAL + synchronous=FULL, a prepared
// statement, one thread. No validation, no mapping, no products/variants/prices/change log:
// what is left is reading the file and the storage cost of one statement per line.
//
//   import_baseline --db PATH --file A.csv.gz [--file B.csv.gz …] [--chunk 500]
//
// Prints one JSON line: data lines, lines/s, rows in the table.

#include <sqlite3.h>
#include <zlib.h>

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "bench/bench_util.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

void Exec(sqlite3* db, const char* sql) {
  char* error = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "import_baseline: %s: %s\n", sql, error ? error : "?");
    std::exit(1);
  }
}

// Reads CSV records from a gzip file. A record may span lines inside quotes.
class GzCsv {
 public:
  explicit GzCsv(const std::string& path) : file_(gzopen(path.c_str(), "rb")) {
    if (file_ != nullptr) {
      gzbuffer(file_, 1 << 17);
    }
  }
  ~GzCsv() {
    if (file_ != nullptr) {
      gzclose(file_);
    }
  }
  bool ok() const { return file_ != nullptr; }

  // false at the end of the file.
  bool Next(std::vector<std::string>* fields) {
    fields->clear();
    std::string field;
    bool quoted = false;
    bool any = false;
    for (;;) {
      if (pos_ >= len_ && !Refill()) {
        if (any || !field.empty()) {
          fields->push_back(std::move(field));
          return true;
        }
        return false;
      }
      const char c = buf_[pos_++];
      any = true;
      if (quoted) {
        if (c == '"') {
          if ((pos_ < len_ || Refill()) && buf_[pos_] == '"') {
            field += '"';
            ++pos_;
          } else {
            quoted = false;
          }
        } else {
          field += c;
        }
      } else if (c == '"') {
        quoted = true;
      } else if (c == ',') {
        fields->push_back(std::move(field));
        field.clear();
      } else if (c == '\n') {
        if (!field.empty() && field.back() == '\r') {
          field.pop_back();
        }
        fields->push_back(std::move(field));
        return true;
      } else {
        field += c;
      }
    }
  }

 private:
  bool Refill() {
    const int n = gzread(file_, buf_, sizeof buf_);
    pos_ = 0;
    len_ = n > 0 ? static_cast<size_t>(n) : 0;
    return len_ > 0;
  }

  gzFile file_;
  char buf_[1 << 16];
  size_t pos_ = 0;
  size_t len_ = 0;
};

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::string path = flags.Get("db", "");
  const std::vector<std::string> files = flags.GetAll("file");
  if (path.empty() || files.empty()) {
    std::fprintf(stderr, "import_baseline: --db PATH and --file FILE are required\n");
    return 2;
  }
  const int64_t chunk = std::max<int64_t>(1, flags.GetInt("chunk", 500));
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "import_baseline: cannot open %s\n", path.c_str());
    return 1;
  }
  Exec(db, "PRAGMA journal_mode=WAL");
  Exec(db, "PRAGMA synchronous=FULL");
  Exec(db,
       "CREATE TABLE IF NOT EXISTS products (sku TEXT PRIMARY KEY, description TEXT, "
       "price_minor INTEGER)");
  sqlite3_stmt* upsert = nullptr;
  if (sqlite3_prepare_v3(db,
                         "INSERT INTO products (sku, description, price_minor) VALUES (?1, ?2, ?3) "
                         "ON CONFLICT (sku) DO UPDATE SET description = excluded.description, "
                         "price_minor = excluded.price_minor",
                         -1, SQLITE_PREPARE_PERSISTENT, &upsert, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "import_baseline: prepare: %s\n", sqlite3_errmsg(db));
    return 1;
  }

  int64_t lines = 0, short_lines = 0, transactions = 0, in_tx = 0;
  const auto started = Clock::now();
  std::vector<std::string> fields;
  for (const std::string& file : files) {
    GzCsv csv(file);
    if (!csv.ok()) {
      std::fprintf(stderr, "import_baseline: cannot open %s\n", file.c_str());
      return 1;
    }
    if (!csv.Next(&fields)) {  // the header
      continue;
    }
    while (csv.Next(&fields)) {
      if (fields.size() < 6) {
        ++short_lines;
        continue;
      }
      if (in_tx == 0) {
        Exec(db, "BEGIN");
      }
      const double price = std::strtod(fields[5].c_str(), nullptr);
      sqlite3_bind_text(upsert, 1, fields[1].data(), static_cast<int>(fields[1].size()),
                        SQLITE_STATIC);
      sqlite3_bind_text(upsert, 2, fields[2].data(), static_cast<int>(fields[2].size()),
                        SQLITE_STATIC);
      sqlite3_bind_int64(upsert, 3, std::llround(price * 100));
      if (sqlite3_step(upsert) != SQLITE_DONE) {
        std::fprintf(stderr, "import_baseline: step: %s\n", sqlite3_errmsg(db));
        return 1;
      }
      sqlite3_reset(upsert);
      ++lines;
      if (++in_tx == chunk) {
        Exec(db, "COMMIT");
        ++transactions;
        in_tx = 0;
      }
    }
  }
  if (in_tx > 0) {
    Exec(db, "COMMIT");
    ++transactions;
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  sqlite3_finalize(upsert);
  int64_t rows = 0;
  sqlite3_stmt* count = nullptr;
  sqlite3_prepare_v2(db, "SELECT count(*) FROM products", -1, &count, nullptr);
  if (sqlite3_step(count) == SQLITE_ROW) {
    rows = sqlite3_column_int64(count, 0);
  }
  sqlite3_finalize(count);
  sqlite3_close(db);

  JsonObject report;
  report.Add("label", "import_baseline")
      .Add("files", static_cast<int64_t>(files.size()))
      .Add("lines", lines)
      .Add("short_lines", short_lines)
      .Add("transactions", transactions)
      .Add("rows", rows)
      .Add("elapsed_s", elapsed_s)
      .Add("lines_per_s", elapsed_s > 0 ? static_cast<double>(lines) / elapsed_s : 0.0)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return 0;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
