#include "storage/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <chrono>
#include <mutex>
#include <set>
#include <string>
#include <thread>
#include <vector>

#include "core/metrics.h"
#include "testing/db_test.h"

namespace omnihub::storage {
namespace {

class GroupCommitTest : public test::DbTest {
 protected:
  std::vector<MigrationSet> Migrations() const override {
    return {MigrationSet{
        "test", {{1, "0001_writes", "CREATE TABLE test_writes (id TEXT PRIMARY KEY, n BIGINT)"}}}};
  }
};

// Many concurrent use cases, every fifth failing: the failures roll back alone, every
// acknowledged write is stored, and on SQLite they shared fsyncs.
TEST_P(GroupCommitTest, AFailingUseCaseRollsBackAloneWhileItsGroupCommits) {
  constexpr int kThreads = 32;
  constexpr int kWritesPerThread = 20;
  auto& commits = metrics::Registry::Global().GetHistogram(
      "omnihub_db_commit_seconds", "", "backend=\"sqlite\"", metrics::LatencyBuckets);
  const uint64_t commits_before = commits.count();

  std::atomic<int> acknowledged{0};
  std::atomic<int> rejected{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int write_idx = 0; write_idx < kWritesPerThread; ++write_idx) {
        const bool fail = write_idx % 5 == 4;
        const std::string id = std::to_string(thread_idx) + "-" + std::to_string(write_idx);
        Result<void> done = db().InTransaction([&](Tx& tx) -> Result<void> {
          OMNI_TRY(tx.Execute("INSERT INTO test_writes (id, n) VALUES (?1, ?2)", {id, write_idx}));
          if (fail) {
            return Error::Conflict("this use case fails on purpose");
          }
          return Ok();
        });
        (done.ok() ? acknowledged : rejected)++;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }

  EXPECT_EQ(rejected.load(), kThreads * kWritesPerThread / 5);
  Result<int64_t> stored = db().Read([](Tx& tx) -> Result<int64_t> {
    OMNI_ASSIGN_OR_RETURN(std::optional<Row> row,
                          tx.QueryOne("SELECT COUNT(*), SUM(CASE WHEN n % 5 = 4 THEN 1 ELSE 0 END) "
                                      "FROM test_writes"));
    EXPECT_EQ(row->Int(1), 0) << "a failed use case left a row behind";
    return row->Int(0);
  });
  ASSERT_OK(stored);
  EXPECT_EQ(*stored, acknowledged.load());
  if (backend() == Backend::kSqlite) {
    const uint64_t fsyncs = commits.count() - commits_before;
    EXPECT_LT(fsyncs, static_cast<uint64_t>(kThreads * kWritesPerThread))
        << "writes were not grouped";
  }
}

// Concurrent writers each ask for the same follow-up: when a writer's InTransaction returns, a
// run that could see its row has finished, and writers that overlap share runs.
TEST_P(GroupCommitTest, WritersAskingForOneFollowUpShareRunsThatSeeEachCommit) {
  constexpr int kThreads = 8;
  constexpr int kWritesPerThread = 10;
  std::mutex mu;
  std::set<std::string> seen_by_a_run;
  std::atomic<int> runs{0};
  auto follow_up = [&](Database& db) -> Result<void> {
    ++runs;
    std::this_thread::sleep_for(std::chrono::milliseconds(3));  // let commits pile up
    OMNI_ASSIGN_OR_RETURN(std::vector<Row> rows,
                          db.Read([](Tx& tx) { return tx.Query("SELECT id FROM test_writes"); }));
    std::lock_guard lock(mu);
    for (const Row& row : rows) {
      seen_by_a_run.insert(row.Text(0));
    }
    return Ok();
  };
  std::atomic<int> unseen{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      for (int write_idx = 0; write_idx < kWritesPerThread; ++write_idx) {
        const std::string id = std::to_string(thread_idx) + "-" + std::to_string(write_idx);
        EXPECT_OK(db().InTransaction([&](Tx& tx) -> Result<void> {
          OMNI_TRY(tx.Execute("INSERT INTO test_writes (id, n) VALUES (?1, 0)", {id}));
          tx.AfterCommit("test.follow_up", follow_up);
          tx.AfterCommit("test.follow_up", follow_up);  // asking twice asks once
          return Ok();
        }));
        std::lock_guard lock(mu);
        unseen += seen_by_a_run.count(id) == 0 ? 1 : 0;
      }
    });
  }
  for (std::thread& t : threads) {
    t.join();
  }
  EXPECT_EQ(unseen.load(), 0) << "InTransaction returned before a run saw its commit";
  EXPECT_GT(runs.load(), 0);
  EXPECT_LT(runs.load(), kThreads * kWritesPerThread) << "no run was shared";

  // A rolled-back transaction's follow-up never runs.
  const int before = runs.load();
  EXPECT_FALSE(db().InTransaction([&](Tx& tx) -> Result<void> {
                     tx.AfterCommit("test.follow_up", follow_up);
                     return Error::Conflict("fails on purpose");
                   })
                   .ok());
  EXPECT_EQ(runs.load(), before);
}

OMNI_INSTANTIATE_BACKENDS(GroupCommitTest);

}  // namespace
}  // namespace omnihub::storage
