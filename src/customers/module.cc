#include "customers/customers.h"
#include "customers/events.h"

namespace omnihub::customers {

// One profile per person. Its part of a person's export is the profile itself; its erasure is
// where every erasure starts (flows/privacy.cc), since it tells the other modules who the
// person is.
const node::Module kModule{
    .name = "customers",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      const Options* options = node.Find<Options>();
      node.Provide(NewCustomersService(node.clock(), options ? *options : Options{}));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<CustomersService>());
        },
    .subscriptions = [](node::Node& node) { return Subscriptions(node.Get<CustomersService>()); },
    .events = &events::Catalogue,
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "customer",
               .export_json = [](storage::Tx& tx, node::Node& node,
                                 const node::Person& person) -> Result<std::string> {
                 return node.Get<CustomersService>().ExportJson(tx, person.customer_id);
               },
               // Erased first of all, by flows::ErasePerson, which learns the person from it.
               .tables = {"customers_identifiers", "customers_traits", "customers_consents",
                          "customers_channels", "customers_search_terms", "customers_conflicts"}}};
    }};

}  // namespace omnihub::customers
