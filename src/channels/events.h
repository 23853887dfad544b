#pragma once

#include <string_view>

// Changes the channels module appends to the change log.
namespace omnihub::channels::events {

// payload: {"id","type","name","funnel_role","location_id"}
inline constexpr std::string_view kChannelCreated = "channels.channel.created";
// payload: {"id","role","channel_id","location_id","name","prefix"} — never the secret
inline constexpr std::string_view kApiKeyCreated = "channels.api_key.created";
// payload: {"id","revoked_at"}
inline constexpr std::string_view kApiKeyRevoked = "channels.api_key.revoked";

}  // namespace omnihub::channels::events
