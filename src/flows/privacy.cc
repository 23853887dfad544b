#include "flows/privacy.h"

#include <algorithm>

#include "changes/changes.h"
#include "core/json.h"
#include "flows/events.h"
#include "idempotency/idempotency.h"

namespace omnihub::flows {
namespace {

constexpr std::string_view kErasedPayload = R"({"erased":true})";
constexpr int kExportedChangesLimit = 1000;

}  // namespace

Result<ErasureReport> ErasePerson(storage::Tx& tx, customers::CustomersService& customers,
                                  omnihub::events::EventsService& events,
                                  std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(customers::ErasedPerson person, customers.Erase(tx, customer_id));
  ErasureReport report{.customer_id = person.customer_ids.empty() ? std::string(customer_id)
                                                                  : person.customer_ids.front(),
                       .profiles = static_cast<int64_t>(person.customer_ids.size())};
  OMNI_ASSIGN_OR_RETURN(report.events,
                        events.Erase(tx, person.customer_ids, person.personal_strings));
  OMNI_ASSIGN_OR_RETURN(int64_t tagged,
                        changes::RedactCustomers(tx, person.customer_ids, kErasedPayload));
  OMNI_ASSIGN_OR_RETURN(int64_t mentioned,
                        changes::RedactContaining(tx, person.personal_strings, kErasedPayload));
  report.changes = tagged + mentioned;
  OMNI_ASSIGN_OR_RETURN(report.idempotent_responses,
                        idempotency::RedactResponsesContaining(tx, person.personal_strings));
  // Not about the person (no customer_id), so later redactions leave this audit record alone.
  OMNI_TRY(changes::Append(
      tx, events::kPersonErased,
      events::PersonErased{.customer_id = report.customer_id,
                           .counts = {{"profiles", report.profiles},
                                      {"events", report.events},
                                      {"changes", report.changes},
                                      {"idempotent_responses", report.idempotent_responses}}},
      {.entity_id = report.customer_id, .occurred_at = SystemClock().Now()}));
  return report;
}

Result<std::string> ExportPerson(storage::Tx& tx, customers::CustomersService& customers,
                                 omnihub::events::EventsService& events,
                                 std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::string survivor, customers.SurvivorOf(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::string profile, customers.ExportJson(tx, survivor));
  const storage::TxContext& who = tx.context();
  OMNI_TRY(customers.RecordAccess(tx, {.customer_id = survivor,
                                       .action = "export",
                                       .key_id = who.key_id,
                                       .role = http::Role::kAdmin,
                                       .request_id = who.request_id}));
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids, customers.MergedIds(tx, survivor));
  OMNI_ASSIGN_OR_RETURN(std::string person_events, events.ExportJson(tx, ids));
  json::Writer w;
  w.BeginObject()
      .Field("customer_id", survivor)
      .Field("exported_at", FormatRfc3339(SystemClock().Now()));
  w.Key("customer").Raw(profile);
  w.Key("events").Raw(person_events);
  w.Key("changes").BeginArray();
  int64_t before = 0;
  for (int page = 0; page < 1000; ++page) {
    OMNI_ASSIGN_OR_RETURN(
        std::vector<changes::StoredChange> batch,
        changes::ReadForCustomers(
            tx, {.customer_ids = ids, .before = before, .limit = kExportedChangesLimit}));
    for (const changes::StoredChange& change : batch) {
      w.Raw(changes::EncodeChange(change));
    }
    if (batch.size() < static_cast<size_t>(kExportedChangesLimit)) {
      break;
    }
    before = batch.back().seq;
  }
  w.EndArray().EndObject();
  return w.Take();
}

void RegisterPrivacyRoutes(http::Router& router, storage::Database& db,
                           customers::CustomersService& customers,
                           omnihub::events::EventsService& events) {
  router.Post(
      "/api/v1/customers/{id}/export",
      {.summary = "Everything stored about a person, as one JSON document (GDPR art. 15)",
       .roles = {http::Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"customer_id":{"type":"string"},)"
                          R"("exported_at":{"type":"string"},"customer":{"type":"object"},)"
                          R"("events":{"type":"array"},"changes":{"type":"array"}}})",
       .tag = "customers"},
      [&db, &customers, &events](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        // A write transaction: the export is recorded in the customers' access log.
        OMNI_ASSIGN_OR_RETURN(
            std::string document,
            db.InTransaction(
                [&](storage::Tx& tx) { return ExportPerson(tx, customers, events, id); },
                changes::WriterOf(req)));
        return http::Response::Ok(std::move(document));
      });
  router.Post(
      "/api/v1/customers/{id}/erasure",
      {.summary = "Erase a person everywhere (GDPR art. 17); complete when it answers",
       .roles = {http::Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"customer_id":{"type":"string"},)"
                          R"("erased":{"const":true},"profiles":{"type":"integer"},)"
                          R"("events":{"type":"integer"},"changes":{"type":"integer"},)"
                          R"("idempotent_responses":{"type":"integer"}}})",
       .tag = "customers"},
      [&db, &customers, &events](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(
            ErasureReport report,
            db.InTransaction(
                [&](storage::Tx& tx) { return ErasePerson(tx, customers, events, id); },
                changes::WriterOf(req)));
        json::Writer w;
        w.BeginObject()
            .Field("customer_id", report.customer_id)
            .Field("erased", true)
            .Field("profiles", report.profiles)
            .Field("events", report.events)
            .Field("changes", report.changes)
            .Field("idempotent_responses", report.idempotent_responses)
            .EndObject();
        return http::Response::Ok(w.Take());
      });
}

}  // namespace omnihub::flows
