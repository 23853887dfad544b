#include "loyalty/codec.h"
#include "loyalty/events.h"
#include "loyalty/loyalty.h"
#include "loyalty/store.h"

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
    .events = &events::Catalogue,
    // A person's balance and ledger. Erasure keeps the ledger (points are a liability the
    // books must show) without the free-text reasons of adjustments.
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "loyalty",
               .export_json = [](storage::Tx& tx, node::Node& node,
                                 const node::Person& person) -> Result<std::string> {
                 LoyaltyService& loyalty = node.Get<LoyaltyService>();
                 OMNI_ASSIGN_OR_RETURN(Balance balance,
                                       loyalty.GetBalance(tx, person.customer_id));
                 std::string entries = "[";
                 for (const std::string& id : person.customer_ids) {
                   HistoryQuery query{.customer_id = id, .limit = 200};
                   do {
                     OMNI_ASSIGN_OR_RETURN(HistoryPage page, loyalty.History(tx, query));
                     for (const Entry& entry : page.entries) {
                       entries += (entries.size() > 1 ? "," : "") + EncodeEntry(entry);
                     }
                     query.before = page.next_before;
                   } while (query.before != 0);
                 }
                 return "{\"balance\":" + EncodeBalance(balance) + ",\"entries\":" + entries +
                        "]}";
               },
               .erase = [](storage::Tx& tx, node::Node&,
                           const node::Person& person) -> Result<int64_t> {
                 int64_t forgotten = 0;
                 for (const std::string& id : person.customer_ids) {
                   OMNI_ASSIGN_OR_RETURN(int64_t rows, store::ForgetReasons(tx, id));
                   forgotten += rows;
                 }
                 return forgotten;
               },
               .tables = {"loyalty_entries"}}};
    }};

}  // namespace omnihub::loyalty
