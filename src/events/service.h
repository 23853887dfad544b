#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "core/time.h"
#include "customers/customers.h"
#include "events/types.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Events: behaviour from every channel, taken in through the Segment HTTP Tracking API
// (/v1/track, /v1/identify, /v1/page, /v1/screen, /v1/group, /v1/alias, /v1/batch, /v1/import)
// so that Segment's and RudderStack's own clients work unchanged. Each event is resolved to a
// customer profile in the transaction that stores it. See README.md.
namespace omnihub::events {

storage::MigrationSet Migrations();

struct Options {
  std::chrono::hours dedup_window{24 * 7};  // a messageId seen again within this is a duplicate
  size_t max_event_bytes = 32 * 1024;       // an event's compact JSON
  size_t max_batch_bytes = 500 * 1024;      // a /v1/batch or /v1/import request body
  // The currency of e-commerce amounts sent without `currency` (Segment assumes USD).
  std::string default_currency = "PLN";
};

// Decoding is pure (no database, no clock): `received_at` is the server's time of the request.
//
// A body sent to /v1/batch or /v1/import: {"batch":[…], "sentAt"?, "context"?}. The request's
// sentAt applies to events without their own; its context is merged into each event's (the
// event's members win). An event that fails validation becomes a Rejection naming its field
// ("batch[3].userId") and costs its neighbours nothing.
// An event holding a payment card number is rejected as card_number_forbidden, its path named
// ("batch[2].properties.note") and no excerpt of it kept.
// Errors, for the whole request: kInvalidArgument (field "batch": missing, not an array, empty;
// "sentAt", "context"; "body" when not an object); kCardNumberForbidden (details.field) for a
// card number outside the events (the batch's context).
Result<Batch> DecodeBatch(const json::Value& body, TimePoint received_at, const Options& options);
// A body sent to /v1/<type>: one event of that type (its own "type" member is ignored).
// Errors: kInvalidArgument naming the field (details.reason "missing_field" or
// "invalid_field"); kEventTooLarge; kCardNumberForbidden (details.field) for a card number
// anywhere in it.
Result<Event> DecodeSingle(const json::Value& body, EventType type, TimePoint received_at,
                           const Options& options);

// One ingestion request, as the routes, tests and benchmarks make it.
struct IngestRequest {
  std::string channel_id;             // the write key's channel
  std::optional<EventType> type;      // a single-event route; nullopt for /v1/batch, /v1/import
  const json::Value* body = nullptr;  // borrowed
  size_t body_bytes = 0;              // the request body's size
  storage::TxContext writer;          // changes::WriterOf(request)
  // False for a public write key: what it says about identity is a claim, never proof
  // (docs/security.md, finding 4). True only for sources that verified the person themselves.
  bool identity_verified = false;
};

// Thread-safe: all state lives in the database.
class EventsService {
 public:
  virtual ~EventsService() = default;

  // Decodes an ingestion request (DecodeBatch or DecodeSingle) as received now, with this
  // service's options. No database. Errors: kBatchTooLarge (a batch's body over
  // max_batch_bytes); those of DecodeBatch and DecodeSingle.
  virtual Result<Batch> Decode(const IngestRequest& request) const = 0;
  // Stores a decoded batch for `channel_id`, in order, in `tx`: each event not seen before
  // (channel, messageId, within the dedup window) is resolved to its customer
  // (customers::CustomersService::Observe) and, unless suppressed, stored with its products
  // and appended to the change log as events.event.received. Every rejection is recorded.
  // `identity_verified`: as IngestRequest's (customers::Observation::verified).
  // Errors: as storage::Tx::Execute and CustomersService::Observe (the whole batch fails).
  virtual Result<IngestResult> Ingest(storage::Tx& tx, std::string_view channel_id,
                                      const Batch& batch, bool identity_verified) = 0;

  // Events in seq order after `query.after`, at most `query.limit`. A customer_id is followed
  // to its surviving profile and every profile merged into it. Errors: kNotFound (customer).
  virtual Result<std::vector<StoredEvent>> ListEvents(storage::Tx& tx, const EventQuery& query) = 0;
  // Recorded rejections in seq order after `query.after`.
  virtual Result<std::vector<StoredRejection>> ListRejections(storage::Tx& tx,
                                                              const RejectionQuery& query) = 0;

  // The person's events as a JSON array, oldest first, as stored.
  virtual Result<std::string> ExportJson(storage::Tx& tx,
                                         const std::vector<std::string>& customer_ids) = 0;
  // Pseudonymises the person's events (their identifiers, traits, properties and context go;
  // type, name, time, channel and the typed commerce columns stay) and deletes rejected-event
  // records that contain any of `identifiers`. Returns how many records were touched.
  virtual Result<int64_t> Erase(storage::Tx& tx, const std::vector<std::string>& customer_ids,
                                const std::vector<std::string>& identifiers) = 0;
  // Forgets messageIds older than the dedup window. Returns how many.
  virtual Result<int64_t> PurgeDedup(storage::Tx& tx) = 0;
};

// Borrows `clock` and `customers`, which must outlive the service.
std::unique_ptr<EventsService> NewEventsService(const Clock& clock,
                                                customers::CustomersService& customers,
                                                Options options = {});

// Decodes `request` (EventsService::Decode), then stores it in ONE write transaction, answered
// once durable, and counts omnihub_events_{stored,duplicates,suppressed,rejected}_total. A
// single-event request with a bad event stores nothing. Errors: those of Decode and Ingest.
Result<IngestResult> Ingest(storage::Database& db, EventsService& service,
                            const IngestRequest& request);

// The Segment-compatible /v1/* routes and GET /api/v1/events, /api/v1/events/rejections.
// Reads of a person's events go to `customers`' access log. Borrows everything.
void RegisterRoutes(http::Router& router, storage::Database& db, EventsService& service,
                    customers::CustomersService& customers);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::events
