#include "pricing/events.h"
#include "pricing/pricing.h"

namespace omnihub::pricing {

// The one pricing engine. It sees products and channel names through the interfaces it
// declares (ProductFacts, ChannelNames, CustomerFacts), which the node holds before it is built.
const node::Module kModule{.name = "pricing",
                           .migrations = &Migrations,
                           .build = [](node::Node& node) -> Result<void> {
                             node.Provide(NewPricingService(node.clock(), node.Get<ProductFacts>(),
                                                            node.Find<ChannelNames>(),
                                                            node.Find<CustomerFacts>()));
                             return Ok();
                           },
                           .routes =
                               [](node::Node& node, http::Router& router) {
                                 RegisterRoutes(router, node.db(), node.Get<PricingService>());
                               },
                           .events = &events::Catalogue};

}  // namespace omnihub::pricing
