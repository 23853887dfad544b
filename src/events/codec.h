#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json.h"
#include "events/events.h"
#include "events/types.h"

// JSON <-> the events module's types, and the routes' schemas.
namespace omnihub::events {

// The ids an event gets when stored.
struct StoredIds {
  int64_t seq = 0;  // 0: not known yet (the change payload), left out
  std::string_view id;
  std::string_view channel_id;
  std::string_view customer_id;
};

// One event as an object, as stored: the items of GET /api/v1/events and of the export.
// Without personal data (analysts): ids, type, name, times and commerce only.
void WriteEvent(json::Writer& w, const StoredIds& ids, const Event& event, bool with_personal_data);
// An e-commerce event's typed columns, as the API and the change log show them.
events::CommerceFacts FactsOf(const Commerce& commerce);
// The payload of events.event.received (events.h). Every byte here is written once more per
// event.
events::EventReceived ReceivedChange(const StoredIds& ids, const Event& event);

// {"success":true} and, when any event was refused, "rejected":[{index,code,field,message}].
std::string EncodeIngestResponse(const IngestResult& result);
void WriteRejection(json::Writer& w, const StoredRejection& stored);

inline constexpr std::string_view kMoneySchema =
    R"({"type":["object","null"],"properties":{"amount":{"type":"integer",)"
    R"("description":"minor units"},"currency":{"type":"string"}}})";

inline constexpr std::string_view kEventSchema =
    R"({"type":"object","required":["id","type","message_id","channel_id","timestamp",)"
    R"("received_at"],"properties":{"seq":{"type":"integer"},)"
    R"("id":{"type":"string","pattern":"^evt_"},)"
    R"("type":{"enum":["track","identify","page","screen","group","alias"]},)"
    R"("event":{"type":"string","description":"a track's event, a page's or screen's name"},)"
    R"("message_id":{"type":"string"},"channel_id":{"type":"string"},)"
    R"("customer_id":{"type":"string"},"user_id":{"type":"string"},)"
    R"("anonymous_id":{"type":"string"},"previous_id":{"type":"string"},)"
    R"("group_id":{"type":"string"},"timestamp":{"type":"string","format":"date-time",)"
    R"("description":"corrected for the sender's clock skew"},)"
    R"("original_timestamp":{"type":"string","format":"date-time"},)"
    R"("sent_at":{"type":"string","format":"date-time"},)"
    R"("received_at":{"type":"string","format":"date-time"},)"
    R"("properties":{"type":"object"},"traits":{"type":"object"},"context":{"type":"object"},)"
    R"("commerce":{"type":"object","description":"E-commerce spec v2 events only",)"
    R"("properties":{"order_id":{"type":"string"},"currency":{"type":"string"},)"
    R"("revenue":{"type":"object"},"product_count":{"type":"integer"},)"
    R"("products":{"type":"array","items":{"type":"object","properties":{)"
    R"("position":{"type":"integer"},"product_id":{"type":"string"},"sku":{"type":"string"},)"
    R"("quantity":{"type":"integer"},"price":{"type":"object"}}}}}}}})";

inline constexpr std::string_view kRejectedSchema =
    R"({"type":"array","items":{"type":"object","properties":{"index":{"type":"integer"},)"
    R"("code":{"enum":["event_too_large","invalid_field","missing_field","unknown_type"]},)"
    R"("field":{"type":"string","description":"batch[3].userId"},)"
    R"("message":{"type":"string"}}}})";

inline constexpr std::string_view kRejectionSchema =
    R"({"type":"object","properties":{"seq":{"type":"integer"},"channel_id":{"type":"string"},)"
    R"("request_id":{"type":"string"},"received_at":{"type":"string","format":"date-time"},)"
    R"("index":{"type":"integer"},)"
    R"("code":{"enum":["event_too_large","invalid_field","missing_field","unknown_type"]},)"
    R"("field":{"type":"string"},"message":{"type":"string"},)"
    R"("raw_excerpt":{"type":"string","description":"the event as sent, at most 2 KB"}}})";

inline constexpr std::string_view kSingleEventSchema =
    R"({"type":"object","description":"A Segment spec call; userId or anonymousId required",)"
    R"("properties":{"messageId":{"type":"string"},"userId":{"type":["string","number"]},)"
    R"("anonymousId":{"type":["string","number"]},"event":{"type":"string"},)"
    R"("name":{"type":"string"},"groupId":{"type":["string","number"]},)"
    R"("previousId":{"type":["string","number"]},"properties":{"type":"object"},)"
    R"("traits":{"type":"object"},"context":{"type":"object"},"integrations":{"type":"object"},)"
    R"("timestamp":{"type":"string","format":"date-time"},)"
    R"("originalTimestamp":{"type":"string","format":"date-time"},)"
    R"("sentAt":{"type":"string","format":"date-time"},"writeKey":{"type":"string"}}})";

inline constexpr std::string_view kBatchSchema =
    R"({"type":"object","required":["batch"],"properties":{)"
    R"("batch":{"type":"array","minItems":1,"items":{"type":"object","required":["type"],)"
    R"("properties":{"type":{"enum":["track","identify","page","screen","group","alias"]}}}},)"
    R"("sentAt":{"type":"string","format":"date-time"},"context":{"type":"object"},)"
    R"("writeKey":{"type":"string"}}})";

}  // namespace omnihub::events
