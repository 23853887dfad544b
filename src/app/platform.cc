#include "app/app.h"
#include "core/json.h"
#include "core/metrics.h"
#include "customers/events.h"
#include "flows/checkout.h"
#include "flows/feeds.h"
#include "flows/privacy.h"
#include "idempotency/idempotency.h"

namespace omnihub::app {
namespace {

// Pricing's view of a product: its categories, for promotions conditioned on them.
class CatalogFacts final : public pricing::ProductFacts {
 public:
  explicit CatalogFacts(catalog::CatalogService& catalog) : catalog_(catalog) {}
  Result<std::optional<pricing::ProductInfo>> Find(storage::Tx& tx, std::string_view sku) override {
    OMNI_ASSIGN_OR_RETURN(std::optional<catalog::SkuInfo> info, catalog_.FindBySku(tx, sku));
    if (!info) {
      return std::optional<pricing::ProductInfo>();
    }
    return std::optional<pricing::ProductInfo>(
        pricing::ProductInfo{.sku = info->sku, .category_ids = info->categories});
  }

 private:
  catalog::CatalogService& catalog_;
};

// Channel names for pricing's messages ("valid only in channel app").
class ChannelNamesFromChannels final : public pricing::ChannelNames {
 public:
  explicit ChannelNamesFromChannels(channels::ChannelsService& channels) : channels_(channels) {}
  Result<std::optional<std::string>> NameOf(storage::Tx& tx, std::string_view channel_id) override {
    Result<channels::Channel> channel = channels_.GetChannel(tx, channel_id);
    if (!channel.ok()) {
      if (channel.error().code == ErrorCode::kNotFound ||
          channel.error().code == ErrorCode::kInvalidArgument) {
        return std::optional<std::string>();
      }
      return std::move(channel).error();
    }
    return std::optional<std::string>(channel->name);
  }

 private:
  channels::ChannelsService& channels_;
};

// Serialises bootstrap-key creation across nodes starting at once.
constexpr int64_t kBootstrapLock = 0x6f6d6e69626f6f74;  // "omniboot"

void RegisterPlatformRoutes(Platform& p) {
  storage::Database& db = *p.db;
  const std::vector<storage::MigrationSet> migrations = AllMigrations();
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
               [&p](const http::Request&) -> Result<http::Response> {
                 return http::Response::Ok(http::OpenApiDocument(p.router, kVersion));
               });
}

}  // namespace

std::vector<changes::Subscription> AllSubscriptions(Platform& p) {
  std::vector<changes::Subscription> all = loyalty::Subscriptions(*p.loyalty);
  for (std::vector<changes::Subscription> more :
       {customers::Subscriptions(*p.customers), carts::Subscriptions(*p.carts)}) {
    for (changes::Subscription& s : more) {
      all.push_back(std::move(s));
    }
  }
  return all;
}

std::vector<storage::MigrationSet> AllMigrations() {
  return {changes::Migrations(),   idempotency::Migrations(), channels::Migrations(),
          customers::Migrations(), events::Migrations(),      catalog::Migrations(),
          pricing::Migrations(),   inventory::Migrations(),   loyalty::Migrations(),
          carts::Migrations(),     orders::Migrations()};
}

Platform::~Platform() {
  if (subscribers) {
    subscribers->Stop();
  }
  if (hub) {
    hub->Stop();
  }
  if (db) {
    db->Close();
  }
}

Result<std::unique_ptr<Platform>> OpenPlatform(const PlatformOptions& options) {
  auto p = std::make_unique<Platform>();
  OMNI_ASSIGN_OR_RETURN(p->db, storage::OpenDatabase(options.db_url, options.db));
  OMNI_TRY(storage::Migrate(*p->db, AllMigrations()));
  p->db->SetBeforeCommit(idempotency::MarkCommitted);
  p->channels = channels::NewChannelsService(p->clock);
  p->authenticator = channels::NewAuthenticator(*p->db, p->clock);
  p->idempotency = idempotency::NewStore(*p->db, p->clock);
  p->customers = customers::NewCustomersService(p->clock, options.customers);
  p->events = events::NewEventsService(p->clock, *p->customers, options.events);
  p->inventory = inventory::NewInventoryService(p->clock);
  p->catalog = catalog::NewCatalogService(p->clock);
  p->product_facts = std::make_unique<CatalogFacts>(*p->catalog);
  p->channel_names = std::make_unique<ChannelNamesFromChannels>(*p->channels);
  p->pricing = pricing::NewPricingService(p->clock, *p->product_facts, p->channel_names.get());
  p->loyalty = loyalty::NewLoyaltyService(p->clock);
  p->carts =
      carts::NewCartService(p->clock, *p->pricing, *p->customers, *p->inventory, p->loyalty.get());
  p->orders = orders::NewOrderService(p->clock, *p->pricing, *p->customers, *p->inventory);
  if (options.serve) {
    p->hub = changes::StartHub(*p->db, {});
    changes::Hub* hub = p->hub.get();
    p->db->SetCommitListener([hub] { hub->Notify(); });
    channels::KeyAuthenticator* authenticator = p->authenticator.get();
    p->subscribers = changes::StartSubscribers(*p->db, AllSubscriptions(*p));
    changes::SubscriberRunner* subscribers = p->subscribers.get();
    hub->Observe([authenticator, subscribers](const changes::StoredChange& change) {
      authenticator->OnChange(change);
      if (change.module == "orders" || change.type == customers::events::kProfileMerged.name) {
        subscribers->Wake();  // what the subscriptions listen to
      }
    });
    RegisterPlatformRoutes(*p);
    channels::RegisterRoutes(p->router, *p->db, *p->channels, p->authenticator.get());
    changes::RegisterRoutes(p->router, *p->db, *p->hub);
    customers::RegisterRoutes(p->router, *p->db, *p->customers);
    flows::RegisterPrivacyRoutes(p->router, *p->db, *p->customers, *p->events);
    events::RegisterRoutes(p->router, *p->db, *p->events);
    inventory::RegisterRoutes(p->router, *p->db, *p->inventory, p->clock);
    catalog::RegisterRoutes(p->router, *p->db, *p->catalog);
    pricing::RegisterRoutes(p->router, *p->db, *p->pricing);
    loyalty::RegisterRoutes(p->router, *p->db, *p->loyalty);
    carts::RegisterRoutes(p->router, *p->db, *p->carts);
    orders::RegisterRoutes(p->router, *p->db, *p->orders, p->clock);
    flows::RegisterCheckoutRoutes(p->router, *p->db,
                                  {.carts = *p->carts,
                                   .orders = *p->orders,
                                   .customers = *p->customers,
                                   .loyalty = *p->loyalty});
    flows::RegisterFeedRoutes(p->router, *p->db, *p->catalog, *p->pricing, *p->inventory);
  }
  return p;
}

Result<std::string> EnsureBootstrapKey(Platform& p) {
  auto bootstrap = [&p](storage::Tx& tx) -> Result<std::string> {
    OMNI_TRY(tx.LockExclusive(kBootstrapLock));
    OMNI_ASSIGN_OR_RETURN(bool any, p.channels->AnyKeyExists(tx));
    if (any) {
      return std::string();
    }
    OMNI_ASSIGN_OR_RETURN(
        channels::CreatedKey created,
        p.channels->CreateKey(tx, {.role = http::Role::kAdmin, .name = "bootstrap"}));
    return created.secret;
  };
  return p.db->InTransaction(bootstrap);
}

}  // namespace omnihub::app
