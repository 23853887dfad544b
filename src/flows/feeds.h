#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>

#include "catalog/catalog.h"
#include "core/enums.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "inventory/inventory.h"
#include "pricing/pricing.h"
#include "storage/database.h"

// Product feeds for outside marketplaces: the catalogue's active variants with the price the
// pricing engine gives and the availability inventory promises, so a shopping ad never shows
// a price or stock the shop does not.
namespace omnihub::flows {

// Google Merchant Center's two file forms: RSS 2.0 with the g: namespace, or tab-separated text.
enum class FeedFormat { kXml, kTsv };
constexpr auto EnumNames(FeedFormat) {
  return EnumTable<FeedFormat, 2>{{{FeedFormat::kXml, "xml"}, {FeedFormat::kTsv, "tsv"}}};
}

struct GoogleFeedOptions {
  FeedFormat format = FeedFormat::kXml;
  // The channel whose price the feed shows; "" for the price every channel shares.
  std::string channel_id;
  // Product pages are base_url + "/p/" + SKU. REQUIRES: http(s)://, no trailing '/'.
  std::string base_url = "https://shop.example";
  Currency currency = Currency::Pln();
  std::optional<TimePoint> at;  // prices and promotions as of; nullopt: now
};

struct GoogleFeed {
  std::string body;
  std::string content_type;  // application/xml or text/tab-separated-values, UTF-8
  int64_t items = 0;         // variants in the feed
  int64_t unpriced = 0;      // active variants left out: no price list prices them
};

// One item per variant of an active product (id = SKU, item_group_id = product id), in
// catalogue order. price is what ResolvePrice gives in `options.currency`; sale_price is the
// price of one unit after the automatic line-level promotions running at `at` (PriceQuote), when
// lower; availability is in_stock when the network has units to promise, else out_of_stock.
// Variants without a price are left out and counted in `unpriced` (the XML also says so in a
// comment). Reads only: use Database::Read. Errors: storage errors.
Result<GoogleFeed> BuildGoogleFeed(storage::Tx& tx, catalog::CatalogService& catalog,
                                   pricing::PricingService& pricing,
                                   inventory::InventoryService& inventory,
                                   const GoogleFeedOptions& options);

// GET /api/v1/catalog/feeds/google?format=xml|tsv&channel_id=&base_url=&currency=
// (admin, channel, analyst). Borrows every argument.
void RegisterFeedRoutes(http::Router& router, storage::Database& db,
                        catalog::CatalogService& catalog, pricing::PricingService& pricing,
                        inventory::InventoryService& inventory);

}  // namespace omnihub::flows
