#pragma once

#include <cstdint>
#include <functional>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/enums.h"
#include "core/id.h"
#include "core/money.h"
#include "core/result.h"
#include "core/schema.h"
#include "core/time.h"
#include "storage/database.h"

namespace omnihub::catalog {

struct ProductTag {
  static constexpr std::string_view kPrefix = "prd";
};
struct ImportTag {
  static constexpr std::string_view kPrefix = "imp";
};
using ProductId = Id<ProductTag>;
using ImportId = Id<ImportTag>;

enum class ProductStatus { kDraft, kActive, kArchived };
constexpr auto EnumNames(ProductStatus) {
  return EnumTable<ProductStatus, 3>{{{ProductStatus::kDraft, "draft"},
                                      {ProductStatus::kActive, "active"},
                                      {ProductStatus::kArchived, "archived"}}};
}

// Attribute name -> value ("size" -> "42", "colour" -> "czarny", "surface" -> "trail").
// Names are 1-64 of [a-z0-9_]; values 1-256 characters.
using Attributes = std::map<std::string, std::string>;

// One sellable unit. The SKU is canonical: trimmed, ASCII upper-case, 1-64 of [A-Z0-9._-].
struct Variant {
  std::string sku;
  std::optional<std::string> gtin;  // as given (8, 12, 13 or 14 digits), check digit valid
  Attributes attributes;
  // A list-price hint (what the source said the unit sells for). The price the customer pays
  // comes from the pricing module, never from here.
  std::optional<Money> list_price;
  TimePoint created_at;
  TimePoint updated_at;
};
// As a product's `variants` show it; its times stay inside omnihub.
constexpr auto Describe(const Variant*) {
  using omnihub::schema::F;
  return std::tuple{F("sku", &Variant::sku),
                    F("gtin", &Variant::gtin),
                    F("attributes", &Variant::attributes),
                    F("list_price", &Variant::list_price),
                    omnihub::schema::Ignore(&Variant::created_at),
                    omnihub::schema::Ignore(&Variant::updated_at)};
}

struct Product {
  ProductId id;
  std::string title_pl;  // at least one title is non-empty
  std::string title_en;
  std::string description_pl;
  std::string description_en;
  ProductStatus status = ProductStatus::kDraft;
  std::vector<std::string> categories;  // category slugs, in the order given
  std::vector<std::string> images;      // http(s) URLs
  Attributes attributes;
  std::vector<Variant> variants;  // at least one, in the order added
  TimePoint created_at;
  TimePoint updated_at;
};
// As GET /api/v1/catalog/products/{id} shows it.
constexpr auto Describe(const Product*) {
  using omnihub::schema::F;
  using omnihub::schema::G;
  return std::tuple{
      F("id", &Product::id),
      F("status", &Product::status),
      G("title", F("pl", &Product::title_pl), F("en", &Product::title_en)),
      G("description", F("pl", &Product::description_pl), F("en", &Product::description_en)),
      F("categories", &Product::categories),
      F("images", &Product::images),
      F("attributes", &Product::attributes),
      F("variants", &Product::variants),
      F("created_at", &Product::created_at),
      F("updated_at", &Product::updated_at)};
}

struct NewVariant {
  std::string sku;  // normalised by the service
  std::optional<std::string> gtin;
  Attributes attributes;
  std::optional<Money> list_price;  // REQUIRES when set: minor > 0
};

struct NewProduct {
  std::string title_pl;
  std::string title_en;
  std::string description_pl;
  std::string description_en;
  ProductStatus status = ProductStatus::kDraft;
  std::vector<std::string> categories;
  std::vector<std::string> images;
  Attributes attributes;
  std::vector<NewVariant> variants;  // 1..100
};

// A partial update: members left unset keep their value. `variants` are upserted by SKU: a
// SKU of this product is replaced, a new SKU is added; variants not listed stay.
struct ProductPatch {
  std::optional<std::string> title_pl;
  std::optional<std::string> title_en;
  std::optional<std::string> description_pl;
  std::optional<std::string> description_en;
  std::optional<ProductStatus> status;
  std::optional<std::vector<std::string>> categories;
  std::optional<std::vector<std::string>> images;
  std::optional<Attributes> attributes;
  std::vector<NewVariant> variants;
};

// What other modules (pricing, inventory, carts) need to know about a SKU.
struct SkuInfo {
  std::string sku;  // canonical
  ProductId product_id;
  std::string title;  // Polish when there is one, else English
  std::vector<std::string> categories;
  ProductStatus status = ProductStatus::kDraft;
  std::optional<std::string> gtin;
  std::optional<Money> list_price;
};

struct Category {
  std::string slug;  // 1-64 of [a-z0-9-], unique, never changes
  std::optional<std::string> parent;
  std::string name_pl;
  std::string name_en;
  TimePoint created_at;
};

struct NewCategory {
  std::string slug;
  std::optional<std::string> parent;  // must exist
  std::string name_pl;
  std::string name_en;  // at least one name
};

struct ProductQuery {
  std::string q;         // a substring of a title or SKU (ASCII letters case-insensitive)
  std::string category;  // a slug; "" for any (subcategories are not included)
  std::optional<ProductStatus> status;
  int limit = 20;     // 1..100
  int64_t after = 0;  // the previous page's next_cursor
};

struct ProductPage {
  std::vector<Product> products;       // in creation order
  std::optional<int64_t> next_cursor;  // nullopt on the last page
};

// An upsert by SKU from an import: one SKU, its product's fields. Members left unset keep the
// stored value (a new SKU gets the defaults).
struct SkuUpsert {
  std::string sku;  // canonical
  std::optional<std::string> title_pl;
  std::optional<std::string> title_en;
  std::optional<std::string> description_pl;
  std::optional<std::string> description_en;
  std::optional<std::string> category;  // replaces the product's categories with this one
  std::optional<std::string> gtin;
  std::optional<Money> list_price;
  std::optional<ProductStatus> status;  // a new SKU without one becomes active
  Attributes attributes;                // merged into the product's attributes
};

enum class UpsertOutcome { kCreated, kUpdated, kUnchanged };

// ---- CSV import ----

enum class ImportFormat {
  kAuto,         // from the header: StockCode -> kOnlineRetail, sku -> kOmnihub
  kOmnihub,      // omnihub's product CSV (README.md)
  kOnlineRetail  // UCI Online Retail (II) invoice lines (README.md)
};
constexpr auto EnumNames(ImportFormat) {
  return EnumTable<ImportFormat, 3>{{{ImportFormat::kAuto, "auto"},
                                     {ImportFormat::kOmnihub, "omnihub"},
                                     {ImportFormat::kOnlineRetail, "online_retail"}}};
}

struct ImportOptions {
  ImportFormat format = ImportFormat::kAuto;
  // Called after each chunk: (SKUs written, SKUs to write so far). Lines are folded per SKU
  // before writing, so the total is known when the first call comes. May be empty.
  std::function<void(int64_t done, int64_t total)> progress;
  int chunk_size = 500;                 // SKUs per write transaction
  size_t max_errors = 1000;             // line errors kept in the report (all are counted)
  Currency currency = Currency::Pln();  // kOmnihub prices without a currency column
  storage::TxContext context;           // who writes (the request's WriterOf)
  const Clock* clock = nullptr;         // for the import id and times; nullptr: the system's
};

// One refused line. `line` is the physical line where the record starts (the header is 1).
struct LineError {
  int64_t line = 0;
  std::string field;  // the column ("StockCode", "price"), or "line" for the record itself
  std::string code;   // stable snake_case (README.md lists them)
  std::string message;
};

struct ImportReport {
  ImportId id;
  ImportFormat format = ImportFormat::kAuto;  // the format used (never kAuto)
  int64_t lines = 0;                          // data records read (header and blank lines excluded)
  int64_t imported_lines = 0;                 // records that contributed to a product
  int64_t rejected_lines = 0;                 // records refused, = sum of rejected
  int64_t products = 0;                       // distinct SKUs among the imported lines
  int64_t created = 0;                        // of those: new SKUs
  int64_t updated = 0;                        // existing SKUs whose stored data changed
  int64_t unchanged = 0;                      // existing SKUs left as they were
  std::map<std::string, int64_t> rejected;    // by code
  std::vector<LineError> errors;              // the first ImportOptions::max_errors
  bool errors_truncated = false;
};

}  // namespace omnihub::catalog
