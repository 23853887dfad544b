#include "catalog/store.h"

#include "catalog/codec.h"

namespace omnihub::catalog::store {
namespace {

constexpr std::string_view kProductColumns =
    "SELECT p.seq, p.id, p.title_pl, p.title_en, p.description_pl, p.description_en, p.status, "
    "p.attributes, p.images, p.created_at, p.updated_at FROM catalog_products p ";

Product ProductFrom(const storage::Row& row) {
  Product product;
  product.id = ProductId::FromTrusted(row.Text(1));
  product.title_pl = row.Text(2);
  product.title_en = row.Text(3);
  product.description_pl = row.Text(4);
  product.description_en = row.Text(5);
  product.status = ParseEnum<ProductStatus>(row.Text(6), "status").value();
  product.attributes = DecodeStoredAttributes(row.Text(7));
  product.images = DecodeStoredStrings(row.Text(8));
  product.created_at = FromUnixMicros(row.Int(9));
  product.updated_at = FromUnixMicros(row.Int(10));
  return product;
}

std::optional<Money> MoneyFrom(const storage::Row& row, size_t amount_col, size_t currency_col) {
  std::optional<int64_t> amount = row.OptInt(amount_col);
  std::optional<std::string> currency = row.OptText(currency_col);
  if (!amount || !currency) {
    return std::nullopt;
  }
  return Money{.minor = *amount, .currency = Currency::Parse(*currency).value()};
}

std::optional<int64_t> AmountOf(const std::optional<Money>& money) {
  return money ? std::optional<int64_t>(money->minor) : std::nullopt;
}
std::optional<std::string> CurrencyOf(const std::optional<Money>& money) {
  return money ? std::optional<std::string>(std::string(money->currency.code())) : std::nullopt;
}

Result<std::vector<std::string>> CategoriesOf(storage::Tx& tx, std::string_view product_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT slug FROM catalog_product_categories WHERE product_id = ?1 "
               "ORDER BY position",
               {product_id}));
  std::vector<std::string> slugs;
  slugs.reserve(rows.size());
  for (const storage::Row& row : rows) {
    slugs.push_back(row.Text(0));
  }
  return slugs;
}

// Fills in the categories and variants of a product read from its row.
Result<void> Complete(storage::Tx& tx, Product& product) {
  OMNI_ASSIGN_OR_RETURN(product.categories, CategoriesOf(tx, product.id.str()));
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT sku, gtin, attributes, list_price_minor, list_price_currency, created_at, "
               "updated_at FROM catalog_variants WHERE product_id = ?1 ORDER BY position",
               {product.id.str()}));
  product.variants.clear();
  for (const storage::Row& row : rows) {
    product.variants.push_back(Variant{.sku = row.Text(0),
                                       .gtin = row.OptText(1),
                                       .attributes = DecodeStoredAttributes(row.Text(2)),
                                       .list_price = MoneyFrom(row, 3, 4),
                                       .created_at = FromUnixMicros(row.Int(5)),
                                       .updated_at = FromUnixMicros(row.Int(6))});
  }
  return Ok();
}

}  // namespace

Result<void> InsertProduct(storage::Tx& tx, const Product& product, std::string_view search_text) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO catalog_products (id, title_pl, title_en, description_pl, description_en, "
      "status, attributes, images, search_text, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11)",
      {product.id.str(), product.title_pl, product.title_en, product.description_pl,
       product.description_en, NameOf(product.status), EncodeAttributes(product.attributes),
       EncodeStrings(product.images), search_text, UnixMicros(product.created_at),
       UnixMicros(product.updated_at)}));
  return Ok();
}

Result<void> UpdateProduct(storage::Tx& tx, const Product& product, std::string_view search_text) {
  OMNI_TRY(tx.Execute(
      "UPDATE catalog_products SET title_pl = ?2, title_en = ?3, description_pl = ?4, "
      "description_en = ?5, status = ?6, attributes = ?7, images = ?8, search_text = ?9, "
      "updated_at = ?10 WHERE id = ?1",
      {product.id.str(), product.title_pl, product.title_en, product.description_pl,
       product.description_en, NameOf(product.status), EncodeAttributes(product.attributes),
       EncodeStrings(product.images), search_text, UnixMicros(product.updated_at)}));
  return Ok();
}

Result<std::optional<Product>> SelectProduct(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kProductColumns) + "WHERE p.id = ?1", {id}));
  if (!row) {
    return std::optional<Product>();
  }
  Product product = ProductFrom(*row);
  OMNI_TRY(Complete(tx, product));
  return std::optional<Product>(std::move(product));
}

Result<std::vector<std::pair<int64_t, Product>>> SelectProducts(storage::Tx& tx,
                                                                const ProductFilter& filter) {
  // Every parameter is referenced whatever the filter, so PostgreSQL can type each one.
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query(
          std::string(kProductColumns) +
              "WHERE p.seq > ?1 AND (?2 = '' OR p.search_text LIKE ?2 ESCAPE '!') "
              "AND (?3 = '' OR EXISTS (SELECT 1 FROM catalog_product_categories c "
              "WHERE c.product_id = p.id AND c.slug = ?3)) "
              "AND (?4 = '' OR p.status = ?4) ORDER BY p.seq LIMIT ?5",
          {filter.after, filter.pattern, filter.category,
           filter.status ? NameOf(*filter.status) : std::string_view(), int64_t{filter.limit}}));
  std::vector<std::pair<int64_t, Product>> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    Product product = ProductFrom(row);
    OMNI_TRY(Complete(tx, product));
    out.emplace_back(row.Int(0), std::move(product));
  }
  return out;
}

Result<void> ReplaceCategories(storage::Tx& tx, std::string_view product_id,
                               const std::vector<std::string>& slugs) {
  OMNI_TRY(
      tx.Execute("DELETE FROM catalog_product_categories WHERE product_id = ?1", {product_id}));
  for (size_t idx = 0; idx < slugs.size(); ++idx) {
    OMNI_TRY(tx.Execute(
        "INSERT INTO catalog_product_categories (product_id, slug, position) VALUES (?1, ?2, ?3)",
        {product_id, slugs[idx], static_cast<int64_t>(idx)}));
  }
  return Ok();
}

Result<void> InsertVariant(storage::Tx& tx, std::string_view product_id, int64_t position,
                           const Variant& variant, const std::optional<std::string>& gtin14) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO catalog_variants (sku, product_id, position, gtin, gtin14, attributes, "
      "list_price_minor, list_price_currency, created_at, updated_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10)",
      {variant.sku, product_id, position, variant.gtin, gtin14,
       EncodeAttributes(variant.attributes), AmountOf(variant.list_price),
       CurrencyOf(variant.list_price), UnixMicros(variant.created_at),
       UnixMicros(variant.updated_at)}));
  return Ok();
}

Result<void> UpdateVariant(storage::Tx& tx, const Variant& variant,
                           const std::optional<std::string>& gtin14) {
  OMNI_TRY(
      tx.Execute("UPDATE catalog_variants SET gtin = ?2, gtin14 = ?3, attributes = ?4, "
                 "list_price_minor = ?5, list_price_currency = ?6, updated_at = ?7 WHERE sku = ?1",
                 {variant.sku, variant.gtin, gtin14, EncodeAttributes(variant.attributes),
                  AmountOf(variant.list_price), CurrencyOf(variant.list_price),
                  UnixMicros(variant.updated_at)}));
  return Ok();
}

Result<std::optional<std::string>> SelectSkuOwner(storage::Tx& tx, std::string_view sku) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT product_id FROM catalog_variants WHERE sku = ?1", {sku}));
  return row ? std::optional<std::string>(row->Text(0)) : std::nullopt;
}

Result<std::optional<std::string>> SelectGtinOwner(storage::Tx& tx, std::string_view gtin14) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT sku FROM catalog_variants WHERE gtin14 = ?1", {gtin14}));
  return row ? std::optional<std::string>(row->Text(0)) : std::nullopt;
}

Result<std::optional<SkuInfo>> SelectSkuInfo(storage::Tx& tx, std::string_view sku) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT v.sku, v.product_id, p.title_pl, p.title_en, p.status, v.gtin, "
                  "v.list_price_minor, v.list_price_currency FROM catalog_variants v "
                  "JOIN catalog_products p ON p.id = v.product_id WHERE v.sku = ?1",
                  {sku}));
  if (!row) {
    return std::optional<SkuInfo>();
  }
  SkuInfo info{.sku = row->Text(0),
               .product_id = ProductId::FromTrusted(row->Text(1)),
               .title = row->Text(2).empty() ? row->Text(3) : row->Text(2),
               .categories = {},
               .status = ParseEnum<ProductStatus>(row->Text(4), "status").value(),
               .gtin = row->OptText(5),
               .list_price = MoneyFrom(*row, 6, 7)};
  OMNI_ASSIGN_OR_RETURN(info.categories, CategoriesOf(tx, info.product_id.str()));
  return std::optional<SkuInfo>(std::move(info));
}

Result<void> InsertCategory(storage::Tx& tx, const Category& category) {
  OMNI_TRY(
      tx.Execute("INSERT INTO catalog_categories (slug, parent_slug, name_pl, name_en, created_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5)",
                 {category.slug, category.parent, category.name_pl, category.name_en,
                  UnixMicros(category.created_at)}));
  return Ok();
}

Result<std::vector<Category>> SelectCategories(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT slug, parent_slug, name_pl, name_en, created_at FROM catalog_categories "
               "ORDER BY slug"));
  std::vector<Category> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(Category{.slug = row.Text(0),
                           .parent = row.OptText(1),
                           .name_pl = row.Text(2),
                           .name_en = row.Text(3),
                           .created_at = FromUnixMicros(row.Int(4))});
  }
  return out;
}

Result<bool> CategoryExists(storage::Tx& tx, std::string_view slug) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT 1 FROM catalog_categories WHERE slug = ?1", {slug}));
  return row.has_value();
}

}  // namespace omnihub::catalog::store
