#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/json.h"
#include "core/time.h"
#include "customers/types.h"

namespace omnihub::events {

struct EventTag {
  static constexpr std::string_view kPrefix = "evt";
};
using EventId = Id<EventTag>;

// The Segment spec's call types.
enum class EventType { kTrack, kIdentify, kPage, kScreen, kGroup, kAlias };
constexpr auto EnumNames(EventType) {
  return EnumTable<EventType, 6>{{{EventType::kTrack, "track"},
                                  {EventType::kIdentify, "identify"},
                                  {EventType::kPage, "page"},
                                  {EventType::kScreen, "screen"},
                                  {EventType::kGroup, "group"},
                                  {EventType::kAlias, "alias"}}};
}

// One product of an e-commerce event: an entry of `properties.products`, or the properties
// themselves for single-product events ("Product Viewed", "Product Added", …).
struct Product {
  int position = 0;  // in `products`, from 0
  std::optional<std::string> product_id;
  std::optional<std::string> sku;
  std::optional<int64_t> quantity;
  std::optional<int64_t> price_minor;  // in the event's currency
};

// The typed columns of a Segment E-commerce spec v2 event. Money is integer minor units of
// `currency`, converted from the JSON number's decimal text (half away from zero).
struct Commerce {
  bool is_commerce = false;  // the event name is one of the spec's
  std::optional<std::string> order_id;
  std::optional<int64_t> revenue_minor;  // `revenue`, else `total`
  std::optional<std::string> currency;   // ISO 4217, upper case; set when any amount is
  int64_t product_count = 0;
  std::vector<Product> products;
};

// One event as decoded and validated from a request: what gets stored, minus the ids the
// transaction assigns (event id, customer id).
struct Event {
  int index = 0;  // place in the request's batch (0 for single-event routes)
  EventType type = EventType::kTrack;
  std::string message_id;
  bool message_id_generated = false;  // the sender gave none, so it cannot be a retry
  std::string user_id;                // "" when absent (as the optional ids below)
  std::string anonymous_id;
  std::string previous_id;  // alias
  std::string group_id;     // group
  std::string event_name;   // track: `event`; page/screen: `name`
  TimePoint timestamp;      // corrected for clock skew (see README.md)
  std::optional<TimePoint> original_timestamp;
  std::optional<TimePoint> sent_at;
  TimePoint received_at;
  std::string properties_json = "{}";  // JSON objects, as sent
  std::string traits_json = "{}";      // identify: the person's; group: the group's
  std::string context_json = "{}";     // the request's context merged in
  // context.campaign and context.referrer as an object, "" when neither was sent: the part of
  // the context the change log carries (attribution), not read back from storage.
  std::string attribution_json;
  Commerce commerce;
  // What the event tells about its person: identifiers, traits (identify's and
  // context.traits), consents (context.consent.categoryPreferences).
  std::vector<customers::Identifier> identifiers;
  json::Object person_traits;
  std::vector<customers::ConsentChange> consents;
};

// Why an event of a batch was refused; the rest of the batch is stored regardless.
struct Rejection {
  int index = 0;      // in the batch
  std::string code;   // "event_too_large", "invalid_field", "missing_field", "unknown_type"
  std::string field;  // "batch[3].userId"; "" when the whole event is at fault
  std::string message;
  std::string raw_excerpt;  // the event as sent, cut at 2 KB
};

// A request's events, decoded: the valid ones in order, and the refused ones.
struct Batch {
  TimePoint received_at;
  std::vector<Event> events;
  std::vector<Rejection> rejections;
};

// What storing a batch did.
struct IngestResult {
  int stored = 0;
  int duplicates = 0;  // messageIds seen within the dedup window: acknowledged, not stored
  int suppressed = 0;  // events of erased people: acknowledged, not stored
  std::vector<std::string> event_ids;  // of the stored events, in order
  std::vector<Rejection> rejections;   // as in the Batch, now recorded
};

// An event as stored. Read back, `event` has no identifiers, person_traits, consents (they
// went to the customer's profile) or attribution_json, and `index` 0.
struct StoredEvent {
  int64_t seq = 0;
  std::string id;  // "evt_<ULID>"
  std::string channel_id;
  std::string customer_id;
  Event event;
};

struct EventQuery {
  std::string customer_id;  // "" for any; a profile includes those merged into it
  std::optional<EventType> type;
  std::string channel_id;  // "" for any
  int64_t after = 0;       // events with seq > after
  int limit = 100;         // 1..1000
};

// A rejection as recorded.
struct StoredRejection {
  int64_t seq = 0;
  std::string channel_id;
  std::string request_id;
  TimePoint received_at;
  Rejection rejection;
};

struct RejectionQuery {
  std::string channel_id;  // "" for any
  int64_t after = 0;       // rejections with seq > after
  int limit = 100;         // 1..1000
};

}  // namespace omnihub::events
