#include "carts/carts.h"
#include "carts/events.h"
#include "customers/customers.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "pricing/pricing.h"

namespace omnihub::carts {

// One cart in every channel. Loyalty is optional: without it points cannot be redeemed.
const node::Module kModule{
    .name = "carts",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      node.Provide(NewCartService(node.clock(), node.Get<pricing::PricingService>(),
                                  node.Get<customers::CustomersService>(),
                                  node.Get<inventory::InventoryService>(),
                                  node.Find<loyalty::LoyaltyService>()));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<CartService>(),
                         node.Get<customers::CustomersService>());
        },
    .subscriptions = [](node::Node& node) { return Subscriptions(node.Get<CartService>()); },
    .sweeps = []() -> std::vector<node::Sweep> {
      return {{.name = "cart abandonment",
               .run = [](node::Node& node, TimePoint now) -> Result<int64_t> {
                 const Options* options = node.Find<Options>();
                 const Duration idle = options ? options->abandon_after : Options{}.abandon_after;
                 return node.db().InTransaction([&](storage::Tx& tx) {
                   return node.Get<CartService>().MarkAbandoned(tx, now, idle, 500);
                 });
               }}};
    },
    .events = &events::Catalogue};

}  // namespace omnihub::carts
