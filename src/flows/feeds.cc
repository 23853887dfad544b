#include "flows/feeds.h"

#include <map>
#include <set>
#include <utility>
#include <vector>

#include "core/text.h"
#include "flows/feed_render.h"

namespace omnihub::flows {
namespace {

using feed::Item;

// Google's limits, in characters (code points).
constexpr size_t kMaxTitle = 150;
constexpr size_t kMaxDescription = 5000;
constexpr size_t kMaxAdditionalImages = 10;
constexpr int kPageSize = 100;
constexpr int kMaxCategoryDepth = 16;
// The quote needs a channel; for the shared price it gets one no channel has, so only
// promotions open to every channel count and no channel's override is used.
constexpr std::string_view kEveryChannel = "google-merchant-feed";

// "549.99 PLN": integer minor units, never floating point.
std::string FeedPrice(const Money& money) {
  return FormatDecimal(money) + " " + std::string(money.currency.code());
}

// At most `max_chars` code points of UTF-8 `text`, never cutting one in half.
std::string TruncateUtf8(std::string_view text, size_t max_chars) {
  size_t chars = 0;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if ((static_cast<unsigned char>(text[pos]) & 0xC0) != 0x80) {
      if (chars == max_chars) {
        return std::string(text.substr(0, pos));
      }
      ++chars;
    }
  }
  return std::string(text);
}

std::string FirstNonEmpty(const std::string& a, const std::string& b) { return a.empty() ? b : a; }

// The variant's value of `name`, else the product's, else "".
std::string AttributeOf(const catalog::Product& product, const catalog::Variant& variant,
                        std::string_view name) {
  auto found = variant.attributes.find(std::string(name));
  if (found != variant.attributes.end()) {
    return found->second;
  }
  found = product.attributes.find(std::string(name));
  return found == product.attributes.end() ? std::string() : found->second;
}

// "Buty > Buty do biegania po asfalcie": the category's path from its root, Polish names first.
std::string CategoryPath(const std::map<std::string, catalog::Category>& categories,
                         const std::string& slug) {
  std::vector<std::string> names;
  std::optional<std::string> at = slug;
  for (int depth = 0; at && depth < kMaxCategoryDepth; ++depth) {
    auto found = categories.find(*at);
    if (found == categories.end()) {
      break;
    }
    names.insert(names.begin(), FirstNonEmpty(found->second.name_pl, found->second.name_en));
    at = found->second.parent;
  }
  return Join(names, " > ");
}

// The price of one unit after the automatic line-level promotions, when lower than `price`.
Result<std::optional<Money>> SalePrice(storage::Tx& tx, pricing::PricingService& pricing,
                                       const std::set<std::string>& line_promotions,
                                       const std::string& sku, const Money& price,
                                       const GoogleFeedOptions& options) {
  pricing::QuoteRequest req{
      .lines = {{.sku = sku, .quantity = 1}},
      .channel_id = options.channel_id.empty() ? std::string(kEveryChannel) : options.channel_id,
      .at = options.at,
      .currency = std::string(options.currency.code())};
  Result<pricing::Quote> quote = pricing.PriceQuote(tx, req);
  if (!quote.ok()) {
    if (quote.error().code == ErrorCode::kNotFound) {
      return std::optional<Money>();
    }
    return std::move(quote).error();
  }
  if (quote->lines.size() != 1 || quote->lines[0].unit_gross != price) {
    return std::optional<Money>();  // the quote priced another list: no claim to make
  }
  Money sale = price;
  for (const pricing::Discount& discount : quote->lines[0].discounts) {
    if (discount.coupon.empty() && line_promotions.contains(discount.promotion_id.str())) {
      OMNI_ASSIGN_OR_RETURN(sale, Subtract(sale, discount.amount));
    }
  }
  if (sale.minor <= 0 || sale.minor >= price.minor) {
    return std::optional<Money>();
  }
  return std::optional<Money>(sale);
}

// The base URL as the query gave it, without trailing slashes.
// Errors: kInvalidArgument (field "base_url") unless http(s):// with a host and no spaces.
Result<std::string> ParseBaseUrl(std::string_view text) {
  while (!text.empty() && text.back() == '/') {
    text.remove_suffix(1);
  }
  const bool scheme = text.starts_with("https://") || text.starts_with("http://");
  const size_t host = text.find("://") + 3;
  if (!scheme || text.size() <= host || text.size() > 512) {
    return Error::InvalidArgument("base_url", "must be an http(s) URL up to 512 characters");
  }
  for (char c : text) {
    if (IsControl(c) || c == ' ' || c == '"' || c == '<' || c == '>') {
      return Error::InvalidArgument("base_url", "must be an http(s) URL up to 512 characters");
    }
  }
  return std::string(text);
}

}  // namespace

Result<GoogleFeed> BuildGoogleFeed(storage::Tx& tx, catalog::CatalogService& catalog,
                                   pricing::PricingService& pricing,
                                   inventory::InventoryService& inventory,
                                   const GoogleFeedOptions& options) {
  OMNI_ASSIGN_OR_RETURN(std::vector<catalog::Category> category_list, catalog.ListCategories(tx));
  std::map<std::string, catalog::Category> categories;
  for (catalog::Category& category : category_list) {
    std::string slug = category.slug;
    categories.emplace(std::move(slug), std::move(category));
  }
  // Only promotions that every buyer of one unit gets can make a sale price; with none
  // running, no quote is needed.
  OMNI_ASSIGN_OR_RETURN(std::vector<pricing::Promotion> promotions, pricing.ListPromotions(tx));
  std::set<std::string> line_promotions;
  for (const pricing::Promotion& promotion : promotions) {
    if (promotion.level == pricing::PromotionLevel::kLine && !promotion.requires_coupon &&
        !promotion.conditions.segment_id &&
        (promotion.kind == pricing::PromotionKind::kPercentOff ||
         promotion.kind == pricing::PromotionKind::kAmountOff)) {
      line_promotions.insert(promotion.id.str());
    }
  }

  GoogleFeed feed;
  std::vector<Item> items;
  catalog::ProductQuery query{.status = catalog::ProductStatus::kActive, .limit = kPageSize};
  while (true) {
    OMNI_ASSIGN_OR_RETURN(catalog::ProductPage page, catalog.ListProducts(tx, query));
    for (const catalog::Product& product : page.products) {
      const std::string title = FirstNonEmpty(product.title_pl, product.title_en);
      const std::string description =
          FirstNonEmpty(FirstNonEmpty(product.description_pl, product.description_en), title);
      const std::string product_type =
          product.categories.empty() ? "" : CategoryPath(categories, product.categories.front());
      for (const catalog::Variant& variant : product.variants) {
        Result<pricing::ResolvedPrice> price =
            pricing.ResolvePrice(tx, variant.sku, options.channel_id, options.at, options.currency);
        if (!price.ok()) {
          if (price.error().code != ErrorCode::kNotFound) {
            return std::move(price).error();
          }
          ++feed.unpriced;
          continue;
        }
        int64_t available = 0;
        Result<inventory::Availability> stock = inventory.GetAvailability(tx, variant.sku);
        if (stock.ok()) {
          available = stock->network_available;
        } else if (stock.error().code != ErrorCode::kNotFound) {
          return std::move(stock).error();
        }
        Item item{.id = variant.sku,
                  .item_group_id = product.id.str(),
                  .description = TruncateUtf8(description, kMaxDescription),
                  .link = options.base_url + "/p/" + variant.sku,
                  .availability = available > 0 ? "in_stock" : "out_of_stock",
                  .price = FeedPrice(price->gross),
                  .brand = AttributeOf(product, variant, "brand"),
                  .gtin = variant.gtin.value_or(""),
                  .product_type = product_type,
                  .color = FirstNonEmpty(AttributeOf(product, variant, "colour"),
                                         AttributeOf(product, variant, "color")),
                  .size = AttributeOf(product, variant, "size")};
        // Variants of one product differ in their titles by what tells them apart.
        std::string full_title = title;
        if (product.variants.size() > 1 && !variant.attributes.empty()) {
          std::vector<std::string> values;
          for (const auto& [name, value] : variant.attributes) {
            values.push_back(value);
          }
          full_title += " - " + Join(values, ", ");
        }
        item.title = TruncateUtf8(full_title, kMaxTitle);
        if (item.gtin.empty() && item.brand.empty()) {
          item.identifier_exists = "no";
        }
        if (!product.images.empty()) {
          item.image_link = product.images.front();
          for (size_t idx = 1; idx < product.images.size() &&
                               item.additional_image_links.size() < kMaxAdditionalImages;
               ++idx) {
            item.additional_image_links.push_back(product.images[idx]);
          }
        }
        if (!line_promotions.empty()) {
          OMNI_ASSIGN_OR_RETURN(
              std::optional<Money> sale,
              SalePrice(tx, pricing, line_promotions, variant.sku, price->gross, options));
          if (sale) {
            item.sale_price = FeedPrice(*sale);
          }
        }
        items.push_back(std::move(item));
      }
    }
    if (!page.next_cursor) {
      break;
    }
    query.after = *page.next_cursor;
  }
  feed.items = static_cast<int64_t>(items.size());
  if (options.format == FeedFormat::kTsv) {
    feed.body = feed::RenderTsv(items);
    feed.content_type = "text/tab-separated-values; charset=utf-8";
  } else {
    feed.body = feed::RenderXml(items, feed.unpriced, options);
    feed.content_type = "application/xml; charset=utf-8";
  }
  return feed;
}

void RegisterFeedRoutes(http::Router& router, storage::Database& db,
                        catalog::CatalogService& catalog, pricing::PricingService& pricing,
                        inventory::InventoryService& inventory) {
  router.Get(
      "/api/v1/catalog/feeds/google",
      {.summary = "Google Merchant Center product feed: one item per variant of an active "
                  "product, price from the pricing engine, availability from inventory "
                  "(?format=xml|tsv, channel_id, base_url, currency)",
       .roles = {http::Role::kAdmin, http::Role::kChannel, http::Role::kAnalyst},
       .response_schema =
           R"({"type":"string","description":"format=xml, the default: RSS 2.0 with g: )"
           R"(elements, application/xml; format=tsv: tab-separated values with a header )"
           R"(row, text/tab-separated-values"})",
       .tag = "catalog"},
      [&db, &catalog, &pricing, &inventory](const http::Request& req) -> Result<http::Response> {
        GoogleFeedOptions options;
        if (std::optional<std::string_view> format = req.Query("format")) {
          OMNI_ASSIGN_OR_RETURN(options.format, ParseEnum<FeedFormat>(*format, "format"));
        }
        if (std::optional<std::string_view> channel = req.Query("channel_id")) {
          options.channel_id = std::string(*channel);
        }
        if (std::optional<std::string_view> base_url = req.Query("base_url")) {
          OMNI_ASSIGN_OR_RETURN(options.base_url, ParseBaseUrl(*base_url));
        }
        if (std::optional<std::string_view> currency = req.Query("currency")) {
          OMNI_ASSIGN_OR_RETURN(options.currency, Currency::Parse(*currency));
        }
        OMNI_ASSIGN_OR_RETURN(GoogleFeed feed, db.Read([&](storage::Tx& tx) {
          return BuildGoogleFeed(tx, catalog, pricing, inventory, options);
        }));
        return http::Response::Text(200, std::move(feed.body), std::move(feed.content_type))
            .WithHeader("X-Feed-Items", std::to_string(feed.items))
            .WithHeader("X-Feed-Unpriced", std::to_string(feed.unpriced));
      });
}

}  // namespace omnihub::flows
