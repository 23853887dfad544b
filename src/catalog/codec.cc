#include "catalog/codec.h"

#include "catalog/catalog.h"

namespace omnihub::catalog {
namespace {

std::string Indexed(std::string_view field, size_t idx) {
  return std::string(field) + "[" + std::to_string(idx) + "]";
}

std::string Member(std::string_view field, std::string_view key) {
  return std::string(field) + "." + std::string(key);
}

void WriteMoney(json::Writer& w, std::string_view key, const std::optional<Money>& money) {
  w.Key(key);
  if (!money) {
    w.Null();
    return;
  }
  w.BeginObject().Field("amount", money->minor).Field("currency", money->currency.code());
  w.EndObject();
}

void WriteStrings(json::Writer& w, const std::vector<std::string>& items) {
  w.BeginArray();
  for (const std::string& item : items) {
    w.String(item);
  }
  w.EndArray();
}

void WriteAttributes(json::Writer& w, const Attributes& attributes) {
  w.BeginObject();
  for (const auto& [name, value] : attributes) {
    w.Field(name, value);
  }
  w.EndObject();
}

Result<std::vector<std::string>> DecodeStrings(const json::Value& value, std::string_view field) {
  const json::Array* items = value.AsArray();
  if (items == nullptr) {
    return Error::InvalidArgument(field, "must be an array of strings");
  }
  if (items->size() > 50) {
    return Error::InvalidArgument(field, "must have at most 50 items");
  }
  std::vector<std::string> out;
  for (size_t idx = 0; idx < items->size(); ++idx) {
    const std::string* text = (*items)[idx].AsString();
    if (text == nullptr) {
      return Error::InvalidArgument(Indexed(field, idx), "must be a string");
    }
    out.push_back(*text);
  }
  return out;
}

Result<Attributes> DecodeAttributes(const json::Value& value, std::string_view field) {
  const json::Object* members = value.AsObject();
  if (members == nullptr) {
    return Error::InvalidArgument(field, "must be an object of strings");
  }
  Attributes out;
  for (const auto& [name, item] : *members) {
    const std::string* text = item.AsString();
    if (text == nullptr) {
      return Error::InvalidArgument(Member(field, name), "must be a string");
    }
    out[name] = *text;
  }
  OMNI_TRY(CheckAttributes(out, field));
  return out;
}

// {"pl":"…","en":"…"}: either member may be missing.
Result<void> DecodeTranslated(const json::Value& body, std::string_view key, size_t max,
                              std::optional<std::string>& pl, std::optional<std::string>& en) {
  const json::Value* value = body.Find(key);
  if (value == nullptr || value->is_null()) {
    return Ok();
  }
  if (!value->is_object()) {
    return Error::InvalidArgument(key, "must be an object with \"pl\" and \"en\"");
  }
  OMNI_ASSIGN_OR_RETURN(pl, json::OptionalString(*value, "pl", Member(key, "pl")));
  OMNI_ASSIGN_OR_RETURN(en, json::OptionalString(*value, "en", Member(key, "en")));
  if (pl) {
    OMNI_TRY(CheckText(*pl, Member(key, "pl"), max));
  }
  if (en) {
    OMNI_TRY(CheckText(*en, Member(key, "en"), max));
  }
  return Ok();
}

Result<std::optional<Money>> DecodeMoney(const json::Value& value, std::string_view field) {
  if (value.is_null()) {
    return std::optional<Money>();
  }
  if (!value.is_object()) {
    return Error::InvalidArgument(field, "must be {\"amount\":<minor units>,\"currency\":\"PLN\"}");
  }
  const json::Value* amount = value.Find("amount");
  if (amount == nullptr || !amount->AsInt() || *amount->AsInt() <= 0) {
    return Error::InvalidArgument(Member(field, "amount"),
                                  "must be a positive integer in minor units (grosze)");
  }
  Currency currency = Currency::Pln();
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> code,
                        json::OptionalString(value, "currency", Member(field, "currency")));
  if (code) {
    Result<Currency> parsed = Currency::Parse(*code);
    if (!parsed.ok()) {
      return Error::InvalidArgument(Member(field, "currency"), "must be a known ISO 4217 code");
    }
    currency = *parsed;
  }
  return std::optional<Money>(Money{.minor = *amount->AsInt(), .currency = currency});
}

Result<NewVariant> DecodeVariant(const json::Value& value, std::string_view field) {
  OMNI_TRY(json::RequireObject(value, field));
  NewVariant variant;
  OMNI_ASSIGN_OR_RETURN(variant.sku, json::RequireString(value, "sku", Member(field, "sku")));
  OMNI_ASSIGN_OR_RETURN(variant.gtin, json::OptionalString(value, "gtin", Member(field, "gtin")));
  if (const json::Value* attributes = value.Find("attributes");
      attributes != nullptr && !attributes->is_null()) {
    OMNI_ASSIGN_OR_RETURN(variant.attributes,
                          DecodeAttributes(*attributes, Member(field, "attributes")));
  }
  if (const json::Value* price = value.Find("list_price"); price != nullptr) {
    OMNI_ASSIGN_OR_RETURN(variant.list_price, DecodeMoney(*price, Member(field, "list_price")));
  }
  return variant;
}

Result<std::vector<NewVariant>> DecodeVariants(const json::Value& value) {
  const json::Array* items = value.AsArray();
  if (items == nullptr) {
    return Error::InvalidArgument("variants", "must be an array");
  }
  std::vector<NewVariant> out;
  for (size_t idx = 0; idx < items->size(); ++idx) {
    OMNI_ASSIGN_OR_RETURN(NewVariant variant,
                          DecodeVariant((*items)[idx], Indexed("variants", idx)));
    out.push_back(std::move(variant));
  }
  return out;
}

}  // namespace

Result<void> CheckText(std::string_view text, std::string_view field, size_t max) {
  if (text.size() > max) {
    return Error::InvalidArgument(field, "must be at most " + std::to_string(max) + " bytes");
  }
  for (unsigned char c : text) {
    if ((c < 0x20 && c != '\n' && c != '\t') || c == 0x7f) {
      return Error::InvalidArgument(field, "must not contain control characters");
    }
  }
  return Ok();
}

Result<void> CheckAttributes(const Attributes& attributes, std::string_view field) {
  if (attributes.size() > 50) {
    return Error::InvalidArgument(field, "must have at most 50 attributes");
  }
  for (const auto& [name, value] : attributes) {
    bool good_name = !name.empty() && name.size() <= 64;
    for (char c : name) {
      good_name = good_name && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '_');
    }
    if (!good_name) {
      return Error::InvalidArgument(Member(field, name), "names must be 1 to 64 of a-z, 0-9, _");
    }
    if (value.empty()) {
      return Error::InvalidArgument(Member(field, name), "must not be empty");
    }
    OMNI_TRY(CheckText(value, Member(field, name), 256));
  }
  return Ok();
}

Result<void> CheckImage(std::string_view url, std::string_view field) {
  if (!(url.starts_with("https://") || url.starts_with("http://")) || url.size() > 2048 ||
      url.find_first_of(" \t\r\n\"<>") != std::string_view::npos) {
    return Error::InvalidArgument(field, "must be an http(s) URL of at most 2048 characters");
  }
  return Ok();
}

Result<void> CheckSlug(std::string_view slug, std::string_view field) {
  bool good = !slug.empty() && slug.size() <= 64;
  for (char c : slug) {
    good = good && ((c >= 'a' && c <= 'z') || (c >= '0' && c <= '9') || c == '-');
  }
  if (!good) {
    return Error::InvalidArgument(field, "must be 1 to 64 of a-z, 0-9, '-'");
  }
  return Ok();
}

std::string EncodeAttributes(const Attributes& attributes) {
  json::Writer w;
  WriteAttributes(w, attributes);
  return w.Take();
}

std::string EncodeStrings(const std::vector<std::string>& items) {
  json::Writer w;
  WriteStrings(w, items);
  return w.Take();
}

Attributes DecodeStoredAttributes(std::string_view text) {
  Attributes out;
  Result<json::Value> parsed = json::Parse(text);
  if (parsed.ok() && parsed->AsObject() != nullptr) {
    for (const auto& [name, value] : *parsed->AsObject()) {
      if (const std::string* s = value.AsString()) {
        out[name] = *s;
      }
    }
  }
  return out;
}

std::vector<std::string> DecodeStoredStrings(std::string_view text) {
  std::vector<std::string> out;
  Result<json::Value> parsed = json::Parse(text);
  if (parsed.ok() && parsed->AsArray() != nullptr) {
    for (const json::Value& value : *parsed->AsArray()) {
      if (const std::string* s = value.AsString()) {
        out.push_back(*s);
      }
    }
  }
  return out;
}

std::string EncodeProduct(const Product& product) { return omnihub::schema::Encode(product); }

std::string EncodeSkuInfo(const SkuInfo& info) {
  json::Writer w;
  w.BeginObject().Field("sku", info.sku).Field("product_id", info.product_id.str());
  w.Field("title", info.title);
  w.Key("categories");
  WriteStrings(w, info.categories);
  w.Field("status", NameOf(info.status)).Field("gtin", info.gtin);
  WriteMoney(w, "list_price", info.list_price);
  w.EndObject();
  return w.Take();
}

std::string EncodeCategory(const Category& category) {
  json::Writer w;
  w.BeginObject().Field("slug", category.slug).Field("parent", category.parent);
  w.Field("name_pl", category.name_pl).Field("name_en", category.name_en);
  w.Field("created_at", FormatRfc3339(category.created_at));
  w.EndObject();
  return w.Take();
}

std::string EncodeProductPage(const ProductPage& page) {
  json::Writer w;
  w.BeginObject().Key("products").BeginArray();
  for (const Product& product : page.products) {
    w.Raw(EncodeProduct(product));
  }
  w.EndArray();
  w.Key("next_cursor");
  if (page.next_cursor) {
    w.String(std::to_string(*page.next_cursor));
  } else {
    w.Null();
  }
  w.EndObject();
  return w.Take();
}

namespace {

void WriteImportCounts(json::Writer& w, const ImportReport& report) {
  w.Field("id", report.id.str()).Field("format", NameOf(report.format));
  w.Field("lines", report.lines).Field("imported_lines", report.imported_lines);
  w.Field("rejected_lines", report.rejected_lines).Field("products", report.products);
  w.Field("created", report.created).Field("updated", report.updated);
  w.Field("unchanged", report.unchanged);
  w.Key("rejected").BeginObject();
  for (const auto& [code, count] : report.rejected) {
    w.Field(code, count);
  }
  w.EndObject();
}

}  // namespace

std::string EncodeImportReport(const ImportReport& report) {
  json::Writer w;
  w.BeginObject();
  WriteImportCounts(w, report);
  w.Key("errors").BeginArray();
  for (const LineError& error : report.errors) {
    w.BeginObject().Field("line", error.line).Field("field", error.field);
    w.Field("code", error.code).Field("message", error.message).EndObject();
  }
  w.EndArray();
  w.Field("errors_truncated", report.errors_truncated);
  if (report.format == ImportFormat::kOnlineRetail) {
    w.Field("attribution", kOnlineRetailAttribution);
  }
  w.EndObject();
  return w.Take();
}

Result<NewProduct> DecodeNewProduct(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  OMNI_ASSIGN_OR_RETURN(ProductPatch patch, DecodeProductPatch(body));
  NewProduct req;
  req.title_pl = patch.title_pl.value_or("");
  req.title_en = patch.title_en.value_or("");
  req.description_pl = patch.description_pl.value_or("");
  req.description_en = patch.description_en.value_or("");
  req.status = patch.status.value_or(ProductStatus::kDraft);
  req.categories = patch.categories.value_or(std::vector<std::string>{});
  req.images = patch.images.value_or(std::vector<std::string>{});
  req.attributes = patch.attributes.value_or(Attributes{});
  if (body.Find("variants") == nullptr) {
    return Error::InvalidArgument("variants", "is required (at least one SKU)");
  }
  req.variants = std::move(patch.variants);
  return req;
}

Result<ProductPatch> DecodeProductPatch(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  ProductPatch patch;
  OMNI_TRY(DecodeTranslated(body, "title", 300, patch.title_pl, patch.title_en));
  OMNI_TRY(
      DecodeTranslated(body, "description", 20000, patch.description_pl, patch.description_en));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> status, json::OptionalString(body, "status"));
  if (status) {
    OMNI_ASSIGN_OR_RETURN(patch.status, ParseEnum<ProductStatus>(*status, "status"));
  }
  if (const json::Value* categories = body.Find("categories");
      categories != nullptr && !categories->is_null()) {
    OMNI_ASSIGN_OR_RETURN(patch.categories, DecodeStrings(*categories, "categories"));
  }
  if (const json::Value* images = body.Find("images"); images != nullptr && !images->is_null()) {
    OMNI_ASSIGN_OR_RETURN(patch.images, DecodeStrings(*images, "images"));
  }
  if (const json::Value* attributes = body.Find("attributes");
      attributes != nullptr && !attributes->is_null()) {
    OMNI_ASSIGN_OR_RETURN(patch.attributes, DecodeAttributes(*attributes, "attributes"));
  }
  if (const json::Value* variants = body.Find("variants");
      variants != nullptr && !variants->is_null()) {
    OMNI_ASSIGN_OR_RETURN(patch.variants, DecodeVariants(*variants));
  }
  return patch;
}

Result<NewCategory> DecodeNewCategory(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewCategory req;
  OMNI_ASSIGN_OR_RETURN(req.slug, json::RequireString(body, "slug"));
  OMNI_ASSIGN_OR_RETURN(req.parent, json::OptionalString(body, "parent"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> name_pl, json::OptionalString(body, "name_pl"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> name_en, json::OptionalString(body, "name_en"));
  req.name_pl = name_pl.value_or("");
  req.name_en = name_en.value_or("");
  return req;
}

}  // namespace omnihub::catalog
