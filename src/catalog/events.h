#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "catalog/types.h"
#include "changes/event.h"
#include "core/schema.h"

// What the catalog module appends to the change log.
namespace omnihub::catalog::events {

using omnihub::schema::F;

// The product after the change, and where the change came from.
struct ProductChanged {
  Product product;     // as GET /api/v1/catalog/products/{id} shows it
  std::string source;  // "api" or "import:<import id>"
};
constexpr auto Describe(const ProductChanged*) {
  return std::tuple{omnihub::schema::Flatten(&ProductChanged::product),
                    F("source", &ProductChanged::source)};
}

struct CategoryCreated {
  std::string slug;
  std::optional<std::string> parent;
  std::string name_pl;
  std::string name_en;
};
constexpr auto Describe(const CategoryCreated*) {
  return std::tuple{F("slug", &CategoryCreated::slug), F("parent", &CategoryCreated::parent),
                    F("name_pl", &CategoryCreated::name_pl),
                    F("name_en", &CategoryCreated::name_en)};
}

// An import's counts (its line errors stay in the import's answer).
struct ImportCompleted {
  ImportId id;
  ImportFormat format = ImportFormat::kAuto;
  int64_t lines = 0;
  int64_t imported_lines = 0;
  int64_t rejected_lines = 0;
  int64_t products = 0;
  int64_t created = 0;
  int64_t updated = 0;
  int64_t unchanged = 0;
  std::map<std::string, int64_t> rejected;  // lines refused, by code
};
constexpr auto Describe(const ImportCompleted*) {
  return std::tuple{F("id", &ImportCompleted::id),
                    F("format", &ImportCompleted::format),
                    F("lines", &ImportCompleted::lines),
                    F("imported_lines", &ImportCompleted::imported_lines),
                    F("rejected_lines", &ImportCompleted::rejected_lines),
                    F("products", &ImportCompleted::products),
                    F("created", &ImportCompleted::created),
                    F("updated", &ImportCompleted::updated),
                    F("unchanged", &ImportCompleted::unchanged),
                    F("rejected", &ImportCompleted::rejected)};
}

inline ImportCompleted CountsOf(const ImportReport& report) {
  return ImportCompleted{.id = report.id,
                         .format = report.format,
                         .lines = report.lines,
                         .imported_lines = report.imported_lines,
                         .rejected_lines = report.rejected_lines,
                         .products = report.products,
                         .created = report.created,
                         .updated = report.updated,
                         .unchanged = report.unchanged,
                         .rejected = report.rejected};
}

inline constexpr changes::EventType<ProductChanged> kProductCreated{
    .name = "catalog.product.created",
    .entity_type = "product",
    .summary = "A product was added to the catalogue"};
inline constexpr changes::EventType<ProductChanged> kProductUpdated{
    .name = "catalog.product.updated",
    .entity_type = "product",
    .summary = "A product's data changed"};
inline constexpr changes::EventType<CategoryCreated> kCategoryCreated{
    .name = "catalog.category.created",
    .entity_type = "category",
    .summary = "A category was added"};
inline constexpr changes::EventType<ImportCompleted> kImportCompleted{
    .name = "catalog.import.completed",
    .entity_type = "import",
    .summary = "A CSV import finished"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kProductCreated), changes::Info(kProductUpdated),
          changes::Info(kCategoryCreated), changes::Info(kImportCompleted)};
}

}  // namespace omnihub::catalog::events
