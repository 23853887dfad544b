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

void Money(json::Writer& w, std::string_view key, const std::optional<int64_t>& minor,
           const std::optional<std::string>& currency) {
  if (minor) {
    w.Key(key).BeginObject().Field("amount", *minor).Field("currency", currency.value_or(""));
    w.EndObject();
  }
}

void WriteCommerce(json::Writer& w, const Commerce& commerce) {
  w.Key("commerce").BeginObject();
  if (commerce.order_id) {
    w.Field("order_id", *commerce.order_id);
  }
  if (commerce.currency) {
    w.Field("currency", *commerce.currency);
  }
  Money(w, "revenue", commerce.revenue_minor, commerce.currency);
  w.Field("product_count", commerce.product_count);
  w.Key("products").BeginArray();
  for (const Product& product : commerce.products) {
    w.BeginObject().Field("position", product.position);
    if (product.product_id) {
      w.Field("product_id", *product.product_id);
    }
    if (product.sku) {
      w.Field("sku", *product.sku);
    }
    if (product.quantity) {
      w.Field("quantity", *product.quantity);
    }
    Money(w, "price", product.price_minor, commerce.currency);
    w.EndObject();
  }
  w.EndArray().EndObject();
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
    WriteCommerce(w, event.commerce);
  }
  w.EndObject();
}

std::string EncodeChangePayload(const StoredIds& ids, const Event& event) {
  json::Writer w;
  w.BeginObject().Field("id", ids.id).Field("type", NameOf(event.type));
  NonEmpty(w, "event", event.event_name);
  w.Field("message_id", event.message_id).Field("channel_id", ids.channel_id);
  NonEmpty(w, "customer_id", ids.customer_id);
  NonEmpty(w, "user_id", event.user_id);
  NonEmpty(w, "anonymous_id", event.anonymous_id);
  NonEmpty(w, "previous_id", event.previous_id);
  NonEmpty(w, "group_id", event.group_id);
  w.Field("timestamp", FormatRfc3339(event.timestamp));
  w.Field("received_at", FormatRfc3339(event.received_at));
  w.Key("properties").Raw(event.properties_json);
  if (!event.attribution_json.empty()) {
    w.Key("context").Raw(event.attribution_json);
  }
  if (event.commerce.is_commerce) {
    WriteCommerce(w, event.commerce);
  }
  w.EndObject();
  return w.Take();
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
