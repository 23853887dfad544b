#include "idempotency/idempotency.h"

namespace omnihub::idempotency {

Result<int64_t> RedactResponsesContaining(storage::Tx& tx,
                                          const std::vector<std::string>& strings) {
  int64_t redacted = 0;
  for (const std::string& text : strings) {
    if (text.size() < 3) {
      continue;  // too short to identify anyone, and would match most bodies
    }
    OMNI_ASSIGN_OR_RETURN(
        int64_t rows, tx.Execute("UPDATE idempotency_keys SET body = ?1 "
                                 "WHERE body IS NOT NULL AND lower(body) LIKE lower(?2) ESCAPE '!'",
                                 {R"({"erased":true})", storage::ContainsPattern(text)}));
    redacted += rows;
  }
  return redacted;
}

}  // namespace omnihub::idempotency
