#pragma once

#include <cstddef>
#include <cstdint>
#include <vector>

// What the hub handed a subscriber runner (SubscriberRunner::OnChange): every change from the
// first one on, in seq order. The runner need not read again the changes none of a
// subscription's prefixes wanted.
namespace omnihub::changes {

class HandedOver {
 public:
  explicit HandedOver(size_t subscriptions) : last_match_(subscriptions, 0) {}

  // The next change in seq order; `matched[i]`: whether it matches subscription i.
  void Add(int64_t seq, const std::vector<bool>& matched);

  // How far subscription `index` is known to have nothing to handle, given that it has
  // nothing up to `scanned`: past `scanned` only when every change after it was handed over
  // and none matched.
  int64_t NothingThrough(size_t index, int64_t scanned) const;

 private:
  int64_t after_ = -1;  // every change in (after_, through_] was handed over; -1: none yet
  int64_t through_ = 0;
  std::vector<int64_t> last_match_;  // per subscription, the newest seq that matched it
};

}  // namespace omnihub::changes
