#include <charconv>
#include <istream>
#include <streambuf>

#include "catalog/catalog.h"
#include "catalog/codec.h"
#include "changes/changes.h"

namespace omnihub::catalog {
namespace {

using http::Role;

constexpr size_t kImportBodyLimit = size_t{256} << 20;  // the Online Retail files are ~45 MB

Result<int64_t> ParseCount(std::string_view text, std::string_view field, int64_t min,
                           int64_t max) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Error::InvalidArgument(
        field, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

Result<ProductQuery> QueryOf(const http::Request& req) {
  ProductQuery query;
  query.q = std::string(req.Query("q").value_or(""));
  query.category = std::string(req.Query("category").value_or(""));
  if (std::optional<std::string_view> status = req.Query("status")) {
    OMNI_ASSIGN_OR_RETURN(query.status, ParseEnum<ProductStatus>(*status, "status"));
  }
  if (std::optional<std::string_view> limit = req.Query("limit")) {
    OMNI_ASSIGN_OR_RETURN(int64_t n, ParseCount(*limit, "limit", 1, 100));
    query.limit = static_cast<int>(n);
  }
  if (std::optional<std::string_view> after = req.Query("after")) {
    OMNI_ASSIGN_OR_RETURN(query.after, ParseCount(*after, "after", 0, INT64_MAX));
  }
  return query;
}

// Reads a request body in place, without a copy.
class BodyBuf final : public std::streambuf {
 public:
  explicit BodyBuf(const std::string& body) {
    char* begin = const_cast<char*>(body.data());  // NOLINT: read-only get area
    setg(begin, begin, begin + body.size());
  }
};

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, CatalogService& service) {
  router.Get("/api/v1/catalog/products",
             {.summary = "List or search products (q: title or SKU; category; status), paged",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kProductPage),
              .tag = "catalog"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(ProductQuery query, QueryOf(req));
               OMNI_ASSIGN_OR_RETURN(ProductPage page, db.Read([&](storage::Tx& tx) {
                 return service.ListProducts(tx, query);
               }));
               return http::Response::Ok(EncodeProductPage(page));
             });

  router.Post("/api/v1/catalog/products",
              {.summary = "Create a product with its variants (SKUs)",
               .roles = {Role::kAdmin},
               .request_schema = std::string(api_schema::kNewProduct),
               .response_schema = std::string(api_schema::kProduct),
               .success_status = 201,
               .tag = "catalog"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewProduct body, DecodeNewProduct(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateProduct(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Product product,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeProduct(product));
              });

  router.Get("/api/v1/catalog/products/{id}",
             {.summary = "One product with its variants",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kProduct),
              .tag = "catalog"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Product product, db.Read([&](storage::Tx& tx) {
                 return service.GetProduct(tx, id);
               }));
               return http::Response::Ok(EncodeProduct(product));
             });

  router.Patch(
      "/api/v1/catalog/products/{id}",
      {.summary = "Change a product; listed variants are upserted by SKU",
       .roles = {Role::kAdmin},
       .request_schema = std::string(api_schema::kProductPatch),
       .response_schema = std::string(api_schema::kProduct),
       .tag = "catalog"},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(ProductPatch patch, DecodeProductPatch(req.json));
        auto update = [&](storage::Tx& tx) { return service.UpdateProduct(tx, id, patch); };
        OMNI_ASSIGN_OR_RETURN(Product product, db.InTransaction(update, changes::WriterOf(req)));
        return http::Response::Ok(EncodeProduct(product));
      });

  router.Get("/api/v1/catalog/skus/{sku}",
             {.summary = "What a SKU is (any case): product id, title, categories, status",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kSkuInfo),
              .tag = "catalog"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string sku(req.PathParam("sku"));
               OMNI_ASSIGN_OR_RETURN(std::optional<SkuInfo> info, db.Read([&](storage::Tx& tx) {
                 return service.FindBySku(tx, sku);
               }));
               if (!info) {
                 return Error::NotFound("sku", sku);
               }
               return http::Response::Ok(EncodeSkuInfo(*info));
             });

  router.Get("/api/v1/catalog/categories",
             {.summary = "Every category, by slug",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kCategories),
              .tag = "catalog"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(
                   std::vector<Category> categories,
                   db.Read([&](storage::Tx& tx) { return service.ListCategories(tx); }));
               std::string out = "{\"categories\":[";
               for (size_t idx = 0; idx < categories.size(); ++idx) {
                 out += (idx ? "," : "") + EncodeCategory(categories[idx]);
               }
               return http::Response::Ok(out + "]}");
             });

  router.Post("/api/v1/catalog/categories",
              {.summary = "Create a category (slug, optional parent)",
               .roles = {Role::kAdmin},
               .request_schema = std::string(api_schema::kNewCategory),
               .response_schema = std::string(api_schema::kCategory),
               .success_status = 201,
               .tag = "catalog"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewCategory body, DecodeNewCategory(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateCategory(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Category category,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeCategory(category));
              });

  router.Post("/api/v1/catalog/imports",
              {.summary = "Import products from a CSV body (omnihub or UCI Online Retail format; "
                          "?format=auto|omnihub|online_retail, ?max_errors=N); answers the report",
               .roles = {Role::kAdmin},
               .response_schema = std::string(api_schema::kImportReport),
               .body_limit = kImportBodyLimit,
               .tag = "catalog"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                ImportOptions options;
                if (std::optional<std::string_view> format = req.Query("format")) {
                  OMNI_ASSIGN_OR_RETURN(options.format, ParseEnum<ImportFormat>(*format, "format"));
                }
                options.max_errors = 100;
                if (std::optional<std::string_view> max_errors = req.Query("max_errors")) {
                  OMNI_ASSIGN_OR_RETURN(int64_t n, ParseCount(*max_errors, "max_errors", 0, 10000));
                  options.max_errors = static_cast<size_t>(n);
                }
                options.context = changes::WriterOf(req);
                BodyBuf buf(req.body);
                std::istream in(&buf);
                OMNI_ASSIGN_OR_RETURN(ImportReport report, ImportCsv(db, service, in, options));
                return http::Response::Ok(EncodeImportReport(report));
              });
}

}  // namespace omnihub::catalog
