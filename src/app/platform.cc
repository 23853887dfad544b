#include "app/app.h"
#include "changes/feed_privacy.h"
#include "channels/channels.h"
#include "core/json.h"
#include "core/metrics.h"

namespace omnihub::app {
namespace {

// Serialises bootstrap-key creation across nodes starting at once.
constexpr int64_t kBootstrapLock = 0x6f6d6e69626f6f74;  // "omniboot"

void RegisterPlatformRoutes(Platform& p) {
  storage::Database& db = p.db();
  const std::vector<storage::MigrationSet> migrations = node::Migrations(AllModules());
  p.router.Get("/healthz",
               {.summary = "The process is up",
                .auth = http::AuthKind::kPublic,
                .response_schema = R"({"type":"object","properties":{"status":{"const":"ok"}}})",
                .blocking = false,
                .tag = "platform"},
               [](const http::Request&) -> Result<http::Response> {
                 return http::Response::Ok(R"({"status":"ok"})");
               });
  p.router.Get(
      "/readyz",
      {.summary = "The database is reachable and migrations are current",
       .auth = http::AuthKind::kPublic,
       .response_schema = R"({"type":"object","properties":{"status":{"const":"ready"},)"
                          R"("database":{"type":"string"},"migrations":{"type":"string"}}})",
       .tag = "platform"},
      [&db, migrations](const http::Request&) -> Result<http::Response> {
        Result<void> ping = db.Ping();
        if (!ping.ok()) {
          return Error::Unavailable("database unreachable").With("database", ping.error().message);
        }
        Result<bool> current = storage::MigrationsCurrent(db, migrations);
        if (!current.ok() || !*current) {
          return Error::Unavailable("migrations are not current; run omnihub migrate")
              .With("migrations", "behind");
        }
        return http::Response::Ok(R"({"status":"ready","database":"ok","migrations":"current"})");
      });
  p.router.Get(
      "/metrics",
      {.summary = "Prometheus metrics",
       .auth = http::AuthKind::kPublic,
       .response_schema = R"({"type":"string","description":"Prometheus text format 0.0.4"})",
       .blocking = false,
       .tag = "platform"},
      [](const http::Request&) -> Result<http::Response> {
        return http::Response::Text(200, metrics::Registry::Global().RenderPrometheus(),
                                    "text/plain; version=0.0.4");
      });
  p.router.Get("/api/v1/ping",
               {.summary = "Checks an API key and the connection; answers who the key is",
                .roles = http::AllRoles(),
                .response_schema = R"({"type":"object","properties":{"pong":{"type":"boolean"},)"
                                   R"("key_id":{"type":"string"},"role":{"type":"string"}}})",
                .blocking = false,
                .tag = "platform"},
               [](const http::Request& req) -> Result<http::Response> {
                 json::Writer w;
                 w.BeginObject().Field("pong", true).Field("key_id", req.principal.key_id);
                 w.Field("role", NameOf(req.principal.role)).EndObject();
                 return http::Response::Ok(w.Take());
               });
  p.router.Get("/api/v1/openapi.json",
               {.summary = "This API's OpenAPI 3.1 description",
                .auth = http::AuthKind::kPublic,
                .response_schema = R"({"type":"object","description":"an OpenAPI 3.1 document"})",
                .blocking = false,
                .tag = "platform"},
               [&p, schemas = EventSchemas()](const http::Request&) -> Result<http::Response> {
                 return http::Response::Ok(http::OpenApiDocument(p.router, kVersion, schemas));
               });
}

}  // namespace

Platform::~Platform() {
  if (node == nullptr) {
    return;
  }
  // The hub first: its observer wakes the subscribers, which go next.
  if (changes::Hub* hub = node->Find<changes::Hub>()) {
    hub->Stop();
  }
  if (changes::SubscriberRunner* subscribers = node->Find<changes::SubscriberRunner>()) {
    subscribers->Stop();
  }
  node->Shutdown();
}

Result<std::unique_ptr<Platform>> OpenPlatform(const PlatformOptions& options) {
  auto p = std::make_unique<Platform>();
  OMNI_ASSIGN_OR_RETURN(std::unique_ptr<storage::Database> db,
                        storage::OpenDatabase(options.db_url, options.db));
  OMNI_TRY(storage::Migrate(*db, node::Migrations(AllModules())));
  p->node = std::make_unique<node::Node>(std::move(db), p->clock, AllModules());
  node::Node& node = *p->node;
  node.Provide(std::make_unique<customers::Options>(options.customers));
  node.Provide(std::make_unique<events::Options>(options.events));
  node.Provide(std::make_unique<carts::Options>(options.carts));
  for (const node::Module* module : node.modules()) {
    if (module->build != nullptr) {
      OMNI_TRY(module->build(node));
    }
  }
  if (!options.serve) {
    return p;
  }
  const changes::FeedPrivacy& privacy = node.Provide(
      std::make_unique<changes::FeedPrivacy>(node::EventCatalogue(node.modules())));
  changes::Hub& hub = node.Provide(changes::StartHub(node.db(), {.privacy = &privacy}));
  node.db().SetCommitListener([&hub] { hub.Notify(); });
  changes::SubscriberRunner& subscribers =
      node.Provide(changes::StartSubscribers(node.db(), node::Subscriptions(node)));
  hub.Observe([&node, &subscribers](const changes::StoredChange& change) {
    for (const node::Module* module : node.modules()) {
      if (module->observe != nullptr) {
        module->observe(node, change);
      }
    }
    subscribers.OnChange(change);
  });
  RegisterPlatformRoutes(*p);
  for (const node::Module* module : node.modules()) {
    if (module->routes != nullptr) {
      module->routes(node, p->router);
    }
  }
  return p;
}

Result<std::string> EnsureBootstrapKey(Platform& p) {
  auto bootstrap = [&p](storage::Tx& tx) -> Result<std::string> {
    OMNI_TRY(tx.LockExclusive(kBootstrapLock));
    channels::ChannelsService& channels = p.Get<channels::ChannelsService>();
    OMNI_ASSIGN_OR_RETURN(bool any, channels.AnyKeyExists(tx));
    if (any) {
      return std::string();
    }
    OMNI_ASSIGN_OR_RETURN(
        channels::CreatedKey created,
        channels.CreateKey(tx, {.role = http::Role::kAdmin, .name = "bootstrap"}));
    return created.secret;
  };
  return p.db().InTransaction(bootstrap);
}

}  // namespace omnihub::app
