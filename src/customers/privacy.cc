#include <algorithm>
#include <set>

#include "customers/codec.h"
#include "customers/customers_service.h"
#include "customers/events.h"
#include "customers/identity.h"
#include "http/privacy.h"

namespace omnihub::customers {
namespace {

// Shorter strings would match unrelated records in the stores that search for these.
constexpr size_t kMinPersonalString = 3;

void AddPersonal(std::string_view text, std::set<std::string>& out) {
  text = Trim(text);
  if (text.size() >= kMinPersonalString) {
    out.emplace(text);
  }
}

}  // namespace

Access AccessOf(const http::Request& req, std::string customer_id, std::string action) {
  return Access{.customer_id = std::move(customer_id),
                .action = std::move(action),
                .key_id = req.principal.key_id,
                .role = req.principal.role,
                .request_id = req.request_id};
}

bool ReadsAreAudited(const http::Request& req) { return http::MaySeePersonalData(req.principal); }

Result<void> RecordReads(storage::Database& db, CustomersService& customers,
                         const http::Request& req, const std::vector<std::string>& customer_ids,
                         std::string_view action) {
  std::set<std::string> people;
  for (const std::string& id : customer_ids) {
    if (!id.empty()) {
      people.insert(id);
    }
  }
  if (people.empty() || !ReadsAreAudited(req)) {
    return Ok();
  }
  auto record = [&](storage::Tx& tx) -> Result<void> {
    for (const std::string& id : people) {
      OMNI_TRY(customers.RecordAccess(tx, AccessOf(req, id, std::string(action))));
    }
    return Ok();
  };
  return db.InTransaction(record, changes::WriterOf(req));
}

Result<PersonFootprint> CustomersServiceImpl::FootprintOf(storage::Tx& tx,
                                                          std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(store::ProfileRow profile, LiveProfile(tx, customer_id));
  PersonFootprint person;
  OMNI_ASSIGN_OR_RETURN(person.customer_ids, MergedIds(tx, profile.id));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::IdentifierRow> identifiers,
                        store::SelectIdentifiers(tx, profile.id));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> conflicts,
                        store::SelectConflictsOf(tx, person.customer_ids));
  std::set<std::string> values;
  for (const store::IdentifierRow& row : identifiers) {
    AddPersonal(row.id.value, values);
    AddPersonal(row.raw, values);
  }
  for (const store::ConflictRow& conflict : conflicts) {
    if (conflict.identifier_value) {
      AddPersonal(*conflict.identifier_value, values);
    }
  }
  person.identifiers.assign(values.begin(), values.end());
  return person;
}

Result<PersonFootprint> CustomersServiceImpl::Erase(storage::Tx& tx, std::string_view customer_id) {
  // The person's profile rows locked, no resolution merges into them or attaches to them
  // until the erasure commits; one merged in before the locks means starting again.
  OMNI_ASSIGN_OR_RETURN(PersonFootprint seen, FootprintOf(tx, customer_id));
  OMNI_TRY(store::LockProfiles(tx, seen.customer_ids));
  OMNI_ASSIGN_OR_RETURN(PersonFootprint erased, FootprintOf(tx, customer_id));
  if (erased.customer_ids != seen.customer_ids) {
    return storage::RetryTransaction("the person's profiles changed while being locked");
  }
  const std::string& profile_id = erased.customer_ids.front();
  const int64_t now = UnixMicros(clock_.Now());
  OMNI_ASSIGN_OR_RETURN(std::vector<store::IdentifierRow> identifiers,
                        store::SelectIdentifiers(tx, profile_id));
  for (const store::IdentifierRow& row : identifiers) {
    OMNI_TRY(store::InsertErasedHash(tx, ErasureHash(row.id), now));
  }
  for (const std::string& id : erased.customer_ids) {
    OMNI_TRY(store::DeletePersonalRows(tx, id));
  }
  OMNI_TRY(store::ScrubConflicts(tx, erased.customer_ids));
  OMNI_TRY(store::MarkErased(tx, erased.customer_ids, now));
  OMNI_TRY(AppendChange(
      tx, events::kProfileErased, profile_id,
      events::ProfileErased{.customer_id = profile_id, .erased_ids = erased.customer_ids}));
  return erased;
}

Result<std::string> CustomersServiceImpl::ExportJson(storage::Tx& tx,
                                                     std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(store::ProfileRow profile, LiveProfile(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, MergedIds(tx, profile.id));
  OMNI_ASSIGN_OR_RETURN(std::string profile_json, ProfileJson(tx, profile.id, true));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::IdentifierRow> identifiers,
                        store::SelectIdentifiers(tx, profile.id));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::MergeRow> merges, store::SelectMerges(tx, ids));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::ConflictRow> conflicts,
                        store::SelectConflictsOf(tx, ids));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::AccessRow> accesses, store::SelectAccess(tx, ids));
  json::Writer w;
  w.BeginObject().Field("customer_id", profile.id);
  w.Field("exported_at", FormatRfc3339(clock_.Now())).Key("profile").Raw(profile_json);
  // The profile shows identifiers normalised; the export adds how each was first given.
  w.Key("identifiers").BeginArray();
  for (const store::IdentifierRow& row : identifiers) {
    w.BeginObject().Field("type", NameOf(row.id.type)).Field("namespace", row.id.ns);
    w.Field("value", row.id.value).Field("raw", row.raw).Field("source", row.source);
    w.Key("channel_id");
    if (row.channel_id) {
      w.String(*row.channel_id);
    } else {
      w.Null();
    }
    w.Field("added_at", FormatRfc3339(FromUnixMicros(row.added_at))).EndObject();
  }
  w.EndArray().Key("merges").BeginArray();
  for (const store::MergeRow& merge : merges) {
    WriteMerge(w, merge);
  }
  w.EndArray().Key("conflicts").BeginArray();
  for (const store::ConflictRow& conflict : conflicts) {
    WriteConflict(w, conflict, true);
  }
  w.EndArray().Key("access_log").BeginArray();
  for (const store::AccessRow& access : accesses) {
    WriteAccess(w, access);
  }
  w.EndArray().EndObject();
  return w.Take();
}

Result<void> CustomersServiceImpl::RecordAccess(storage::Tx& tx, const Access& access) {
  if (!http::MaySeePersonalData({.role = access.role})) {
    return Ok();
  }
  return store::InsertAccess(tx, store::AccessRow{.customer_id = access.customer_id,
                                                  .key_id = access.key_id,
                                                  .role = std::string(NameOf(access.role)),
                                                  .action = access.action,
                                                  .request_id = access.request_id,
                                                  .accessed_at = UnixMicros(clock_.Now())});
}

Result<std::string> CustomersServiceImpl::AccessLogJson(storage::Tx& tx,
                                                        std::string_view customer_id) {
  // Works for an erased person too: the log holds only ids and outlives their data.
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, MergedIds(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::vector<store::AccessRow> accesses, store::SelectAccess(tx, ids));
  json::Writer w;
  w.BeginObject().Field("customer_id", ids.front()).Key("entries").BeginArray();
  for (const store::AccessRow& access : accesses) {
    WriteAccess(w, access);
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace omnihub::customers
