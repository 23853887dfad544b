#include "flows/privacy.h"

#include "changes/changes.h"
#include "core/json.h"
#include "core/log.h"
#include "customers/customers.h"
#include "flows/events.h"

namespace omnihub::flows {

Result<ErasureReport> ErasePerson(storage::Tx& tx, node::Node& node, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(customers::PersonFootprint erased,
                        node.Get<customers::CustomersService>().Erase(tx, customer_id));
  const node::Person person{.customer_id = erased.customer_ids.empty()
                                               ? std::string(customer_id)
                                               : erased.customer_ids.front(),
                            .customer_ids = erased.customer_ids,
                            .identifiers = erased.identifiers};
  ErasureReport report{.customer_id = person.customer_id,
                       .counts = {{"profiles", static_cast<int64_t>(erased.customer_ids.size())}}};
  for (const node::Module* module : node.modules()) {
    if (module->privacy == nullptr) {
      continue;
    }
    for (const node::PrivacyPart& part : module->privacy()) {
      if (part.erase != nullptr) {
        OMNI_ASSIGN_OR_RETURN(int64_t touched, part.erase(tx, node, person));
        report.counts[std::string(part.key)] += touched;
      }
      report.tables.insert(part.tables.begin(), part.tables.end());
    }
  }
  // Not about the person (no customer_id), so later redactions leave this audit record alone.
  OMNI_TRY(changes::Append(
      tx, events::kPersonErased,
      events::PersonErased{.customer_id = report.customer_id, .counts = report.counts},
      {.entity_id = report.customer_id, .occurred_at = node.clock().Now()}));
  return report;
}

Result<std::string> ExportPerson(storage::Tx& tx, node::Node& node, std::string_view customer_id) {
  customers::CustomersService& customers = node.Get<customers::CustomersService>();
  OMNI_ASSIGN_OR_RETURN(customers::PersonFootprint footprint,
                        customers.FootprintOf(tx, customer_id));
  const std::string survivor = footprint.customer_ids.front();
  const storage::TxContext& who = tx.context();
  OMNI_TRY(customers.RecordAccess(tx, {.customer_id = survivor,
                                       .action = "export",
                                       .key_id = who.key_id,
                                       .role = http::Role::kAdmin,
                                       .request_id = who.request_id}));
  const node::Person person{.customer_id = survivor,
                            .customer_ids = std::move(footprint.customer_ids),
                            .identifiers = std::move(footprint.identifiers)};
  json::Writer w;
  w.BeginObject()
      .Field("customer_id", survivor)
      .Field("exported_at", FormatRfc3339(node.clock().Now()));
  for (const node::Module* module : node.modules()) {
    if (module->privacy == nullptr) {
      continue;
    }
    for (const node::PrivacyPart& part : module->privacy()) {
      if (part.export_json != nullptr) {
        OMNI_ASSIGN_OR_RETURN(std::string value, part.export_json(tx, node, person));
        w.Key(part.key).Raw(value);
      }
    }
  }
  w.EndObject();
  return w.Take();
}

void RegisterPrivacyRoutes(http::Router& router, node::Node& node) {
  router.Post(
      "/api/v1/customers/{id}/export",
      {.summary = "Everything stored about a person, as one JSON document (GDPR art. 15)",
       .roles = {http::Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"customer_id":{"type":"string"},)"
                          R"("exported_at":{"type":"string"},"customer":{"type":"object"},)"
                          R"("events":{"type":"array"},"changes":{"type":"array"},"carts":{"type":"array"},)"
                          R"("orders":{"type":"array"},"loyalty":{"type":"object"}}})",
       .tag = "customers"},
      [&node](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        // A write transaction: the export is recorded in the customers' access log.
        OMNI_ASSIGN_OR_RETURN(
            std::string document,
            node.db().InTransaction([&](storage::Tx& tx) { return ExportPerson(tx, node, id); },
                                    changes::WriterOf(req)));
        return http::Response::Ok(std::move(document));
      });
  router.Post(
      "/api/v1/customers/{id}/erasure",
      {.summary = "Erase a person everywhere (GDPR art. 17); complete when it answers",
       .roles = {http::Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"customer_id":{"type":"string"},)"
                          R"("erased":{"const":true},"files_purged":{"type":"boolean",)"
                          R"("description":"false: erased, but old bytes may remain in the )"
                          R"(database files until the next erasure or maintenance"},)"
                          R"("profiles":{"type":"integer"},)"
                          R"("events":{"type":"integer"},"changes":{"type":"integer"},)"
                          R"("idempotent_responses":{"type":"integer"}},)"
                          R"("additionalProperties":{"type":"integer",)"
                          R"("description":"records touched by each module's part"}})",
       .tag = "customers"},
      [&node](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(
            ErasureReport report,
            node.db().InTransaction([&](storage::Tx& tx) { return ErasePerson(tx, node, id); },
                                    changes::WriterOf(req)));
        // The follow-up: the overwritten bytes leave the database files too.
        const std::vector<std::string> tables(report.tables.begin(), report.tables.end());
        const Result<void> purged = node.db().PurgeFreed(tables);
        if (!purged.ok()) {
          log::Warn("erasure committed, purging freed space failed",
                    {{"customer_id", report.customer_id}, {"error", purged.error().message}});
        }
        json::Writer w;
        w.BeginObject()
            .Field("customer_id", report.customer_id)
            .Field("erased", true)
            .Field("files_purged", purged.ok());
        for (const auto& [key, count] : report.counts) {
          w.Field(key, count);
        }
        w.EndObject();
        return http::Response::Ok(w.Take());
      });
}

}  // namespace omnihub::flows
