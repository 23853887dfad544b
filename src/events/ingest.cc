#include "core/metrics.h"
#include "events/segment.h"
#include "events/service.h"

namespace omnihub::events {
namespace {

// The counters, looked up once: the registry takes a lock per lookup.
struct Counters {
  metrics::Counter& stored;
  metrics::Counter& duplicates;
  metrics::Counter& suppressed;
  metrics::Counter& missing_field;
  metrics::Counter& invalid_field;
  metrics::Counter& unknown_type;
  metrics::Counter& event_too_large;
  metrics::Counter& card_number_forbidden;

  static Counters& Get() {
    static Counters counters = Make();
    return counters;
  }

  metrics::Counter& Rejected(std::string_view code) {
    if (code == kMissingField) {
      return missing_field;
    }
    if (code == kUnknownType) {
      return unknown_type;
    }
    if (code == kEventTooLargeCode) {
      return event_too_large;
    }
    if (code == kCardNumberForbiddenCode) {
      return card_number_forbidden;
    }
    return invalid_field;
  }

 private:
  static Counters Make() {
    metrics::Registry& registry = metrics::Registry::Global();
    auto rejected = [&registry](std::string_view code) -> metrics::Counter& {
      return registry.GetCounter("omnihub_events_rejected_total",
                                 "Events refused by validation, by rejection code",
                                 "code=\"" + std::string(code) + "\"");
    };
    return Counters{
        .stored = registry.GetCounter("omnihub_events_stored_total", "Events stored"),
        .duplicates = registry.GetCounter(
            "omnihub_events_duplicates_total",
            "Events acknowledged but not stored again: their messageId was seen"),
        .suppressed =
            registry.GetCounter("omnihub_events_suppressed_total",
                                "Events acknowledged but not stored: their person was erased"),
        .missing_field = rejected(kMissingField),
        .invalid_field = rejected(kInvalidField),
        .unknown_type = rejected(kUnknownType),
        .event_too_large = rejected(kEventTooLargeCode),
        .card_number_forbidden = rejected(kCardNumberForbiddenCode),
    };
  }
};

}  // namespace

Result<IngestResult> Ingest(storage::Database& db, EventsService& service,
                            const IngestRequest& request) {
  Counters& counters = Counters::Get();
  Result<Batch> decoded = service.Decode(request);
  if (!decoded.ok()) {
    const Error& error = decoded.error();
    // A single-event route's bad event is a rejection too; a bad batch as a whole is not.
    if (request.type && (error.code == ErrorCode::kEventTooLarge ||
                         error.code == ErrorCode::kCardNumberForbidden || error.Detail("reason"))) {
      counters.Rejected(RejectionCode(error)).Inc();
    }
    return std::move(decoded).error();
  }
  const Batch& batch = *decoded;
  auto store = [&](storage::Tx& tx) {
    return service.Ingest(tx, request.channel_id, batch, request.identity_verified);
  };
  OMNI_ASSIGN_OR_RETURN(IngestResult result, db.InTransaction(store, request.writer));
  // Counted after commit: a retried transaction must not count twice.
  counters.stored.Inc(static_cast<uint64_t>(result.stored));
  counters.duplicates.Inc(static_cast<uint64_t>(result.duplicates));
  counters.suppressed.Inc(static_cast<uint64_t>(result.suppressed));
  for (const Rejection& rejection : result.rejections) {
    counters.Rejected(rejection.code).Inc();
  }
  return result;
}

}  // namespace omnihub::events
