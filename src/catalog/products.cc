// Products: created and updated through the API or the import, each change checked and sent.
#include <algorithm>
#include <set>

#include "catalog/catalog_service.h"
#include "catalog/codec.h"
#include "catalog/events.h"
#include "catalog/store.h"
#include "changes/changes.h"
#include "core/text.h"

namespace omnihub::catalog {
namespace {

constexpr size_t kMaxVariants = 100;

std::string SearchText(const Product& product) {
  std::string text = product.title_pl + "\n" + product.title_en;
  for (const Variant& variant : product.variants) {
    text += "\n" + variant.sku;
  }
  return AsciiLower(text);
}

std::optional<std::string> Gtin14(const std::optional<std::string>& gtin) {
  if (!gtin) {
    return std::nullopt;
  }
  return std::string(14 - gtin->size(), '0') + *gtin;
}

// The product's content without its times: equal fingerprints mean nothing to store.
std::string Fingerprint(Product product) {
  product.updated_at = {};
  for (Variant& variant : product.variants) {
    variant.updated_at = {};
  }
  return EncodeProduct(product);
}

// A requested variant in its stored form. `field` prefixes error fields ("variants[0]").

// Refuses a GTIN held by another SKU, in the catalogue or among `variants`.

Error SkuTaken(std::string_view sku, size_t idx) {
  return Error::Conflict("SKU " + std::string(sku) + " is already in the catalogue")
      .With("sku", std::string(sku))
      .With("field", Indexed("variants", idx, "sku"));
}

}  // namespace

std::string Indexed(std::string_view field, size_t idx, std::string_view member) {
  std::string out = std::string(field) + "[" + std::to_string(idx) + "]";
  if (!member.empty()) {
    out += "." + std::string(member);
  }
  return out;
}

// Checks the product-level members shared by create and update.
Result<void> CheckProduct(storage::Tx& tx, const Product& product) {
  OMNI_TRY(CheckText(product.title_pl, "title.pl", 300));
  OMNI_TRY(CheckText(product.title_en, "title.en", 300));
  if (product.title_pl.empty() && product.title_en.empty()) {
    return Error::InvalidArgument("title", "needs a Polish or an English title");
  }
  OMNI_TRY(CheckText(product.description_pl, "description.pl", 20000));
  OMNI_TRY(CheckText(product.description_en, "description.en", 20000));
  OMNI_TRY(CheckAttributes(product.attributes, "attributes"));
  if (product.categories.size() > 20) {
    return Error::InvalidArgument("categories", "must have at most 20 items");
  }
  std::set<std::string> seen;
  for (size_t idx = 0; idx < product.categories.size(); ++idx) {
    const std::string field = Indexed("categories", idx);
    OMNI_TRY(CheckSlug(product.categories[idx], field));
    if (!seen.insert(product.categories[idx]).second) {
      return Error::InvalidArgument(field, "repeats a category");
    }
    OMNI_ASSIGN_OR_RETURN(bool exists, store::CategoryExists(tx, product.categories[idx]));
    if (!exists) {
      return Error::InvalidArgument(field, "names no category")
          .With("slug", product.categories[idx]);
    }
  }
  for (size_t idx = 0; idx < product.images.size(); ++idx) {
    OMNI_TRY(CheckImage(product.images[idx], Indexed("images", idx)));
  }
  return Ok();
}

Result<Variant> MakeVariant(const NewVariant& req, std::string_view field, TimePoint now) {
  Variant variant;
  OMNI_ASSIGN_OR_RETURN(variant.sku, NormalizeSku(req.sku, std::string(field) + ".sku"));
  if (req.gtin) {
    OMNI_ASSIGN_OR_RETURN(variant.gtin, ValidateGtin(*req.gtin, std::string(field) + ".gtin"));
  }
  OMNI_TRY(CheckAttributes(req.attributes, std::string(field) + ".attributes"));
  variant.attributes = req.attributes;
  if (req.list_price && req.list_price->minor <= 0) {
    return Error::InvalidArgument(std::string(field) + ".list_price.amount", "must be positive");
  }
  variant.list_price = req.list_price;
  variant.created_at = now;
  variant.updated_at = now;
  return variant;
}

Result<void> CheckGtins(storage::Tx& tx, const std::vector<Variant>& variants) {
  std::set<std::string> seen;
  for (size_t idx = 0; idx < variants.size(); ++idx) {
    const std::optional<std::string> gtin14 = Gtin14(variants[idx].gtin);
    if (!gtin14) {
      continue;
    }
    if (!seen.insert(*gtin14).second) {
      return Error::Conflict("GTIN " + *variants[idx].gtin + " is given to two SKUs")
          .With("gtin", *variants[idx].gtin)
          .With("field", Indexed("variants", idx, "gtin"));
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectGtinOwner(tx, *gtin14));
    if (owner && *owner != variants[idx].sku) {
      return Error::Conflict("GTIN " + *variants[idx].gtin + " belongs to SKU " + *owner)
          .With("gtin", *variants[idx].gtin)
          .With("sku", *owner)
          .With("field", Indexed("variants", idx, "gtin"));
    }
  }
  return Ok();
}

Result<Product> CatalogServiceImpl::CreateProduct(storage::Tx& tx, const NewProduct& req) {
  return Create(tx, req, "api");
}

Result<Product> CatalogServiceImpl::UpdateProduct(storage::Tx& tx, std::string_view id,
                                                  const ProductPatch& patch) {
  OMNI_ASSIGN_OR_RETURN(Product before, GetProduct(tx, id));
  Product after = before;
  const TimePoint now = clock_.Now();
  after.title_pl = patch.title_pl.value_or(after.title_pl);
  after.title_en = patch.title_en.value_or(after.title_en);
  after.description_pl = patch.description_pl.value_or(after.description_pl);
  after.description_en = patch.description_en.value_or(after.description_en);
  after.status = patch.status.value_or(after.status);
  after.categories = patch.categories.value_or(after.categories);
  after.images = patch.images.value_or(after.images);
  after.attributes = patch.attributes.value_or(after.attributes);
  OMNI_TRY(CheckProduct(tx, after));
  std::set<std::string> seen;
  for (size_t idx = 0; idx < patch.variants.size(); ++idx) {
    OMNI_ASSIGN_OR_RETURN(Variant variant,
                          MakeVariant(patch.variants[idx], Indexed("variants", idx), now));
    if (!seen.insert(variant.sku).second) {
      return Error::InvalidArgument(Indexed("variants", idx, "sku"), "repeats a SKU");
    }
    auto mine = std::find_if(after.variants.begin(), after.variants.end(),
                             [&](const Variant& v) { return v.sku == variant.sku; });
    if (mine != after.variants.end()) {
      variant.created_at = mine->created_at;
      *mine = std::move(variant);
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectSkuOwner(tx, variant.sku));
    if (owner) {
      return SkuTaken(variant.sku, idx);
    }
    if (after.variants.size() >= kMaxVariants) {
      return Error::InvalidArgument("variants", "a product has at most 100 variants");
    }
    after.variants.push_back(std::move(variant));
  }
  OMNI_TRY(CheckGtins(tx, after.variants));
  OMNI_TRY(Save(tx, before, after, "api"));
  return after;
}

Result<Product> CatalogServiceImpl::Create(storage::Tx& tx, const NewProduct& req,
                                           std::string_view source) {
  const TimePoint now = clock_.Now();
  Product product{.id = ProductId::Generate(now),
                  .title_pl = req.title_pl,
                  .title_en = req.title_en,
                  .description_pl = req.description_pl,
                  .description_en = req.description_en,
                  .status = req.status,
                  .categories = req.categories,
                  .images = req.images,
                  .attributes = req.attributes,
                  .variants = {},
                  .created_at = now,
                  .updated_at = now};
  OMNI_TRY(CheckProduct(tx, product));
  if (req.variants.empty() || req.variants.size() > kMaxVariants) {
    return Error::InvalidArgument("variants", "must hold 1 to 100 variants");
  }
  std::set<std::string> seen;
  for (size_t idx = 0; idx < req.variants.size(); ++idx) {
    OMNI_ASSIGN_OR_RETURN(Variant variant,
                          MakeVariant(req.variants[idx], Indexed("variants", idx), now));
    if (!seen.insert(variant.sku).second) {
      return Error::InvalidArgument(Indexed("variants", idx, "sku"), "repeats a SKU");
    }
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, store::SelectSkuOwner(tx, variant.sku));
    if (owner) {
      return SkuTaken(variant.sku, idx);
    }
    product.variants.push_back(std::move(variant));
  }
  OMNI_TRY(CheckGtins(tx, product.variants));
  OMNI_TRY(store::InsertProduct(tx, product, SearchText(product)));
  OMNI_TRY(store::ReplaceCategories(tx, product.id.str(), product.categories));
  for (size_t idx = 0; idx < product.variants.size(); ++idx) {
    const Variant& variant = product.variants[idx];
    // The primary key decides a race between two creators of one SKU.
    Result<void> inserted = store::InsertVariant(tx, product.id.str(), static_cast<int64_t>(idx),
                                                 variant, Gtin14(variant.gtin));
    if (!inserted.ok()) {
      return inserted.error().code == ErrorCode::kConflict ? SkuTaken(variant.sku, idx)
                                                           : std::move(inserted).error();
    }
  }
  OMNI_TRY(
      changes::Append(tx, events::kProductCreated,
                      events::ProductChanged{.product = product, .source = std::string(source)},
                      {.entity_id = product.id.str(), .occurred_at = product.updated_at}));
  return product;
}

// Stores `after` over `before` when their content differs; returns whether it did.
Result<bool> CatalogServiceImpl::Save(storage::Tx& tx, const Product& before, Product& after,
                                      std::string_view source) {
  if (Fingerprint(before) == Fingerprint(after)) {
    return false;
  }
  const TimePoint now = clock_.Now();
  after.updated_at = now;
  std::vector<size_t> to_update;
  std::vector<size_t> to_insert;
  if (after.categories != before.categories) {
    OMNI_TRY(store::ReplaceCategories(tx, after.id.str(), after.categories));
  }
  for (size_t idx = 0; idx < after.variants.size(); ++idx) {
    Variant& variant = after.variants[idx];
    auto old = std::find_if(before.variants.begin(), before.variants.end(),
                            [&](const Variant& v) { return v.sku == variant.sku; });
    if (old == before.variants.end()) {
      variant.created_at = now;
      variant.updated_at = now;
      to_insert.push_back(idx);
    } else if (variant.gtin != old->gtin || variant.attributes != old->attributes ||
               variant.list_price != old->list_price) {
      variant.updated_at = now;
      to_update.push_back(idx);
      // A GTIN moving between two SKUs of this product must be freed before it is taken.
      if (variant.gtin != old->gtin && old->gtin) {
        Variant cleared = *old;
        cleared.gtin.reset();
        OMNI_TRY(store::UpdateVariant(tx, cleared, std::nullopt));
      }
    }
  }
  for (size_t idx : to_update) {
    OMNI_TRY(store::UpdateVariant(tx, after.variants[idx], Gtin14(after.variants[idx].gtin)));
  }
  for (size_t idx : to_insert) {
    OMNI_TRY(store::InsertVariant(tx, after.id.str(), static_cast<int64_t>(idx),
                                  after.variants[idx], Gtin14(after.variants[idx].gtin)));
  }
  OMNI_TRY(store::UpdateProduct(tx, after, SearchText(after)));
  OMNI_TRY(changes::Append(tx, events::kProductUpdated,
                           events::ProductChanged{.product = after, .source = std::string(source)},
                           {.entity_id = after.id.str(), .occurred_at = after.updated_at}));
  return true;
}

}  // namespace omnihub::catalog
