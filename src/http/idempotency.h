#pragma once

#include <string>
#include <string_view>

#include "core/result.h"

namespace omnihub::http {

// A response kept for replay, byte for byte.
struct StoredResponse {
  int status = 0;
  std::string content_type;
  std::string body;
};

// Remembers creating POSTs by (API key, Idempotency-Key), following the IETF httpapi
// idempotency-key draft. Implemented by the idempotency module. Thread-safe.
// A record goes running -> committed (in the use case's own transaction, so a use case commits
// at most once per key) -> done (with the response to replay).
class IdempotencyStore {
 public:
  enum class Outcome {
    kStarted,       // first time: run the request, then Complete or Abandon
    kReplay,        // done before with the same request: `stored` is its response
    kInProgress,    // the first request is still running
    kMismatch,      // the key was used with a different request
    kResponseLost,  // the request's use case committed but its node died before answering
  };
  struct Begun {
    Outcome outcome = Outcome::kStarted;
    StoredResponse stored;
    std::string attempt;  // kStarted: this attempt's token, for Complete and Abandon
  };

  virtual ~IdempotencyStore() = default;
  // `fingerprint` identifies the request (method, path and body digest).
  virtual Result<Begun> Begin(std::string_view key_id, std::string_view idempotency_key,
                              std::string_view fingerprint) = 0;
  // Both act only on the record of `attempt`: an attempt that was taken over (its node was
  // thought dead) changes nothing.
  virtual Result<void> Complete(std::string_view key_id, std::string_view idempotency_key,
                                std::string_view attempt, const StoredResponse& response) = 0;
  // Forgets a started request that failed with a server error, so a retry runs again.
  virtual Result<void> Abandon(std::string_view key_id, std::string_view idempotency_key,
                               std::string_view attempt) = 0;
};

}  // namespace omnihub::http
