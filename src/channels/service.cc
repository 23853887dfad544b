#include <mutex>
#include <unordered_map>

#include "changes/changes.h"
#include "channels/channels.h"
#include "channels/codec.h"
#include "channels/events.h"
#include "channels/secrets.h"
#include "channels/store.h"

namespace omnihub::channels {
namespace {

constexpr size_t kPrefixLength = 8;

class ChannelsServiceImpl final : public ChannelsService {
 public:
  explicit ChannelsServiceImpl(const Clock& clock) : clock_(clock) {}

  Result<CreatedChannel> CreateChannel(storage::Tx& tx, const NewChannel& req) override {
    if (req.type == ChannelType::kStore && !req.location_id) {
      return Error::InvalidArgument("location_id", "is required for a store channel");
    }
    if (req.type != ChannelType::kStore && req.location_id) {
      return Error::InvalidArgument("location_id", "is only for store channels");
    }
    CreatedChannel created;
    Channel& channel = created.channel;
    channel.created_at = clock_.Now();
    channel.id = ChannelId::Generate(channel.created_at);
    channel.type = req.type;
    channel.name = req.name;
    channel.funnel_role = req.funnel_role;
    channel.location_id = req.location_id;
    created.write_key = req.fixed_write_key_for_demo.empty() ? NewSecret(kWriteKeyPrefix)
                                                             : req.fixed_write_key_for_demo;
    // The unique index decides a race between two creators; no read-then-write.
    Result<void> inserted = store::InsertChannel(tx, channel, HashSecret(created.write_key));
    if (!inserted.ok()) {
      if (inserted.error().code == ErrorCode::kConflict) {
        return Error::Conflict("a channel named " + req.name + " exists").With("name", req.name);
      }
      return std::move(inserted).error();
    }
    OMNI_TRY(changes::Append(tx, events::kChannelCreated, channel,
                             {.entity_id = channel.id.str(), .occurred_at = channel.created_at}));
    return created;
  }

  Result<std::vector<Channel>> ListChannels(storage::Tx& tx) override {
    return store::SelectChannels(tx);
  }

  Result<Channel> GetChannel(storage::Tx& tx, std::string_view id) override {
    OMNI_ASSIGN_OR_RETURN(std::optional<Channel> channel, store::SelectChannel(tx, id));
    if (!channel) {
      return Error::NotFound("channel", id);
    }
    return *channel;
  }

  Result<std::optional<Channel>> FindChannelByName(storage::Tx& tx,
                                                   std::string_view name) override {
    return store::SelectChannelByName(tx, name);
  }

  Result<Channel> ChannelForWriteKey(storage::Tx& tx, std::string_view write_key) override {
    OMNI_ASSIGN_OR_RETURN(std::optional<Channel> channel,
                          store::SelectChannelByWriteKeyHash(tx, HashSecret(write_key)));
    if (!channel) {
      return Error::Unauthenticated("unknown write key");
    }
    return *channel;
  }

  Result<CreatedKey> CreateKey(storage::Tx& tx, const NewKey& req) override {
    if (req.role == http::Role::kChannel && !req.channel_id) {
      return Error::InvalidArgument("channel_id", "is required for a channel key");
    }
    if (req.role == http::Role::kStoreAssociate && !req.location_id) {
      return Error::InvalidArgument("location_id", "is required for a store_associate key");
    }
    if (req.role != http::Role::kStoreAssociate && req.location_id) {
      return Error::InvalidArgument("location_id", "is only for store_associate keys");
    }
    if (req.channel_id) {
      OMNI_ASSIGN_OR_RETURN(std::optional<Channel> channel,
                            store::SelectChannel(tx, *req.channel_id));
      if (!channel) {
        return Error::InvalidArgument("channel_id", "names no channel").With("id", *req.channel_id);
      }
    }
    CreatedKey created;
    ApiKey& key = created.key;
    key.created_at = clock_.Now();
    key.id = ApiKeyId::Generate(key.created_at);
    key.role = req.role;
    key.channel_id = req.channel_id;
    key.location_id = req.location_id;
    key.name = req.name.empty() ? std::string(NameOf(req.role)) : req.name;
    created.secret =
        req.fixed_secret_for_demo.empty() ? NewSecret(kApiKeyPrefix) : req.fixed_secret_for_demo;
    key.prefix = created.secret.substr(0, kPrefixLength);
    OMNI_TRY(store::InsertKey(tx, key, HashSecret(created.secret)));
    OMNI_TRY(changes::Append(tx, events::kApiKeyCreated, key,
                             {.entity_id = key.id.str(), .occurred_at = key.created_at}));
    return created;
  }

  Result<std::vector<ApiKey>> ListKeys(storage::Tx& tx) override { return store::SelectKeys(tx); }

  Result<ApiKey> GetKey(storage::Tx& tx, std::string_view id) override {
    OMNI_ASSIGN_OR_RETURN(std::optional<ApiKey> key, store::SelectKey(tx, id));
    if (!key) {
      return Error::NotFound("key", id);
    }
    return *key;
  }

  Result<ApiKey> RevokeKey(storage::Tx& tx, std::string_view id) override {
    const TimePoint now = clock_.Now();
    OMNI_ASSIGN_OR_RETURN(bool changed, store::RevokeKey(tx, id, UnixMicros(now)));
    OMNI_ASSIGN_OR_RETURN(ApiKey key, GetKey(tx, id));
    if (changed) {
      OMNI_TRY(changes::Append(tx, events::kApiKeyRevoked, key,
                               {.entity_id = key.id.str(), .occurred_at = now}));
    }
    return key;
  }

  Result<bool> AnyKeyExists(storage::Tx& tx) override { return store::AnyKey(tx); }

 private:
  const Clock& clock_;
};

class CachingKeyAuthenticator final : public KeyAuthenticator {
 public:
  CachingKeyAuthenticator(storage::Database& db, const Clock& clock, std::chrono::milliseconds ttl)
      : db_(db), clock_(clock), ttl_(ttl) {}

  Result<http::Principal> Authenticate(std::string_view api_key) override {
    if (api_key.size() > 200) {
      return Error::Unauthenticated("unknown API key");
    }
    const std::string hash = HashSecret(api_key);
    const TimePoint now = clock_.Now();
    uint64_t forgets_before_read;
    {
      std::lock_guard lock(mu_);
      auto it = verified_.find(hash);
      if (it != verified_.end() && it->second.expires_at > now) {
        return it->second.principal;
      }
      forgets_before_read = forgets_;
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<ApiKey> key, db_.Read([&](storage::Tx& tx) {
      return store::SelectKeyByHash(tx, hash);
    }));
    if (!key) {
      return Error::Unauthenticated("unknown API key");
    }
    if (key->revoked_at) {
      return Error::Unauthenticated("this API key was revoked");
    }
    http::Principal principal{.key_id = key->id.str(),
                              .role = key->role,
                              .channel_id = key->channel_id.value_or(""),
                              .location_id = key->location_id.value_or("")};
    if (ttl_.count() > 0) {
      std::lock_guard lock(mu_);
      // A revocation forgotten while we were reading may be newer than what we read: then the
      // row must not be remembered, or the revoked key would live on for a TTL.
      if (forgets_ == forgets_before_read) {
        if (verified_.size() >= kMaxCached) {
          verified_.clear();  // bounded memory; the next requests simply read again
          hash_by_key_id_.clear();
        }
        verified_[hash] = Verified{principal, now + ttl_};
        hash_by_key_id_[principal.key_id] = hash;
      }
    }
    return principal;
  }

  Result<http::Principal> AuthenticateWriteKey(std::string_view write_key) override {
    if (write_key.empty() || write_key.size() > 200) {
      return Error::Unauthenticated("unknown write key");
    }
    // Write keys are cached apart from API keys (same map, another prefix): they are never
    // revoked, so a cached entry cannot outlive a revocation.
    const std::string cache_key = "w:" + HashSecret(write_key);
    const TimePoint now = clock_.Now();
    {
      std::lock_guard lock(mu_);
      auto it = verified_.find(cache_key);
      if (it != verified_.end() && it->second.expires_at > now) {
        return it->second.principal;
      }
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<Channel> channel, db_.Read([&](storage::Tx& tx) {
      return store::SelectChannelByWriteKeyHash(tx, cache_key.substr(2));
    }));
    if (!channel) {
      return Error::Unauthenticated("unknown write key");
    }
    http::Principal principal{.key_id = "",
                              .role = http::Role::kChannel,
                              .channel_id = channel->id.str(),
                              .location_id = channel->location_id.value_or("")};
    if (ttl_.count() > 0) {
      std::lock_guard lock(mu_);
      if (verified_.size() >= kMaxCached) {
        verified_.clear();
        hash_by_key_id_.clear();
      }
      verified_[cache_key] = Verified{principal, now + ttl_};
    }
    return principal;
  }

  std::optional<Result<http::Principal>> AuthenticateWithoutBlocking(
      std::string_view api_key) override {
    if (ttl_.count() == 0 || api_key.size() > 200) {
      return std::nullopt;
    }
    const std::string hash = HashSecret(api_key);
    std::lock_guard lock(mu_);
    auto it = verified_.find(hash);
    if (it == verified_.end() || it->second.expires_at <= clock_.Now()) {
      return std::nullopt;
    }
    return Result<http::Principal>(it->second.principal);
  }

  void Forget(std::string_view key_id) override {
    std::lock_guard lock(mu_);
    ++forgets_;
    auto it = hash_by_key_id_.find(std::string(key_id));
    if (it != hash_by_key_id_.end()) {
      verified_.erase(it->second);
      hash_by_key_id_.erase(it);
    }
  }

  void OnChange(const changes::StoredChange& change) override {
    if (changes::Is(events::kApiKeyRevoked, change)) {
      Forget(change.entity_id);
    }
  }

 private:
  static constexpr size_t kMaxCached = 100000;
  struct Verified {
    http::Principal principal;
    TimePoint expires_at;
  };

  storage::Database& db_;
  const Clock& clock_;
  const std::chrono::milliseconds ttl_;
  // State below is protected by mu_.
  std::mutex mu_;
  std::unordered_map<std::string, Verified> verified_;           // by the key's SHA-256
  std::unordered_map<std::string, std::string> hash_by_key_id_;  // key id -> its SHA-256
  uint64_t forgets_ = 0;                                         // Forget calls so far
};

}  // namespace

std::unique_ptr<ChannelsService> NewChannelsService(const Clock& clock) {
  return std::make_unique<ChannelsServiceImpl>(clock);
}

std::unique_ptr<KeyAuthenticator> NewAuthenticator(storage::Database& db, const Clock& clock,
                                                   std::chrono::milliseconds cache_ttl) {
  return std::make_unique<CachingKeyAuthenticator>(db, clock, cache_ttl);
}

}  // namespace omnihub::channels
