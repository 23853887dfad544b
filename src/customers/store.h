#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "customers/customers.h"
#include "storage/database.h"

// The customers module's SQL, and nothing else. Times are microseconds since the epoch.
namespace omnihub::customers::store {

struct ProfileRow {
  int64_t seq = 0;
  std::string id;
  std::optional<std::string> merged_into;
  int64_t created_at = 0;
  int64_t updated_at = 0;
  std::optional<int64_t> erased_at;
  std::optional<int64_t> first_seen_at;
  std::optional<int64_t> last_seen_at;
  int64_t event_count = 0;
  // Per Segment type, in the order of kCountedTypes.
  std::vector<int64_t> type_counts;
  int64_t orders_count = 0;
  int64_t revenue_minor = 0;
  std::optional<int64_t> last_purchase_at;
  std::optional<std::string> last_purchase_channel_id;
};

// The event types counted in columns of customers_profiles; others go to
// customers_event_counts.
inline constexpr std::string_view kCountedTypes[] = {"track",  "identify", "page",
                                                     "screen", "group",    "alias"};

struct Owner {
  std::string customer_id;
  int64_t seq = 0;  // the owning profile's creation order
};

struct IdentifierRow {
  Identifier id;  // normalised
  std::string raw;
  std::string customer_id;
  std::optional<std::string> channel_id;
  std::string source;
  int64_t added_at = 0;
  bool verified = true;  // false: linked by a claim (docs/security.md, finding 4)
};

struct TraitRow {
  std::string name;
  std::string value_json;
  std::string source;
  std::optional<std::string> channel_id;
  int64_t updated_at = 0;
};

struct ConsentRow {
  std::string purpose;
  std::string channel;
  bool granted = false;
  std::string source;
  int64_t updated_at = 0;
};

struct MergeRow {
  std::string survivor_id;
  std::string merged_id;
  std::string cause;
  int64_t merged_at = 0;
};

struct ConflictRow {
  int64_t seq = 0;
  std::string customer_id;
  std::optional<std::string> other_customer_id;
  std::string identifier_type;
  std::string identifier_ns;
  std::optional<std::string> identifier_value;
  std::string limit_type;
  std::string cause;
  std::string status;
  int64_t created_at = 0;
};

struct AccessRow {
  std::string customer_id;
  std::string key_id;
  std::string role;
  std::string action;
  std::string request_id;
  int64_t accessed_at = 0;
};

// Profiles.
Result<int64_t> InsertProfile(storage::Tx& tx, std::string_view id, int64_t now);  // -> seq
Result<std::optional<ProfileRow>> SelectProfile(storage::Tx& tx, std::string_view id);
// The creation order of an existing profile.
Result<int64_t> SelectSeq(storage::Tx& tx, std::string_view id);
Result<std::vector<std::string>> SelectMergedInto(storage::Tx& tx, std::string_view survivor);
// Counts one event on a live profile; returns false when `id` is merged away or erased.
Result<bool> CountEvent(storage::Tx& tx, std::string_view id, std::string_view event_type,
                        int64_t occurred_at, int64_t now);
// Sets updated_at of a live profile; returns false when `id` is merged away or erased.
Result<bool> TouchProfile(storage::Tx& tx, std::string_view id, int64_t now);
// merged_into := survivor for `merged` and every profile that redirected to it.
Result<bool> MarkMerged(storage::Tx& tx, std::string_view merged, std::string_view survivor,
                        int64_t now);
// Adds `from`'s counters to `into`'s (first/last seen widened, the later last purchase kept).
Result<void> AddCounters(storage::Tx& tx, std::string_view into, const ProfileRow& from,
                         int64_t now);
// Records that `order_id` is counted on `customer_id`; false when it was counted already.
Result<bool> InsertCountedOrder(storage::Tx& tx, std::string_view order_id,
                                std::string_view customer_id, int64_t now);
// Counts one completed order on a live profile: orders_count + 1, revenue, and the last
// purchase when `purchased_at` is not older than it. False when `id` is merged away or erased.
Result<bool> CountOrder(storage::Tx& tx, std::string_view id, int64_t amount_minor,
                        int64_t purchased_at, const std::optional<std::string>& channel_id,
                        int64_t now);
Result<void> MarkErased(storage::Tx& tx, const std::vector<std::string>& ids, int64_t now);

// Identifiers.
// The profile holding `id` (always a live one: identifiers move on merge).
Result<std::optional<std::string>> SelectOwner(storage::Tx& tx, const Identifier& id);
// Whether the profile holds an identifier linked by a verified source; `beyond_anonymous_ids`:
// one that is not an anonymous id (the profile is a person, not only a browser).
Result<bool> HoldsVerifiedIdentifier(storage::Tx& tx, std::string_view customer_id,
                                     bool beyond_anonymous_ids = false);
// False when the identifier already has an owner (a concurrent commit claimed it first).
Result<bool> InsertIdentifier(storage::Tx& tx, const IdentifierRow& row);
// Locks these profiles' rows until the transaction ends, in id order (PostgreSQL; SQLite's
// writer is alone): what resolution, merges and erasure hold instead of a global lock.
Result<void> LockProfiles(storage::Tx& tx, std::vector<std::string> ids);
Result<std::vector<IdentifierRow>> SelectIdentifiers(storage::Tx& tx, std::string_view customer_id);
Result<std::map<IdentifierType, int>> CountIdentifiers(storage::Tx& tx,
                                                       std::string_view customer_id);

// Traits and consents: an upsert never replaces a newer value.
Result<std::vector<TraitRow>> SelectTraits(storage::Tx& tx, std::string_view customer_id);
Result<void> UpsertTrait(storage::Tx& tx, std::string_view customer_id, const TraitRow& row);
Result<std::vector<ConsentRow>> SelectConsents(storage::Tx& tx, std::string_view customer_id);
Result<void> UpsertConsent(storage::Tx& tx, std::string_view customer_id, const ConsentRow& row);

// Computed attributes kept beside the profile row.
Result<void> InsertChannel(storage::Tx& tx, std::string_view customer_id,
                           std::string_view channel_id);
Result<std::vector<std::string>> SelectChannels(storage::Tx& tx, std::string_view customer_id);
Result<void> IncrementEventCount(storage::Tx& tx, std::string_view customer_id,
                                 std::string_view event_type);
Result<std::vector<std::pair<std::string, int64_t>>> SelectEventCounts(
    storage::Tx& tx, std::string_view customer_id);

// Search terms.
Result<void> InsertTerm(storage::Tx& tx, std::string_view term, std::string_view customer_id,
                        std::string_view kind);
Result<void> DeleteTerms(storage::Tx& tx, std::string_view customer_id, std::string_view kind);
// Live profiles (seq, id) with a term in [lo, hi), seq > after, at most `limit`.
Result<std::vector<Owner>> SearchTerms(storage::Tx& tx, std::string_view lo, std::string_view hi,
                                       int64_t after, int limit);

// Everything `from` holds moves to `into` (traits and consents: the newer value wins; counted
// orders too).
Result<void> MoveRows(storage::Tx& tx, std::string_view from, std::string_view into);
// Deletes every personal row of `customer_id` (identifiers, traits, consents, terms, counts).
Result<void> DeletePersonalRows(storage::Tx& tx, std::string_view customer_id);

// Merge history and conflicts.
Result<void> InsertMerge(storage::Tx& tx, const MergeRow& row);
Result<std::vector<MergeRow>> SelectMerges(storage::Tx& tx, const std::vector<std::string>& ids);
Result<int64_t> InsertConflict(storage::Tx& tx, const ConflictRow& row);  // -> seq
// Whether an open conflict records the same link (profiles and identifier) already.
Result<bool> OpenConflictExists(storage::Tx& tx, const ConflictRow& row);
Result<std::vector<ConflictRow>> SelectConflicts(storage::Tx& tx, std::string_view status,
                                                 int64_t after, int limit);
Result<std::vector<ConflictRow>> SelectConflictsOf(storage::Tx& tx,
                                                   const std::vector<std::string>& ids);
// Forgets the identifier values of conflicts naming these profiles.
Result<void> ScrubConflicts(storage::Tx& tx, const std::vector<std::string>& ids);

// Suppression list.
Result<void> InsertErasedHash(storage::Tx& tx, std::string_view hash, int64_t now);
Result<bool> IsErasedHash(storage::Tx& tx, std::string_view hash);

// Access log.
Result<void> InsertAccess(storage::Tx& tx, const AccessRow& row);
Result<std::vector<AccessRow>> SelectAccess(storage::Tx& tx, const std::vector<std::string>& ids);

}  // namespace omnihub::customers::store
