#include "changes/subscribers.h"

#include <algorithm>
#include <condition_variable>
#include <mutex>
#include <optional>
#include <thread>

#include "changes/changes.h"
#include "changes/handed_over.h"
#include "core/log.h"
#include "core/time.h"

namespace omnihub::changes {
namespace {

// Creates the cursor on first use: a new subscriber starts after the newest change unless it
// asks for the whole log.
Result<void> EnsureCursor(storage::Tx& tx, const Subscription& subscription) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> existing,
      tx.QueryOne("SELECT after_seq FROM changes_subscriber_cursors WHERE name = ?1",
                  {subscription.name}));
  if (existing) {
    return Ok();
  }
  int64_t start = 0;
  if (!subscription.from_beginning) {
    OMNI_ASSIGN_OR_RETURN(start, LatestSeq(tx));
  }
  OMNI_TRY(tx.Execute(
      "INSERT INTO changes_subscriber_cursors (name, after_seq, updated_at) VALUES (?1, ?2, ?3) "
      "ON CONFLICT (name) DO NOTHING",
      {subscription.name, start, UnixMicros(SystemClock().Now())}));
  return Ok();
}

// A handler's error that retrying cannot fix: the change is wrong for it, not the moment.
bool Permanent(const Error& error) { return InfoFor(error.code).http_status < 500; }

// What HandleNext met: the change it tried and, when the handler refused it for good, why.
struct Attempt {
  bool handled = false;
  std::optional<StoredChange> refused;
  std::optional<Error> error;
};

// Records a change the subscriber refused for good and moves its cursor past it (only if no
// other node did meanwhile).
Result<void> SkipRefused(storage::Tx& tx, const Subscription& subscription,
                         const StoredChange& change, const Error& error) {
  // The refused change may be the subscriber's first: the cursor made with it was rolled back.
  OMNI_TRY(EnsureCursor(tx, subscription));
  OMNI_ASSIGN_OR_RETURN(
      int64_t moved,
      tx.Execute("UPDATE changes_subscriber_cursors SET after_seq = ?2, updated_at = ?3 "
                 "WHERE name = ?1 AND after_seq < ?2",
                 {subscription.name, change.seq, UnixMicros(SystemClock().Now())}));
  if (moved == 1) {
    OMNI_TRY(
        tx.Execute("INSERT INTO changes_subscriber_failures (name, seq, code, message, failed_at) "
                   "VALUES (?1, ?2, ?3, ?4, ?5) ON CONFLICT (name, seq) DO NOTHING",
                   {subscription.name, change.seq, CodeName(error.code), error.message,
                    UnixMicros(SystemClock().Now())}));
  }
  return Ok();
}

// Handles the next pending change, if any, and moves the cursor past it, in one transaction.
// A permanent handler error rolls the transaction back like any error, and is reported in
// `refused` so the caller can skip the change in a transaction of its own.
Result<bool> HandleNext(storage::Tx& tx, const Subscription& subscription, int64_t& scanned,
                        Attempt& attempt) {
  OMNI_TRY(EnsureCursor(tx, subscription));
  // Touching the row first locks it on PostgreSQL: two nodes never handle the same change.
  OMNI_TRY(
      tx.Execute("UPDATE changes_subscriber_cursors SET updated_at = updated_at WHERE name = ?1",
                 {subscription.name}));
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> cursor,
      tx.QueryOne("SELECT after_seq FROM changes_subscriber_cursors WHERE name = ?1",
                  {subscription.name}));
  const int64_t after = std::max(cursor->Int(0), scanned);
  // The latest seq first: every change up to it is visible to the read after it (changes become
  // visible in seq order). Read the other way round, a change numbered between the two
  // statements would be passed over.
  OMNI_ASSIGN_OR_RETURN(int64_t latest, LatestSeq(tx));
  OMNI_ASSIGN_OR_RETURN(
      std::vector<StoredChange> next,
      Read(tx, {.after = after, .type_prefixes = subscription.type_prefixes, .limit = 1}));
  if (next.empty()) {
    // Nothing for us up to the latest change: move the shared cursor there, for every node.
    scanned = std::max(after, latest);
    if (scanned > cursor->Int(0)) {
      OMNI_TRY(tx.Execute(
          "UPDATE changes_subscriber_cursors SET after_seq = ?2, updated_at = ?3 WHERE name = ?1",
          {subscription.name, scanned, UnixMicros(SystemClock().Now())}));
    }
    return false;
  }
  Result<void> handled = subscription.handle(tx, next.front());
  if (!handled.ok()) {
    if (Permanent(handled.error())) {
      attempt.refused = next.front();
      attempt.error = handled.error();
    }
    return std::move(handled).error();
  }
  OMNI_TRY(tx.Execute(
      "UPDATE changes_subscriber_cursors SET after_seq = ?2, updated_at = ?3 WHERE name = ?1",
      {subscription.name, next.front().seq, UnixMicros(SystemClock().Now())}));
  return true;
}

// Whether a change of `type` is one the subscription wants (its prefixes; none: every change).
bool Matches(const Subscription& subscription, std::string_view type) {
  const std::vector<std::string>& prefixes = subscription.type_prefixes;
  return prefixes.empty() ||
         std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& prefix) { return type.starts_with(prefix); });
}

// How many changes of no interest a node may skip in memory before it moves the shared cursor
// past them (one write per this many, so the next node or restart does not rescan them).
constexpr int64_t kPersistSkippedEvery = 10'000;

// Whether a change may be pending, read without writing: an idle subscriber then costs a read,
// not a write transaction (and an fsync) per poll. `scanned` is how far this node already
// knows there is nothing for the subscriber; the read starts there, not at the cursor, so a
// subscriber whose changes are rare does not rescan the log's tail on every wake.
Result<bool> MaybePending(storage::Database& db, const Subscription& subscription,
                          int64_t& scanned) {
  return db.Read([&](storage::Tx& tx) -> Result<bool> {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<storage::Row> cursor,
        tx.QueryOne("SELECT after_seq FROM changes_subscriber_cursors WHERE name = ?1",
                    {subscription.name}));
    if (!cursor) {
      return true;  // not created yet: the write transaction creates it
    }
    // The latest seq first: every change up to it is visible in this snapshot (changes
    // become visible in seq order, changes.h).
    OMNI_ASSIGN_OR_RETURN(int64_t latest, LatestSeq(tx));
    const int64_t after = std::max(cursor->Int(0), scanned);
    OMNI_ASSIGN_OR_RETURN(
        std::vector<StoredChange> next,
        Read(tx, {.after = after, .type_prefixes = subscription.type_prefixes, .limit = 1}));
    if (!next.empty()) {
      return true;
    }
    scanned = std::max(after, latest);
    return scanned - cursor->Int(0) >= kPersistSkippedEvery;  // true: persist the skip
  });
}

class Runner final : public SubscriberRunner {
 public:
  Runner(storage::Database& db, std::vector<Subscription> subscriptions,
         std::chrono::milliseconds poll_interval)
      : db_(db),
        subscriptions_(std::move(subscriptions)),
        scanned_(subscriptions_.size(), 0),
        poll_interval_(poll_interval),
        handed_over_(subscriptions_.size()) {
    thread_ = std::thread([this] { Loop(); });
  }
  ~Runner() override { Stop(); }

  void Wake() override {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_one();
  }

  void OnChange(const StoredChange& change) override {
    std::vector<bool> matched(subscriptions_.size());
    for (size_t idx = 0; idx < subscriptions_.size(); ++idx) {
      matched[idx] = Matches(subscriptions_[idx], change.type);
    }
    const bool any = std::find(matched.begin(), matched.end(), true) != matched.end();
    {
      std::lock_guard lock(mu_);
      handed_over_.Add(change.seq, matched);
      woken_ = woken_ || any;
    }
    if (any) {
      cv_.notify_one();
    }
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopped_) {
        return;
      }
      stopped_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) {
      thread_.join();
    }
  }

 private:
  static constexpr int kPerPass = 500;

  void Loop() {
    std::unique_lock lock(mu_);
    while (!stopped_) {
      woken_ = false;
      lock.unlock();
      for (size_t idx = 0; idx < subscriptions_.size(); ++idx) {
        const Subscription& subscription = subscriptions_[idx];
        {
          std::lock_guard seen(mu_);
          scanned_[idx] = handed_over_.NothingThrough(idx, scanned_[idx]);
        }
        Result<int> handled = PumpOnce(db_, subscription, kPerPass, &scanned_[idx]);
        if (!handled.ok()) {
          log::Warn("subscriber failed; the change stays pending",
                    {{"subscriber", subscription.name}, {"error", handled.error().message}});
        }
      }
      lock.lock();
      cv_.wait_for(lock, poll_interval_, [this] { return stopped_ || woken_; });
    }
  }

  storage::Database& db_;
  const std::vector<Subscription> subscriptions_;
  std::vector<int64_t> scanned_;  // per subscription, used by the runner's thread only
  const std::chrono::milliseconds poll_interval_;
  std::mutex mu_;
  std::condition_variable cv_;
  bool woken_ = false;      // GUARDED_BY(mu_)
  bool stopped_ = false;    // GUARDED_BY(mu_)
  HandedOver handed_over_;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace

Result<int> PumpOnce(storage::Database& db, const Subscription& subscription, int limit,
                     int64_t* scanned) {
  int64_t local = 0;
  int64_t& known = scanned != nullptr ? *scanned : local;
  OMNI_ASSIGN_OR_RETURN(bool pending, MaybePending(db, subscription, known));
  if (!pending) {
    return 0;
  }
  int handled = 0;
  while (handled < limit) {
    // Filled afresh by each attempt of the transaction (it may be retried), kept if it commits.
    Attempt attempt;
    int64_t reached = known;
    Result<bool> more = db.InTransaction([&](storage::Tx& tx) {
      attempt = {};
      reached = known;
      return HandleNext(tx, subscription, reached, attempt);
    });
    if (more.ok()) {
      known = reached;
    }
    if (!more.ok()) {
      if (!attempt.refused) {
        return std::move(more).error();  // transient: stays pending
      }
      log::Error("subscriber refused a change; recorded and skipped",
                 {{"subscriber", subscription.name},
                  {"seq", std::to_string(attempt.refused->seq)},
                  {"type", attempt.refused->type},
                  {"error", attempt.error->message}});
      OMNI_TRY(db.InTransaction([&](storage::Tx& tx) {
        return SkipRefused(tx, subscription, *attempt.refused, *attempt.error);
      }));
      ++handled;
      continue;
    }
    if (!*more) {
      break;
    }
    ++handled;
  }
  return handled;
}

std::unique_ptr<SubscriberRunner> StartSubscribers(storage::Database& db,
                                                   std::vector<Subscription> subscriptions,
                                                   std::chrono::milliseconds poll_interval) {
  return std::make_unique<Runner>(db, std::move(subscriptions), poll_interval);
}

Result<int64_t> RedactFailures(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                               const std::vector<std::string>& strings) {
  constexpr std::string_view kErased = "(erased)";
  int64_t redacted = 0;
  for (const std::string& id : customer_ids) {
    OMNI_ASSIGN_OR_RETURN(
        int64_t rows,
        tx.Execute("UPDATE changes_subscriber_failures SET message = ?1 WHERE message <> ?1 AND "
                   "seq IN (SELECT seq FROM changes_log WHERE customer_id = ?2)",
                   {kErased, id}));
    redacted += rows;
  }
  for (const std::string& text : strings) {
    OMNI_ASSIGN_OR_RETURN(int64_t rows,
                          tx.Execute("UPDATE changes_subscriber_failures SET message = ?1 "
                                     "WHERE lower(message) LIKE lower(?2) ESCAPE '!'",
                                     {kErased, storage::ContainsPattern(text)}));
    redacted += rows;
  }
  return redacted;
}

}  // namespace omnihub::changes
