#pragma once

#include <string_view>

#include "core/result.h"
#include "core/schema.h"
#include "http/auth.h"

// What a caller may read of personal data (docs/security.md, "Roles and personal data").
// One home for the rule every route applies: analysts never see a person's data.
namespace omnihub::http {

// Every role but the analyst reads personal data (and every such read is audited).
bool MaySeePersonalData(const Principal& principal);

// How an answer to this caller is encoded: personal fields as null for callers who may not see
// them, so the answer keeps its shape.
schema::Redaction RedactionFor(const Principal& principal);

// For reads whose mere answer reveals a person (a lookup by e-mail, phone or browser id: found
// or not found): kForbidden for callers who may not see personal data, naming `identifier`.
Result<void> RequirePersonalDataReader(const Principal& principal, std::string_view identifier);

}  // namespace omnihub::http
