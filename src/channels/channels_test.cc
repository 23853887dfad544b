#include "channels/channels.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "channels/events.h"
#include "testing/db_test.h"

namespace omnihub::channels {
namespace {

using http::Role;

class ChannelsTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), channels::Migrations()};
  }
  template <typename Fn>
  auto Write(Fn fn) {
    return db().InTransaction(fn);
  }
  Result<CreatedChannel> CreateWeb(std::string name = "web") {
    return Write([&](storage::Tx& tx) {
      return service_->CreateChannel(
          tx, {.type = ChannelType::kWeb, .name = name, .funnel_role = FunnelRole::kConversion});
    });
  }
  Result<CreatedKey> CreateAgentKey() {
    return Write([&](storage::Tx& tx) { return service_->CreateKey(tx, {.role = Role::kAgent}); });
  }
  Result<std::vector<changes::StoredChange>> Changes() {
    return db().Read([](storage::Tx& tx) { return changes::Read(tx, {}); });
  }

  FakeClock clock_;
  std::unique_ptr<ChannelsService> service_ = NewChannelsService(clock_);
};

TEST_P(ChannelsTest, ACreatedChannelIsInTheChangeFeedWithItsWriter) {
  storage::TxContext admin{.channel_id = "", .key_id = "key_admin", .request_id = "req_1"};
  Result<CreatedChannel> created = db().InTransaction(
      [&](storage::Tx& tx) {
        return service_->CreateChannel(
            tx, {.type = ChannelType::kApp, .name = "app", .funnel_role = FunnelRole::kRetention});
      },
      admin);
  ASSERT_OK(created);
  EXPECT_TRUE(created->write_key.starts_with("owk_"));
  Result<std::vector<changes::StoredChange>> feed = Changes();
  ASSERT_OK(feed);
  ASSERT_EQ(feed->size(), 1u);
  EXPECT_EQ((*feed)[0].type, events::kChannelCreated.name);
  EXPECT_EQ((*feed)[0].entity_id, created->channel.id.str());
  EXPECT_NE((*feed)[0].payload_json.find("\"funnel_role\":\"retention\""), std::string::npos);
}

TEST_P(ChannelsTest, ChannelNamesAreUnique) {
  ASSERT_OK(CreateWeb("web"));
  Result<CreatedChannel> again = CreateWeb("web");
  ASSERT_FALSE(again.ok());
  EXPECT_EQ(again.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Changes()->size(), 1u);  // the failed create appended nothing
}

TEST_P(ChannelsTest, AStoreChannelNeedsItsLocationAndOnlyStoresHaveOne) {
  Result<CreatedChannel> store = Write([&](storage::Tx& tx) {
    return service_->CreateChannel(tx, {.type = ChannelType::kStore, .name = "store-krakow"});
  });
  ASSERT_FALSE(store.ok());
  EXPECT_EQ(*std::get_if<std::string>(store.error().Detail("field")), "location_id");
  Result<CreatedChannel> web = Write([&](storage::Tx& tx) {
    return service_->CreateChannel(
        tx, {.type = ChannelType::kWeb, .name = "web", .location_id = "loc_x"});
  });
  ASSERT_FALSE(web.ok());
  EXPECT_EQ(web.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(ChannelsTest, AWriteKeyFindsItsChannel) {
  Result<CreatedChannel> web = CreateWeb();
  ASSERT_OK(web);
  Result<Channel> found =
      db().Read([&](storage::Tx& tx) { return service_->ChannelForWriteKey(tx, web->write_key); });
  ASSERT_OK(found);
  EXPECT_EQ(found->id, web->channel.id);
  Result<Channel> unknown =
      db().Read([&](storage::Tx& tx) { return service_->ChannelForWriteKey(tx, "owk_nope"); });
  EXPECT_EQ(unknown.error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ChannelsTest, AWriteKeyAuthenticatesAsItsChannel) {
  Result<CreatedChannel> web = CreateWeb();
  ASSERT_OK(web);
  auto authenticator = NewAuthenticator(db(), clock_);
  Result<http::Principal> who = authenticator->AuthenticateWriteKey(web->write_key);
  ASSERT_OK(who);
  EXPECT_EQ(who->channel_id, web->channel.id.str());
  EXPECT_EQ(who->role, Role::kChannel);
  EXPECT_EQ(who->key_id, "");
  EXPECT_OK(authenticator->AuthenticateWriteKey(web->write_key));  // now from the cache
  EXPECT_EQ(authenticator->AuthenticateWriteKey("owk_made_up").error().code,
            ErrorCode::kUnauthenticated);
  // A write key is not an API key, nor the other way round.
  EXPECT_EQ(authenticator->Authenticate(web->write_key).error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ChannelsTest, AKeyAuthenticatesAsItsRoleUntilRevoked) {
  Result<CreatedChannel> web = CreateWeb();
  ASSERT_OK(web);
  Result<CreatedKey> key = Write([&](storage::Tx& tx) {
    return service_->CreateKey(tx, {.role = Role::kChannel, .channel_id = web->channel.id.str()});
  });
  ASSERT_OK(key);
  auto authenticator = NewAuthenticator(db(), clock_, std::chrono::milliseconds(0));
  Result<http::Principal> who = authenticator->Authenticate(key->secret);
  ASSERT_OK(who);
  EXPECT_EQ(who->role, Role::kChannel);
  EXPECT_EQ(who->channel_id, web->channel.id.str());
  EXPECT_EQ(who->key_id, key->key.id.str());

  clock_.Advance(std::chrono::minutes(5));
  ASSERT_OK(Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, key->key.id.str()); }));
  Result<http::Principal> revoked = authenticator->Authenticate(key->secret);
  EXPECT_EQ(revoked.error().code, ErrorCode::kUnauthenticated);
  EXPECT_EQ(authenticator->Authenticate("ohk_made_up").error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ChannelsTest, TheSecretIsShownOnceAndNeverStored) {
  Result<CreatedKey> key = Write([&](storage::Tx& tx) {
    return service_->CreateKey(tx, {.role = Role::kAdmin, .name = "ops"});
  });
  ASSERT_OK(key);
  EXPECT_TRUE(key->secret.starts_with("ohk_"));
  EXPECT_EQ(key->secret.size(), 4u + 32u);
  Result<int64_t> matches = db().Read([&](storage::Tx& tx) -> Result<int64_t> {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<storage::Row> row,
        tx.QueryOne("SELECT COUNT(*) FROM channels_api_keys WHERE key_hash = ?1 OR prefix = ?1 "
                    "OR name = ?1 OR id = ?1",
                    {key->secret}));
    return row->Int(0);
  });
  EXPECT_EQ(*matches, 0);
  for (const changes::StoredChange& change : *Changes()) {
    EXPECT_EQ(change.payload_json.find(key->secret), std::string::npos) << change.payload_json;
  }
}

TEST_P(ChannelsTest, KeysAreBoundAsTheirRoleRequires) {
  auto create = [&](NewKey req) {
    return Write([&](storage::Tx& tx) { return service_->CreateKey(tx, req); });
  };
  EXPECT_EQ(*std::get_if<std::string>(create({.role = Role::kChannel}).error().Detail("field")),
            "channel_id");
  EXPECT_EQ(
      *std::get_if<std::string>(create({.role = Role::kStoreAssociate}).error().Detail("field")),
      "location_id");
  EXPECT_EQ(*std::get_if<std::string>(
                create({.role = Role::kAgent, .location_id = "loc_1"}).error().Detail("field")),
            "location_id");
  EXPECT_EQ(create({.role = Role::kChannel, .channel_id = "chn_missing"}).error().code,
            ErrorCode::kInvalidArgument);
  Result<CreatedKey> associate = create({.role = Role::kStoreAssociate, .location_id = "loc_krk"});
  ASSERT_OK(associate);
  EXPECT_EQ(NewAuthenticator(db(), clock_)->Authenticate(associate->secret)->location_id,
            "loc_krk");
}

TEST_P(ChannelsTest, RevokingTwiceKeepsTheFirstTimeAndAppendsOnce) {
  Result<CreatedKey> key =
      Write([&](storage::Tx& tx) { return service_->CreateKey(tx, {.role = Role::kAnalyst}); });
  ASSERT_OK(key);
  Result<ApiKey> first =
      Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, key->key.id.str()); });
  clock_.Advance(std::chrono::hours(1));
  Result<ApiKey> second =
      Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, key->key.id.str()); });
  ASSERT_OK(second);
  EXPECT_EQ(first->revoked_at, second->revoked_at);
  int revocations = 0;
  for (const changes::StoredChange& change : *Changes()) {
    revocations += change.type == events::kApiKeyRevoked.name;
  }
  EXPECT_EQ(revocations, 1);
  EXPECT_EQ(
      Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, "key_nope"); }).error().code,
      ErrorCode::kNotFound);
}

// A verified key is served from memory, so a revocation made elsewhere must reach the cache
// through the change feed, or at worst the TTL.
TEST_P(ChannelsTest, ARevocationFromAnotherNodeEvictsTheCachedKey) {
  Result<CreatedKey> key = CreateAgentKey();
  ASSERT_OK(key);
  auto authenticator = NewAuthenticator(db(), clock_, std::chrono::seconds(5));
  ASSERT_OK(authenticator->Authenticate(key->secret));
  // "Another node" revokes: this authenticator is not told directly.
  ASSERT_OK(Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, key->key.id.str()); }));
  EXPECT_OK(authenticator->Authenticate(key->secret));  // still cached, as designed
  for (const changes::StoredChange& change : *Changes()) {
    authenticator->OnChange(change);  // what the hub does with every change it reads
  }
  EXPECT_EQ(authenticator->Authenticate(key->secret).error().code, ErrorCode::kUnauthenticated);
}

TEST_P(ChannelsTest, OnlyARecentlyVerifiedKeyIsKnownWithoutBlocking) {
  Result<CreatedKey> key = CreateAgentKey();
  ASSERT_OK(key);
  auto authenticator = NewAuthenticator(db(), clock_, std::chrono::seconds(5));
  EXPECT_FALSE(authenticator->AuthenticateWithoutBlocking(key->secret).has_value());
  ASSERT_OK(authenticator->Authenticate(key->secret));
  std::optional<Result<http::Principal>> known =
      authenticator->AuthenticateWithoutBlocking(key->secret);
  ASSERT_TRUE(known.has_value());
  EXPECT_EQ((*known)->key_id, key->key.id.str());
  authenticator->Forget(key->key.id.str());
  EXPECT_FALSE(authenticator->AuthenticateWithoutBlocking(key->secret).has_value());
  ASSERT_OK(authenticator->Authenticate(key->secret));
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_FALSE(authenticator->AuthenticateWithoutBlocking(key->secret).has_value());
}

TEST_P(ChannelsTest, ACachedKeyIsReadAgainAfterItsTtl) {
  Result<CreatedKey> key = CreateAgentKey();
  ASSERT_OK(key);
  auto authenticator = NewAuthenticator(db(), clock_, std::chrono::seconds(5));
  ASSERT_OK(authenticator->Authenticate(key->secret));
  ASSERT_OK(Write([&](storage::Tx& tx) { return service_->RevokeKey(tx, key->key.id.str()); }));
  clock_.Advance(std::chrono::seconds(6));
  EXPECT_EQ(authenticator->Authenticate(key->secret).error().code, ErrorCode::kUnauthenticated);
}

OMNI_INSTANTIATE_BACKENDS(ChannelsTest);

}  // namespace
}  // namespace omnihub::channels
