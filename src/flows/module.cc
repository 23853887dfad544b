#include "carts/carts.h"
#include "catalog/catalog.h"
#include "customers/customers.h"
#include "flows/checkout.h"
#include "flows/events.h"
#include "flows/feeds.h"
#include "flows/flows.h"
#include "flows/privacy.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "orders/orders.h"
#include "pricing/pricing.h"

namespace omnihub::flows {

const node::Module kModule{
    .name = "flows",
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterPrivacyRoutes(router, node);
          RegisterCheckoutRoutes(router, node.db(),
                                 {.carts = node.Get<carts::CartService>(),
                                  .orders = node.Get<orders::OrderService>(),
                                  .customers = node.Get<customers::CustomersService>(),
                                  .loyalty = node.Get<loyalty::LoyaltyService>()});
          RegisterFeedRoutes(router, node.db(), node.Get<catalog::CatalogService>(),
                             node.Get<pricing::PricingService>(),
                             node.Get<inventory::InventoryService>());
        },
    .events = &events::Catalogue};

}  // namespace omnihub::flows
