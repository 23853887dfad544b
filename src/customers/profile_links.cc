// The writes identity resolution makes (resolver.cc decides them): merging two profiles,
// linking an identifier, recording a refused link for review, creating a profile.
#include "changes/changes.h"
#include "customers/customers_service.h"
#include "customers/events.h"
#include "customers/identity.h"

namespace omnihub::customers {

Result<store::Owner> CustomersServiceImpl::Merge(storage::Tx& tx, const store::Owner& a,
                                                 const store::Owner& b, const std::string& cause) {
  const store::Owner& survivor = a.seq < b.seq ? a : b;
  const store::Owner& merged = a.seq < b.seq ? b : a;
  const int64_t now = UnixMicros(clock_.Now());
  // The merged row is redirected first: on PostgreSQL that locks it, so an event counted on it
  // concurrently either finishes before we read its counters or sees the redirect and retries.
  OMNI_ASSIGN_OR_RETURN(bool redirected,
                        store::MarkMerged(tx, merged.customer_id, survivor.customer_id, now));
  OMNI_CHECK(redirected, "identifiers only belong to live profiles, and we hold the lock");
  OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> row,
                        store::SelectProfile(tx, merged.customer_id));
  OMNI_CHECK(row.has_value(), "the row was just updated");
  OMNI_TRY(store::AddCounters(tx, survivor.customer_id, *row, now));
  OMNI_TRY(store::MoveRows(tx, merged.customer_id, survivor.customer_id));
  OMNI_TRY(RefreshNameTerms(tx, survivor.customer_id));
  OMNI_TRY(store::InsertMerge(tx, store::MergeRow{.survivor_id = survivor.customer_id,
                                                  .merged_id = merged.customer_id,
                                                  .cause = cause,
                                                  .merged_at = now}));
  OMNI_TRY(AppendChange(
      tx, events::kProfileMerged, survivor.customer_id,
      events::ProfileMerged{
          .survivor_id = survivor.customer_id, .merged_id = merged.customer_id, .cause = cause}));
  return survivor;
}

Result<void> CustomersServiceImpl::RecordConflict(storage::Tx& tx, const store::ConflictRow& row) {
  // The same refused link arrives with every event that carries it: one open record is enough.
  OMNI_ASSIGN_OR_RETURN(bool known, store::OpenConflictExists(tx, row));
  if (known) {
    return Ok();
  }
  OMNI_ASSIGN_OR_RETURN(int64_t conflict_id, store::InsertConflict(tx, row));
  return AppendChange(tx, events::kConflictRecorded, row.customer_id,
                      events::ConflictRecorded{.conflict_id = conflict_id,
                                               .customer_id = row.customer_id,
                                               .other_customer_id = row.other_customer_id,
                                               .identifier_type = row.identifier_type,
                                               .limit_type = row.limit_type,
                                               .cause = row.cause});
}

Result<store::Owner> CustomersServiceImpl::CreateProfile(storage::Tx& tx,
                                                         const ResolveInput& input) {
  const TimePoint now = clock_.Now();
  const std::string id = CustomerId::Generate(now).str();
  OMNI_ASSIGN_OR_RETURN(int64_t seq, store::InsertProfile(tx, id, UnixMicros(now)));
  OMNI_TRY(
      AppendChange(tx, events::kProfileCreated, id,
                   events::ProfileCreated{
                       .customer_id = id, .channel_id = input.channel_id, .cause = input.cause}));
  return store::Owner{.customer_id = id, .seq = seq};
}

Result<void> CustomersServiceImpl::Attach(storage::Tx& tx, const std::string& customer_id,
                                          const Candidate& candidate, const ResolveInput& input) {
  std::optional<std::string> channel_id;
  if (!input.channel_id.empty()) {
    channel_id = input.channel_id;
  }
  OMNI_ASSIGN_OR_RETURN(
      bool inserted,
      store::InsertIdentifier(tx, store::IdentifierRow{.id = candidate.id,
                                                       .raw = candidate.raw,
                                                       .customer_id = customer_id,
                                                       .channel_id = channel_id,
                                                       .source = input.cause,
                                                       .added_at = UnixMicros(clock_.Now()),
                                                       .verified = input.verified}));
  if (!inserted) {
    // Unowned when resolution matched it, claimed by a commit since: resolve again.
    return storage::RetryTransaction("an identifier was claimed concurrently");
  }
  for (const std::string& term : SearchTermsOf(candidate.id)) {
    OMNI_TRY(store::InsertTerm(tx, term, customer_id, NameOf(candidate.id.type)));
  }
  return Ok();
}

Result<store::ProfileRow> CustomersServiceImpl::LiveProfile(storage::Tx& tx,
                                                            std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> row,
                        store::SelectProfile(tx, customer_id));
  if (row && row->merged_into) {
    OMNI_ASSIGN_OR_RETURN(row, store::SelectProfile(tx, *row->merged_into));
    OMNI_CHECK(row.has_value(), "merged_into names an existing profile");
  }
  if (!row) {
    return Error::NotFound("customer", customer_id);
  }
  if (row->erased_at) {
    return Error::NotFound("customer", customer_id).With("erased", true);
  }
  return *std::move(row);
}

}  // namespace omnihub::customers
