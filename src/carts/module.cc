#include "carts/carts.h"
#include "carts/codec.h"
#include "carts/events.h"
#include "carts/store.h"
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
    .events = &events::Catalogue,
    // A person's carts: theirs, those their browsers started, and guests' carts with their
    // e-mail or phone. Erasure keeps the carts (lines and totals are the shop's records)
    // without contact, payment reference or anonymous id.
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "carts",
               .export_json = [](storage::Tx& tx, node::Node& node,
                                 const node::Person& person) -> Result<std::string> {
                 OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                                       store::SelectCartsOfPerson(tx, person.customer_ids,
                                                                  person.identifiers));
                 std::string out = "[";
                 for (const std::string& id : ids) {
                   OMNI_ASSIGN_OR_RETURN(Cart cart, node.Get<CartService>().Get(tx, id));
                   out += (out.size() > 1 ? "," : "") + EncodeCart(cart);
                 }
                 return out + "]";
               },
               .erase = [](storage::Tx& tx, node::Node&,
                           const node::Person& person) -> Result<int64_t> {
                 OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                                       store::SelectCartsOfPerson(tx, person.customer_ids,
                                                                  person.identifiers));
                 for (const std::string& id : ids) {
                   OMNI_TRY(store::ForgetPerson(tx, id));
                 }
                 return static_cast<int64_t>(ids.size());
               },
               .tables = {"carts_carts"}}};
    }};

}  // namespace omnihub::carts
