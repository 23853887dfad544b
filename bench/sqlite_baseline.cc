// sqlite_baseline: the durable_writes baseline and the disk facts behind it (Google Benchmark).
//
//   sqlite_baseline --dir=DIR [--benchmark_min_time=3] [--benchmark_format=json] ...
//
// DIR must be on the disk that holds omnihub's database. Benchmarks:
//   BM_FsyncedInsert    one transaction per single-row INSERT, WAL + synchronous=FULL: what a
//                       server without group commit could acknowledge. THE baseline.
//   BM_UnsyncedInsert   the same with synchronous=OFF: the CPU cost of the SQL alone.
//   BM_WriteFdatasync   8 KiB pwrite + fdatasync, like pg_test_fsync: the disk's flush latency.
//   BM_WriteFsync       8 KiB pwrite + fsync.
// items_per_second is writes (or flushes) per second; real time is measured.

#include <benchmark/benchmark.h>
#include <fcntl.h>
#include <sqlite3.h>
#include <unistd.h>

#include <cstdio>
#include <cstring>
#include <filesystem>
#include <string>
#include <vector>

namespace omnihub::bench {
namespace {

std::string& BenchDir() {
  static std::string dir = ".";
  return dir;
}

constexpr const char* kSchema = R"sql(
  CREATE TABLE bench_channels (
    id TEXT PRIMARY KEY,
    type TEXT NOT NULL,
    name TEXT NOT NULL UNIQUE,
    funnel_role TEXT NOT NULL,
    created_at TEXT NOT NULL))sql";

constexpr const char* kInsert =
    "INSERT INTO bench_channels (id, type, name, funnel_role, created_at) "
    "VALUES (?1, 'web', ?2, 'acquisition', '2025-01-01T00:00:00.000000Z')";

bool Exec(benchmark::State& state, sqlite3* db, const char* sql) {
  char* message = nullptr;
  if (sqlite3_exec(db, sql, nullptr, nullptr, &message) != SQLITE_OK) {
    state.SkipWithError(message != nullptr ? message : "sqlite3_exec failed");
    sqlite3_free(message);
    return false;
  }
  return true;
}

void InsertLoop(benchmark::State& state, const char* pragmas) {
  const std::string path = BenchDir() + "/baseline.db";
  for (const char* suffix : {"", "-wal", "-shm"}) {
    std::filesystem::remove(path + suffix);
  }
  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    state.SkipWithError("cannot open the baseline database");
    sqlite3_close(db);
    return;
  }
  sqlite3_stmt* insert = nullptr;
  if (Exec(state, db, pragmas) && Exec(state, db, kSchema) &&
      sqlite3_prepare_v2(db, kInsert, -1, &insert, nullptr) == SQLITE_OK) {
    int64_t n = 0;
    for (auto _ : state) {
      const std::string id = "chn_" + std::to_string(n);
      const std::string name = "baseline-" + std::to_string(n++);
      if (!Exec(state, db, "BEGIN IMMEDIATE")) {
        break;
      }
      sqlite3_bind_text(insert, 1, id.c_str(), -1, SQLITE_TRANSIENT);
      sqlite3_bind_text(insert, 2, name.c_str(), -1, SQLITE_TRANSIENT);
      if (sqlite3_step(insert) != SQLITE_DONE) {
        state.SkipWithError(sqlite3_errmsg(db));
        break;
      }
      sqlite3_reset(insert);
      if (!Exec(state, db, "COMMIT")) {
        break;
      }
    }
    state.SetItemsProcessed(state.iterations());
  } else if (insert == nullptr) {
    state.SkipWithError(sqlite3_errmsg(db));
  }
  sqlite3_finalize(insert);
  sqlite3_close(db);
}

void BM_FsyncedInsert(benchmark::State& state) {
  InsertLoop(state, "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;");
}
BENCHMARK(BM_FsyncedInsert)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_UnsyncedInsert(benchmark::State& state) {
  InsertLoop(state, "PRAGMA journal_mode = WAL; PRAGMA synchronous = OFF;");
}
BENCHMARK(BM_UnsyncedInsert)->UseRealTime()->Unit(benchmark::kMicrosecond);

void WriteFlushLoop(benchmark::State& state, int (*flush)(int)) {
  const std::string path = BenchDir() + "/flush.bin";
  const int fd = open(path.c_str(), O_RDWR | O_CREAT | O_TRUNC, 0600);
  if (fd < 0) {
    state.SkipWithError("cannot create the flush test file");
    return;
  }
  constexpr size_t kBlock = 8192;
  constexpr int64_t kBlocks = 16;  // overwrite a 128 KiB region, as a WAL would be reused
  std::vector<char> block(kBlock, 'x');
  int64_t n = 0;
  for (auto _ : state) {
    const off_t offset = static_cast<off_t>((n++ % kBlocks) * kBlock);
    if (pwrite(fd, block.data(), kBlock, offset) != static_cast<ssize_t>(kBlock) ||
        flush(fd) != 0) {
      state.SkipWithError(std::strerror(errno));
      break;
    }
  }
  state.SetItemsProcessed(state.iterations());
  close(fd);
  std::filesystem::remove(path);
}

void BM_WriteFdatasync(benchmark::State& state) { WriteFlushLoop(state, fdatasync); }
BENCHMARK(BM_WriteFdatasync)->UseRealTime()->Unit(benchmark::kMicrosecond);

void BM_WriteFsync(benchmark::State& state) { WriteFlushLoop(state, fsync); }
BENCHMARK(BM_WriteFsync)->UseRealTime()->Unit(benchmark::kMicrosecond);

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) {
  // --dir=DIR is ours; the rest goes to Google Benchmark.
  std::vector<char*> rest;
  for (int arg_idx = 0; arg_idx < argc; ++arg_idx) {
    const std::string arg = argv[arg_idx];
    if (arg.rfind("--dir=", 0) == 0) {
      omnihub::bench::BenchDir() = arg.substr(6);
    } else {
      rest.push_back(argv[arg_idx]);
    }
  }
  int rest_count = static_cast<int>(rest.size());
  benchmark::Initialize(&rest_count, rest.data());
  if (benchmark::ReportUnrecognizedArguments(rest_count, rest.data())) {
    return 2;
  }
  benchmark::RunSpecifiedBenchmarks();
  benchmark::Shutdown();
  return 0;
}
