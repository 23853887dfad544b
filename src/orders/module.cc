#include "customers/customers.h"
#include "inventory/inventory.h"
#include "orders/events.h"
#include "orders/orders.h"
#include "orders/store.h"
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
    .events = &events::Catalogue,
    // A person's orders with their payments. Erasure keeps them as accounting records without
    // the delivery address or payment references.
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "orders",
               .export_json = [](storage::Tx& tx, node::Node& node,
                                 const node::Person& person) -> Result<std::string> {
                 OrderService& orders = node.Get<OrderService>();
                 OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                                       store::SelectOrderIdsOf(tx, person.customer_ids));
                 std::string out = "[";
                 for (const std::string& id : ids) {
                   OMNI_ASSIGN_OR_RETURN(Order order, orders.Get(tx, id));
                   OMNI_ASSIGN_OR_RETURN(std::vector<Payment> payments,
                                         orders.ListPayments(tx, id));
                   out += (out.size() > 1 ? ",{\"order\":" : "{\"order\":") + EncodeOrder(order) +
                          ",\"payments\":[";
                   for (size_t i = 0; i < payments.size(); ++i) {
                     out += (i ? "," : "") + EncodePayment(payments[i]);
                   }
                   out += "]}";
                 }
                 return out + "]";
               },
               .erase = [](storage::Tx& tx, node::Node&,
                           const node::Person& person) -> Result<int64_t> {
                 OMNI_ASSIGN_OR_RETURN(std::vector<std::string> ids,
                                       store::SelectOrderIdsOf(tx, person.customer_ids));
                 for (const std::string& id : ids) {
                   OMNI_TRY(store::ForgetPerson(tx, id));
                 }
                 return static_cast<int64_t>(ids.size());
               },
               .tables = {"orders_orders", "orders_payments"}}};
    }};

}  // namespace omnihub::orders
