#include "changes/changes.h"

#include <gtest/gtest.h>

#include <atomic>
#include <condition_variable>
#include <set>
#include <thread>

#include "testing/db_test.h"

namespace omnihub::changes {
namespace {

Change MakeChange(std::string type, std::string id) {
  return Change{.module = type.substr(0, type.find('.')),
                .entity_type = "thing",
                .entity_id = std::move(id),
                .type = std::move(type),
                .payload_json = R"({"n":1})",
                .occurred_at = FakeClock().Now()};
}

class ChangeLogTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override { return {changes::Migrations()}; }
  Result<std::vector<StoredChange>> ReadAll(ChangeQuery query = {}) {
    return db().Read([&](storage::Tx& tx) { return Read(tx, query); });
  }
};

TEST_P(ChangeLogTest, AChangeIsVisibleOnlyIfItsTransactionCommits) {
  storage::TxContext web{.channel_id = "chn_web", .key_id = "key_1", .request_id = "req_1"};
  ASSERT_OK(db().InTransaction(
      [](storage::Tx& tx) { return Append(tx, MakeChange("depot.stock.counted", "a")); }, web));
  Result<void> failed = db().InTransaction([](storage::Tx& tx) -> Result<void> {
    OMNI_TRY(Append(tx, MakeChange("depot.stock.counted", "b")));
    return Error::Conflict("the use case failed after appending");
  });
  ASSERT_FALSE(failed.ok());

  Result<std::vector<StoredChange>> all = ReadAll();
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), 1u);
  EXPECT_EQ((*all)[0].entity_id, "a");
  EXPECT_EQ((*all)[0].channel_id, "chn_web");  // the writer's channel is recorded
  EXPECT_EQ((*all)[0].payload_json, R"({"n":1})");
}

TEST_P(ChangeLogTest, TypePrefixesFilterAndAfterPages) {
  for (const char* type :
       {"shelf.item.placed", "depot.stock.counted", "shelf.item.removed", "shelf_x.thing.done"}) {
    ASSERT_OK(
        db().InTransaction([&](storage::Tx& tx) { return Append(tx, MakeChange(type, "x")); }));
  }
  Result<std::vector<StoredChange>> orders = ReadAll({.after = 0, .type_prefixes = {"shelf."}});
  ASSERT_OK(orders);
  ASSERT_EQ(orders->size(), 2u);
  EXPECT_EQ((*orders)[0].type, "shelf.item.placed");
  EXPECT_EQ((*orders)[1].type, "shelf.item.removed");

  Result<std::vector<StoredChange>> page =
      ReadAll({.after = (*orders)[0].seq, .type_prefixes = {}, .limit = 1});
  ASSERT_OK(page);
  ASSERT_EQ(page->size(), 1u);
  EXPECT_EQ((*page)[0].type, "depot.stock.counted");
}

// Writers commit concurrently (on PostgreSQL, from several connections, so commits could land
// out of sequence order); a reader that always continues after the last seq it saw must still
// see every change exactly once.
TEST_P(ChangeLogTest, APersonsChangesReadNewestFirstAcrossTheirIdsAndCanBeRedacted) {
  auto append_for = [&](std::string customer, std::string id) {
    return db().InTransaction([&](storage::Tx& tx) {
      Change change = MakeChange("lane.ping.sent", id);
      change.customer_id = customer;
      change.payload_json = R"({"email":"anna@example.com"})";
      return Append(tx, change);
    });
  };
  ASSERT_OK(append_for("cus_a", "1"));
  ASSERT_OK(append_for("cus_b", "2"));
  ASSERT_OK(append_for("cus_other", "3"));
  ASSERT_OK(append_for("cus_a", "4"));
  auto timeline = [&](int64_t before, int limit) {
    return db().Read([&](storage::Tx& tx) {
      return ReadForCustomers(
          tx, {.customer_ids = {"cus_a", "cus_b"}, .before = before, .limit = limit});
    });
  };
  Result<std::vector<StoredChange>> page = timeline(0, 2);
  ASSERT_OK(page);
  ASSERT_EQ(page->size(), 2u);
  EXPECT_EQ((*page)[0].entity_id, "4");
  EXPECT_EQ((*page)[0].customer_id, "cus_a");
  EXPECT_EQ((*page)[1].entity_id, "2");
  Result<std::vector<StoredChange>> next = timeline((*page)[1].seq, 10);
  ASSERT_OK(next);
  ASSERT_EQ(next->size(), 1u);
  EXPECT_EQ((*next)[0].entity_id, "1");

  Result<int64_t> redacted = db().InTransaction([](storage::Tx& tx) {
    return RedactCustomers(tx, {"cus_a", "cus_b"}, R"({"erased":true})");
  });
  ASSERT_OK(redacted);
  EXPECT_EQ(*redacted, 3);
  Result<std::vector<StoredChange>> all = ReadAll();
  ASSERT_OK(all);
  for (const StoredChange& change : *all) {
    const bool theirs = change.customer_id == "cus_a" || change.customer_id == "cus_b";
    EXPECT_EQ(change.payload_json,
              theirs ? R"({"erased":true})" : R"({"email":"anna@example.com"})");
    EXPECT_EQ(change.type, "lane.ping.sent");  // the non-personal record stays
  }
}

TEST_P(ChangeLogTest, AReaderFollowingTheLogNeverSkipsAChange) {
  constexpr int kWriters = 4;
  constexpr int kPerWriter = 40;
  std::atomic<int> writers_done{0};
  std::vector<std::thread> writers;
  for (int w = 0; w < kWriters; ++w) {
    writers.emplace_back([&, w] {
      for (int idx = 0; idx < kPerWriter; ++idx) {
        const std::string id = std::to_string(w) + "/" + std::to_string(idx);
        auto append = [&](storage::Tx& tx) -> Result<void> {
          OMNI_TRY(Append(tx, MakeChange("test.thing.written", id)));
          if (tx.backend() == storage::Backend::kPostgres && idx % 3 == 0) {
            std::this_thread::sleep_for(std::chrono::milliseconds(2));  // hold the commit back
          }
          return Ok();
        };
        EXPECT_OK(db().InTransaction(append));
      }
      writers_done++;
    });
  }
  std::set<int64_t> seen;
  int64_t cursor = 0;
  bool last_pass = false;
  while (true) {
    last_pass = writers_done.load() == kWriters;
    Result<std::vector<StoredChange>> page =
        ReadAll({.after = cursor, .type_prefixes = {}, .limit = 50});
    ASSERT_OK(page);
    for (const StoredChange& change : *page) {
      ASSERT_GT(change.seq, cursor) << "out of order";
      cursor = change.seq;
      seen.insert(change.seq);
    }
    if (last_pass && page->empty()) {
      break;
    }
  }
  for (std::thread& t : writers) {
    t.join();
  }
  Result<std::vector<StoredChange>> all = ReadAll({.after = 0, .type_prefixes = {}, .limit = 1000});
  ASSERT_OK(all);
  ASSERT_EQ(all->size(), static_cast<size_t>(kWriters * kPerWriter));
  for (const StoredChange& change : *all) {
    EXPECT_TRUE(seen.contains(change.seq)) << "the reader skipped seq " << change.seq;
  }
}

// Collects what a subscription streams.
struct Collector {
  std::shared_ptr<http::EventStream> stream;
  std::mutex mu;
  std::condition_variable cv;
  std::string text;

  explicit Collector(std::shared_ptr<http::EventStream> s) : stream(std::move(s)) {
    stream->Start([this] {
      std::lock_guard lock(mu);
      stream->Poll(text);
      cv.notify_all();
    });
  }
  ~Collector() { stream->Close(); }
  bool WaitFor(std::string_view needle) {
    std::unique_lock lock(mu);
    return cv.wait_for(lock, std::chrono::seconds(10),
                       [&] { return text.find(needle) != std::string::npos; });
  }
};

TEST_P(ChangeLogTest, TheHubStreamsNewChangesAndResumesFromALastEventId) {
  auto hub = StartHub(db(), {});
  db().SetCommitListener([&hub] { hub->Notify(); });
  ASSERT_OK(
      db().InTransaction([](storage::Tx& tx) { return Append(tx, MakeChange("a.b.first", "1")); }));

  Collector live(hub->Subscribe(0, {"a."}));
  ASSERT_TRUE(live.WaitFor("event: a.b.first"));
  ASSERT_OK(
      db().InTransaction([](storage::Tx& tx) { return Append(tx, MakeChange("z.b.other", "2")); }));
  ASSERT_OK(db().InTransaction(
      [](storage::Tx& tx) { return Append(tx, MakeChange("a.b.second", "3")); }));
  ASSERT_TRUE(live.WaitFor("event: a.b.second"));
  EXPECT_EQ(live.text.find("z.b.other"), std::string::npos);  // filtered out
  EXPECT_LT(live.text.find("a.b.first"), live.text.find("a.b.second"));

  // A client that saw only the first change resumes and gets the rest, in order.
  Result<std::vector<StoredChange>> all = ReadAll();
  Collector resumed(hub->Subscribe((*all)[0].seq, {}));
  ASSERT_TRUE(resumed.WaitFor("event: a.b.second"));
  EXPECT_EQ(resumed.text.find("a.b.first"), std::string::npos);
  EXPECT_LT(resumed.text.find("z.b.other"), resumed.text.find("a.b.second"));
  hub->Stop();
  db().SetCommitListener(nullptr);
}

TEST_P(ChangeLogTest, ASlowSubscriberIsCutOffWithAResumePoint) {
  // Twenty changes exist before the subscriber joins, so one catch-up pass queues them all for
  // a consumer that does not read.
  for (int idx = 0; idx < 20; ++idx) {
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
      return Append(tx, MakeChange("a.b.bulk", std::string(100, 'x')));
    }));
  }
  auto hub = StartHub(db(), {.poll_interval = std::chrono::seconds(30), .max_queued_bytes = 2000});
  auto stream = hub->Subscribe(0, {});
  std::atomic<bool> woken{false};
  stream->Start([&woken] { woken = true; });
  for (int spins = 0; spins < 1000 && !woken; ++spins) {
    std::this_thread::sleep_for(std::chrono::milliseconds(10));
  }
  ASSERT_TRUE(woken);
  std::string out;
  EXPECT_FALSE(stream->Poll(out)) << "the stream should have ended";
  EXPECT_NE(out.find("event: overflow"), std::string::npos);
  // The resume point is the last change actually queued, which the client has just received.
  const size_t last_id = out.rfind("id: ");
  const std::string last_seq = out.substr(last_id + 4, out.find('\n', last_id) - last_id - 4);
  EXPECT_NE(out.find("\"resume_after\":" + last_seq), std::string::npos) << out;
  stream->Close();
  hub->Stop();
}

OMNI_INSTANTIATE_BACKENDS(ChangeLogTest);

}  // namespace
}  // namespace omnihub::changes
