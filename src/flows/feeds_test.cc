#include "flows/feeds.h"

#include <gtest/gtest.h>

#include <map>
#include <sstream>
#include <string>
#include <vector>

#include "changes/changes.h"
#include "core/json.h"
#include "testing/db_test.h"

namespace omnihub::flows {
namespace {

using http::Role;

// Pricing's view of the catalogue, as the app wires it.
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

// One <item>: its child elements' decoded text, by element name (repeatable).
using XmlItem = std::map<std::string, std::vector<std::string>>;

std::string DecodeEntities(std::string_view text, std::string& error) {
  static const std::map<std::string, char, std::less<>> kEntities = {
      {"amp", '&'}, {"lt", '<'}, {"gt", '>'}, {"quot", '"'}, {"apos", '\''}};
  std::string out;
  for (size_t pos = 0; pos < text.size(); ++pos) {
    if (text[pos] != '&') {
      out += text[pos];
      continue;
    }
    const size_t end = text.find(';', pos);
    auto found = end == std::string_view::npos
                     ? kEntities.end()
                     : kEntities.find(text.substr(pos + 1, end - pos - 1));
    if (found == kEntities.end()) {
      error = "bare '&' in character data";
      return out;
    }
    out += found->second;
    pos = end;
  }
  return out;
}

// A structural XML reader, enough for the feed: a prolog, comments, nested elements with
// attributes and escaped text. Every end tag must close the open element. Returns the items of
// rss/channel, or sets `error`.
std::vector<XmlItem> ParseFeedXml(std::string_view xml, std::string& error) {
  std::vector<XmlItem> items;
  std::vector<std::string> open;
  std::string text;
  size_t pos = 0;
  while (pos < xml.size() && error.empty()) {
    if (xml[pos] != '<') {
      if (open.empty() && xml[pos] != '\n' && xml[pos] != ' ') {
        error = "text outside the root element";
      }
      text += xml[pos++];
      continue;
    }
    if (xml.substr(pos, 5) == "<?xml") {
      pos = xml.find("?>", pos);
      pos = pos == std::string_view::npos ? xml.size() : pos + 2;
      continue;
    }
    if (xml.substr(pos, 4) == "<!--") {
      const size_t end = xml.find("-->", pos);
      if (end == std::string_view::npos) {
        error = "unterminated comment";
        break;
      }
      pos = end + 3;
      continue;
    }
    const size_t end = xml.find('>', pos);
    if (end == std::string_view::npos) {
      error = "unterminated tag";
      break;
    }
    std::string_view tag = xml.substr(pos + 1, end - pos - 1);
    pos = end + 1;
    if (tag.starts_with("/")) {
      const std::string name(tag.substr(1));
      if (open.empty() || open.back() != name) {
        error = "</" + name + "> closes " + (open.empty() ? "nothing" : "<" + open.back() + ">");
        break;
      }
      if (open.size() == 4 && open[2] == "item") {
        items.back()[name].push_back(DecodeEntities(text, error));
      }
      open.pop_back();
    } else {
      const std::string name(tag.substr(0, tag.find(' ')));
      open.push_back(name);
      if (open.size() == 3 && name == "item") {
        items.emplace_back();
      }
      if (open.size() == 1 &&
          (name != "rss" || tag.find(R"(version="2.0")") == tag.npos ||
           tag.find(R"(xmlns:g="http://base.google.com/ns/1.0")") == tag.npos)) {
        error = "the root is not RSS 2.0 with the g: namespace";
      }
    }
    text.clear();
  }
  if (error.empty() && !open.empty()) {
    error = "<" + open.back() + "> is never closed";
  }
  return items;
}

const XmlItem* FindItem(const std::vector<XmlItem>& items, std::string_view sku) {
  for (const XmlItem& item : items) {
    auto id = item.find("g:id");
    if (id != item.end() && id->second.front() == sku) {
      return &item;
    }
  }
  return nullptr;
}

std::string One(const XmlItem& item, const std::string& name) {
  auto found = item.find(name);
  return found == item.end() ? "" : found->second.front();
}

std::vector<std::vector<std::string>> SplitTsv(const std::string& tsv) {
  std::vector<std::vector<std::string>> rows;
  std::istringstream lines(tsv);
  std::string line;
  while (std::getline(lines, line)) {
    std::vector<std::string> cells;
    size_t start = 0;
    while (true) {
      const size_t tab = line.find('\t', start);
      cells.push_back(
          line.substr(start, tab == std::string::npos ? std::string::npos : tab - start));
      if (tab == std::string::npos) {
        break;
      }
      start = tab + 1;
    }
    rows.push_back(std::move(cells));
  }
  return rows;
}

class GoogleFeedTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), catalog::Migrations(), pricing::Migrations(),
            inventory::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterFeedRoutes(router_, db(), *catalog_, *pricing_, *inventory_);
  }

  // Two active products with variants, a draft, one unpriced variant, stock for BUT-42 only.
  void Seed() {
    ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
      OMNI_TRY(catalog_->CreateCategory(tx, {.slug = "buty", .name_pl = "Buty"}));
      OMNI_TRY(catalog_->CreateCategory(
          tx, {.slug = "buty-asfalt", .parent = "buty", .name_pl = "Buty na asfalt"}));
      OMNI_TRY(catalog_->CreateProduct(
          tx,
          {.title_pl = "Buty <Sprint> & Co",
           .description_pl = "Na asfalt",
           .status = catalog::ProductStatus::kActive,
           .categories = {"buty-asfalt"},
           .images = {"https://img.example/a.jpg", "https://img.example/b.jpg?x=1&y=2"},
           .attributes = {{"colour", "czarny"}, {"brand", "Sprint"}},
           .variants = {{.sku = "but-42", .gtin = "5901234123457", .attributes = {{"size", "42"}}},
                        {.sku = "BUT-43", .attributes = {{"size", "43"}}}}}));
      OMNI_TRY(catalog_->CreateProduct(tx, {.title_pl = "Koszulka",
                                            .description_pl = "Lekka\tkoszulka\nna lato",
                                            .status = catalog::ProductStatus::kActive,
                                            .variants = {{.sku = "KOS-M"}, {.sku = "KOS-L"}}}));
      OMNI_TRY(catalog_->CreateProduct(tx, {.title_pl = "Szkic",
                                            .status = catalog::ProductStatus::kDraft,
                                            .variants = {{.sku = "DRAFT-1"}}}));
      OMNI_TRY(pricing_->CreatePriceList(
          tx, {.name = "Cennik",
               .entries = {{.sku = "BUT-42", .price = "549.99", .vat_rate = 23},
                           {.sku = "BUT-43", .price = "549.99", .vat_rate = 23},
                           {.sku = "KOS-M", .price = "79", .vat_rate = 23},
                           {.sku = "DRAFT-1", .price = "10", .vat_rate = 23}}}));
      OMNI_ASSIGN_OR_RETURN(
          inventory::Location warehouse,
          inventory_->CreateLocation(
              tx, {.type = inventory::LocationType::kWarehouse, .name = "Magazyn"}));
      OMNI_TRY(inventory_->RecordMovement(tx, {.kind = inventory::MovementKind::kReceipt,
                                               .sku = "BUT-42",
                                               .location_id = warehouse.id.str(),
                                               .quantity = 5}));
      // Stocked, but nothing to promise.
      OMNI_TRY(inventory_->SetSafetyStock(tx, "KOS-M", warehouse.id.str(), 0));
      return Ok();
    }));
  }

  Result<GoogleFeed> Build(GoogleFeedOptions options) {
    return db().Read([&](storage::Tx& tx) {
      return BuildGoogleFeed(tx, *catalog_, *pricing_, *inventory_, options);
    });
  }

  http::Response Call(std::string query, Role role) {
    http::Request req;
    req.method = http::Method::kGet;
    req.path = "/api/v1/catalog/feeds/google";
    std::istringstream parts(query);
    std::string part;
    while (std::getline(parts, part, '&')) {
      const size_t eq = part.find('=');
      req.query.emplace_back(part.substr(0, eq),
                             eq == std::string::npos ? "" : part.substr(eq + 1));
    }
    req.principal = {.key_id = "key_test", .role = role};
    req.authenticated = true;
    req.request_id = "req_1";
    http::RouteMatch match = router_.Match(req.method, req.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound);
    Result<void> allowed = http::Authorize(*match.route, req);
    Result<http::Response> response =
        allowed.ok() ? match.route->handler(req) : Result<http::Response>(allowed.error());
    return response.ok() ? *response : http::ErrorResponse(response.error(), req.request_id);
  }

  FakeClock clock_;
  std::unique_ptr<catalog::CatalogService> catalog_ = catalog::NewCatalogService(clock_);
  CatalogFacts facts_{*catalog_};
  std::unique_ptr<pricing::PricingService> pricing_ = pricing::NewPricingService(clock_, facts_);
  std::unique_ptr<inventory::InventoryService> inventory_ = inventory::NewInventoryService(clock_);
  http::Router router_;
};

TEST_P(GoogleFeedTest, XmlHasOneItemPerPricedActiveVariantWithPriceAndAvailability) {
  Seed();
  Result<GoogleFeed> feed = Build({});
  ASSERT_OK(feed);
  EXPECT_EQ(feed->content_type, "application/xml; charset=utf-8");
  EXPECT_EQ(feed->items, 3);
  EXPECT_EQ(feed->unpriced, 1);  // KOS-L; the draft is not counted
  EXPECT_NE(feed->body.find("<!-- items: 3; left out without a price in PLN: 1 -->"),
            std::string::npos);
  std::string error;
  std::vector<XmlItem> items = ParseFeedXml(feed->body, error);
  ASSERT_EQ(error, "") << feed->body;
  ASSERT_EQ(items.size(), 3u) << feed->body;
  EXPECT_EQ(FindItem(items, "KOS-L"), nullptr);
  EXPECT_EQ(FindItem(items, "DRAFT-1"), nullptr);

  const XmlItem* but42 = FindItem(items, "BUT-42");
  ASSERT_NE(but42, nullptr);
  EXPECT_EQ(One(*but42, "title"), "Buty <Sprint> & Co - 42");
  EXPECT_EQ(One(*but42, "description"), "Na asfalt");
  EXPECT_EQ(One(*but42, "link"), "https://shop.example/p/BUT-42");
  EXPECT_EQ(One(*but42, "g:price"), "549.99 PLN");
  EXPECT_EQ(One(*but42, "g:availability"), "in_stock");
  EXPECT_EQ(One(*but42, "g:gtin"), "5901234123457");
  EXPECT_EQ(One(*but42, "g:brand"), "Sprint");
  EXPECT_EQ(One(*but42, "g:condition"), "new");
  EXPECT_EQ(One(*but42, "g:color"), "czarny");
  EXPECT_EQ(One(*but42, "g:size"), "42");
  EXPECT_EQ(One(*but42, "g:product_type"), "Buty > Buty na asfalt");
  EXPECT_EQ(One(*but42, "g:image_link"), "https://img.example/a.jpg");
  EXPECT_EQ(One(*but42, "g:additional_image_link"), "https://img.example/b.jpg?x=1&y=2");
  EXPECT_EQ(One(*but42, "g:sale_price"), "");  // no promotion runs
  const std::string group = One(*but42, "g:item_group_id");
  EXPECT_TRUE(group.starts_with("prd_")) << group;

  const XmlItem* but43 = FindItem(items, "BUT-43");
  ASSERT_NE(but43, nullptr);
  EXPECT_EQ(One(*but43, "g:item_group_id"), group);
  EXPECT_EQ(One(*but43, "g:availability"), "out_of_stock");  // never stocked
  EXPECT_EQ(One(*but43, "g:gtin"), "");

  const XmlItem* kos = FindItem(items, "KOS-M");
  ASSERT_NE(kos, nullptr);
  EXPECT_EQ(One(*kos, "g:price"), "79.00 PLN");
  EXPECT_EQ(One(*kos, "g:availability"), "out_of_stock");  // stocked with nothing to promise
  EXPECT_EQ(One(*kos, "title"), "Koszulka");  // variants without attributes keep the title
  EXPECT_EQ(One(*kos, "g:identifier_exists"), "no");
  EXPECT_EQ(One(*kos, "description"), "Lekka\tkoszulka\nna lato");

  // The raw text never holds the unescaped title.
  EXPECT_EQ(feed->body.find("<Sprint>"), std::string::npos);
  EXPECT_NE(feed->body.find("Buty &lt;Sprint&gt; &amp; Co - 42"), std::string::npos);
}

TEST_P(GoogleFeedTest, TsvHasAHeaderRowAndOneRowPerPricedVariant) {
  Seed();
  Result<GoogleFeed> feed = Build({.format = FeedFormat::kTsv, .base_url = "https://sklep.pl"});
  ASSERT_OK(feed);
  EXPECT_EQ(feed->content_type, "text/tab-separated-values; charset=utf-8");
  std::vector<std::vector<std::string>> rows = SplitTsv(feed->body);
  ASSERT_EQ(rows.size(), 4u) << feed->body;  // header + BUT-42, BUT-43, KOS-M
  const std::vector<std::string>& header = rows[0];
  std::map<std::string, size_t> column;
  for (size_t idx = 0; idx < header.size(); ++idx) {
    column[header[idx]] = idx;
  }
  for (const char* required : {"id", "title", "description", "link", "image_link", "availability",
                               "price", "brand", "gtin", "condition"}) {
    EXPECT_TRUE(column.contains(required)) << required;
  }
  EXPECT_EQ(header[0], "id");
  std::map<std::string, std::vector<std::string>> by_sku;
  for (size_t idx = 1; idx < rows.size(); ++idx) {
    ASSERT_EQ(rows[idx].size(), header.size()) << "row " << idx;
    by_sku[rows[idx][0]] = rows[idx];
  }
  ASSERT_TRUE(by_sku.contains("BUT-42"));
  ASSERT_TRUE(by_sku.contains("BUT-43"));
  ASSERT_TRUE(by_sku.contains("KOS-M"));
  EXPECT_EQ(by_sku["BUT-42"][column["price"]], "549.99 PLN");
  EXPECT_EQ(by_sku["BUT-42"][column["availability"]], "in_stock");
  EXPECT_EQ(by_sku["BUT-42"][column["title"]], "Buty <Sprint> & Co - 42");  // TSV: as is
  EXPECT_EQ(by_sku["BUT-42"][column["link"]], "https://sklep.pl/p/BUT-42");
  EXPECT_EQ(by_sku["BUT-42"][column["additional_image_link"]], "https://img.example/b.jpg?x=1&y=2");
  EXPECT_EQ(by_sku["BUT-43"][column["availability"]], "out_of_stock");
  EXPECT_EQ(by_sku["KOS-M"][column["description"]], "Lekka koszulka na lato");
  EXPECT_EQ(by_sku["KOS-M"][column["condition"]], "new");
}

TEST_P(GoogleFeedTest, ARunningLinePromotionGivesASalePrice) {
  Seed();
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
    OMNI_TRY(pricing_->CreatePromotion(tx, {.name = "Asfalt -20%",
                                            .kind = pricing::PromotionKind::kPercentOff,
                                            .percent = "20",
                                            .category_ids = {"buty-asfalt"}}));
    // Only through a coupon: never in the feed.
    OMNI_TRY(pricing_->CreatePromotion(tx, {.name = "Kupon -50%",
                                            .kind = pricing::PromotionKind::kPercentOff,
                                            .percent = "50",
                                            .requires_coupon = true}));
    return Ok();
  }));
  Result<GoogleFeed> feed = Build({});
  ASSERT_OK(feed);
  std::string error;
  std::vector<XmlItem> items = ParseFeedXml(feed->body, error);
  ASSERT_EQ(error, "");
  const XmlItem* but42 = FindItem(items, "BUT-42");
  const XmlItem* kos = FindItem(items, "KOS-M");
  ASSERT_NE(but42, nullptr);
  ASSERT_NE(kos, nullptr);
  EXPECT_EQ(One(*but42, "g:price"), "549.99 PLN");
  EXPECT_EQ(One(*but42, "g:sale_price"), "439.99 PLN");  // 20 % of 549.99 = 110.00 (rounded)
  EXPECT_EQ(One(*kos, "g:sale_price"), "");
}

TEST_P(GoogleFeedTest, PagesThroughTheWholeCatalogue) {
  constexpr int kProducts = 105;  // more than one ListProducts page
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) -> Result<void> {
    pricing::NewPriceList list{.name = "Cennik"};
    for (int idx = 0; idx < kProducts; ++idx) {
      const std::string sku = "SKU-" + std::to_string(idx);
      OMNI_TRY(catalog_->CreateProduct(tx, {.title_pl = "Produkt " + std::to_string(idx),
                                            .status = catalog::ProductStatus::kActive,
                                            .variants = {{.sku = sku}}}));
      list.entries.push_back({.sku = sku, .price = "1.05", .vat_rate = 23});
    }
    OMNI_TRY(pricing_->CreatePriceList(tx, list));
    return Ok();
  }));
  Result<GoogleFeed> feed = Build({.format = FeedFormat::kTsv});
  ASSERT_OK(feed);
  EXPECT_EQ(feed->items, kProducts);
  EXPECT_EQ(SplitTsv(feed->body).size(), static_cast<size_t>(kProducts) + 1);
}

TEST_P(GoogleFeedTest, TheRouteAnswersXmlOrTsvToItsRoles) {
  Seed();
  for (const http::Route& route : router_.routes()) {
    EXPECT_FALSE(route.spec.summary.empty());
    EXPECT_FALSE(route.spec.roles.empty());
    EXPECT_TRUE(json::Parse(route.spec.response_schema).ok());
    EXPECT_EQ(route.spec.tag, "catalog");
  }
  http::Response xml = Call("", Role::kAnalyst);
  EXPECT_EQ(xml.status, 200);
  EXPECT_EQ(xml.content_type, "application/xml; charset=utf-8");
  EXPECT_NE(xml.body.find("<g:price>549.99 PLN</g:price>"), std::string::npos);
  http::Response tsv = Call("format=tsv&base_url=https://sklep.pl/", Role::kChannel);
  EXPECT_EQ(tsv.status, 200);
  EXPECT_EQ(tsv.content_type, "text/tab-separated-values; charset=utf-8");
  EXPECT_NE(tsv.body.find("\thttps://sklep.pl/p/BUT-42\t"), std::string::npos);
  EXPECT_EQ(Call("format=csv", Role::kAdmin).status, 400);
  EXPECT_EQ(Call("base_url=ftp://x", Role::kAdmin).status, 400);
  EXPECT_EQ(Call("currency=XYZ", Role::kAdmin).status, 400);
  EXPECT_EQ(Call("", Role::kAgent).status, 403);
  EXPECT_EQ(Call("", Role::kStoreAssociate).status, 403);
  // No list prices in EUR: an empty feed, not an error.
  http::Response euro = Call("currency=EUR", Role::kAdmin);
  EXPECT_EQ(euro.status, 200);
  EXPECT_EQ(euro.body.find("<item>"), std::string::npos);
}

OMNI_INSTANTIATE_BACKENDS(GoogleFeedTest);

}  // namespace
}  // namespace omnihub::flows
