#include "inventory/events.h"
#include "inventory/inventory.h"

namespace omnihub::inventory {

// Locations, the stock ledger and reservations.
const node::Module kModule{
    .name = "inventory",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      node.Provide(NewInventoryService(node.clock()));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<InventoryService>(), node.clock());
        },
    // Reads already ignore expired holds; the sweep records them and tells the change feed.
    .sweeps = []() -> std::vector<node::Sweep> {
      return {{.name = "stock hold expiry",
               .run = [](node::Node& node, TimePoint now) -> Result<int64_t> {
                 return node.db().InTransaction([&](storage::Tx& tx) {
                   return node.Get<InventoryService>().ExpireDue(tx, now, 500);
                 });
               }}};
    },
    .events = &events::Catalogue};

}  // namespace omnihub::inventory
