#include <algorithm>
#include <condition_variable>
#include <deque>
#include <mutex>
#include <thread>

#include "changes/changes.h"
#include "changes/feed_privacy.h"
#include "changes/sequencer.h"
#include "changes/stream_subscription.h"
#include "core/log.h"
#include "core/metrics.h"

namespace omnihub::changes {
namespace {

constexpr int kBatch = 1000;

class HubImpl final : public Hub {
 public:
  HubImpl(storage::Database& db, Options options)
      : db_(db),
        options_(options),
        subscribers_gauge_(metrics::Registry::Global().GetGauge(
            "omnihub_changes_subscribers", "Open change-stream subscriptions on this node")),
        hub_seq_gauge_(metrics::Registry::Global().GetGauge(
            "omnihub_changes_hub_seq", "Last change sequence number fanned out by this node")),
        lag_(metrics::Registry::Global().GetHistogram(
            "omnihub_changes_delivery_lag_seconds",
            "From a change's commit time to its fan-out to stream subscribers", "",
            metrics::LatencyBuckets)) {
    Result<int64_t> latest = db_.Read([](storage::Tx& tx) { return LatestSeq(tx); });
    hub_seq_ = latest.ok() ? *latest : 0;
    thread_ = std::thread([this] { Loop(); });
    if (db_.backend() == storage::Backend::kPostgres) {
      listener_thread_ = std::thread([this] { ListenLoop(); });
    }
  }

  ~HubImpl() override { Stop(); }

  std::shared_ptr<http::EventStream> Subscribe(int64_t after, std::vector<std::string> prefixes,
                                               http::Principal reader) override {
    auto sub = std::make_shared<StreamSubscription>(after, std::move(prefixes), std::move(reader),
                                                    options_.max_queued_bytes);
    {
      std::lock_guard lock(mu_);
      joining_.push_back(sub);
    }
    Notify();
    return sub;
  }

  void Observe(std::function<void(const StoredChange&)> fn) override {
    std::lock_guard lock(mu_);
    observers_.push_back(std::move(fn));
  }

  void Notify() override {
    {
      std::lock_guard lock(mu_);
      woken_ = true;
    }
    cv_.notify_one();
  }

  void Stop() override {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        return;
      }
      stopping_ = true;
    }
    cv_.notify_one();
    if (thread_.joinable()) {
      thread_.join();
    }
    if (listener_thread_.joinable()) {
      listener_thread_.join();
    }
    for (auto& sub : live_) {
      sub->End();
    }
  }

  int subscribers() const override { return static_cast<int>(subscribers_gauge_.value()); }

 private:
  void Loop();
  void ListenLoop();
  void NumberOrphans();
  void FanOutNew();
  bool CatchUp(StreamSubscription& sub);
  bool SeesWhole(const StreamSubscription& sub, const StoredChange& change) const {
    return options_.privacy == nullptr || options_.privacy->SeesWhole(sub.reader(), change);
  }

  storage::Database& db_;
  const Options options_;
  metrics::Gauge& subscribers_gauge_;
  metrics::Gauge& hub_seq_gauge_;
  metrics::Histogram& lag_;
  std::thread thread_;
  std::thread listener_thread_;

  // Hub thread only.
  int64_t hub_seq_ = 0;
  bool read_failed_ = false;
  std::vector<std::shared_ptr<StreamSubscription>> live_;  // cursor == hub_seq_
  std::vector<std::shared_ptr<StreamSubscription>> behind_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::condition_variable cv_;
  std::vector<std::shared_ptr<StreamSubscription>> joining_;
  std::vector<std::function<void(const StoredChange&)>> observers_;
  bool woken_ = false;
  bool stopping_ = false;
};

void HubImpl::Loop() {
  bool more_work = false;
  while (true) {
    bool polled = false;
    {
      std::unique_lock lock(mu_);
      if (!more_work) {
        polled =
            !cv_.wait_for(lock, options_.poll_interval, [this] { return woken_ || stopping_; });
      }
      if (stopping_) {
        return;
      }
      woken_ = false;
      for (auto& sub : joining_) {
        behind_.push_back(std::move(sub));
      }
      joining_.clear();
    }
    if (polled) {
      NumberOrphans();
    }
    FanOutNew();
    // Subscribers that joined with an older Last-Event-ID catch up from the table, a batch at a
    // time, so they never hold up the live ones.
    more_work = false;
    read_failed_ = false;
    for (auto it = behind_.begin(); it != behind_.end();) {
      const bool caught_up = CatchUp(**it);
      if (!(*it)->Alive()) {
        it = behind_.erase(it);
      } else if (caught_up) {
        live_.push_back(std::move(*it));
        it = behind_.erase(it);
      } else {
        more_work = true;
        ++it;
      }
    }
    more_work = more_work && !read_failed_;
    subscribers_gauge_.Set(static_cast<int64_t>(live_.size() + behind_.size()));
  }
}

void HubImpl::NumberOrphans() {
  if (db_.backend() != storage::Backend::kPostgres) {
    return;
  }
  // A node killed between its commit and its sequencer run leaves committed changes pending;
  // whichever node polls next numbers them.
  Result<std::optional<storage::Row>> pending = db_.Read(
      [](storage::Tx& tx) { return tx.QueryOne("SELECT id FROM changes_pending LIMIT 1"); });
  if (pending.ok() && pending->has_value()) {
    Result<int64_t> numbered = SequencePending(db_);
    if (!numbered.ok()) {
      log::Warn("change sequencer failed", {{"error", numbered.error().message}});
    }
  }
}

void HubImpl::FanOutNew() {
  while (true) {
    ChangeQuery query{.after = hub_seq_, .type_prefixes = {}, .limit = kBatch};
    Result<std::vector<StoredChange>> batch =
        db_.Read([&](storage::Tx& tx) { return Read(tx, query); });
    if (!batch.ok()) {
      log::Warn("change hub read failed", {{"error", batch.error().message}});
      return;
    }
    if (batch->empty()) {
      return;
    }
    const TimePoint now = SystemClock().Now();
    std::vector<std::function<void(const StoredChange&)>> observers;
    {
      std::lock_guard lock(mu_);
      observers = observers_;
    }
    for (const StoredChange& change : *batch) {
      for (const auto& observe : observers) {
        observe(change);
      }
      // Formatted only for a stream that takes it: most changes meet no open stream. Every
      // reader gets the change whole or redacted, so two frames at most.
      std::shared_ptr<const std::string> whole;
      std::shared_ptr<const std::string> redacted;
      auto frame_for = [&](const StreamSubscription& sub) {
        if (SeesWhole(sub, change)) {
          if (!whole) {
            whole = std::make_shared<const std::string>(FormatEvent(change));
          }
          return whole;
        }
        if (!redacted) {
          redacted =
              std::make_shared<const std::string>(FormatEvent(options_.privacy->Redacted(change)));
        }
        return redacted;
      };
      for (auto it = live_.begin(); it != live_.end();) {
        if ((*it)->Deliver(frame_for(**it), change.seq, change.type)) {
          ++it;
        } else {
          it = live_.erase(it);
        }
      }
      lag_.Observe(std::chrono::duration<double>(now - change.occurred_at).count());
      hub_seq_ = change.seq;
    }
    for (auto& sub : live_) {
      sub->AdvanceTo(hub_seq_);
      sub->Flush();
    }
    hub_seq_gauge_.Set(hub_seq_);
    if (static_cast<int>(batch->size()) < kBatch) {
      return;
    }
  }
}

bool HubImpl::CatchUp(StreamSubscription& sub) {
  if (sub.cursor() >= hub_seq_) {
    sub.AdvanceTo(hub_seq_);
    return true;
  }
  ChangeQuery query{.after = sub.cursor(), .type_prefixes = {}, .limit = kBatch};
  Result<std::vector<StoredChange>> batch =
      db_.Read([&](storage::Tx& tx) { return Read(tx, query); });
  if (!batch.ok()) {
    read_failed_ = true;  // no progress: wait for the next wake-up instead of spinning
    return false;
  }
  bool reached_live = batch->size() < static_cast<size_t>(kBatch);
  for (const StoredChange& change : *batch) {
    if (change.seq > hub_seq_) {
      reached_live = true;  // the live fan-out delivers these
      break;
    }
    const StoredChange shown = SeesWhole(sub, change) ? change : options_.privacy->Redacted(change);
    if (!sub.Deliver(std::make_shared<const std::string>(FormatEvent(shown)), change.seq,
                     change.type)) {
      return false;
    }
  }
  if (reached_live) {
    sub.AdvanceTo(hub_seq_);
  }
  sub.Flush();
  return sub.cursor() >= hub_seq_;
}

void HubImpl::ListenLoop() {
  std::unique_ptr<storage::Listener> listener;
  while (true) {
    {
      std::lock_guard lock(mu_);
      if (stopping_) {
        return;
      }
    }
    if (!listener) {
      Result<std::unique_ptr<storage::Listener>> opened = db_.Listen(kNotifyChannel);
      if (!opened.ok()) {
        log::Warn("change listener cannot connect", {{"error", opened.error().message}});
        std::this_thread::sleep_for(std::chrono::seconds(1));
        continue;
      }
      listener = std::move(opened).value();
      Notify();  // anything committed while we were not listening
    }
    Result<bool> notified = listener->Wait(std::chrono::milliseconds(200));
    if (!notified.ok()) {
      listener.reset();
    } else if (*notified) {
      Notify();
    }
  }
}

}  // namespace

std::unique_ptr<Hub> StartHub(storage::Database& db, Hub::Options options) {
  return std::make_unique<HubImpl>(db, options);
}

}  // namespace omnihub::changes
