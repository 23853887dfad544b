#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "carts/types.h"
#include "changes/changes.h"
#include "channels/channels.h"
#include "core/result.h"
#include "core/time.h"
#include "customers/types.h"
#include "events/service.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The wiring: one database, every module's service, and the route table they serve.
namespace omnihub::app {

inline constexpr std::string_view kVersion = "0.1.0";

// Every module of a node, in dependency order (modules.cc).
std::span<const node::Module* const> AllModules();

// A running omnihub node minus its HTTP server: the node (database, every module's services)
// and, when serving, its routes, change hub and subscribers. Thread-safe once built.
struct Platform {
  SystemClock clock;
  std::unique_ptr<node::Node> node;
  http::Router router;  // only when serving

  // A module's service. REQUIRES: a module of AllModules() provided it.
  template <typename T>
  T& Get() const {
    return node->Get<T>();
  }
  storage::Database& db() const { return node->db(); }

  ~Platform();
};

struct PlatformOptions {
  std::string db_url;
  customers::Options customers;
  events::Options events;
  carts::Options carts;
  storage::DatabaseOptions db;
  bool serve = false;  // start the change hub and the subscribers, and build the route table
};

// Opens the database, applies every module's migrations and builds every module (and, to
// serve, the hub, the subscribers and the routes). Errors: as storage::OpenDatabase,
// storage::Migrate and a module's build.
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

// docs/events.md: every module's event types, their payload fields with types and data classes,
// and who receives them (event_catalogue.cc).
std::string EventsMarkdown();
// The change feed's schemas for the OpenAPI document: one per event type (named by it) and
// "Change", whose payload is one of them.
std::vector<http::NamedSchema> EventSchemas();

// What CheckChangeLog found.
struct LogCheck {
  int64_t rows = 0;
  int64_t erased = 0;                      // payloads erasure replaced: not decoded
  int64_t older_versions = 0;              // decoded at an older schema version: not compared
  std::map<std::string, int64_t> decoded;  // by type
  std::vector<std::string> failures;       // per failing row: its seq, its type and why
};
// Runs every change in the log through its type's decoder, and for payloads at the current
// schema version checks that encoding the decoded payload gives the stored JSON again. A type
// no module declares is a failure. Errors: as storage.
Result<LogCheck> CheckChangeLog(storage::Database& db);

}  // namespace omnihub::app
