// Runs the jobs transactions asked for with Tx::AfterCommit, sharing runs between commits that
// overlap. Used by both backends; not part of storage's public face.
#pragma once

#include <condition_variable>
#include <cstdint>
#include <map>
#include <mutex>
#include <string>
#include <vector>

#include "storage/database.h"

namespace omnihub::storage {

class AfterCommitRunner {
 public:
  // Call after the commit of the transaction that asked for `jobs`, on the caller's thread.
  // Returns once a run of each job has started after this call and finished (its own, or one
  // another committer started meanwhile).
  void Run(std::vector<AfterCommitJob> jobs, Database& db);

 private:
  struct Progress {
    int64_t asked = 0;    // commits that asked, numbered in the order they asked
    int64_t covered = 0;  // the highest number a finished run started after
    bool running = false;
  };

  std::mutex mu_;
  std::condition_variable finished_;
  std::map<std::string, Progress, std::less<>> progress_;  // by job name
};

}  // namespace omnihub::storage
