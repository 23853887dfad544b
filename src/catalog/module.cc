#include "catalog/catalog.h"
#include "catalog/events.h"

namespace omnihub::catalog {

// Products, variants, categories and their import.
const node::Module kModule{.name = "catalog",
                           .migrations = &Migrations,
                           .build = [](node::Node& node) -> Result<void> {
                             node.Provide(NewCatalogService(node.clock()));
                             return Ok();
                           },
                           .routes =
                               [](node::Node& node, http::Router& router) {
                                 RegisterRoutes(router, node.db(), node.Get<CatalogService>());
                               },
                           .events = &events::Catalogue};

}  // namespace omnihub::catalog
