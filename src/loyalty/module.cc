#include "loyalty/events.h"
#include "loyalty/loyalty.h"

namespace omnihub::loyalty {

// The points programme; earns and reverses through orders' changes.
const node::Module kModule{
    .name = "loyalty",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      node.Provide(NewLoyaltyService(node.clock()));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<LoyaltyService>());
        },
    .subscriptions = [](node::Node& node) { return Subscriptions(node.Get<LoyaltyService>()); },
    .sweeps = []() -> std::vector<node::Sweep> {
      return {
          {.name = "points expiry", .run = [](node::Node& node, TimePoint now) -> Result<int64_t> {
             return node.db().InTransaction([&](storage::Tx& tx) {
               return node.Get<LoyaltyService>().ExpireDue(tx, now, 500);
             });
           }}};
    },
    .events = &events::Catalogue};

}  // namespace omnihub::loyalty
