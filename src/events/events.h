#pragma once

#include <optional>
#include <string>
#include <vector>

#include "changes/event.h"
#include "core/schema.h"
#include "events/types.h"

// What the events module appends to the change log (its service is events/service.h: the
// module is named for what it stores, so its events header keeps the common name).
namespace omnihub::events::events {

using omnihub::schema::DataClass;
using omnihub::schema::F;

// An amount as the sender's currency has it (any ISO 4217 code, known to omnihub or not).
struct Amount {
  int64_t amount = 0;  // minor units
  std::string currency;
};
constexpr auto Describe(const Amount*) {
  return std::tuple{F("amount", &Amount::amount), F("currency", &Amount::currency)};
}

struct ProductLine {
  int position = 0;  // in `products`, from 0
  std::optional<std::string> product_id;
  std::optional<std::string> sku;
  std::optional<int64_t> quantity;
  std::optional<Amount> price;
};
constexpr auto Describe(const ProductLine*) {
  return std::tuple{F("position", &ProductLine::position),
                    F("product_id", &ProductLine::product_id).OmitIfEmpty(),
                    F("sku", &ProductLine::sku).OmitIfEmpty(),
                    F("quantity", &ProductLine::quantity).OmitIfEmpty(),
                    F("price", &ProductLine::price).OmitIfEmpty()};
}

// The typed columns of an E-commerce spec v2 event.
struct CommerceFacts {
  std::optional<std::string> order_id;
  std::optional<std::string> currency;
  std::optional<Amount> revenue;
  int64_t product_count = 0;
  std::vector<ProductLine> products;
};
constexpr auto Describe(const CommerceFacts*) {
  return std::tuple{F("order_id", &CommerceFacts::order_id).OmitIfEmpty(),
                    F("currency", &CommerceFacts::currency).OmitIfEmpty(),
                    F("revenue", &CommerceFacts::revenue).OmitIfEmpty(),
                    F("product_count", &CommerceFacts::product_count),
                    F("products", &CommerceFacts::products)};
}

// The event as stored, less what the feed need not copy: the whole event (context, traits,
// sent_at, original_timestamp) is at GET /api/v1/events; identify traits reach the profile
// through customers' own changes.
struct EventReceived {
  EventId id;
  EventType type = EventType::kTrack;
  std::string event;  // a track's event, a page's or screen's name; "" for none
  std::string message_id;
  std::string channel_id;
  std::string customer_id;
  std::string user_id;
  std::string anonymous_id;
  std::string previous_id;
  std::string group_id;
  TimePoint timestamp;  // skew-corrected
  TimePoint received_at;
  std::string properties_json = "{}";  // as sent
  std::string attribution_json;        // context.campaign and context.referrer, "" for neither
  std::optional<CommerceFacts> commerce;
};
constexpr auto Describe(const EventReceived*) {
  return std::tuple{
      F("id", &EventReceived::id),
      F("type", &EventReceived::type),
      F("event", &EventReceived::event).OmitIfEmpty(),
      F("message_id", &EventReceived::message_id),
      F("channel_id", &EventReceived::channel_id),
      F("customer_id", &EventReceived::customer_id).OmitIfEmpty(),
      F("user_id", &EventReceived::user_id).Is(DataClass::kIdentifier).OmitIfEmpty(),
      F("anonymous_id", &EventReceived::anonymous_id).Is(DataClass::kIdentifier).OmitIfEmpty(),
      F("previous_id", &EventReceived::previous_id).Is(DataClass::kIdentifier).OmitIfEmpty(),
      F("group_id", &EventReceived::group_id).Is(DataClass::kIdentifier).OmitIfEmpty(),
      F("timestamp", &EventReceived::timestamp),
      F("received_at", &EventReceived::received_at),
      F("properties", &EventReceived::properties_json).Is(DataClass::kFreeText).RawJson(),
      F("context", &EventReceived::attribution_json)
          .Is(DataClass::kFreeText)
          .RawJson()
          .OmitIfEmpty(),
      F("commerce", &EventReceived::commerce).OmitIfEmpty()};
}

// One per stored event, with the event's customer as the change's customer, so it lands on the
// person's timeline.
inline constexpr changes::EventType<EventReceived> kEventReceived{
    .name = "events.event.received",
    .entity_type = "event",
    .summary = "A Segment-compatible event (track, identify, page, …) was stored"};

inline std::vector<changes::EventInfo> Catalogue() { return {changes::Info(kEventReceived)}; }

}  // namespace omnihub::events::events
