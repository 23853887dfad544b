#pragma once

#include <cstdint>
#include <memory>
#include <string>
#include <string_view>
#include <vector>

#include "carts/carts.h"
#include "catalog/catalog.h"
#include "changes/changes.h"
#include "changes/subscribers.h"
#include "channels/channels.h"
#include "core/result.h"
#include "core/time.h"
#include "customers/customers.h"
#include "events/service.h"
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

// Every module's reactions to other modules' changes (loyalty and customers on orders, carts on
// profile merges): what StartSubscribers runs when serving. Borrows the platform's services.
std::vector<changes::Subscription> AllSubscriptions(Platform& platform);

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
// A demo cart as it is now; names are the demo's (channel "web", store "krakow", owner "anna").
struct DemoCart {
  std::string id;
  std::string owner;        // a demo customer's name, "anonymous" for a visitor
  std::string customer_id;  // "" for a visitor
  std::string channel;      // where it was started
  std::string status;       // active, checked_out, ...
  std::string fulfilment;   // ship, click_and_collect, parcel_locker
  std::string store;        // click & collect: the pickup store's name, else ""
  std::string location_id;  // and its id
  int64_t lines = 0;        // number of lines
  std::vector<std::string> coupons;
  std::string order_id;  // checked out: the order it became
};
// A demo order as it is now.
struct DemoOrder {
  std::string id;
  std::string number;       // "SZ-2026-000001"
  std::string state;        // placed, allocated, ready_for_pickup, ...
  std::string fulfilment;   // ship, click_and_collect, parcel_locker, in_store
  std::string customer;     // a demo customer's name, "" for a guest
  std::string customer_id;  // "" for a guest
  std::string channel;      // the selling channel's name
  std::string store;        // click & collect and in store: the store's name, else ""
  std::string location_id;  // and its id
  std::string cart_id;      // checked out from this cart, "" for a direct order
};
struct Demo {
  std::string retailer;
  std::vector<DemoChannel> channels;
  std::vector<std::pair<std::string, std::string>> locations;  // name -> location id
  std::vector<std::pair<std::string, std::string>> keys;       // name -> API key
  std::vector<std::pair<std::string, std::string>> customers;  // name -> customer id
  std::vector<DemoCart> carts;    // carts in progress, and the one checked out
  std::vector<DemoOrder> orders;  // oldest first: one or more in every state
  bool created_now = false;

  // Ids by demo name, and names by id; "" when unknown.
  std::string ChannelId(std::string_view name) const;
  std::string ChannelName(std::string_view id) const;
  std::string LocationId(std::string_view name) const;
  std::string LocationName(std::string_view id) const;
  std::string CustomerId(std::string_view name) const;
  std::string CustomerName(std::string_view id) const;
};
Result<Demo> LoadDemo(Platform& platform);
// The demo's people, told through the Segment API of the demo channels (once, with the demo).
Result<void> LoadDemoCustomers(Platform& platform, const Demo& demo);
// The demo's catalogue, price list, promotion and app-only coupon (once, with the demo).
Result<void> LoadDemoCatalog(Platform& platform, const Demo& demo);
// The demo's stores and warehouse, and their opening stock (once, with the demo).
Result<void> LoadDemoStock(Platform& platform);
// The demo's carts in progress: Anna's app cart for pickup in Kraków (holding the stock there),
// Piotr's web cart with a coupon, a visitor's anonymous web cart (once, with the demo).
Result<void> LoadDemoCarts(Platform& platform, const Demo& demo);
// The demo's orders, in every state and with click & collect ready in every store, one checked
// out from a cart; then every change-log subscription is pumped so the completed orders' points
// are earned (once, with the demo). REQUIRES: demo.customers loaded.
Result<void> LoadDemoOrders(Platform& platform, const Demo& demo);
// Fills demo.carts and demo.orders with the demo's carts and orders as they are now.
Result<void> DescribeDemoOrders(Platform& platform, Demo& demo);
// name -> customer id of the demo's people found in the database.
Result<std::vector<std::pair<std::string, std::string>>> DemoCustomers(Platform& platform);
std::string DemoJson(const Demo& demo);

// docs/errors.md: the error code catalogue as Markdown.
std::string ErrorCodesMarkdown();

}  // namespace omnihub::app
