#include "changes/changes.h"
#include "channels/channels.h"
#include "channels/codec.h"

namespace omnihub::channels {
namespace {

using http::Role;

std::string ListOf(std::string_view member, const std::vector<std::string>& items) {
  std::string out = "{\"" + std::string(member) + "\":[";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    out += (idx ? "," : "") + items[idx];
  }
  return out + "]}";
}

std::string ListSchema(std::string_view member, std::string_view item) {
  return R"({"type":"object","properties":{")" + std::string(member) +
         R"(":{"type":"array","items":)" + std::string(item) + "}}}";
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, ChannelsService& service,
                    KeyAuthenticator* authenticator) {
  router.Get("/api/v1/channels",
             {.summary = "List the retailer's channels",
              .roles = http::AllRoles(),
              .response_schema = ListSchema("channels", kChannelSchema),
              .tag = "channels"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::vector<Channel> channels, db.Read([&](storage::Tx& tx) {
                 return service.ListChannels(tx);
               }));
               std::vector<std::string> items;
               items.reserve(channels.size());
               for (const Channel& channel : channels) {
                 items.push_back(EncodeChannel(channel));
               }
               return http::Response::Ok(ListOf("channels", items));
             });

  router.Post("/api/v1/channels",
              {.summary = "Register a channel; the response shows its write key once",
               .roles = {Role::kAdmin},
               .request_schema = std::string(kNewChannelSchema),
               .response_schema = std::string(kChannelSchema),
               .tag = "channels",
               .secret_fields = {"write_key"}},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewChannel body, DecodeNewChannel(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateChannel(tx, body); };
                OMNI_ASSIGN_OR_RETURN(CreatedChannel created,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeCreatedChannel(created));
              });

  router.Get("/api/v1/channels/{id}",
             {.summary = "One channel",
              .roles = http::AllRoles(),
              .response_schema = std::string(kChannelSchema),
              .tag = "channels"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Channel channel, db.Read([&](storage::Tx& tx) {
                 return service.GetChannel(tx, id);
               }));
               return http::Response::Ok(EncodeChannel(channel));
             });

  router.Get("/api/v1/keys",
             {.summary = "List API keys (never their secrets)",
              .roles = {Role::kAdmin},
              .response_schema = ListSchema("keys", kKeySchema),
              .tag = "channels"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::vector<ApiKey> keys, db.Read([&](storage::Tx& tx) {
                 return service.ListKeys(tx);
               }));
               std::vector<std::string> items;
               items.reserve(keys.size());
               for (const ApiKey& key : keys) {
                 items.push_back(EncodeKey(key));
               }
               return http::Response::Ok(ListOf("keys", items));
             });

  router.Post("/api/v1/keys",
              {.summary = "Create an API key; the response shows the secret once",
               .roles = {Role::kAdmin},
               .request_schema = std::string(kNewKeySchema),
               .response_schema = std::string(kKeySchema),
               .tag = "channels",
               .secret_fields = {"key"}},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewKey body, DecodeNewKey(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateKey(tx, body); };
                OMNI_ASSIGN_OR_RETURN(CreatedKey created,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeCreatedKey(created));
              });

  router.Get("/api/v1/keys/current",
             {.summary = "The key making this request",
              .roles = http::AllRoles(),
              .response_schema = std::string(kKeySchema),
              .tag = "channels"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id = req.principal.key_id;
               OMNI_ASSIGN_OR_RETURN(
                   ApiKey key, db.Read([&](storage::Tx& tx) { return service.GetKey(tx, id); }));
               return http::Response::Ok(EncodeKey(key));
             });

  router.Delete("/api/v1/keys/{id}",
                {.summary = "Revoke an API key, at once on every node",
                 .roles = {Role::kAdmin},
                 .response_schema = std::string(kKeySchema),
                 .tag = "channels"},
                [&db, &service, authenticator](const http::Request& req) -> Result<http::Response> {
                  const std::string id(req.PathParam("id"));
                  auto revoke = [&](storage::Tx& tx) { return service.RevokeKey(tx, id); };
                  OMNI_ASSIGN_OR_RETURN(ApiKey key,
                                        db.InTransaction(revoke, changes::WriterOf(req)));
                  if (authenticator != nullptr) {
                    authenticator->Forget(id);  // at once here; other nodes via the change feed
                  }
                  return http::Response::Ok(EncodeKey(key));
                });
}

}  // namespace omnihub::channels
