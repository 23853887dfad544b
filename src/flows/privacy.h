#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"
#include "customers/customers.h"
#include "events/service.h"
#include "http/router.h"
#include "storage/database.h"

// A person's rights over their data (GDPR art. 15 and 17), across every module that keeps it.
namespace omnihub::flows {

// What one erasure touched, for the audit record and the answer.
struct ErasureReport {
  std::string customer_id;
  int64_t profiles = 0;              // the profile and those merged into it
  int64_t events = 0;                // events pseudonymised and rejections deleted
  int64_t changes = 0;               // change-log payloads replaced
  int64_t idempotent_responses = 0;  // stored replays replaced
};

// Erases the person in one transaction: the customers module's records (identifiers then
// suppress later events), their events and rejected events, the change log's payloads about
// them or containing their strings, and stored idempotent responses containing them. Appends
// privacy.person.erased with counts only. Complete when it returns. Errors: kNotFound.
Result<ErasureReport> ErasePerson(storage::Tx& tx, customers::CustomersService& customers,
                                  omnihub::events::EventsService& events,
                                  std::string_view customer_id);

// Everything stored about the person as one JSON document: the profile's records, their
// events and the changes about them.
Result<std::string> ExportPerson(storage::Tx& tx, customers::CustomersService& customers,
                                 omnihub::events::EventsService& events,
                                 std::string_view customer_id);

// POST /api/v1/customers/{id}/export and POST /api/v1/customers/{id}/erasure (admin only).
void RegisterPrivacyRoutes(http::Router& router, storage::Database& db,
                           customers::CustomersService& customers,
                           omnihub::events::EventsService& events);

}  // namespace omnihub::flows
