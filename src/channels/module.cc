#include "channels/channels.h"
#include "channels/events.h"

namespace omnihub::channels {

// Channels, API keys and write keys; the HTTP edge's authenticator.
const node::Module kModule{.name = "channels",
                           .migrations = &Migrations,
                           .build = [](node::Node& node) -> Result<void> {
                             node.Provide(NewChannelsService(node.clock()));
                             node.Provide(NewAuthenticator(node.db(), node.clock()));
                             return Ok();
                           },
                           .routes =
                               [](node::Node& node, http::Router& router) {
                                 RegisterRoutes(router, node.db(), node.Get<ChannelsService>(),
                                                &node.Get<KeyAuthenticator>());
                               },
                           // Another node revoked a key: drop it from this node's cache at once.
                           .observe =
                               [](node::Node& node, const changes::StoredChange& change) {
                                 node.Get<KeyAuthenticator>().OnChange(change);
                               },
                           .events = &events::Catalogue};

}  // namespace omnihub::channels
