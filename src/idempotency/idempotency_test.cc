#include "idempotency/idempotency.h"

#include <gtest/gtest.h>

#include "testing/db_test.h"

namespace omnihub::idempotency {
namespace {

using Outcome = http::IdempotencyStore::Outcome;

class IdempotencyTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {idempotency::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    store_ = NewStore(db(), clock_);
  }
  FakeClock clock_;
  std::unique_ptr<http::IdempotencyStore> store_;
};

TEST_P(IdempotencyTest, ACompletedRequestIsReplayedByteForByte) {
  Result<http::IdempotencyStore::Begun> first = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(first->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", first->attempt,
                             {201, "application/json", R"({"id":"chn_1"})"}));
  Result<http::IdempotencyStore::Begun> again = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_OK(again);
  EXPECT_EQ(again->outcome, Outcome::kReplay);
  EXPECT_EQ(again->stored.status, 201);
  EXPECT_EQ(again->stored.body, R"({"id":"chn_1"})");
  EXPECT_EQ(again->stored.content_type, "application/json");
}

TEST_P(IdempotencyTest, TheSameKeyWhileTheFirstRunsIsInProgress) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kInProgress);
}

TEST_P(IdempotencyTest, TheSameKeyWithAnotherRequestIsAMismatch) {
  Result<http::IdempotencyStore::Begun> first = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(first->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", first->attempt, {201, "application/json", "{}"}));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp2")->outcome, Outcome::kMismatch);
}

TEST_P(IdempotencyTest, KeysAreScopedPerApiKey) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  EXPECT_EQ(store_->Begin("key_b", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, AnAbandonedRequestRunsAgain) {
  Result<http::IdempotencyStore::Begun> first = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(first->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Abandon("key_a", "idem-1", first->attempt));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, ARunningRequestWhoseNodeDiedIsTakenOverAfterAMinute) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, RecordsExpireAfterTheRetention) {
  Result<http::IdempotencyStore::Begun> first = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(first->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", first->attempt, {201, "application/json", "{}"}));
  clock_.Advance(std::chrono::hours(71));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kReplay);
  EXPECT_EQ(*Purge(db(), clock_), 0);
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(*Purge(db(), clock_), 1);
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp2")->outcome, Outcome::kStarted);
}

// A request that commits in steps (a catalogue import in chunks) used to have its second
// step refused, and that 409 was then kept as the key's replay forever. Another attempt
// committing is refused: ATakenOverAttemptCannotTouchItsSuccessorsRecord.
TEST_P(IdempotencyTest, ARequestMayCommitInStepsAndALateRetryLearnsItWasCarriedOut) {
  db().SetBeforeCommit(MarkCommitted);
  ASSERT_OK(db().InTransaction([](storage::Tx& tx) {
    return tx.ExecuteScript("CREATE TABLE test_orders (id TEXT PRIMARY KEY)");
  }));
  Result<http::IdempotencyStore::Begun> first = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(first->outcome, Outcome::kStarted);
  const storage::TxContext attempt{
      .key_id = "key_a", .idempotency_key = "idem-1", .idempotency_attempt = first->attempt};
  auto place = [](std::string id) {
    return [id](storage::Tx& tx) -> Result<void> {
      OMNI_TRY(tx.Execute("INSERT INTO test_orders (id) VALUES (?1)", {id}));
      return Ok();
    };
  };
  ASSERT_OK(db().InTransaction(place("first step"), attempt));
  ASSERT_OK(db().InTransaction(place("second step"), attempt));

  Result<int64_t> orders = db().Read([](storage::Tx& tx) -> Result<int64_t> {
    OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                          tx.QueryOne("SELECT COUNT(*) FROM test_orders"));
    return row->Int(0);
  });
  EXPECT_EQ(*orders, 2);

  // Committed but never answered: a prompt retry waits, a late one learns the answer was lost.
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kInProgress);
  clock_.Advance(std::chrono::minutes(2));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kResponseLost);
  db().SetBeforeCommit(nullptr);
}

// The original attempt was thought dead and taken over; when it finally finishes, it must
// neither commit, nor complete, nor abandon its successor's record.
TEST_P(IdempotencyTest, ATakenOverAttemptCannotTouchItsSuccessorsRecord) {
  db().SetBeforeCommit(MarkCommitted);
  Result<http::IdempotencyStore::Begun> original = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(original->outcome, Outcome::kStarted);
  clock_.Advance(std::chrono::seconds(61));
  Result<http::IdempotencyStore::Begun> successor = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(successor->outcome, Outcome::kStarted);
  ASSERT_NE(original->attempt, successor->attempt);

  // The original's use case reaches its commit: refused.
  const storage::TxContext late{
      .key_id = "key_a", .idempotency_key = "idem-1", .idempotency_attempt = original->attempt};
  Result<void> committed = db().InTransaction([](storage::Tx&) { return Ok(); }, late);
  ASSERT_FALSE(committed.ok());
  EXPECT_EQ(committed.error().code, ErrorCode::kIdempotencyKeyInUse);
  // Its error reply is neither kept nor allowed to delete the successor's record.
  ASSERT_OK(store_->Complete("key_a", "idem-1", original->attempt,
                             {409, "application/json", R"({"error":"late"})"}));
  ASSERT_OK(store_->Abandon("key_a", "idem-1", original->attempt));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kInProgress);

  // The successor completes normally and is what replays.
  const storage::TxContext current{
      .key_id = "key_a", .idempotency_key = "idem-1", .idempotency_attempt = successor->attempt};
  ASSERT_OK(db().InTransaction([](storage::Tx&) { return Ok(); }, current));
  ASSERT_OK(store_->Complete("key_a", "idem-1", successor->attempt,
                             {201, "application/json", R"({"id":"chn_2"})"}));
  Result<http::IdempotencyStore::Begun> replay = store_->Begin("key_a", "idem-1", "fp1");
  ASSERT_EQ(replay->outcome, Outcome::kReplay);
  EXPECT_EQ(replay->stored.body, R"({"id":"chn_2"})");
  db().SetBeforeCommit(nullptr);
}

OMNI_INSTANTIATE_BACKENDS(IdempotencyTest);

}  // namespace
}  // namespace omnihub::idempotency
