#include "customers/codec.h"
#include "customers/customers_service.h"
#include "customers/identity.h"

namespace omnihub::customers {
namespace {

constexpr size_t kMaxSearchPrefix = 100;
// Sorts after every character, so [prefix, prefix + kAfterAll) holds exactly the terms that
// start with prefix (byte order: SQLite, and PostgreSQL in the C collation).
constexpr std::string_view kAfterAll = "\xf4\x8f\xbf\xbf";  // U+10FFFF

}  // namespace

CustomersServiceImpl::CustomersServiceImpl(const Clock& clock, Options options)
    : clock_(clock), options_(std::move(options)) {}

Result<std::string> CustomersServiceImpl::SurvivorOf(storage::Tx& tx,
                                                     std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> row,
                        store::SelectProfile(tx, customer_id));
  if (!row) {
    return Error::NotFound("customer", customer_id);
  }
  return row->merged_into.value_or(row->id);
}

Result<bool> CustomersServiceImpl::IsKnownPerson(storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::string survivor, SurvivorOf(tx, customer_id));
  return store::HoldsVerifiedIdentifier(tx, survivor, /*beyond_anonymous_ids=*/true);
}

Result<std::optional<std::string>> CustomersServiceImpl::Find(storage::Tx& tx,
                                                              const Identifier& id) {
  OMNI_ASSIGN_OR_RETURN(Identifier normal, Normalize(id, options_.default_region));
  std::vector<Identifier> forms = {normal};
  if (normal.type == IdentifierType::kPreviousId) {
    forms = {Identifier{.type = IdentifierType::kUserId, .value = normal.value},
             Identifier{.type = IdentifierType::kAnonymousId, .value = normal.value}};
  }
  for (const Identifier& form : forms) {
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectOwner(tx, form));
    if (owner) {
      return owner;
    }
  }
  return std::optional<std::string>();
}

Result<std::vector<std::string>> CustomersServiceImpl::MergedIds(storage::Tx& tx,
                                                                 std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::string survivor, SurvivorOf(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> merged, store::SelectMergedInto(tx, survivor));
  merged.insert(merged.begin(), survivor);
  return merged;
}

Result<SearchPage> CustomersServiceImpl::Search(storage::Tx& tx, const SearchQuery& query) {
  const std::string prefix = SearchPrefix(query.q);
  if (prefix.empty() || prefix.size() > kMaxSearchPrefix) {
    return Error::InvalidArgument("q", "must be 1 to 100 characters");
  }
  if (query.limit < 1 || query.limit > 100) {
    return Error::InvalidArgument("limit", "must be 1 to 100");
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::Owner> found,
                        store::SearchTerms(tx, prefix, prefix + std::string(kAfterAll), query.after,
                                           query.limit + 1));
  SearchPage page;
  if (found.size() > static_cast<size_t>(query.limit)) {
    found.resize(static_cast<size_t>(query.limit));
    page.next_cursor = found.back().seq;
  }
  for (const store::Owner& owner : found) {
    OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> profile,
                          store::SelectProfile(tx, owner.customer_id));
    OMNI_ASSIGN_OR_RETURN(std::vector<store::IdentifierRow> identifiers,
                          store::SelectIdentifiers(tx, owner.customer_id));
    OMNI_ASSIGN_OR_RETURN(std::vector<store::TraitRow> traits,
                          store::SelectTraits(tx, owner.customer_id));
    CustomerSummary summary{.id = owner.customer_id,
                            .created_at = FromUnixMicros(profile ? profile->created_at : 0),
                            .full_name = NameFromTraits(traits).full.value_or("")};
    for (const store::IdentifierRow& row : identifiers) {
      if (row.id.type == IdentifierType::kEmail) {
        summary.emails.push_back(row.id.value);
      } else if (row.id.type == IdentifierType::kPhone) {
        summary.phones.push_back(row.id.value);
      }
    }
    page.customers.push_back(std::move(summary));
  }
  return page;
}

Result<std::string> CustomersServiceImpl::MergesJson(storage::Tx& tx,
                                                     std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, MergedIds(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::MergeRow> merges, store::SelectMerges(tx, ids));
  json::Writer w;
  w.BeginObject().Field("customer_id", ids.front()).Key("merges").BeginArray();
  for (const store::MergeRow& merge : merges) {
    WriteMerge(w, merge);
  }
  w.EndArray().EndObject();
  return w.Take();
}

Result<std::string> CustomersServiceImpl::ConflictsJson(storage::Tx& tx, const ConflictQuery& query,
                                                        bool with_personal_data) {
  if (query.status != "open" && query.status != "resolved") {
    return Error::InvalidArgument("status", "must be open or resolved");
  }
  if (query.limit < 1 || query.limit > 200) {
    return Error::InvalidArgument("limit", "must be 1 to 200");
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> rows,
                        store::SelectConflicts(tx, query.status, query.after, query.limit + 1));
  const bool more = rows.size() > static_cast<size_t>(query.limit);
  if (more) {
    rows.resize(static_cast<size_t>(query.limit));
  }
  json::Writer w;
  w.BeginObject().Key("conflicts").BeginArray();
  for (const store::ConflictRow& row : rows) {
    WriteConflict(w, row, with_personal_data);
  }
  w.EndArray().Key("next_cursor");
  if (more) {
    w.String(std::to_string(rows.back().seq));
  } else {
    w.Null();
  }
  w.EndObject();
  return w.Take();
}

std::unique_ptr<CustomersService> NewCustomersService(const Clock& clock, Options options) {
  return std::make_unique<CustomersServiceImpl>(clock, std::move(options));
}

}  // namespace omnihub::customers
