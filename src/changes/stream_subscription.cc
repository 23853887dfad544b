#include "changes/stream_subscription.h"

#include <algorithm>

namespace omnihub::changes {
namespace {

// Whether `type` starts with one of `prefixes` (all types when there are none).
bool Matches(const std::vector<std::string>& prefixes, std::string_view type) {
  if (prefixes.empty()) {
    return true;
  }
  return std::any_of(prefixes.begin(), prefixes.end(),
                     [&](const std::string& p) { return type.starts_with(p); });
}

}  // namespace

void StreamSubscription::Start(std::function<void()> wake) {
  bool ready;
  {
    std::lock_guard lock(mu_);
    wake_ = wake;
    ready = !frames_.empty() || ended_;
  }
  if (ready) {
    wake();
  }
}

bool StreamSubscription::Poll(std::string& out) {
  std::lock_guard lock(mu_);
  for (const auto& frame : frames_) {
    out += *frame;
  }
  frames_.clear();
  queued_bytes_ = 0;
  return !ended_;
}

void StreamSubscription::Close() {
  std::lock_guard lock(mu_);
  closed_ = true;
  wake_ = nullptr;
}

bool StreamSubscription::Deliver(const std::shared_ptr<const std::string>& frame, int64_t seq,
                                 std::string_view type) {
  if (seq <= cursor_ || !Matches(prefixes_, type)) {
    cursor_ = std::max(cursor_, seq);
    return Alive();  // already sent (it joined ahead of the hub), or filtered out
  }
  cursor_ = seq;
  std::unique_lock lock(mu_);
  if (closed_ || ended_) {
    return false;
  }
  if (queued_bytes_ + frame->size() > max_bytes_) {
    // Too slow: end the stream with a frame saying where to resume, never buffer without bound.
    auto notice = std::make_shared<const std::string>(
        "event: overflow\ndata: {\"resume_after\":" + std::to_string(last_queued_seq_) +
        ",\"reason\":\"consumer too slow; reconnect with Last-Event-ID\"}\n\n");
    frames_.push_back(std::move(notice));
    ended_ = true;
    lock.unlock();
    Wake();
    return false;
  }
  frames_.push_back(frame);
  queued_bytes_ += frame->size();
  last_queued_seq_ = seq;
  return true;
}

bool StreamSubscription::Alive() {
  std::lock_guard lock(mu_);
  return !closed_ && !ended_;
}

void StreamSubscription::End() {
  {
    std::lock_guard lock(mu_);
    ended_ = true;
  }
  Wake();
}

void StreamSubscription::Wake() {
  std::function<void()> wake;
  {
    std::lock_guard lock(mu_);
    if (frames_.empty() && !ended_) {
      return;
    }
    wake = wake_;
  }
  if (wake) {
    wake();
  }
}

}  // namespace omnihub::changes
