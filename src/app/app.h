#pragma once

#include <memory>
#include <string>
#include <vector>

#include "carts/carts.h"
#include "catalog/catalog.h"
#include "changes/changes.h"
#include "changes/subscribers.h"
#include "channels/channels.h"
#include "core/result.h"
#include "core/time.h"
#include "customers/customers.h"
#include "events/events.h"
#include "http/auth.h"
#include "http/idempotency.h"
#include "http/router.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "orders/orders.h"
#include "pricing/pricing.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The wiring: one database, every module's service, and the route table they serve.
namespace omnihub::app {

inline constexpr std::string_view kVersion = "0.1.0";

// Every module's migrations, in dependency order.
std::vector<storage::MigrationSet> AllMigrations();

// A running omnihub node minus its HTTP server. Thread-safe once built.
struct Platform {
  SystemClock clock;
  std::unique_ptr<storage::Database> db;
  std::unique_ptr<channels::ChannelsService> channels;
  std::unique_ptr<channels::KeyAuthenticator> authenticator;
  std::unique_ptr<http::IdempotencyStore> idempotency;
  std::unique_ptr<customers::CustomersService> customers;
  std::unique_ptr<events::EventsService> events;
  std::unique_ptr<inventory::InventoryService> inventory;
  std::unique_ptr<catalog::CatalogService> catalog;
  std::unique_ptr<pricing::ProductFacts> product_facts;  // the catalog, as pricing sees it
  std::unique_ptr<pricing::ChannelNames> channel_names;  // the channels, as pricing sees them
  std::unique_ptr<pricing::PricingService> pricing;
  std::unique_ptr<loyalty::LoyaltyService> loyalty;
  std::unique_ptr<carts::CartService> carts;
  std::unique_ptr<orders::OrderService> orders;
  std::unique_ptr<changes::Hub> hub;  // only when serving
  // Modules reacting to other modules' changes (loyalty on orders); only when serving.
  std::unique_ptr<changes::SubscriberRunner> subscribers;
  http::Router router;

  ~Platform();
};

struct PlatformOptions {
  std::string db_url;
  customers::Options customers;
  events::Options events;
  storage::DatabaseOptions db;
  bool serve = false;  // start the change hub and build the route table
};

// Opens the database, applies migrations and builds the services (and, to serve, the hub and
// the routes). Errors: as storage::OpenDatabase and storage::Migrate.
Result<std::unique_ptr<Platform>> OpenPlatform(const PlatformOptions& options);

// When the database has no API key yet, creates an admin key and returns its secret (shown
// once); otherwise "". Safe with several nodes starting at once.
Result<std::string> EnsureBootstrapKey(Platform& platform);

// The demo retailer of SPEC.md §4. Created once; later calls only describe it.
struct DemoChannel {
  std::string name;
  std::string id;
  std::string type;
  std::string funnel_role;
  std::string location_id;  // "" for none
  std::string write_key;
};
struct Demo {
  std::string retailer;
  std::vector<DemoChannel> channels;
  std::vector<std::pair<std::string, std::string>> locations;  // name -> location id
  std::vector<std::pair<std::string, std::string>> keys;       // name -> API key
  std::vector<std::pair<std::string, std::string>> customers;  // name -> customer id
  bool created_now = false;
};
Result<Demo> LoadDemo(Platform& platform);
// The demo's people, told through the Segment API of the demo channels (once, with the demo).
Result<void> LoadDemoCustomers(Platform& platform, const Demo& demo);
// The demo's catalogue, price list, promotion and app-only coupon (once, with the demo).
Result<void> LoadDemoCatalog(Platform& platform, const Demo& demo);
// The demo's stores and warehouse, and their opening stock (once, with the demo).
Result<void> LoadDemoStock(Platform& platform);
// name -> customer id of the demo's people found in the database.
Result<std::vector<std::pair<std::string, std::string>>> DemoCustomers(Platform& platform);
std::string DemoJson(const Demo& demo);

// docs/errors.md: the error code catalogue as Markdown.
std::string ErrorCodesMarkdown();

}  // namespace omnihub::app
