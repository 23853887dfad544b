#pragma once

#include <cstdint>
#include <string>

namespace omnihub::app {

// A one-line progress bar on stderr for long CLI work (demo load, imports). Draws only when
// stderr is a terminal, so scripts and logs stay clean. Not thread-safe.
class ProgressBar {
 public:
  ProgressBar(std::string label, int64_t total);
  ~ProgressBar();
  void Advance(int64_t by = 1);
  void Finish();

 private:
  void Draw();
  std::string label_;
  int64_t total_;
  int64_t done_ = 0;
  int last_percent_ = -1;
  bool enabled_;
  bool finished_ = false;
};

}  // namespace omnihub::app
