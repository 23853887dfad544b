#pragma once

#include <cstdint>
#include <map>
#include <set>
#include <string>
#include <string_view>

#include "core/result.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"

// A person's rights over their data (GDPR art. 15 and 17), across every module that keeps it:
// the customers module says who the person is, then each module's privacy part (its
// descriptor, node.h) answers for its own tables.
namespace omnihub::flows {

// What one erasure touched, for the audit record and the answer.
struct ErasureReport {
  std::string customer_id;
  // Records touched per part: "profiles" (the profile and those merged into it), then each
  // module part's key ("events", "changes", "idempotent_responses", …).
  std::map<std::string, int64_t> counts;
  // What the follow-up purges once the erasure committed (node::PrivacyPart::tables).
  std::set<std::string> tables;
};

// Erases the person in one transaction: the customers module's records first (identifiers
// then suppress later events), then every module's part. Appends privacy.person.erased with
// counts only. Complete when it returns. Errors: kNotFound.
Result<ErasureReport> ErasePerson(storage::Tx& tx, node::Node& node, std::string_view customer_id);

// Everything stored about the person as one JSON document: {"customer_id","exported_at"} and
// a member per module part ("customer", "events", "changes", …). Records the export in the
// customers' access log. Errors: kNotFound.
Result<std::string> ExportPerson(storage::Tx& tx, node::Node& node, std::string_view customer_id);

// POST /api/v1/customers/{id}/export and POST /api/v1/customers/{id}/erasure (admin only).
void RegisterPrivacyRoutes(http::Router& router, node::Node& node);

}  // namespace omnihub::flows
