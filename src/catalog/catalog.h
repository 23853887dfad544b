#pragma once

#include <iosfwd>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/types.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The catalogue: products with their variants (one SKU each), categories, and CSV import.
// Other modules see a SKU through FindBySku; prices live in pricing, stock in inventory.
namespace omnihub::catalog {

storage::MigrationSet Migrations();

// The canonical SKU: trimmed, ASCII upper-cased ("85123a" -> "85123A").
// Errors: kInvalidArgument (field `field`) unless 1-64 of [A-Za-z0-9._-] remain.
Result<std::string> NormalizeSku(std::string_view text, std::string_view field = "sku");

// A GTIN (EAN-8, UPC-A/GTIN-12, EAN-13, GTIN-14): digits only, trimmed, with a valid GS1 mod-10
// check digit. Returns it as given (trimmed). Errors: kInvalidArgument (field `field`) with
// details.reason "length", "digits" or "check_digit".
Result<std::string> ValidateGtin(std::string_view text, std::string_view field = "gtin");

// Thread-safe: all state lives in the database.
class CatalogService {
 public:
  virtual ~CatalogService() = default;

  // Creates a product and its variants; appends catalog.product.created.
  // Errors: kInvalidArgument naming the field (`variants[1].gtin`, `categories[0]`);
  // kConflict with details.sku (or details.gtin) when a SKU or GTIN is already in the catalogue.
  virtual Result<Product> CreateProduct(storage::Tx& tx, const NewProduct& req) = 0;
  // Applies `patch`; appends catalog.product.updated when something changed.
  // Errors: kNotFound; kInvalidArgument; kConflict (a variant's SKU belongs to another
  // product, or a GTIN is taken).
  virtual Result<Product> UpdateProduct(storage::Tx& tx, std::string_view id,
                                        const ProductPatch& patch) = 0;
  // Errors: kNotFound (also for a malformed id).
  virtual Result<Product> GetProduct(storage::Tx& tx, std::string_view id) = 0;
  // The product holding this SKU (any case, surrounding spaces ignored). Errors: kNotFound.
  virtual Result<Product> GetBySku(storage::Tx& tx, std::string_view sku) = 0;
  // What pricing and inventory need, or nullopt for an unknown (or malformed) SKU.
  virtual Result<std::optional<SkuInfo>> FindBySku(storage::Tx& tx, std::string_view sku) = 0;
  // Errors: kInvalidArgument (limit, status).
  virtual Result<ProductPage> ListProducts(storage::Tx& tx, const ProductQuery& query) = 0;

  // Errors: kInvalidArgument (slug, parent, name_pl); kConflict when the slug exists.
  virtual Result<Category> CreateCategory(storage::Tx& tx, const NewCategory& req) = 0;
  // Every category, by slug.
  virtual Result<std::vector<Category>> ListCategories(storage::Tx& tx) = 0;

  // Creates the SKU as a one-variant product, or updates its product and variant with the
  // members set; appends catalog.product.created/updated (payload "source": `source`) unless
  // unchanged. Errors: kInvalidArgument (sku, category, gtin, title); kConflict (gtin taken).
  virtual Result<UpsertOutcome> UpsertSku(storage::Tx& tx, const SkuUpsert& req,
                                          std::string_view source) = 0;
};

// Borrows `clock`, which must outlive the service.
std::unique_ptr<CatalogService> NewCatalogService(const Clock& clock);

// Imports products from CSV text read from `in` (plain text; see ImportFile for .gz): an
// idempotent upsert by SKU. Records are parsed as they stream in; lines are folded per SKU
// (the last accepted line of a SKU wins), then written `chunk_size` SKUs per transaction, so
// memory grows with distinct SKUs, not lines. Refused lines are reported with their line number,
// field and code while the good ones are imported. Appends catalog.import.completed.
// Errors: kInvalidArgument (field "header") when the header is missing or lacks a required
// column; storage errors (SKUs of chunks committed before stay imported; re-running completes).
Result<ImportReport> ImportCsv(storage::Database& db, CatalogService& service, std::istream& in,
                               const ImportOptions& options = {});
// As ImportCsv, reading `path`, gzip-compressed or not (detected from its content).
// Errors: kNotFound when the file cannot be opened; as ImportCsv.
Result<ImportReport> ImportFile(storage::Database& db, CatalogService& service,
                                const std::string& path, const ImportOptions& options = {});

// The report as the import route answers it (also for the CLI's --json).
std::string EncodeImportReport(const ImportReport& report);
// The licence attribution to show wherever Online Retail data is shown.
inline constexpr std::string_view kOnlineRetailAttribution =
    "Chen, D. (2012). Online Retail II [Dataset]. UCI Machine Learning Repository. "
    "https://doi.org/10.24432/C5CG6D. Licensed CC BY 4.0; omnihub changed the format.";

// /api/v1/catalog/…: products, skus, categories, imports. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, CatalogService& service);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::catalog
