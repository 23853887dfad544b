#pragma once

#include <functional>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "changes/event.h"
#include "core/id.h"
#include "customers/customers.h"
#include "customers/events.h"
#include "customers/store.h"

namespace omnihub::customers {

struct CustomerTag {
  static constexpr std::string_view kPrefix = "cus";
};
using CustomerId = Id<CustomerTag>;  // "cus_01J9ZQ3V6M8T2K4XW5N7B1C0DE"

// One identifier of an observation or API write, normalised, with the profile it matched.
struct Candidate {
  Identifier id;  // a previous_id becomes the user_id or anonymous_id it matched
  std::string raw;
  int priority = 0;
  bool previous_id = false;
  std::optional<std::string> owner;  // the live profile holding it
};

// What Observe and Write hand to the resolver.
struct ResolveInput {
  std::vector<Candidate> candidates;  // normalised, in the order given
  std::string named_id;               // Write to a named profile: its (live) id, else ""
  std::string cause;                  // the event id or "api:<key_id>"
  std::string channel_id;
  bool verified = true;  // Observation::verified
};

// Where a trait or consent value came from.
struct ValueSource {
  std::string source;  // event id or "api:<key_id>"
  std::string channel_id;
  TimePoint at;  // event time (last write wins by it)
};

// A person's name from the traits first_name / firstName, last_name / lastName and name;
// full is the name trait, else first and last joined.
struct PersonName {
  std::optional<std::string> first;
  std::optional<std::string> last;
  std::optional<std::string> full;
};
PersonName NameFromTraits(const std::vector<store::TraitRow>& traits);

// CustomersService, shared by the .cc files that implement it by operation:
// resolver.cc (Observe, Write), profile.cc (traits, consents, ProfileJson, Search),
// privacy.cc (Erase, ExportJson, access log), service.cc (the rest).
class CustomersServiceImpl final : public CustomersService {
 public:
  CustomersServiceImpl(const Clock& clock, Options options);

  Result<Resolution> Observe(storage::Tx& tx, const Observation& observation) override;
  Result<std::string> ProfileJson(storage::Tx& tx, std::string_view customer_id,
                                  bool with_personal_data) override;
  Result<std::string> SurvivorOf(storage::Tx& tx, std::string_view customer_id) override;
  Result<std::optional<std::string>> Find(storage::Tx& tx, const Identifier& id) override;
  Result<std::vector<std::string>> MergedIds(storage::Tx& tx,
                                             std::string_view customer_id) override;
  Result<PersonFootprint> Erase(storage::Tx& tx, std::string_view customer_id) override;
  Result<PersonFootprint> FootprintOf(storage::Tx& tx, std::string_view customer_id) override;
  Result<bool> IsKnownPerson(storage::Tx& tx, std::string_view customer_id) override;
  Result<std::string> ExportJson(storage::Tx& tx, std::string_view customer_id) override;
  Result<Resolution> Write(storage::Tx& tx, const ProfileWrite& write) override;
  Result<SearchPage> Search(storage::Tx& tx, const SearchQuery& query) override;
  Result<std::string> MergesJson(storage::Tx& tx, std::string_view customer_id) override;
  Result<std::string> ConflictsJson(storage::Tx& tx, const ConflictQuery& query,
                                    bool with_personal_data) override;
  Result<void> RecordAccess(storage::Tx& tx, const Access& access) override;
  Result<std::string> AccessLogJson(storage::Tx& tx, std::string_view customer_id) override;
  Result<bool> CountOrder(storage::Tx& tx, const CompletedOrder& order) override;
  const Options& options() const override { return options_; }

 private:
  // resolver.cc
  using Claim = std::function<Result<bool>(const std::string& customer_id)>;
  // Resolves `input` (README.md, rules a to d) and claims the resulting live profile with
  // `claim` (a guarded UPDATE of its row that fails once the profile is merged away or
  // erased). Without the identity lock when the identifiers all belong to one profile.
  Result<Resolution> ResolveAndClaim(storage::Tx& tx, const ResolveInput& input,
                                     const Claim& claim);
  // Rule a: each candidate's owner, duplicates folded into their first occurrence.
  Result<std::vector<Candidate>> Matched(storage::Tx& tx, const std::vector<Candidate>& given);
  // Rule b.
  Result<bool> Suppressed(storage::Tx& tx, const std::vector<Candidate>& matched);
  // Rules c, d' and d. REQUIRES: the identity lock is held.
  Result<Resolution> Resolve(storage::Tx& tx, const std::vector<Candidate>& matched,
                             const ResolveInput& input);
  // Merges the younger of `a` and `b` into the older; returns the survivor.
  Result<store::Owner> Merge(storage::Tx& tx, const store::Owner& a, const store::Owner& b,
                             const std::string& cause);
  Result<void> RecordConflict(storage::Tx& tx, const store::ConflictRow& row);
  Result<store::Owner> CreateProfile(storage::Tx& tx, const ResolveInput& input);
  Result<void> Attach(storage::Tx& tx, const std::string& customer_id, const Candidate& candidate,
                      const ResolveInput& input);
  // The live profile `customer_id` names (following a merge). Errors: kNotFound, with
  // details.erased for an erased person.
  Result<store::ProfileRow> LiveProfile(storage::Tx& tx, std::string_view customer_id);

  // profile.cc
  Result<void> ApplyTraits(storage::Tx& tx, const std::string& customer_id,
                           const json::Object& traits, const ValueSource& from);
  Result<void> ApplyConsents(storage::Tx& tx, const std::string& customer_id,
                             const std::vector<ConsentChange>& consents, const ValueSource& from);
  // Rewrites the profile's name search terms from its traits.
  Result<void> RefreshNameTerms(storage::Tx& tx, const std::string& customer_id);
  // Appends a change about the profile `customer_id` (its entity and its person).
  template <typename P>
  Result<void> AppendChange(storage::Tx& tx, const changes::EventType<P>& type,
                            const std::string& customer_id, const P& payload) {
    OMNI_TRY(changes::Append(
        tx, type, payload,
        {.entity_id = customer_id, .customer_id = customer_id, .occurred_at = clock_.Now()}));
    return Ok();
  }

  const Clock& clock_;
  const Options options_;
};

}  // namespace omnihub::customers
