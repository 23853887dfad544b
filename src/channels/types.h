#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/enums.h"
#include "core/id.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"
#include "http/auth.h"

namespace omnihub::channels {

struct ChannelTag {
  static constexpr std::string_view kPrefix = "chn";
};
struct ApiKeyTag {
  static constexpr std::string_view kPrefix = "key";
};
using ChannelId = Id<ChannelTag>;
using ApiKeyId = Id<ApiKeyTag>;

enum class ChannelType { kWeb, kApp, kSocial, kEmail, kChat, kCallCenter, kStore, kMarketplace };
constexpr auto EnumNames(ChannelType) {
  return EnumTable<ChannelType, 8>{{{ChannelType::kWeb, "web"},
                                    {ChannelType::kApp, "app"},
                                    {ChannelType::kSocial, "social"},
                                    {ChannelType::kEmail, "email"},
                                    {ChannelType::kChat, "chat"},
                                    {ChannelType::kCallCenter, "call_center"},
                                    {ChannelType::kStore, "store"},
                                    {ChannelType::kMarketplace, "marketplace"}}};
}
enum class FunnelRole { kAcquisition, kConversion, kRetention };
constexpr auto EnumNames(FunnelRole) {
  return EnumTable<FunnelRole, 3>{{{FunnelRole::kAcquisition, "acquisition"},
                                   {FunnelRole::kConversion, "conversion"},
                                   {FunnelRole::kRetention, "retention"}}};
}

// A way customers reach the retailer (SPEC.md §2.1).
struct Channel {
  ChannelId id;
  ChannelType type = ChannelType::kWeb;
  std::string name;  // unique
  FunnelRole funnel_role = FunnelRole::kConversion;
  std::optional<std::string> location_id;  // stores only: their inventory location
  TimePoint created_at;
};
// As GET /api/v1/channels/{id} shows it and channels.channel.created carries it.
constexpr auto Describe(const Channel*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &Channel::id),
                    F("type", &Channel::type),
                    F("name", &Channel::name),
                    F("funnel_role", &Channel::funnel_role),
                    F("location_id", &Channel::location_id),
                    F("created_at", &Channel::created_at)};
}

struct NewChannel {
  ChannelType type = ChannelType::kWeb;
  std::string name;
  FunnelRole funnel_role = FunnelRole::kConversion;
  std::optional<std::string> location_id;
  // The demo retailer's well-known write key; empty means a random one. Never set it elsewhere.
  std::string fixed_write_key_for_demo;
};

// A new channel with its Segment write key, shown this once.
struct CreatedChannel {
  Channel channel;
  std::string write_key;
};

// An API key as stored: the secret itself is never kept, only its SHA-256.
struct ApiKey {
  ApiKeyId id;
  http::Role role = http::Role::kAnalyst;
  std::optional<std::string> channel_id;
  std::optional<std::string> location_id;
  std::string name;
  std::string prefix;  // the first characters of the secret, to recognise it in lists
  TimePoint created_at;
  std::optional<TimePoint> revoked_at;
};
// As GET /api/v1/keys shows it; never the secret.
constexpr auto Describe(const ApiKey*) {
  using omnihub::schema::F;
  return std::tuple{F("id", &ApiKey::id),
                    F("role", &ApiKey::role),
                    F("channel_id", &ApiKey::channel_id),
                    F("location_id", &ApiKey::location_id),
                    F("name", &ApiKey::name),
                    F("prefix", &ApiKey::prefix),
                    F("created_at", &ApiKey::created_at),
                    F("revoked_at", &ApiKey::revoked_at)};
}

struct NewKey {
  http::Role role = http::Role::kAnalyst;
  std::optional<std::string> channel_id;   // required for kChannel
  std::optional<std::string> location_id;  // required for kStoreAssociate, refused otherwise
  std::string name;
  // The demo retailer's well-known key; empty means a random one. Never set it elsewhere.
  std::string fixed_secret_for_demo;
};

// A new key with its secret, shown this once.
struct CreatedKey {
  ApiKey key;
  std::string secret;
};

}  // namespace omnihub::channels
