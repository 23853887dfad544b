#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/catalog.h"

// CatalogServiceImpl, shared by the files that implement it: products.cc (create, update,
// the checks they share), service.cc (reads, categories, the import's upserts).
namespace omnihub::catalog {

class CatalogServiceImpl final : public CatalogService {
 public:
  explicit CatalogServiceImpl(const Clock& clock) : clock_(clock) {}

  // products.cc
  Result<Product> CreateProduct(storage::Tx& tx, const NewProduct& req) override;
  Result<Product> UpdateProduct(storage::Tx& tx, std::string_view id,
                                const ProductPatch& patch) override;

  // service.cc
  Result<Product> GetProduct(storage::Tx& tx, std::string_view id) override;
  Result<Product> GetBySku(storage::Tx& tx, std::string_view sku) override;
  Result<std::optional<SkuInfo>> FindBySku(storage::Tx& tx, std::string_view sku) override;
  Result<ProductPage> ListProducts(storage::Tx& tx, const ProductQuery& query) override;
  Result<Category> CreateCategory(storage::Tx& tx, const NewCategory& req) override;
  Result<std::vector<Category>> ListCategories(storage::Tx& tx) override;
  Result<UpsertOutcome> UpsertSku(storage::Tx& tx, const SkuUpsert& req,
                                  std::string_view source) override;

 private:
  // products.cc: a new product from `req`, its change sourced `source` ("api",
  // "import:<id>").
  Result<Product> Create(storage::Tx& tx, const NewProduct& req, std::string_view source);
  // Stores `after` over `before` when their content differs; returns whether it did.
  Result<bool> Save(storage::Tx& tx, const Product& before, Product& after,
                    std::string_view source);

  const Clock& clock_;
};

// Shared by the files above (products.cc). Errors: kInvalidArgument naming the field.
// "variants[2].sku".
std::string Indexed(std::string_view field, size_t idx, std::string_view member = {});
// Checks the product-level members shared by create and update.
Result<void> CheckProduct(storage::Tx& tx, const Product& product);
Result<Variant> MakeVariant(const NewVariant& req, std::string_view field, TimePoint now);
// No GTIN belongs to two SKUs. Errors: kConflict.
Result<void> CheckGtins(storage::Tx& tx, const std::vector<Variant>& variants);

}  // namespace omnihub::catalog
