#pragma once

#include <memory>
#include <optional>
#include <string_view>
#include <vector>

#include "channels/types.h"
#include "core/result.h"
#include "core/time.h"
#include "http/auth.h"
#include "http/router.h"
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

// The HTTP edge's Authenticator: looks keys up by hash in `db` (borrowed).
std::unique_ptr<http::Authenticator> NewAuthenticator(storage::Database& db);

// /api/v1/channels and /api/v1/keys. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, ChannelsService& service);

}  // namespace omnihub::channels
