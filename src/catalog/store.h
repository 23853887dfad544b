#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "catalog/types.h"
#include "core/result.h"
#include "storage/database.h"

// The catalog module's SQL, and nothing else. Times are microseconds since the epoch.
namespace omnihub::catalog::store {

// `search_text` is what ListProducts' q matches: lower-cased titles and SKUs.
Result<void> InsertProduct(storage::Tx& tx, const Product& product, std::string_view search_text);
Result<void> UpdateProduct(storage::Tx& tx, const Product& product, std::string_view search_text);
// The product with its categories and variants, or nullopt.
Result<std::optional<Product>> SelectProduct(storage::Tx& tx, std::string_view id);
// Products matching the filters with seq > after, by seq, at most `limit`; with their seqs.
struct ProductFilter {
  std::string pattern;  // a LIKE pattern over search_text (ESCAPE '!'), "" for any
  std::string category;
  std::optional<ProductStatus> status;
  int limit = 20;
  int64_t after = 0;
};
Result<std::vector<std::pair<int64_t, Product>>> SelectProducts(storage::Tx& tx,
                                                                const ProductFilter& filter);

Result<void> ReplaceCategories(storage::Tx& tx, std::string_view product_id,
                               const std::vector<std::string>& slugs);

// `gtin14` is the zero-padded GTIN, or nullopt.
Result<void> InsertVariant(storage::Tx& tx, std::string_view product_id, int64_t position,
                           const Variant& variant, const std::optional<std::string>& gtin14);
Result<void> UpdateVariant(storage::Tx& tx, const Variant& variant,
                           const std::optional<std::string>& gtin14);
// The product holding the SKU, or nullopt.
Result<std::optional<std::string>> SelectSkuOwner(storage::Tx& tx, std::string_view sku);
// The SKU holding the GTIN (zero-padded to 14), or nullopt.
Result<std::optional<std::string>> SelectGtinOwner(storage::Tx& tx, std::string_view gtin14);

Result<std::optional<SkuInfo>> SelectSkuInfo(storage::Tx& tx, std::string_view sku);

Result<void> InsertCategory(storage::Tx& tx, const Category& category);
Result<std::vector<Category>> SelectCategories(storage::Tx& tx);
Result<bool> CategoryExists(storage::Tx& tx, std::string_view slug);

}  // namespace omnihub::catalog::store
