#pragma once

#include <chrono>
#include <functional>
#include <memory>
#include <string>
#include <vector>

#include "changes/types.h"
#include "core/result.h"
#include "storage/database.h"

// Durable subscribers: modules that react to another module's changes (loyalty earns on
// orders.order.completed, carts merge on customers.profile.merged) without being called by it.
namespace omnihub::changes {

// A subscriber handles each matching change after its commit, in order, in a transaction of
// its own that also moves the subscriber's cursor: a change whose handling committed is never
// handled again, on any node. A failing handler rolls back and is retried on the next pass
// (at least once); handlers should still be idempotent on the change's seq.
struct Subscription {
  std::string name;                        // stable: the cursor's key
  std::vector<std::string> type_prefixes;  // as ChangeQuery; empty: every change
  std::function<Result<void>(storage::Tx&, const StoredChange&)> handle;
  // Where a new subscriber starts: after the newest change (false) or from the beginning.
  bool from_beginning = false;
};

// Handles up to `limit` pending changes of `subscription`, each in its own transaction.
// Serialised across nodes by the cursor row. Returns how many were handled (skipped ones
// included). A handler error of the 4xx class (the change is wrong for this subscriber:
// kInvalidArgument, kNotFound, kConflict, kInsufficientStock, …) is permanent: the change is
// recorded in changes_subscriber_failures, logged, and skipped so later changes go on.
// Errors: the first transient handler error (5xx class; its change stays pending and is retried
// on the next pump), or as storage.
// `scanned` (optional, kept by the caller between pumps): how far the caller already knows
// there is nothing for the subscription, so the next pump does not rescan those changes.
Result<int> PumpOnce(storage::Database& db, const Subscription& subscription, int limit = 100,
                     int64_t* scanned = nullptr);

// Replaces the message of refusals recorded for changes about these customers or holding one
// of `strings` (compared lower-case; erasure). Returns how many.
Result<int64_t> RedactFailures(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                               const std::vector<std::string>& strings);

// Pumps every subscription on a background thread: woken by Wake() (call it when a commit may
// have produced matching changes, e.g. from Hub::Observe) and at least every `poll_interval`.
class SubscriberRunner {
 public:
  virtual ~SubscriberRunner() = default;
  virtual void Wake() = 0;
  // Wakes the runner when `change` matches one of its subscriptions (Hub::Observe calls it).
  // Call it for every change in seq order from the first one passed on: the runner then skips
  // re-reading changes it has seen none of its subscriptions wants.
  virtual void OnChange(const StoredChange& change) = 0;
  // Stops the thread after the pass in progress.
  virtual void Stop() = 0;
};

// Borrows `db`, which must outlive the runner.
std::unique_ptr<SubscriberRunner> StartSubscribers(
    storage::Database& db, std::vector<Subscription> subscriptions,
    std::chrono::milliseconds poll_interval = std::chrono::seconds(1));

}  // namespace omnihub::changes
