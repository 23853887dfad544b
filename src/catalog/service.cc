// The catalogue's reads, its categories and the import's upserts by SKU.
#include <algorithm>

#include "catalog/catalog_service.h"
#include "catalog/codec.h"
#include "catalog/events.h"
#include "catalog/store.h"
#include "changes/changes.h"
#include "core/text.h"

namespace omnihub::catalog {

std::unique_ptr<CatalogService> NewCatalogService(const Clock& clock) {
  return std::make_unique<CatalogServiceImpl>(clock);
}

Result<Product> CatalogServiceImpl::GetProduct(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<Product> product, store::SelectProduct(tx, id));
  if (!product) {
    return Error::NotFound("product", id);
  }
  return *std::move(product);
}

Result<Product> CatalogServiceImpl::GetBySku(storage::Tx& tx, std::string_view sku) {
  Result<std::string> canonical = NormalizeSku(sku);
  if (!canonical.ok()) {
    return Error::NotFound("sku", sku);
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectSkuOwner(tx, *canonical));
  if (!owner) {
    return Error::NotFound("sku", *canonical);
  }
  return GetProduct(tx, *owner);
}

Result<std::optional<SkuInfo>> CatalogServiceImpl::FindBySku(storage::Tx& tx,
                                                             std::string_view sku) {
  Result<std::string> canonical = NormalizeSku(sku);
  if (!canonical.ok()) {
    return std::optional<SkuInfo>();
  }
  return store::SelectSkuInfo(tx, *canonical);
}

Result<ProductPage> CatalogServiceImpl::ListProducts(storage::Tx& tx, const ProductQuery& query) {
  if (query.limit < 1 || query.limit > 100) {
    return Error::InvalidArgument("limit", "must be from 1 to 100");
  }
  if (query.q.size() > 100) {
    return Error::InvalidArgument("q", "must be at most 100 characters");
  }
  store::ProductFilter filter{
      .pattern = query.q.empty() ? "" : storage::ContainsPattern(AsciiLower(query.q)),
      .category = query.category,
      .status = query.status,
      .limit = query.limit + 1,
      .after = query.after};
  OMNI_ASSIGN_OR_RETURN(auto rows, store::SelectProducts(tx, filter));
  ProductPage page;
  for (size_t idx = 0; idx < rows.size() && idx < static_cast<size_t>(query.limit); ++idx) {
    page.products.push_back(std::move(rows[idx].second));
  }
  if (rows.size() > static_cast<size_t>(query.limit)) {
    page.next_cursor = rows[static_cast<size_t>(query.limit) - 1].first;
  }
  return page;
}

Result<Category> CatalogServiceImpl::CreateCategory(storage::Tx& tx, const NewCategory& req) {
  OMNI_TRY(CheckSlug(req.slug, "slug"));
  OMNI_TRY(CheckText(req.name_pl, "name_pl", 200));
  OMNI_TRY(CheckText(req.name_en, "name_en", 200));
  if (req.name_pl.empty() && req.name_en.empty()) {
    return Error::InvalidArgument("name_pl", "or name_en is required");
  }
  if (req.parent) {
    OMNI_TRY(CheckSlug(*req.parent, "parent"));
    OMNI_ASSIGN_OR_RETURN(bool exists, store::CategoryExists(tx, *req.parent));
    if (!exists) {
      return Error::InvalidArgument("parent", "names no category").With("slug", *req.parent);
    }
  }
  OMNI_ASSIGN_OR_RETURN(bool taken, store::CategoryExists(tx, req.slug));
  if (taken) {
    return Error::Conflict("category " + req.slug + " exists").With("slug", req.slug);
  }
  Category category{.slug = req.slug,
                    .parent = req.parent,
                    .name_pl = req.name_pl,
                    .name_en = req.name_en,
                    .created_at = clock_.Now()};
  OMNI_TRY(store::InsertCategory(tx, category));
  OMNI_TRY(changes::Append(tx, events::kCategoryCreated,
                           events::CategoryCreated{.slug = category.slug,
                                                   .parent = category.parent,
                                                   .name_pl = category.name_pl,
                                                   .name_en = category.name_en},
                           {.entity_id = category.slug, .occurred_at = category.created_at}));
  return category;
}

Result<std::vector<Category>> CatalogServiceImpl::ListCategories(storage::Tx& tx) {
  return store::SelectCategories(tx);
}

Result<UpsertOutcome> CatalogServiceImpl::UpsertSku(storage::Tx& tx, const SkuUpsert& req,
                                                    std::string_view source) {
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectSkuOwner(tx, req.sku));
  if (!owner) {
    NewProduct create{
        .title_pl = req.title_pl.value_or(""),
        .title_en = req.title_en.value_or(""),
        .description_pl = req.description_pl.value_or(""),
        .description_en = req.description_en.value_or(""),
        .status = req.status.value_or(ProductStatus::kActive),
        .categories = {},
        .images = {},
        .attributes = req.attributes,
        .variants = {NewVariant{.sku = req.sku, .gtin = req.gtin, .list_price = req.list_price}}};
    if (req.category) {
      create.categories.push_back(*req.category);
    }
    OMNI_TRY(Create(tx, create, source));
    return UpsertOutcome::kCreated;
  }
  OMNI_ASSIGN_OR_RETURN(Product before, GetProduct(tx, *owner));
  Product after = before;
  after.title_pl = req.title_pl.value_or(after.title_pl);
  after.title_en = req.title_en.value_or(after.title_en);
  after.description_pl = req.description_pl.value_or(after.description_pl);
  after.description_en = req.description_en.value_or(after.description_en);
  after.status = req.status.value_or(after.status);
  if (req.category) {
    after.categories = {*req.category};
  }
  for (const auto& [name, value] : req.attributes) {
    after.attributes[name] = value;
  }
  for (Variant& variant : after.variants) {
    if (variant.sku == req.sku) {
      if (req.gtin) {
        OMNI_ASSIGN_OR_RETURN(variant.gtin, ValidateGtin(*req.gtin));
      }
      if (req.list_price) {
        variant.list_price = req.list_price;
      }
    }
  }
  OMNI_TRY(CheckProduct(tx, after));
  OMNI_TRY(CheckGtins(tx, after.variants));
  OMNI_ASSIGN_OR_RETURN(bool changed, Save(tx, before, after, source));
  return changed ? UpsertOutcome::kUpdated : UpsertOutcome::kUnchanged;
}

}  // namespace omnihub::catalog
