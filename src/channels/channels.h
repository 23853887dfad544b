#pragma once

#include <chrono>
#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "changes/types.h"
#include "channels/types.h"
#include "core/result.h"
#include "core/time.h"
#include "http/auth.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Channels and their credentials: every request is authenticated by an API key of one of these
// roles, and every write records the channel of the key that made it.
namespace omnihub::channels {

storage::MigrationSet Migrations();

// Thread-safe: all state lives in the database.
class ChannelsService {
 public:
  virtual ~ChannelsService() = default;

  // Registers a channel and gives it a random write key; appends channels.channel.created.
  // Errors: kInvalidArgument (name, location_id), kConflict when the name is taken.
  virtual Result<CreatedChannel> CreateChannel(storage::Tx& tx, const NewChannel& req) = 0;
  virtual Result<std::vector<Channel>> ListChannels(storage::Tx& tx) = 0;
  // Errors: kNotFound.
  virtual Result<Channel> GetChannel(storage::Tx& tx, std::string_view id) = 0;
  virtual Result<std::optional<Channel>> FindChannelByName(storage::Tx& tx,
                                                           std::string_view name) = 0;
  // The channel whose Segment write key this is. Errors: kUnauthenticated.
  virtual Result<Channel> ChannelForWriteKey(storage::Tx& tx, std::string_view write_key) = 0;

  // Creates an API key; appends channels.api_key.created (without the secret).
  // Errors: kInvalidArgument (channel_id, location_id, name), kNotFound for an unknown channel.
  virtual Result<CreatedKey> CreateKey(storage::Tx& tx, const NewKey& req) = 0;
  virtual Result<std::vector<ApiKey>> ListKeys(storage::Tx& tx) = 0;
  // Errors: kNotFound.
  virtual Result<ApiKey> GetKey(storage::Tx& tx, std::string_view id) = 0;
  // Revokes a key at once on every node; appends channels.api_key.revoked. Revoking twice is
  // not an error and keeps the first time. Errors: kNotFound.
  virtual Result<ApiKey> RevokeKey(storage::Tx& tx, std::string_view id) = 0;
  virtual Result<bool> AnyKeyExists(storage::Tx& tx) = 0;
};

// Borrows `clock`, which must outlive the service.
std::unique_ptr<ChannelsService> NewChannelsService(const Clock& clock);

// The HTTP edge's Authenticator. Looks keys up by hash and keeps those it verified (by hash,
// never the secret) for at most the cache TTL. A revocation evicts at once on the node that
// made it (RegisterRoutes calls Forget) and, within the change feed's latency, on every other
// node (the hub passes channels.api_key.revoked to OnChange); the TTL bounds the rest.
// Thread-safe.
class KeyAuthenticator : public http::Authenticator {
 public:
  virtual void Forget(std::string_view key_id) = 0;
  virtual void OnChange(const changes::StoredChange& change) = 0;
};

// Borrows db and clock, which must outlive it. A zero TTL disables the cache.
std::unique_ptr<KeyAuthenticator> NewAuthenticator(
    storage::Database& db, const Clock& clock,
    std::chrono::milliseconds cache_ttl = std::chrono::seconds(5));

// /api/v1/channels and /api/v1/keys. Borrows everything; `authenticator` (may be null) is told
// of revocations.
void RegisterRoutes(http::Router& router, storage::Database& db, ChannelsService& service,
                    KeyAuthenticator* authenticator);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::channels
