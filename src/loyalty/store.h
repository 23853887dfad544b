#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "loyalty/types.h"
#include "storage/database.h"

// The loyalty module's SQL, and nothing else.
namespace omnihub::loyalty::store {

Result<Programme> SelectProgramme(storage::Tx& tx);
Result<void> UpdateProgramme(storage::Tx& tx, const Programme& programme);

// Inserts the entry and returns its seq. Errors: kConflict when its (kind, source) is taken.
Result<int64_t> InsertEntry(storage::Tx& tx, const Entry& entry);
Result<std::optional<Entry>> SelectSourceEntry(storage::Tx& tx, EntryKind kind,
                                               std::string_view source_type,
                                               std::string_view source_id);
// How many earn entries of `source_type` the customer has (reversed or not).
Result<int64_t> CountEarns(storage::Tx& tx, std::string_view customer_id,
                           std::string_view source_type);
// Newest first, seq < before (0: no bound).
Result<std::vector<Entry>> SelectEntries(storage::Tx& tx, std::string_view customer_id,
                                         int64_t before, int limit);
Result<int64_t> SumEntries(storage::Tx& tx, std::string_view customer_id);

// A credit's unspent points.
struct Lot {
  std::string entry_id;
  std::string customer_id;
  int64_t points = 0;
  int64_t remaining = 0;
  int64_t expired = 0;
  TimePoint expires_at;
};
// Clears the free-text reasons of the customer's entries (erasure); returns how many.
Result<int64_t> ForgetReasons(storage::Tx& tx, std::string_view customer_id);
Result<void> InsertLot(storage::Tx& tx, const Lot& lot);
Result<std::optional<Lot>> SelectLot(storage::Tx& tx, std::string_view entry_id);
// The customer's lots with points left and expires_at > now, oldest expiry first.
Result<std::vector<Lot>> SelectLiveLots(storage::Tx& tx, std::string_view customer_id,
                                        TimePoint now);
// Lots with points left and expires_at <= now, oldest first; of one customer when given.
Result<std::vector<Lot>> SelectDueLots(storage::Tx& tx, TimePoint now, int limit,
                                       std::optional<std::string_view> customer_id);
// remaining -= points where remaining >= points; returns rows changed (0 or 1).
Result<int64_t> TakeFromLot(storage::Tx& tx, std::string_view entry_id, int64_t points);
// remaining -= points, expired += points where remaining >= points.
Result<int64_t> ExpireFromLot(storage::Tx& tx, std::string_view entry_id, int64_t points);

// Points earned (earns less their reverses) with occurred_at > since.
Result<int64_t> TierPoints(storage::Tx& tx, std::string_view customer_id, TimePoint since);
Result<std::optional<std::string>> SelectAccountTier(storage::Tx& tx, std::string_view customer_id);
Result<void> UpsertAccountTier(storage::Tx& tx, std::string_view customer_id, std::string_view tier,
                               TimePoint now);

}  // namespace omnihub::loyalty::store
