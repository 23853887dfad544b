#include "events/codec.h"

namespace omnihub::events {
namespace {

void NonEmpty(json::Writer& w, std::string_view key, std::string_view value) {
  if (!value.empty()) {
    w.Field(key, value);
  }
}

void OptionalTime(json::Writer& w, std::string_view key, const std::optional<TimePoint>& t) {
  if (t) {
    w.Field(key, FormatRfc3339(*t));
  }
}

}  // namespace

void WriteEvent(json::Writer& w, const StoredIds& ids, const Event& event,
                bool with_personal_data) {
  w.BeginObject();
  if (ids.seq > 0) {
    w.Field("seq", ids.seq);
  }
  w.Field("id", ids.id).Field("type", NameOf(event.type));
  NonEmpty(w, "event", event.event_name);
  w.Field("message_id", event.message_id).Field("channel_id", ids.channel_id);
  NonEmpty(w, "customer_id", ids.customer_id);
  if (with_personal_data) {
    NonEmpty(w, "user_id", event.user_id);
    NonEmpty(w, "anonymous_id", event.anonymous_id);
    NonEmpty(w, "previous_id", event.previous_id);
    NonEmpty(w, "group_id", event.group_id);
  }
  w.Field("timestamp", FormatRfc3339(event.timestamp));
  OptionalTime(w, "original_timestamp", event.original_timestamp);
  OptionalTime(w, "sent_at", event.sent_at);
  w.Field("received_at", FormatRfc3339(event.received_at));
  if (with_personal_data) {
    w.Key("properties").Raw(event.properties_json);
    w.Key("traits").Raw(event.traits_json);
    w.Key("context").Raw(event.context_json);
  }
  if (event.commerce.is_commerce) {
    w.Key("commerce").Raw(omnihub::schema::Encode(FactsOf(event.commerce)));
  }
  w.EndObject();
}

events::CommerceFacts FactsOf(const Commerce& commerce) {
  events::CommerceFacts facts{.order_id = commerce.order_id,
                              .currency = commerce.currency,
                              .product_count = commerce.product_count};
  const std::string currency = commerce.currency.value_or("");
  if (commerce.revenue_minor) {
    facts.revenue = events::Amount{.amount = *commerce.revenue_minor, .currency = currency};
  }
  for (const Product& product : commerce.products) {
    events::ProductLine line{.position = product.position,
                             .product_id = product.product_id,
                             .sku = product.sku,
                             .quantity = product.quantity};
    if (product.price_minor) {
      line.price = events::Amount{.amount = *product.price_minor, .currency = currency};
    }
    facts.products.push_back(std::move(line));
  }
  return facts;
}

events::EventReceived ReceivedChange(const StoredIds& ids, const Event& event) {
  events::EventReceived change{.id = EventId::FromTrusted(std::string(ids.id)),
                               .type = event.type,
                               .event = event.event_name,
                               .message_id = event.message_id,
                               .channel_id = std::string(ids.channel_id),
                               .customer_id = std::string(ids.customer_id),
                               .user_id = event.user_id,
                               .anonymous_id = event.anonymous_id,
                               .previous_id = event.previous_id,
                               .group_id = event.group_id,
                               .timestamp = event.timestamp,
                               .received_at = event.received_at,
                               .properties_json = event.properties_json,
                               .attribution_json = event.attribution_json};
  if (event.commerce.is_commerce) {
    change.commerce = FactsOf(event.commerce);
  }
  return change;
}

std::string EncodeIngestResponse(const IngestResult& result) {
  if (result.rejections.empty()) {
    return R"({"success":true})";
  }
  json::Writer w;
  w.BeginObject().Field("success", true).Key("rejected").BeginArray();
  for (const Rejection& rejection : result.rejections) {
    w.BeginObject()
        .Field("index", rejection.index)
        .Field("code", rejection.code)
        .Field("field", rejection.field)
        .Field("message", rejection.message)
        .EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

void WriteRejection(json::Writer& w, const StoredRejection& stored) {
  const Rejection& rejection = stored.rejection;
  w.BeginObject()
      .Field("seq", stored.seq)
      .Field("channel_id", stored.channel_id)
      .Field("request_id", stored.request_id)
      .Field("received_at", FormatRfc3339(stored.received_at))
      .Field("index", rejection.index)
      .Field("code", rejection.code)
      .Field("field", rejection.field)
      .Field("message", rejection.message)
      .Field("raw_excerpt", rejection.raw_excerpt)
      .EndObject();
}

}  // namespace omnihub::events
