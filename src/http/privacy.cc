#include "http/privacy.h"

#include <string>

namespace omnihub::http {

bool MaySeePersonalData(const Principal& principal) { return principal.role != Role::kAnalyst; }

schema::Redaction RedactionFor(const Principal& principal) {
  return MaySeePersonalData(principal) ? schema::Redaction::None()
                                       : schema::Redaction::AllPersonal();
}

Result<void> RequirePersonalDataReader(const Principal& principal, std::string_view identifier) {
  if (MaySeePersonalData(principal)) {
    return Ok();
  }
  return Error::Forbidden("a " + std::string(NameOf(principal.role)) +
                          " key never reads personal data, so it cannot look a person up by " +
                          std::string(identifier))
      .With("field", std::string(identifier));
}

}  // namespace omnihub::http
