#include "app/progress.h"

#include <unistd.h>

#include <algorithm>
#include <cstdio>

namespace omnihub::app {

ProgressBar::ProgressBar(std::string label, int64_t total)
    : label_(std::move(label)), total_(std::max<int64_t>(total, 1)), enabled_(isatty(2) == 1) {
  Draw();
}

ProgressBar::~ProgressBar() { Finish(); }

void ProgressBar::Advance(int64_t by) {
  done_ = std::min(total_, done_ + by);
  Draw();
}

void ProgressBar::Finish() {
  if (finished_) {
    return;
  }
  done_ = total_;
  Draw();
  if (enabled_) {
    std::fputc('\n', stderr);
  }
  finished_ = true;
}

void ProgressBar::Draw() {
  const int percent = static_cast<int>(done_ * 100 / total_);
  if (!enabled_ || percent == last_percent_) {
    return;
  }
  last_percent_ = percent;
  constexpr int kWidth = 30;
  const int filled = percent * kWidth / 100;
  std::fprintf(stderr, "\r%s [%.*s%*s] %3d%%", label_.c_str(), filled,
               "##############################", kWidth - filled, "", percent);
  std::fflush(stderr);
}

}  // namespace omnihub::app
