#include <algorithm>
#include <map>
#include <set>

#include "changes/changes.h"
#include "customers/customers_service.h"
#include "customers/events.h"
#include "customers/identity.h"

namespace omnihub::customers {
namespace {

// An owner found by an observation, ranked by the best identifier that found it.
struct RankedOwner {
  store::Owner owner;
  int priority = 0;
  size_t candidate = 0;  // index of that identifier in the matched list
};

// The first limited type whose limit `a` and `b` together would break, or nullopt.
std::optional<IdentifierType> Breach(const Limits& limits, std::map<IdentifierType, int>& a,
                                     std::map<IdentifierType, int>& b) {
  for (const auto& [type, max] : limits.max_per_profile) {
    if (a[type] + b[type] > max) {
      return type;
    }
  }
  return std::nullopt;
}

// Rule d': the first unowned identifier in `matched` that the anchor has no room for (its
// `counts` per type, plus the unowned identifiers before it that fit) and that outranks
// `anchor_priority`, the best identifier the anchor was found by; nullopt if there is none.
std::optional<size_t> OutrankingRefusal(const Limits& limits, const std::vector<Candidate>& matched,
                                        std::map<IdentifierType, int> counts, int anchor_priority) {
  for (size_t idx = 0; idx < matched.size(); ++idx) {
    const Candidate& candidate = matched[idx];
    if (candidate.owner) {
      continue;
    }
    auto limit = limits.max_per_profile.find(candidate.id.type);
    if (limit != limits.max_per_profile.end() && counts[candidate.id.type] >= limit->second) {
      if (candidate.priority < anchor_priority) {
        return idx;
      }
      continue;
    }
    ++counts[candidate.id.type];
  }
  return std::nullopt;
}

// What a claim may not reach (docs/security.md, finding 4): the matched identifiers owned by a
// profile that holds verified identifiers, unless one of the claim's anonymous ids already
// belongs to that profile (the browser is that person's). They are taken out of `matched` and
// returned. A verified write refuses nothing.
Result<std::vector<Candidate>> RefuseClaims(storage::Tx& tx, const ResolveInput& input,
                                            std::vector<Candidate>& matched) {
  std::vector<Candidate> refused;
  if (input.verified) {
    return refused;
  }
  std::set<std::string> vouched;
  for (const Candidate& candidate : matched) {
    if (candidate.owner && candidate.id.type == IdentifierType::kAnonymousId) {
      vouched.insert(*candidate.owner);
    }
  }
  std::map<std::string, bool> guarded;  // owner -> holds verified identifiers
  std::vector<Candidate> kept;
  for (Candidate& candidate : matched) {
    if (!candidate.owner || vouched.count(*candidate.owner) != 0) {
      kept.push_back(std::move(candidate));
      continue;
    }
    auto known = guarded.find(*candidate.owner);
    if (known == guarded.end()) {
      OMNI_ASSIGN_OR_RETURN(bool holds, store::HoldsVerifiedIdentifier(tx, *candidate.owner));
      known = guarded.emplace(*candidate.owner, holds).first;
    }
    (known->second ? refused : kept).push_back(std::move(candidate));
  }
  matched = std::move(kept);
  return refused;
}

// The profiles a resolution of `matched` may write: the named one (and the one it was merged
// into) and every owner, sorted.
Result<std::vector<std::string>> ProfilesInvolved(storage::Tx& tx, const std::string& named_id,
                                                  const std::vector<Candidate>& matched) {
  std::vector<std::string> ids;
  if (!named_id.empty()) {
    ids.push_back(named_id);
    OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> named,
                          store::SelectProfile(tx, named_id));
    if (named && named->merged_into) {
      ids.push_back(*named->merged_into);
    }
  }
  for (const Candidate& candidate : matched) {
    if (candidate.owner) {
      ids.push_back(*candidate.owner);
    }
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  return ids;
}

}  // namespace

Result<Resolution> CustomersServiceImpl::Observe(storage::Tx& tx, const Observation& observation) {
  ResolveInput input{.cause = observation.event_id,
                     .channel_id = observation.channel_id,
                     .verified = observation.verified};
  input.candidates.reserve(observation.identifiers.size());
  json::Object raw_traits;  // identifiers that cannot be matched, kept as given
  for (size_t idx = 0; idx < observation.identifiers.size(); ++idx) {
    const Identifier& given = observation.identifiers[idx];
    Result<Identifier> normal = Normalize(given, options_.default_region);
    if (!normal.ok()) {
      std::string name(NameOf(given.type));
      if (!Trim(given.ns).empty()) {
        name += ":" + std::string(Trim(given.ns));
      }
      const bool named_already =
          std::any_of(observation.traits.begin(), observation.traits.end(),
                      [&](const auto& trait) { return trait.first == name; });
      if (!Trim(given.value).empty() && !named_already) {
        raw_traits.emplace_back(std::move(name), given.value);
      }
      continue;
    }
    input.candidates.push_back(Candidate{.id = std::move(normal).value(),
                                         .raw = given.value,
                                         .priority = Priority(given.type),
                                         .previous_id = given.type == IdentifierType::kPreviousId});
  }
  if (input.candidates.empty()) {
    return Error::InvalidArgument("identifiers", "has no identifier that can be matched");
  }
  const int64_t occurred_at = UnixMicros(observation.occurred_at);
  const int64_t now = UnixMicros(clock_.Now());
  OMNI_ASSIGN_OR_RETURN(
      Resolution resolution, ResolveAndClaim(tx, input, [&](const std::string& customer_id) {
        return store::CountEvent(tx, customer_id, observation.event_type, occurred_at, now);
      }));
  if (resolution.suppressed) {
    return resolution;
  }
  const std::string& customer_id = resolution.customer_id;
  if (!observation.channel_id.empty()) {
    OMNI_TRY(store::InsertChannel(tx, customer_id, observation.channel_id));
  }
  if (!observation.event_type.empty() &&
      std::find(std::begin(store::kCountedTypes), std::end(store::kCountedTypes),
                observation.event_type) == std::end(store::kCountedTypes)) {
    OMNI_TRY(store::IncrementEventCount(tx, customer_id, observation.event_type));
  }
  const ValueSource from{.source = observation.event_id,
                         .channel_id = observation.channel_id,
                         .at = observation.occurred_at};
  OMNI_TRY(ApplyTraits(tx, customer_id, observation.traits, from));
  OMNI_TRY(ApplyTraits(tx, customer_id, raw_traits, from));
  // Consent must be demonstrable: a claim never gives or withdraws it.
  if (observation.verified) {
    OMNI_TRY(ApplyConsents(tx, customer_id, observation.consents, from));
  }
  return resolution;
}

Result<Resolution> CustomersServiceImpl::ResolveAndClaim(storage::Tx& tx, const ResolveInput& input,
                                                         const Claim& claim) {
  // Most observations only meet the one profile they already belong to: that needs neither
  // the lock nor any write but the claim.
  OMNI_ASSIGN_OR_RETURN(std::vector<Candidate> matched, Matched(tx, input.candidates));
  OMNI_ASSIGN_OR_RETURN(std::vector<Candidate> refused, RefuseClaims(tx, input, matched));
  std::string only_owner = input.named_id;
  bool one_profile = true;
  for (const Candidate& candidate : matched) {
    if (candidate.owner && only_owner.empty()) {
      only_owner = *candidate.owner;
    }
    one_profile = one_profile && candidate.owner && *candidate.owner == only_owner;
  }
  if (one_profile && !only_owner.empty() && refused.empty()) {
    OMNI_ASSIGN_OR_RETURN(bool claimed, claim(only_owner));
    if (claimed) {
      return Resolution{.customer_id = only_owner};
    }
    // Merged away or erased since we looked (PostgreSQL): resolve again under the locks.
  }
  // Lock the rows of the profiles this resolution may write, then read again under the locks:
  // resolutions of different people never wait for each other. A profile that became involved
  // meanwhile (an identifier moved by a merge) was not locked: start again.
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> locked,
                        ProfilesInvolved(tx, input.named_id, matched));
  OMNI_TRY(store::LockProfiles(tx, locked));
  OMNI_ASSIGN_OR_RETURN(matched, Matched(tx, input.candidates));
  OMNI_ASSIGN_OR_RETURN(refused, RefuseClaims(tx, input, matched));
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> involved,
                        ProfilesInvolved(tx, input.named_id, matched));
  if (!std::includes(locked.begin(), locked.end(), involved.begin(), involved.end())) {
    return storage::RetryTransaction("the profiles to resolve changed while being locked");
  }
  OMNI_ASSIGN_OR_RETURN(bool suppressed, Suppressed(tx, matched));
  if (suppressed) {
    return Resolution{.suppressed = true};
  }
  OMNI_ASSIGN_OR_RETURN(Resolution resolution, Resolve(tx, matched, input));
  // A refused claim is kept for review, linking the claimant's profile to the one it named.
  for (const Candidate& candidate : refused) {
    OMNI_TRY(RecordConflict(
        tx, store::ConflictRow{.customer_id = resolution.customer_id,
                               .other_customer_id = *candidate.owner,
                               .identifier_type = std::string(NameOf(candidate.id.type)),
                               .identifier_ns = candidate.id.ns,
                               .identifier_value = candidate.id.value,
                               .limit_type = "unverified_claim",
                               .cause = input.cause,
                               .status = "open",
                               .created_at = UnixMicros(clock_.Now())}));
    ++resolution.conflicts;
  }
  OMNI_ASSIGN_OR_RETURN(bool claimed, claim(resolution.customer_id));
  OMNI_CHECK(claimed, "under its row lock no one else merges or erases the profile");
  return resolution;
}

Result<Resolution> CustomersServiceImpl::Resolve(storage::Tx& tx,
                                                 const std::vector<Candidate>& matched,
                                                 const ResolveInput& input) {
  std::vector<RankedOwner> owners;
  if (!input.named_id.empty()) {
    OMNI_ASSIGN_OR_RETURN(store::ProfileRow named, LiveProfile(tx, input.named_id));
    owners.push_back(RankedOwner{.owner = {.customer_id = named.id, .seq = named.seq},
                                 .priority = -1});  // named by the caller: ahead of all
  }
  for (size_t idx = 0; idx < matched.size(); ++idx) {
    const Candidate& candidate = matched[idx];
    if (!candidate.owner) {
      continue;
    }
    auto known = std::find_if(owners.begin(), owners.end(), [&](const RankedOwner& owner) {
      return owner.owner.customer_id == *candidate.owner;
    });
    if (known == owners.end()) {
      OMNI_ASSIGN_OR_RETURN(int64_t seq, store::SelectSeq(tx, *candidate.owner));
      owners.push_back(RankedOwner{.owner = {.customer_id = *candidate.owner, .seq = seq},
                                   .priority = candidate.priority,
                                   .candidate = idx});
    } else if (candidate.priority < known->priority) {
      known->priority = candidate.priority;
      known->candidate = idx;
    }
  }
  std::stable_sort(owners.begin(), owners.end(), [](const RankedOwner& a, const RankedOwner& b) {
    return a.priority != b.priority ? a.priority < b.priority : a.owner.seq < b.owner.seq;
  });

  Resolution resolution;
  store::Owner anchor;
  std::map<IdentifierType, int> counts;  // the anchor's identifiers per type
  if (owners.empty()) {
    OMNI_ASSIGN_OR_RETURN(anchor, CreateProfile(tx, input));
    resolution.created = true;
  } else {
    anchor = owners.front().owner;
    OMNI_ASSIGN_OR_RETURN(counts, store::CountIdentifiers(tx, anchor.customer_id));
  }
  const int64_t now = UnixMicros(clock_.Now());
  for (size_t idx = 1; idx < owners.size(); ++idx) {
    const store::Owner& other = owners[idx].owner;
    OMNI_ASSIGN_OR_RETURN(auto other_counts, store::CountIdentifiers(tx, other.customer_id));
    if (std::optional<IdentifierType> breach = Breach(options_.limits, counts, other_counts)) {
      const Identifier& link = matched[owners[idx].candidate].id;
      OMNI_TRY(
          RecordConflict(tx, store::ConflictRow{.customer_id = anchor.customer_id,
                                                .other_customer_id = other.customer_id,
                                                .identifier_type = std::string(NameOf(link.type)),
                                                .identifier_ns = link.ns,
                                                .identifier_value = link.value,
                                                .limit_type = std::string(NameOf(*breach)),
                                                .cause = input.cause,
                                                .status = "open",
                                                .created_at = now}));
      ++resolution.conflicts;
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(store::Owner survivor, Merge(tx, anchor, other, input.cause));
    resolution.merged_ids.push_back(
        survivor.customer_id == anchor.customer_id ? other.customer_id : anchor.customer_id);
    anchor = survivor;
    for (const auto& [type, count] : other_counts) {
      counts[type] += count;
    }
  }
  // Rule d': an unowned identifier the anchor has no room for, ranked above everything the
  // anchor was found by (a new user id where only an e-mail matched), says the event is someone
  // else's: it gets a profile of its own, linked to the anchor by a conflict. (An API write's
  // named profile ranks above every identifier, so this never moves such a write.)
  if (!owners.empty()) {
    const RankedOwner& found = owners.front();
    if (std::optional<size_t> refused =
            OutrankingRefusal(options_.limits, matched, counts, found.priority)) {
      OMNI_ASSIGN_OR_RETURN(store::Owner own, CreateProfile(tx, input));
      resolution.created = true;
      const Identifier& link = matched[found.candidate].id;
      OMNI_TRY(RecordConflict(
          tx, store::ConflictRow{.customer_id = own.customer_id,
                                 .other_customer_id = anchor.customer_id,
                                 .identifier_type = std::string(NameOf(link.type)),
                                 .identifier_ns = link.ns,
                                 .identifier_value = link.value,
                                 .limit_type = std::string(NameOf(matched[*refused].id.type)),
                                 .cause = input.cause,
                                 .status = "open",
                                 .created_at = now}));
      ++resolution.conflicts;
      anchor = own;
      counts.clear();
    }
  }
  // Rule d: the unowned identifiers join the anchor (or the event's own profile) in order,
  // within its limits.
  for (const Candidate& candidate : matched) {
    if (candidate.owner) {
      continue;
    }
    auto limit = options_.limits.max_per_profile.find(candidate.id.type);
    if (limit != options_.limits.max_per_profile.end() &&
        counts[candidate.id.type] >= limit->second) {
      const std::string type(NameOf(candidate.id.type));
      OMNI_TRY(RecordConflict(tx, store::ConflictRow{.customer_id = anchor.customer_id,
                                                     .identifier_type = type,
                                                     .identifier_ns = candidate.id.ns,
                                                     .identifier_value = candidate.id.value,
                                                     .limit_type = type,
                                                     .cause = input.cause,
                                                     .status = "open",
                                                     .created_at = now}));
      ++resolution.conflicts;
      continue;
    }
    OMNI_TRY(Attach(tx, anchor.customer_id, candidate, input));
    ++counts[candidate.id.type];
  }
  resolution.customer_id = anchor.customer_id;
  return resolution;
}

}  // namespace omnihub::customers
