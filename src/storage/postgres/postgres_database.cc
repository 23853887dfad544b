#include "storage/postgres/postgres_database.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <string>
#include <vector>

#include "core/log.h"
#include "core/metrics.h"
#include "storage/after_commit.h"
#include "storage/postgres/postgres_connection.h"

namespace omnihub::storage::postgres {
namespace {

constexpr int kMaxAttempts = 5;

bool Retryable(const Error& error) {
  const DetailValue* state = error.Detail("sqlstate");
  if (state == nullptr) {
    return false;
  }
  const std::string& code = std::get<std::string>(*state);
  return code == "40001" || code == "40P01";  // serialization_failure, deadlock_detected
}

// Table names come from module descriptors, never from requests; checked all the same, since
// they are spliced into maintenance statements.
Result<void> CheckTableName(std::string_view table) {
  const bool plain = !table.empty() && std::all_of(table.begin(), table.end(), [](char c) {
    return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_';
  });
  return plain ? Ok() : Error::Internal("not a plain table name: " + std::string(table));
}

class PostgresDatabase final : public Database {
 public:
  // `first` proves the URL works; the pool opens the rest as demand needs them, up to
  // `pool_size` (opening all at start took ~25 ms each: 16 of them made start-up 0.4 s).
  PostgresDatabase(std::string url, std::unique_ptr<Connection> first, int pool_size, bool notify)
      : url_(std::move(url)),
        notify_(notify),
        pool_size_(pool_size),
        commit_seconds_(metrics::Registry::Global().GetHistogram(
            "omnihub_db_commit_seconds", "Duration of a write commit (one fsync)",
            "backend=\"postgres\"", metrics::LatencyBuckets)) {
    idle_.push_back(std::move(first));
  }

  Backend backend() const override { return Backend::kPostgres; }

  Result<void> Ping() override {
    return Read([](Tx& tx) -> Result<void> {
      return tx.Query("SELECT 1").ok() ? Ok() : Error::Unavailable("postgres unreachable");
    });
  }

  Result<void> Backup(const std::string&) override {
    return Error::InvalidArgument("db", "is PostgreSQL: back it up with pg_dump or pg_basebackup");
  }

  Result<void> PurgeFreed(std::span<const std::string> tables) override {
    // Plain VACUUM leaves pruned row versions' bytes in the pages' free space and deleted keys
    // in B-tree pages; VACUUM FULL writes the table and its indexes anew and truncates the
    // old files. ANALYZE replaces the values the statistics sampled; the old statistics rows
    // go with the last VACUUM (a database owner may; others get a warning). None of them may
    // run inside a transaction block.
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect(url_));
    for (const std::string& table : tables) {
      OMNI_TRY(CheckTableName(table));
      OMNI_TRY(conn->Script("VACUUM (FULL, ANALYZE) " + table));
    }
    return conn->Script("VACUUM pg_catalog.pg_statistic");
  }

  Result<std::unique_ptr<Listener>> Listen(std::string_view channel) override {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Connect(url_));
    OMNI_TRY(conn->Script("LISTEN \"" + std::string(channel) + "\""));
    return std::unique_ptr<Listener>(new PostgresListener(std::move(conn)));
  }

  void SetCommitListener(std::function<void()> fn) override { commit_listener_ = std::move(fn); }
  void SetBeforeCommit(std::function<Result<void>(Tx&)> fn) override {
    before_commit_ = std::move(fn);
  }

  void Close() override {
    {
      std::lock_guard lock(mu_);
      closed_ = true;
      idle_.clear();
    }
    cv_.notify_all();
  }

 protected:
  Result<void> RunWrite(const TxContext& context, const TxFn& fn) override {
    Result<void> outcome;
    std::vector<AfterCommitJob> after_commit;
    for (int attempt = 1; attempt <= kMaxAttempts; ++attempt) {
      const auto started = std::chrono::steady_clock::now();
      outcome = RunOnce(fn, &context, "BEGIN", &after_commit);
      commit_seconds_.Observe(
          std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count());
      if (outcome.ok() || !Retryable(outcome.error())) {
        break;
      }
    }
    if (outcome.ok()) {
      after_commit_.Run(std::move(after_commit), *this);
    }
    if (outcome.ok() && commit_listener_) {
      commit_listener_();
    }
    return outcome;
  }

  Result<void> RunRead(const TxFn& fn) override {
    return RunOnce(fn, nullptr, "BEGIN READ ONLY", nullptr);
  }

 private:
  // `after_commit` receives the jobs a committed write asked for.
  Result<void> RunOnce(const TxFn& fn, const TxContext* context, const char* begin,
                       std::vector<AfterCommitJob>* after_commit) {
    OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> conn, Acquire());
    Result<void> outcome = conn->Script(begin);
    if (!outcome.ok() && !conn->healthy()) {
      // A pooled connection that went stale (server restart, failover): BEGIN is safe to retry.
      conn->Reset();
      outcome = conn->Script(begin);
    }
    if (outcome.ok()) {
      PostgresTx tx(*conn, notify_);
      if (context != nullptr) {
        tx.set_context(*context);
      }
      try {
        outcome = fn(tx);
        if (outcome.ok() && context != nullptr && before_commit_) {
          outcome = before_commit_(tx);
        }
      } catch (const std::exception& e) {
        log::Error("exception in transaction", {{"error", e.what()}});
        outcome = Error::Internal("unexpected exception in a transaction");
      } catch (...) {
        outcome = Error::Internal("unexpected exception in a transaction");
      }
      if (outcome.ok() && conn->in_failed_transaction()) {
        // The use case carried on past a failed statement; COMMIT would only roll back.
        outcome = Error::Internal("a statement failed inside the transaction");
      }
      if (outcome.ok()) {
        outcome = conn->Script("COMMIT");
      } else {
        (void)conn->Script("ROLLBACK");
      }
      if (outcome.ok() && after_commit != nullptr) {
        *after_commit = tx.TakeAfterCommit();
      }
    }
    Release(std::move(conn));
    return outcome;
  }

  Result<std::unique_ptr<Connection>> Acquire() {
    std::unique_lock lock(mu_);
    cv_.wait(lock, [this] { return closed_ || !idle_.empty() || opened_ < pool_size_; });
    if (closed_) {
      return Error::Unavailable("database is closed");
    }
    if (idle_.empty()) {
      ++opened_;
      lock.unlock();
      Result<std::unique_ptr<Connection>> opened = Connect(url_);
      if (!opened.ok()) {
        lock.lock();
        --opened_;
        cv_.notify_one();
      }
      return opened;
    }
    std::unique_ptr<Connection> conn = std::move(idle_.back());
    idle_.pop_back();
    lock.unlock();
    if (!conn->healthy()) {
      conn->Reset();
    }
    return conn;
  }

  void Release(std::unique_ptr<Connection> conn) {
    if (!conn->idle()) {
      conn->Reset();  // never hand the next caller a connection inside a transaction
    }
    {
      std::lock_guard lock(mu_);
      if (closed_) {
        return;
      }
      idle_.push_back(std::move(conn));
    }
    cv_.notify_one();
  }

  const std::string url_;
  const bool notify_;
  const int pool_size_;
  AfterCommitRunner after_commit_;
  std::function<void()> commit_listener_;           // set before the first write
  std::function<Result<void>(Tx&)> before_commit_;  // set before the first write
  metrics::Histogram& commit_seconds_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::unique_ptr<Connection>> idle_;
  int opened_ = 1;  // connections made, idle or in use
  bool closed_ = false;
};

}  // namespace

Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url,
                                               const DatabaseOptions& options) {
  OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Connection> first, Connect(url));
  return std::unique_ptr<Database>(
      new PostgresDatabase(url, std::move(first), std::max(1, options.pool_size), options.notify));
}

}  // namespace omnihub::storage::postgres
