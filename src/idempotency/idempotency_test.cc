#include "idempotency/idempotency.h"

#include <gtest/gtest.h>

#include "testing/db_test.h"

namespace omnihub::idempotency {
namespace {

using Outcome = http::IdempotencyStore::Outcome;

class IdempotencyTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override { return {idempotency::Migrations()}; }
  void SetUp() override {
    test::DbTest::SetUp();
    store_ = NewStore(db(), clock_);
  }
  FakeClock clock_;
  std::unique_ptr<http::IdempotencyStore> store_;
};

TEST_P(IdempotencyTest, ACompletedRequestIsReplayedByteForByte) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", {201, "application/json", R"({"id":"chn_1"})"}));
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
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", {201, "application/json", "{}"}));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp2")->outcome, Outcome::kMismatch);
}

TEST_P(IdempotencyTest, KeysAreScopedPerApiKey) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  EXPECT_EQ(store_->Begin("key_b", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, AnAbandonedRequestRunsAgain) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Abandon("key_a", "idem-1"));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, ARunningRequestWhoseNodeDiedIsTakenOverAfterAMinute) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  clock_.Advance(std::chrono::seconds(61));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
}

TEST_P(IdempotencyTest, RecordsExpireAfterTheRetention) {
  ASSERT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kStarted);
  ASSERT_OK(store_->Complete("key_a", "idem-1", {201, "application/json", "{}"}));
  clock_.Advance(std::chrono::hours(71));
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp1")->outcome, Outcome::kReplay);
  EXPECT_EQ(*Purge(db(), clock_), 0);
  clock_.Advance(std::chrono::hours(2));
  EXPECT_EQ(*Purge(db(), clock_), 1);
  EXPECT_EQ(store_->Begin("key_a", "idem-1", "fp2")->outcome, Outcome::kStarted);
}

OMNI_INSTANTIATE_BACKENDS(IdempotencyTest);

}  // namespace
}  // namespace omnihub::idempotency
