#pragma once

#include <vector>

#include "changes/event.h"
#include "channels/types.h"

// What the channels module appends to the change log.
namespace omnihub::channels::events {

// Payload: the channel as GET /api/v1/channels/{id} shows it (never its write key).
inline constexpr changes::EventType<Channel> kChannelCreated{
    .name = "channels.channel.created",
    .entity_type = "channel",
    .summary = "A channel (web shop, app, store, …) was registered"};
// Payload: the key as GET /api/v1/keys shows it, never the secret.
inline constexpr changes::EventType<ApiKey> kApiKeyCreated{.name = "channels.api_key.created",
                                                           .entity_type = "api_key",
                                                           .summary = "An API key was created"};
// Payload: the key after revocation (revoked_at set). Every node's authenticator drops it.
inline constexpr changes::EventType<ApiKey> kApiKeyRevoked{
    .name = "channels.api_key.revoked",
    .entity_type = "api_key",
    .summary = "An API key was revoked; it is refused from now on"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kChannelCreated), changes::Info(kApiKeyCreated),
          changes::Info(kApiKeyRevoked)};
}

}  // namespace omnihub::channels::events
