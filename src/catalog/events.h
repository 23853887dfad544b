#pragma once

#include <string_view>

// Changes the catalog module appends to the change log.
namespace omnihub::catalog::events {

// payload: the product as GET /api/v1/catalog/products/{id} shows it, plus "source"
// ("api" or "import:<import id>").
inline constexpr std::string_view kProductCreated = "catalog.product.created";
// payload: as kProductCreated, after the change.
inline constexpr std::string_view kProductUpdated = "catalog.product.updated";
// payload: {"slug","parent","name_pl","name_en"}
inline constexpr std::string_view kCategoryCreated = "catalog.category.created";
// payload: the import report's counts: {"id","format","lines","imported_lines",
// "rejected_lines","products","created","updated","unchanged","rejected":{code:n}}
inline constexpr std::string_view kImportCompleted = "catalog.import.completed";

}  // namespace omnihub::catalog::events
