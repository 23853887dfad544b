#pragma once

#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "changes/event.h"
#include "changes/types.h"
#include "core/result.h"
#include "http/response.h"
#include "http/router.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The change log: how every channel sees a change at once. Services append in the same
// transaction as the state change; readers pull (/api/v1/changes) or are pushed to
// (/api/v1/stream, Server-Sent Events). No change is ever skipped or delivered out of order.
namespace omnihub::changes {

storage::MigrationSet Migrations();

// Who writes in a request's transaction: its key's channel, the key and the request id.
// Every module's handlers pass this to Database::InTransaction.
storage::TxContext WriterOf(const http::Request& request);

// Changes after `query.after`, oldest first, at most `query.limit`.
Result<std::vector<StoredChange>> Read(storage::Tx& tx, const ChangeQuery& query);

// One person's changes, newest first (the customer timeline).
Result<std::vector<StoredChange>> ReadForCustomers(storage::Tx& tx,
                                                   const CustomerChangeQuery& query);

// Replaces the payload of every change about these customers (erasure); the rest of each
// change (type, entity, time, channel) is kept as a non-personal record. Returns how many.
Result<int64_t> RedactCustomers(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                                std::string_view replacement_payload);

// Replaces the payload of every change whose payload contains one of `strings` (compared
// lower-case): erasure's net for personal data in changes not tagged with the person.
// Scans the log; returns how many.
Result<int64_t> RedactContaining(storage::Tx& tx, const std::vector<std::string>& strings,
                                 std::string_view replacement_payload);

// The highest committed sequence number (0 for an empty log).
Result<int64_t> LatestSeq(storage::Tx& tx);

// "id: <seq>\nevent: <type>\ndata: <json>\n\n"
std::string FormatEvent(const StoredChange& change);
// The JSON form used by both the pull API and the stream.
std::string EncodeChange(const StoredChange& change);

// Fans committed changes out to stream subscribers on this node. Wakes on local commits and,
// on PostgreSQL, on NOTIFY from other nodes; the table is the truth, the wake-up only a hint.
// Thread-safe.
class FeedPrivacy;  // feed_privacy.h

class Hub {
 public:
  struct Options {
    std::chrono::milliseconds poll_interval{1000};  // safety net when no wake-up arrives
    size_t max_queued_bytes = 4 << 20;              // per subscriber, then it is disconnected
    // What each reader may see; nullptr: every reader sees every change whole (tests).
    const FeedPrivacy* privacy = nullptr;
  };
  virtual ~Hub() = default;

  // A stream of changes after `after` whose type starts with one of `type_prefixes`, each as
  // `reader` may see it (Options::privacy).
  virtual std::shared_ptr<http::EventStream> Subscribe(int64_t after,
                                                       std::vector<std::string> type_prefixes,
                                                       http::Principal reader = {}) = 0;
  // Wakes the hub: call after a local commit (Database::SetCommitListener).
  virtual void Notify() = 0;
  // `fn` sees every change this node's hub reads, in order, on the hub thread (keep it fast).
  // For caches that must drop what another node changed.
  virtual void Observe(std::function<void(const StoredChange&)> fn) = 0;
  // Ends every subscription and the hub's threads.
  virtual void Stop() = 0;
  virtual int subscribers() const = 0;
};

// Starts the hub's threads. Borrows `db`, which must outlive the hub.
std::unique_ptr<Hub> StartHub(storage::Database& db, Hub::Options options);

// The roles that may read the change feed (both routes below).
const std::vector<http::Role>& FeedReaders();

// GET /api/v1/changes and GET /api/v1/stream, each change as the caller may see it. Borrows
// db, hub and privacy.
void RegisterRoutes(http::Router& router, storage::Database& db, Hub& hub,
                    const FeedPrivacy& privacy);

}  // namespace omnihub::changes
