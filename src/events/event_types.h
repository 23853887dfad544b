#pragma once

#include <string_view>

// Changes the events module appends to the change log (events.h is the service's header).
namespace omnihub::events {

// One per stored event, with customer_id set so it lands on the person's timeline. payload:
// the event as stored, less what the feed need not copy — {"id","type","event","message_id",
// "channel_id","customer_id","user_id","anonymous_id","previous_id","group_id","timestamp",
// "received_at","properties","context":{"campaign","referrer"},"commerce":{"order_id",
// "currency","revenue","product_count","products":[{"position","product_id","sku",
// "quantity","price"}]}}, members without a value left out. "event" is a track's event or a
// page's or screen's name; "timestamp" is skew-corrected; amounts are
// {"amount":<minor units>,"currency":"PLN"}. The whole event (context, traits, sent_at,
// original_timestamp) is at GET /api/v1/events; identify traits reach the profile through
// customers' own changes.
inline constexpr std::string_view kEventReceived = "events.event.received";

}  // namespace omnihub::events
