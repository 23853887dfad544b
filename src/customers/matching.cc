// Matching an observation's identifiers to the profiles that own them, and the suppression
// list of erased identifiers: the reads resolution decides on.
#include "customers/customers_service.h"
#include "customers/identity.h"

namespace omnihub::customers {
namespace {

bool SameIdentifier(const Identifier& a, const Identifier& b) {
  return a.type == b.type && a.value == b.value && a.ns == b.ns;
}

}  // namespace

Result<std::vector<Candidate>> CustomersServiceImpl::Matched(storage::Tx& tx,
                                                             const std::vector<Candidate>& given) {
  std::vector<Candidate> matched;
  matched.reserve(given.size());
  for (const Candidate& candidate : given) {
    Candidate found = candidate;
    if (candidate.previous_id) {
      // An alias names a user id or an anonymous id; unknown, it is kept as an anonymous id.
      found.id.type = IdentifierType::kUserId;
      OMNI_ASSIGN_OR_RETURN(found.owner, store::SelectOwner(tx, found.id));
      if (!found.owner) {
        found.id.type = IdentifierType::kAnonymousId;
        OMNI_ASSIGN_OR_RETURN(found.owner, store::SelectOwner(tx, found.id));
      }
    } else {
      OMNI_ASSIGN_OR_RETURN(found.owner, store::SelectOwner(tx, found.id));
    }
    auto same = std::find_if(matched.begin(), matched.end(), [&](const Candidate& earlier) {
      return SameIdentifier(earlier.id, found.id);
    });
    if (same != matched.end()) {
      same->priority = std::min(same->priority, found.priority);
      continue;
    }
    matched.push_back(std::move(found));
  }
  return matched;
}

Result<bool> CustomersServiceImpl::Suppressed(storage::Tx& tx,
                                              const std::vector<Candidate>& matched) {
  // Only unowned identifiers can be erased ones: erasure deletes them and nothing attaches
  // them again.
  for (const Candidate& candidate : matched) {
    if (candidate.owner) {
      continue;
    }
    std::vector<Identifier> forms = {candidate.id};
    if (candidate.previous_id) {
      forms.push_back(Identifier{.type = IdentifierType::kUserId, .value = candidate.id.value});
    }
    for (const Identifier& form : forms) {
      OMNI_ASSIGN_OR_RETURN(bool erased, store::IsErasedHash(tx, ErasureHash(form)));
      if (erased) {
        return true;
      }
    }
  }
  return false;
}

}  // namespace omnihub::customers
