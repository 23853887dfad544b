#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "catalog/types.h"
#include "core/json.h"
#include "core/result.h"

// JSON <-> the catalog module's types, and the route schemas.
namespace omnihub::catalog {

std::string EncodeAttributes(const Attributes& attributes);  // {"name":"value",…}
std::string EncodeStrings(const std::vector<std::string>& items);
// For values read back from our own database.
Attributes DecodeStoredAttributes(std::string_view json);
std::vector<std::string> DecodeStoredStrings(std::string_view json);

std::string EncodeProduct(const Product& product);
std::string EncodeSkuInfo(const SkuInfo& info);
std::string EncodeCategory(const Category& category);
std::string EncodeProductPage(const ProductPage& page);

// Errors: kInvalidArgument naming the field (`variants[0].gtin`).
Result<NewProduct> DecodeNewProduct(const json::Value& body);
Result<ProductPatch> DecodeProductPatch(const json::Value& body);
Result<NewCategory> DecodeNewCategory(const json::Value& body);

// Validation shared by the service and the decoders. Errors: kInvalidArgument (field).
Result<void> CheckText(std::string_view text, std::string_view field, size_t max);
Result<void> CheckAttributes(const Attributes& attributes, std::string_view field);
Result<void> CheckImage(std::string_view url, std::string_view field);
Result<void> CheckSlug(std::string_view slug, std::string_view field);

namespace api_schema {

inline constexpr std::string_view kMoney =
    R"({"type":["object","null"],"properties":{"amount":{"type":"integer","minimum":1},)"
    R"("currency":{"type":"string","pattern":"^[A-Z]{3}$"}}})";
inline constexpr std::string_view kVariant =
    R"({"type":"object","required":["sku"],"properties":{)"
    R"("sku":{"type":"string","pattern":"^[A-Za-z0-9._-]{1,64}$"},)"
    R"("gtin":{"type":["string","null"],"pattern":"^([0-9]{8}|[0-9]{12,14})$"},)"
    R"("attributes":{"type":"object","additionalProperties":{"type":"string"}},)"
    R"("list_price":{"type":["object","null"],"properties":{"amount":{"type":"integer"},)"
    R"("currency":{"type":"string"}}}}})";
inline constexpr std::string_view kProduct =
    R"({"type":"object","required":["id","status","title","variants"],"properties":{)"
    R"("id":{"type":"string","pattern":"^prd_"},)"
    R"("status":{"enum":["draft","active","archived"]},)"
    R"("title":{"type":"object","properties":{"pl":{"type":"string"},"en":{"type":"string"}}},)"
    R"("description":{"type":"object","properties":{"pl":{"type":"string"},)"
    R"("en":{"type":"string"}}},"categories":{"type":"array","items":{"type":"string"}},)"
    R"("images":{"type":"array","items":{"type":"string","format":"uri"}},)"
    R"("attributes":{"type":"object","additionalProperties":{"type":"string"}},)"
    R"("variants":{"type":"array","items":{"type":"object","properties":{)"
    R"("sku":{"type":"string"},"gtin":{"type":["string","null"]},)"
    R"("attributes":{"type":"object"},"list_price":{"type":["object","null"]}}}},)"
    R"("created_at":{"type":"string","format":"date-time"},)"
    R"("updated_at":{"type":"string","format":"date-time"}}})";
inline constexpr std::string_view kNewProduct =
    R"({"type":"object","required":["title","variants"],"properties":{)"
    R"("title":{"type":"object","properties":{"pl":{"type":"string","maxLength":300},)"
    R"("en":{"type":"string","maxLength":300}}},)"
    R"("description":{"type":"object","properties":{"pl":{"type":"string"},)"
    R"("en":{"type":"string"}}},"status":{"enum":["draft","active","archived"]},)"
    R"("categories":{"type":"array","items":{"type":"string"}},)"
    R"("images":{"type":"array","items":{"type":"string","format":"uri"}},)"
    R"("attributes":{"type":"object","additionalProperties":{"type":"string"}},)"
    R"("variants":{"type":"array","minItems":1,"maxItems":100,"items":{"type":"object",)"
    R"("required":["sku"],"properties":{"sku":{"type":"string"},"gtin":{"type":"string"},)"
    R"("attributes":{"type":"object"},"list_price":{"type":"object"}}}}}})";
inline constexpr std::string_view kProductPatch =
    R"({"type":"object","properties":{"title":{"type":"object"},"description":{"type":"object"},)"
    R"("status":{"enum":["draft","active","archived"]},)"
    R"("categories":{"type":"array","items":{"type":"string"}},)"
    R"("images":{"type":"array","items":{"type":"string"}},"attributes":{"type":"object"},)"
    R"("variants":{"type":"array","description":"upserted by SKU","items":{"type":"object"}}}})";
inline constexpr std::string_view kProductPage =
    R"({"type":"object","required":["products","next_cursor"],"properties":{)"
    R"("products":{"type":"array","items":{"type":"object"}},)"
    R"("next_cursor":{"type":["string","null"]}}})";
inline constexpr std::string_view kSkuInfo =
    R"({"type":"object","required":["sku","product_id","title","status"],"properties":{)"
    R"("sku":{"type":"string"},"product_id":{"type":"string"},"title":{"type":"string"},)"
    R"("categories":{"type":"array","items":{"type":"string"}},)"
    R"("status":{"enum":["draft","active","archived"]},"gtin":{"type":["string","null"]},)"
    R"("list_price":{"type":["object","null"]}}})";
inline constexpr std::string_view kCategory =
    R"({"type":"object","required":["slug","name_pl","name_en"],"properties":{)"
    R"("slug":{"type":"string","pattern":"^[a-z0-9-]{1,64}$"},)"
    R"("parent":{"type":["string","null"]},"name_pl":{"type":"string"},)"
    R"("name_en":{"type":"string"},"created_at":{"type":"string","format":"date-time"}}})";
inline constexpr std::string_view kNewCategory =
    R"({"type":"object","required":["slug"],"properties":{)"
    R"("slug":{"type":"string","pattern":"^[a-z0-9-]{1,64}$"},"parent":{"type":"string"},)"
    R"("name_pl":{"type":"string","maxLength":200},"name_en":{"type":"string","maxLength":200}}})";
inline constexpr std::string_view kCategories =
    R"({"type":"object","properties":{"categories":{"type":"array","items":{"type":"object"}}}})";
inline constexpr std::string_view kImportReport =
    R"({"type":"object","required":["id","format","lines","imported_lines","rejected_lines",)"
    R"("products","created","updated","unchanged","rejected","errors"],"properties":{)"
    R"("id":{"type":"string","pattern":"^imp_"},"format":{"enum":["omnihub","online_retail"]},)"
    R"("lines":{"type":"integer"},"imported_lines":{"type":"integer"},)"
    R"("rejected_lines":{"type":"integer"},"products":{"type":"integer"},)"
    R"("created":{"type":"integer"},"updated":{"type":"integer"},)"
    R"("unchanged":{"type":"integer"},)"
    R"("rejected":{"type":"object","additionalProperties":{"type":"integer"}},)"
    R"("errors":{"type":"array","items":{"type":"object","properties":{)"
    R"("line":{"type":"integer"},"field":{"type":"string"},"code":{"type":"string"},)"
    R"("message":{"type":"string"}}}},"errors_truncated":{"type":"boolean"},)"
    R"("attribution":{"type":"string","description":"the data licence's attribution"}}})";

}  // namespace api_schema
}  // namespace omnihub::catalog
