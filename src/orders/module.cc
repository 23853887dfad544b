#include "customers/customers.h"
#include "inventory/inventory.h"
#include "orders/events.h"
#include "orders/orders.h"
#include "pricing/pricing.h"

namespace omnihub::orders {

// Orders, their fulfilment, click & collect and recorded payments.
const node::Module kModule{
    .name = "orders",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      node.Provide(NewOrderService(node.clock(), node.Get<pricing::PricingService>(),
                                   node.Get<customers::CustomersService>(),
                                   node.Get<inventory::InventoryService>()));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<OrderService>(),
                         node.Get<customers::CustomersService>(), node.clock());
        },
    // Uncollected pickups go back on sale.
    .sweeps = []() -> std::vector<node::Sweep> {
      return {
          {.name = "pickup expiry", .run = [](node::Node& node, TimePoint now) -> Result<int64_t> {
             return node.db().InTransaction([&](storage::Tx& tx) {
               return node.Get<OrderService>().ExpirePickups(tx, now, 200);
             });
           }}};
    },
    .events = &events::Catalogue};

}  // namespace omnihub::orders
