#include "storage/sqlite/sqlite_database.h"

#include <chrono>
#include <condition_variable>
#include <deque>
#include <exception>
#include <future>
#include <mutex>
#include <thread>
#include <vector>

#include "core/log.h"
#include "core/metrics.h"
#include "storage/after_commit.h"
#include "storage/sqlite/sqlite_connection.h"

namespace omnihub::storage::sqlite {
namespace {

struct WriteJob {
  const TxContext* context;
  const std::function<Result<void>(Tx&)>* fn;
  std::promise<Result<void>> done;
  Result<void> outcome;
  std::vector<AfterCommitJob> after_commit;  // what the use case asked for (Tx::AfterCommit)
};

class SqliteDatabase final : public Database {
 public:
  SqliteDatabase(std::string path, const DatabaseOptions& options,
                 std::unique_ptr<Connection> writer,
                 std::vector<std::unique_ptr<Connection>> readers)
      : path_(std::move(path)),
        max_group_(options.max_group_size),
        writer_conn_(std::move(writer)),
        commit_seconds_(metrics::Registry::Global().GetHistogram(
            "omnihub_db_commit_seconds", "Duration of a write commit (one fsync)",
            "backend=\"sqlite\"", metrics::LatencyBuckets)),
        group_size_(metrics::Registry::Global().GetHistogram(
            "omnihub_db_group_size", "Use cases committed per fsync", "backend=\"sqlite\"",
            metrics::SizeBuckets)) {
    idle_readers_ = std::move(readers);
    writer_thread_ = std::thread([this] { WriterLoop(); });
  }

  ~SqliteDatabase() override { Close(); }

  Backend backend() const override { return Backend::kSqlite; }

  Result<void> Ping() override {
    return Read([](Tx& tx) -> Result<void> {
      return tx.Query("SELECT 1").ok() ? Ok() : Error::Unavailable("sqlite unreachable");
    });
  }

  Result<void> Backup(const std::string& dest_path) override;

  Result<void> PurgeFreed(std::span<const std::string>) override {
    // Freed space is already zeroed (secure_delete); the WAL still holds the old pages.
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connection::Open(path_, false));
    constexpr int kAttempts = 3;  // each waits up to the busy timeout for readers to move on
    for (int attempt = 0; attempt < kAttempts; ++attempt) {
      const int rc = sqlite3_wal_checkpoint_v2(conn->raw(), "main", SQLITE_CHECKPOINT_TRUNCATE,
                                               nullptr, nullptr);
      if (rc == SQLITE_OK) {
        return Ok();
      }
      if (rc != SQLITE_BUSY && rc != SQLITE_LOCKED) {
        return Error::Internal(std::string("wal checkpoint: ") + sqlite3_errstr(rc));
      }
      std::this_thread::sleep_for(std::chrono::milliseconds(20));
    }
    return Error::Unavailable("the WAL checkpoint stayed blocked by readers");
  }

  Result<std::unique_ptr<Listener>> Listen(std::string_view) override {
    return std::unique_ptr<Listener>();
  }

  void SetCommitListener(std::function<void()> fn) override { commit_listener_ = std::move(fn); }
  void SetBeforeCommit(std::function<Result<void>(Tx&)> fn) override {
    before_commit_ = std::move(fn);
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      if (closing_) {
        return;
      }
      closing_ = true;
    }
    queue_cv_.notify_all();
    if (writer_thread_.joinable()) {
      writer_thread_.join();
    }
  }

 protected:
  Result<void> RunWrite(const TxContext& context, const TxFn& fn) override {
    WriteJob job{&context, &fn, {}, {}, {}};
    std::future<Result<void>> done = job.done.get_future();
    {
      std::lock_guard lock(mu_);
      if (closing_) {
        return Error::Unavailable("database is closed");
      }
      queue_.push_back(&job);
    }
    queue_cv_.notify_one();
    Result<void> outcome = done.get();
    if (outcome.ok() && !job.after_commit.empty()) {
      after_commit_.Run(std::move(job.after_commit), *this);
    }
    return outcome;
  }

  Result<void> RunRead(const TxFn& fn) override;

 private:
  void WriterLoop();
  void CommitGroup(std::vector<WriteJob*>& group);
  std::unique_ptr<Connection> AcquireReader();
  void ReleaseReader(std::unique_ptr<Connection> conn);

  const std::string path_;
  const int max_group_;
  std::unique_ptr<Connection> writer_conn_;  // used only by the writer thread
  AfterCommitRunner after_commit_;
  std::function<void()> commit_listener_;           // set before the first write
  std::function<Result<void>(Tx&)> before_commit_;  // set before the first write
  metrics::Histogram& commit_seconds_;
  metrics::Histogram& group_size_;
  std::thread writer_thread_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::condition_variable queue_cv_;
  std::deque<WriteJob*> queue_;
  bool closing_ = false;

  // State below is protected by readers_mu_.
  std::mutex readers_mu_;
  std::condition_variable readers_cv_;
  std::vector<std::unique_ptr<Connection>> idle_readers_;
};

void SqliteDatabase::WriterLoop() {
  std::vector<WriteJob*> group;
  while (true) {
    {
      std::unique_lock lock(mu_);
      queue_cv_.wait(lock, [this] { return closing_ || !queue_.empty(); });
      if (queue_.empty()) {
        return;  // closing and drained
      }
      // Everything that queued while the previous group was fsyncing rides in this one.
      while (!queue_.empty() && static_cast<int>(group.size()) < max_group_) {
        group.push_back(queue_.front());
        queue_.pop_front();
      }
    }
    CommitGroup(group);
    group.clear();
  }
}

void SqliteDatabase::CommitGroup(std::vector<WriteJob*>& group) {
  Connection& conn = *writer_conn_;
  SqliteTx tx(conn);
  const auto started = std::chrono::steady_clock::now();
  Result<int64_t> begun = conn.Execute("BEGIN IMMEDIATE", {});
  if (!begun.ok()) {
    for (WriteJob* job : group) {
      job->done.set_value(begun.error());
    }
    return;
  }
  for (WriteJob* job : group) {
    tx.set_context(*job->context);
    Result<int64_t> savepoint = conn.Execute("SAVEPOINT use_case", {});
    if (!savepoint.ok()) {
      job->outcome = std::move(savepoint).error();
      continue;
    }
    try {
      job->outcome = (*job->fn)(tx);
      if (job->outcome.ok() && before_commit_) {
        job->outcome = before_commit_(tx);
      }
    } catch (const std::exception& e) {
      log::Error("exception in write transaction", {{"error", e.what()}});
      job->outcome = Error::Internal("unexpected exception in a write transaction");
    } catch (...) {
      log::Error("unknown exception in write transaction");
      job->outcome = Error::Internal("unexpected exception in a write transaction");
    }
    if (!job->outcome.ok()) {
      (void)conn.Execute("ROLLBACK TO use_case", {});
    }
    job->after_commit = tx.TakeAfterCommit();  // the group shares one Tx
    if (!job->outcome.ok()) {
      job->after_commit.clear();
    }
    (void)conn.Execute("RELEASE use_case", {});
    if (sqlite3_get_autocommit(conn.raw()) != 0) {
      break;  // SQLite rolled the whole transaction back (disk full, I/O error): fail the group
    }
  }
  Result<int64_t> committed =
      sqlite3_get_autocommit(conn.raw()) != 0
          ? Result<int64_t>(Error::Unavailable("transaction was rolled back"))
          : conn.Execute("COMMIT", {});
  if (!committed.ok()) {
    (void)conn.Execute("ROLLBACK", {});
    log::Error("group commit failed", {{"error", committed.error().message},
                                       {"group_size", static_cast<int64_t>(group.size())}});
  }
  commit_seconds_.Observe(
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
  group_size_.Observe(static_cast<double>(group.size()));
  if (committed.ok() && commit_listener_) {
    commit_listener_();
  }
  for (WriteJob* job : group) {
    // Acknowledged only now: the group's commit (and its fsync) has returned.
    if (committed.ok()) {
      job->done.set_value(std::move(job->outcome));
    } else {
      job->done.set_value(Error::Unavailable("commit failed: " + committed.error().message));
    }
  }
}

std::unique_ptr<Connection> SqliteDatabase::AcquireReader() {
  std::unique_lock lock(readers_mu_);
  readers_cv_.wait(lock, [this] { return !idle_readers_.empty(); });
  std::unique_ptr<Connection> conn = std::move(idle_readers_.back());
  idle_readers_.pop_back();
  return conn;
}

void SqliteDatabase::ReleaseReader(std::unique_ptr<Connection> conn) {
  {
    std::lock_guard lock(readers_mu_);
    idle_readers_.push_back(std::move(conn));
  }
  readers_cv_.notify_one();
}

Result<void> SqliteDatabase::RunRead(const TxFn& fn) {
  std::unique_ptr<Connection> conn = AcquireReader();
  SqliteTx tx(*conn);
  Result<void> outcome = conn->Execute("BEGIN", {}).ok()
                             ? Result<void>()
                             : Error::Unavailable("cannot begin a read transaction");
  if (outcome.ok()) {
    try {
      outcome = fn(tx);
    } catch (const std::exception& e) {
      log::Error("exception in read transaction", {{"error", e.what()}});
      outcome = Error::Internal("unexpected exception in a read transaction");
    } catch (...) {
      outcome = Error::Internal("unexpected exception in a read transaction");
    }
    (void)conn->Execute("COMMIT", {});
  }
  ReleaseReader(std::move(conn));
  return outcome;
}

Result<void> SqliteDatabase::Backup(const std::string& dest_path) {
  std::unique_ptr<Connection> source = AcquireReader();
  sqlite3* dest = nullptr;
  Result<void> outcome;
  if (sqlite3_open(dest_path.c_str(), &dest) != SQLITE_OK) {
    outcome = Error::Internal("cannot open backup file " + dest_path);
  } else if (sqlite3_backup* backup = sqlite3_backup_init(dest, "main", source->raw(), "main")) {
    int rc;
    // One step copies from one read snapshot. Smaller steps would restart from the first page
    // whenever another process (the server) commits, and might never finish; in WAL mode the
    // snapshot does not block the writer.
    while ((rc = sqlite3_backup_step(backup, -1)) == SQLITE_BUSY || rc == SQLITE_LOCKED) {
      std::this_thread::sleep_for(std::chrono::milliseconds(5));
    }
    sqlite3_backup_finish(backup);
    if (rc != SQLITE_DONE) {
      outcome = Error::Internal(std::string("backup failed: ") + sqlite3_errstr(rc));
    }
  } else {
    outcome = Error::Internal(std::string("backup failed: ") + sqlite3_errmsg(dest));
  }
  sqlite3_close(dest);
  ReleaseReader(std::move(source));
  return outcome;
}

}  // namespace

Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path,
                                             const DatabaseOptions& options) {
  OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> writer, Connection::Open(path, false));
  std::vector<std::unique_ptr<Connection>> readers;
  for (int idx = 0; idx < std::max(1, options.read_connections); ++idx) {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> reader, Connection::Open(path, true));
    readers.push_back(std::move(reader));
  }
  return std::unique_ptr<Database>(
      new SqliteDatabase(path, options, std::move(writer), std::move(readers)));
}

}  // namespace omnihub::storage::sqlite
