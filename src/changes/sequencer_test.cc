#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "changes/changes.h"
#include "testing/db_test.h"

// The sequencer is PostgreSQL's: SQLite numbers each change as its single writer appends it.
namespace omnihub::changes {
namespace {

class SequencerTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override { return {changes::Migrations()}; }
  void SetUp() override {
    test::DbTest::SetUp();
    if (backend() != storage::Backend::kPostgres) {
      GTEST_SKIP() << "SQLite has no sequencer";
    }
  }
  // A committed change left pending, as by a node killed between its commit and its
  // sequencer run.
  void LeavePending(const std::string& entity_id, const std::string& customer_id = "") {
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return tx.Execute(
          "INSERT INTO changes_pending (module, entity_type, entity_id, type, payload, "
          "occurred_at, customer_id, payload_version) VALUES ('test', 'thing', ?1, "
          "'test.thing.left', '{\"email\":\"anna@example.com\"}', 0, ?2, 1)",
          {entity_id, storage::NullIfEmpty(customer_id)});
    }));
  }
  int64_t Count(const std::string& sql) {
    return db().Read([&](storage::Tx& tx) { return tx.QueryOne(sql); }).value()->Int(0);
  }
};

TEST_P(SequencerTest, AChangeLeftPendingByAKilledNodeReachesTheStreamOnTheNextPoll) {
  LeavePending("orphan");
  auto hub = StartHub(db(), {.poll_interval = std::chrono::milliseconds(50)});
  auto stream = hub->Subscribe(0, {});
  std::string text;
  stream->Start([] {});
  for (int spins = 0; spins < 500 && text.find("orphan") == std::string::npos; ++spins) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    stream->Poll(text);
  }
  EXPECT_NE(text.find("id: 1\nevent: test.thing.left"), std::string::npos) << text;
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_pending"), 0);
  stream->Close();
  hub->Stop();
}

TEST_P(SequencerTest, SequencersRunningAtOnceNumberEveryChangeOnceWithoutGaps) {
  constexpr int kChanges = 1200;  // more than two batches
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
    for (int idx = 0; idx < kChanges; ++idx) {
      OMNI_TRY(tx.Execute(
          "INSERT INTO changes_pending (module, entity_type, entity_id, type, payload, "
          "occurred_at, payload_version) VALUES ('test', 'thing', ?1, 'test.thing.left', '{}', "
          "0, 1)",
          {std::to_string(idx)}));
    }
    return Ok();
  }));
  std::atomic<int64_t> numbered{0};
  std::vector<std::thread> sequencers;
  for (int idx = 0; idx < 4; ++idx) {
    sequencers.emplace_back([&] {
      Result<int64_t> done = SequencePending(db());
      EXPECT_OK(done);
      numbered += done.ok() ? *done : 0;
    });
  }
  for (std::thread& t : sequencers) {
    t.join();
  }
  EXPECT_EQ(numbered.load(), kChanges);
  EXPECT_EQ(Count("SELECT COUNT(DISTINCT entity_id) FROM changes_log"), kChanges);
  EXPECT_EQ(Count("SELECT MIN(seq) FROM changes_log"), 1);
  EXPECT_EQ(Count("SELECT MAX(seq) FROM changes_log"), kChanges);  // with the count: no gaps
  EXPECT_EQ(Count("SELECT last_seq FROM changes_sequencer"), kChanges);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_pending"), 0);
  // Appended in one transaction, numbered in append order.
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_log WHERE CAST(entity_id AS BIGINT) + 1 <> seq"),
            0);
}

TEST_P(SequencerTest, ErasureReachesAChangeNotNumberedYet) {
  LeavePending("about-anna", "cus_anna");
  LeavePending("mentions-anna");
  ASSERT_OK(db().InTransaction([](storage::Tx& tx) -> Result<void> {
    OMNI_TRY(RedactCustomers(tx, {"cus_anna"}, R"({"erased":true})"));
    OMNI_TRY(RedactContaining(tx, {"anna@example.com"}, R"({"erased":true})"));
    return Ok();
  }));
  ASSERT_OK(SequencePending(db()));
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_log WHERE payload = '{\"erased\":true}'"), 2);
}

OMNI_INSTANTIATE_BACKENDS(SequencerTest);

}  // namespace
}  // namespace omnihub::changes
