#include "storage/after_commit.h"

#include <algorithm>

#include "core/log.h"

namespace omnihub::storage {

void Tx::AfterCommit(std::string name, std::function<Result<void>(Database&)> run) {
  const bool asked = std::any_of(after_commit_.begin(), after_commit_.end(),
                                 [&](const AfterCommitJob& job) { return job.name == name; });
  if (!asked) {
    after_commit_.push_back({std::move(name), std::move(run)});
  }
}

void AfterCommitRunner::Run(std::vector<AfterCommitJob> jobs, Database& db) {
  for (AfterCommitJob& job : jobs) {
    std::unique_lock lock(mu_);
    Progress& progress = progress_[job.name];
    // Our commit happened before this number was taken, so a run that starts once `ticket`
    // has been given out sees it.
    const int64_t ticket = ++progress.asked;
    while (progress.covered < ticket) {
      if (progress.running) {
        finished_.wait(lock);
        continue;
      }
      progress.running = true;
      const int64_t covers = progress.asked;
      lock.unlock();
      Result<void> done = job.run(db);
      if (!done.ok()) {
        log::Warn("after-commit job failed", {{"job", job.name}, {"error", done.error().message}});
      }
      lock.lock();
      progress.running = false;
      progress.covered = std::max(progress.covered, covers);
      finished_.notify_all();
    }
  }
}

}  // namespace omnihub::storage
