#include "changes/handed_over.h"

#include <algorithm>

namespace omnihub::changes {

void HandedOver::Add(int64_t seq, const std::vector<bool>& matched) {
  if (after_ < 0) {
    after_ = seq - 1;
  }
  through_ = seq;
  for (size_t idx = 0; idx < matched.size() && idx < last_match_.size(); ++idx) {
    if (matched[idx]) {
      last_match_[idx] = seq;
    }
  }
}

int64_t HandedOver::NothingThrough(size_t index, int64_t scanned) const {
  const bool covered = after_ >= 0 && scanned >= after_;
  if (!covered || last_match_.at(index) > scanned) {
    return scanned;
  }
  return std::max(scanned, through_);
}

}  // namespace omnihub::changes
