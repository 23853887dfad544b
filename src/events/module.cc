#include "events/events.h"
#include "events/service.h"

namespace omnihub::events {

// Segment-compatible ingestion and the stored events.
const node::Module kModule{
    .name = "events",
    .migrations = &Migrations,
    .build = [](node::Node& node) -> Result<void> {
      const Options* options = node.Find<Options>();
      node.Provide(NewEventsService(node.clock(), node.Get<customers::CustomersService>(),
                                    options ? *options : Options{}));
      return Ok();
    },
    .routes =
        [](node::Node& node, http::Router& router) {
          RegisterRoutes(router, node.db(), node.Get<EventsService>(),
                         node.Get<customers::CustomersService>());
        },
    .sweeps = []() -> std::vector<node::Sweep> {
      return {{.name = "event messageId purge",
               .every = std::chrono::hours(1),
               .run = [](node::Node& node, TimePoint) -> Result<int64_t> {
                 return node.db().InTransaction(
                     [&](storage::Tx& tx) { return node.Get<EventsService>().PurgeDedup(tx); });
               }}};
    },
    .events = &events::Catalogue,
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "events",
               .export_json = [](storage::Tx& tx, node::Node& node,
                                 const node::Person& person) -> Result<std::string> {
                 return node.Get<EventsService>().ExportJson(tx, person.customer_ids);
               },
               .erase = [](storage::Tx& tx, node::Node& node,
                           const node::Person& person) -> Result<int64_t> {
                 return node.Get<EventsService>().Erase(tx, person.customer_ids,
                                                        person.identifiers);
               },
               .tables = {"events_events", "events_rejections"}}};
    }};

}  // namespace omnihub::events
