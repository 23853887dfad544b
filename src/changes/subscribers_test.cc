#include "changes/subscribers.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "changes/changes.h"
#include "testing/db_test.h"

namespace omnihub::changes {
namespace {

class SubscribersTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override { return {changes::Migrations()}; }
  void SetUp() override {
    test::DbTest::SetUp();
    ASSERT_OK(db().InTransaction([](storage::Tx& tx) {
      return tx.ExecuteScript("CREATE TABLE handled (seq BIGINT PRIMARY KEY, type TEXT NOT NULL)");
    }));
  }
  // The appended change's sequence number: numbered by the time InTransaction returns.
  Result<int64_t> AppendChange(const std::string& type) {
    OMNI_TRY(db().InTransaction([&](storage::Tx& tx) {
      return Append(tx, {.module = "test",
                         .entity_type = "thing",
                         .entity_id = "x",
                         .type = type,
                         .occurred_at = FakeClock().Now()});
    }));
    return db().Read([](storage::Tx& tx) { return LatestSeq(tx); });
  }
  // A handler whose writes would fail on a second handling of the same change (primary key).
  static Result<void> Record(storage::Tx& tx, const StoredChange& change) {
    OMNI_TRY(
        tx.Execute("INSERT INTO handled (seq, type) VALUES (?1, ?2)", {change.seq, change.type}));
    return Ok();
  }
  int64_t HandledCount() {
    return db()
        .Read([](storage::Tx& tx) { return tx.QueryOne("SELECT COUNT(*) FROM handled"); })
        .value()
        ->Int(0);
  }
};

TEST_P(SubscribersTest, EachMatchingChangeIsHandledOnceInOrder) {
  ASSERT_OK(AppendChange("shelf.item.sold"));
  ASSERT_OK(AppendChange("basket.item.touched"));
  ASSERT_OK(AppendChange("shelf.item.sold"));
  Subscription earn{.name = "points.earn",
                    .type_prefixes = {"shelf.item.sold"},
                    .handle = Record,
                    .from_beginning = true};
  Result<int> first = PumpOnce(db(), earn);
  ASSERT_OK(first);
  EXPECT_EQ(*first, 2);
  EXPECT_EQ(*PumpOnce(db(), earn), 0);  // nothing pending: nothing handled twice
  ASSERT_OK(AppendChange("shelf.item.sold"));
  EXPECT_EQ(*PumpOnce(db(), earn), 1);
  EXPECT_EQ(HandledCount(), 3);
}

TEST_P(SubscribersTest, AFailedHandlingRollsBackAndStaysPending) {
  for (int n = 0; n < 3; ++n) {
    ASSERT_OK(AppendChange("a.b.c"));
  }
  int calls = 0;
  Subscription flaky{
      .name = "flaky",
      .handle = [&calls](storage::Tx& tx, const StoredChange& change) -> Result<void> {
        OMNI_TRY(Record(tx, change));  // written, then rolled back on failure
        if (++calls == 2) {
          return Error::Unavailable("downstream is down");
        }
        return Ok();
      },
      .from_beginning = true};
  Result<int> broken = PumpOnce(db(), flaky);
  ASSERT_FALSE(broken.ok());
  EXPECT_EQ(HandledCount(), 1);
  Result<int> resumed = PumpOnce(db(), flaky);
  ASSERT_OK(resumed);
  EXPECT_EQ(*resumed, 2);
  EXPECT_EQ(HandledCount(), 3);
}

TEST_P(SubscribersTest, AChangeRefusedForGoodIsRecordedAndSkippedAndTheRestGoOn) {
  std::vector<int64_t> seqs;
  for (int n = 0; n < 3; ++n) {
    seqs.push_back(AppendChange("a.b.c").value());
  }
  Subscription picky{
      .name = "picky",
      .handle = [&seqs](storage::Tx& tx, const StoredChange& change) -> Result<void> {
        OMNI_TRY(Record(tx, change));  // rolled back with the refusal
        if (change.seq == seqs[1]) {
          return Error::Make(ErrorCode::kInsufficientStock, "cannot merge into that cart");
        }
        return Ok();
      },
      .from_beginning = true};
  Result<int> pumped = PumpOnce(db(), picky);
  ASSERT_OK(pumped);
  EXPECT_EQ(*pumped, 3);
  EXPECT_EQ(HandledCount(), 2);
  Result<std::optional<storage::Row>> failure = db().Read([](storage::Tx& tx) {
    return tx.QueryOne("SELECT seq, code FROM changes_subscriber_failures WHERE name = 'picky'");
  });
  ASSERT_OK(failure);
  ASSERT_TRUE(failure->has_value());
  EXPECT_EQ((*failure)->Int(0), seqs[1]);
  EXPECT_EQ((*failure)->Text(1), "insufficient_stock");
  ASSERT_OK(PumpOnce(db(), picky));  // nothing left, nothing retried
  EXPECT_EQ(HandledCount(), 2);
}

TEST_P(SubscribersTest, ErasureRedactsTheRefusalsAboutThePersonOrHoldingTheirStrings) {
  auto append_about = [&](const std::string& customer_id) {
    EXPECT_OK(db().InTransaction([&](storage::Tx& tx) {
      return Append(tx, {.module = "test",
                         .entity_type = "thing",
                         .entity_id = "x",
                         .type = "a.b.c",
                         .occurred_at = FakeClock().Now(),
                         .customer_id = customer_id});
    }));
    return db().Read([](storage::Tx& tx) { return LatestSeq(tx); }).value();
  };
  const int64_t about_anna = append_about("cus_anna");
  const int64_t mentions_anna = append_about("");
  const int64_t about_jan = append_about("cus_jan");
  Subscription picky{.name = "picky",
                     .handle = [&](storage::Tx&, const StoredChange& change) -> Result<void> {
                       return Error::Make(ErrorCode::kConflict,
                                          change.seq == mentions_anna
                                              ? "no cart for Anna.Nowak@example.org"
                                              : "no cart for change " + std::to_string(change.seq));
                     },
                     .from_beginning = true};
  ASSERT_OK(PumpOnce(db(), picky));

  Result<int64_t> redacted = db().InTransaction(
      [](storage::Tx& tx) { return RedactFailures(tx, {"cus_anna"}, {"anna.nowak@example.org"}); });
  ASSERT_OK(redacted);
  EXPECT_EQ(*redacted, 2);
  auto message_of = [&](int64_t seq) {
    return db()
        .Read([&](storage::Tx& tx) {
          return tx.QueryOne("SELECT message FROM changes_subscriber_failures WHERE seq = ?1",
                             {seq});
        })
        .value()
        ->Text(0);
  };
  EXPECT_EQ(message_of(about_anna), "(erased)");
  EXPECT_EQ(message_of(mentions_anna), "(erased)");
  EXPECT_EQ(message_of(about_jan), "no cart for change " + std::to_string(about_jan));
}

// A new subscriber's cursor is made in the transaction of its first handling; when that first
// change is refused, the skip must make the cursor too, or the change is refused again and
// again (it was, 100 times a pump, until fixed).
TEST_P(SubscribersTest, ANewSubscriberWhoseFirstChangeIsRefusedSkipsItOnce) {
  const int64_t refused = AppendChange("a.b.c").value();
  ASSERT_OK(AppendChange("a.b.c"));
  int calls = 0;
  Subscription picky{.name = "picky_from_the_start",
                     .handle = [&](storage::Tx& tx, const StoredChange& change) -> Result<void> {
                       ++calls;
                       if (change.seq == refused) {
                         return Error::InvalidArgument("payload", "is not for this subscriber");
                       }
                       return Record(tx, change);
                     },
                     .from_beginning = true};
  Result<int> pumped = PumpOnce(db(), picky);
  ASSERT_OK(pumped);
  EXPECT_EQ(*pumped, 2);
  EXPECT_EQ(calls, 2);
  EXPECT_EQ(HandledCount(), 1);
  EXPECT_EQ(*PumpOnce(db(), picky), 0);
}

TEST_P(SubscribersTest, ARareSubscriberSkipsWhatItHasScannedAndMovesItsCursorPastIt) {
  Subscription rare{
      .name = "rare", .type_prefixes = {"wanted."}, .handle = Record, .from_beginning = true};
  ASSERT_OK(db().InTransaction([](storage::Tx& tx) -> Result<void> {
    for (int n = 0; n < 10'001; ++n) {
      OMNI_TRY(Append(tx, {.module = "test",
                           .entity_type = "thing",
                           .entity_id = "x",
                           .type = "other.thing.happened",
                           .occurred_at = FakeClock().Now()}));
    }
    return Ok();
  }));
  const int64_t latest = db().Read([](storage::Tx& tx) { return LatestSeq(tx); }).value();
  int64_t scanned = 0;
  ASSERT_EQ(PumpOnce(db(), rare, 100, &scanned).value(), 0);
  EXPECT_EQ(scanned, latest);
  auto cursor = [&] {
    return db()
        .Read([](storage::Tx& tx) {
          return tx.QueryOne(
              "SELECT after_seq FROM changes_subscriber_cursors WHERE name = 'rare'");
        })
        .value()
        ->Int(0);
  };
  EXPECT_EQ(cursor(), latest);  // 10,001 skipped changes: persisted for other nodes

  const int64_t wanted = AppendChange("wanted.thing.happened").value();
  ASSERT_EQ(PumpOnce(db(), rare, 100, &scanned).value(), 1);
  EXPECT_EQ(HandledCount(), 1);
  EXPECT_EQ(cursor(), wanted);
}

TEST_P(SubscribersTest, ANewSubscriberStartsAfterTheNewestChangeUnlessAskedOtherwise) {
  ASSERT_OK(AppendChange("a.b.c"));
  Subscription late{.name = "late", .handle = Record};
  EXPECT_EQ(*PumpOnce(db(), late), 0);
  ASSERT_OK(AppendChange("a.b.c"));
  EXPECT_EQ(*PumpOnce(db(), late), 1);
}

TEST_P(SubscribersTest, TwoPumpsTogetherHandleEveryChangeExactlyOnce) {
  constexpr int kChanges = 40;
  for (int n = 0; n < kChanges; ++n) {
    ASSERT_OK(AppendChange("a.b.c"));
  }
  Subscription shared{.name = "shared", .handle = Record, .from_beginning = true};
  std::atomic<int> handled{0};
  std::atomic<int> errors{0};
  std::vector<std::thread> pumps;
  for (int p = 0; p < 2; ++p) {
    pumps.emplace_back([&] {
      for (int round = 0; round < 200 && handled < kChanges; ++round) {
        Result<int> done = PumpOnce(db(), shared, 5);
        done.ok() ? handled += *done : ++errors;
      }
    });
  }
  for (std::thread& pump : pumps) {
    pump.join();
  }
  EXPECT_EQ(errors, 0);
  EXPECT_EQ(handled, kChanges);
  EXPECT_EQ(HandledCount(), kChanges);
}

TEST_P(SubscribersTest, TheRunnerHandlesWhatIsAppendedWhenWoken) {
  std::unique_ptr<SubscriberRunner> runner =
      StartSubscribers(db(), {{.name = "runner", .handle = Record, .from_beginning = true}},
                       std::chrono::seconds(30));
  ASSERT_OK(AppendChange("a.b.c"));
  runner->Wake();
  for (int wait = 0; wait < 500 && HandledCount() == 0; ++wait) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
    runner->Wake();
  }
  runner->Stop();
  EXPECT_EQ(HandledCount(), 1);
}

OMNI_INSTANTIATE_BACKENDS(SubscribersTest);

}  // namespace
}  // namespace omnihub::changes
