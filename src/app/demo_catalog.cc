// The demo retailer's catalogue and price book: running shoes for asphalt and for trail,
// hiking boots, apparel and accessories with Polish names; one price list for every channel,
// a running promotion on road shoes, an app-only coupon and a newsletter coupon for every channel.
#include <string_view>

#include "app/app.h"
#include "catalog/catalog.h"
#include "pricing/pricing.h"

namespace omnihub::app {
namespace {

struct DemoCategory {
  std::string_view slug, name_pl, name_en;
};
constexpr DemoCategory kCategories[] = {
    {"buty-asfalt", "Buty do biegania po asfalcie", "Road running shoes"},
    {"buty-trail", "Buty trailowe", "Trail running shoes"},
    {"buty-trekking", "Buty trekkingowe", "Hiking boots"},
    {"odziez", "Odzież", "Apparel"},
    {"akcesoria", "Akcesoria", "Accessories"},
};

struct DemoVariant {
  std::string_view sku, gtin, size, price;
};
struct DemoProduct {
  std::string_view category, title_pl, title_en, description_pl, colour, surface;
  DemoVariant variants[3];
};
constexpr DemoProduct kProducts[] = {
    {"buty-asfalt",
     "Buty do biegania po asfalcie Szczyt Velo",
     "Szczyt Velo road running shoes",
     "Lekkie, amortyzowane buty na asfalt i długie dystanse.",
     "niebieski",
     "asfalt",
     {{"SZC-RUN-ASF-40", "5900012345005", "40", "549.99"},
      {"SZC-RUN-ASF-42", "5900012345012", "42", "549.99"},
      {"SZC-RUN-ASF-44", "5900012345029", "44", "549.99"}}},
    {"buty-trail",
     "Buty trailowe Szczyt Grań",
     "Szczyt Grań trail running shoes",
     "Agresywny bieżnik i ochrona palców na górskie ścieżki.",
     "zielony",
     "trail",
     {{"SZC-RUN-TRL-41", "5900012345036", "41", "629.99"},
      {"SZC-RUN-TRL-43", "5900012345043", "43", "629.99"}}},
    {"buty-trekking",
     "Buty trekkingowe Szczyt Pro",
     "Szczyt Pro hiking boots",
     "Wodoodporne buty z membraną na wielodniowe wędrówki.",
     "brązowy",
     "",
     {{"SZC-TREK-38", "5900012345050", "38", "499.99"}}},
    {"odziez",
     "Koszulka biegowa oddychająca",
     "Breathable running T-shirt",
     "Szybkoschnąca dzianina z płaskimi szwami.",
     "czarny",
     "",
     {{"SZC-TSH-M", "5900012345067", "M", "89.99"}, {"SZC-TSH-L", "5900012345074", "L", "89.99"}}},
    {"odziez",
     "Kurtka przeciwdeszczowa Szczyt Storm",
     "Szczyt Storm rain jacket",
     "Lekka kurtka z taśmowanymi szwami, mieści się w kieszeni.",
     "czerwony",
     "",
     {{"SZC-JKT-M", "5900012345081", "M", "399.99"}}},
    {"akcesoria",
     "Skarpety biegowe (2 pary)",
     "Running socks (2 pairs)",
     "Wzmocniona pięta i palce, bez szwów.",
     "szary",
     "",
     {{"SZC-SOCK-39", "5900012345098", "39-42", "39.99"}}},
    {"akcesoria",
     "Bidon 750 ml",
     "Water bottle 750 ml",
     "Bez BPA, z zaworem sportowym.",
     "",
     "",
     {{"SZC-BOTTLE", "5900012345104", "", "29.99"}}},
    {"akcesoria",
     "Czołówka LED 300 lm",
     "LED head torch 300 lm",
     "Na wieczorne treningi i poranne wyjścia w góry.",
     "",
     "",
     {{"SZC-HEADL", "5900012345111", "", "149.99"}}},
};

constexpr std::string_view kAppChannel = "app";

}  // namespace

Result<void> LoadDemoCatalog(Platform& p, const Demo& demo) {
  std::string app_channel;
  for (const DemoChannel& channel : demo.channels) {
    if (channel.name == kAppChannel) {
      app_channel = channel.id;
    }
  }
  auto load = [&](storage::Tx& tx) -> Result<void> {
    for (const DemoCategory& category : kCategories) {
      OMNI_TRY(p.Get<catalog::CatalogService>().CreateCategory(
          tx, {.slug = std::string(category.slug),
               .name_pl = std::string(category.name_pl),
               .name_en = std::string(category.name_en)}));
    }
    pricing::NewPriceList list{.name = "Cennik podstawowy", .currency = "PLN", .priority = 0};
    for (const DemoProduct& product : kProducts) {
      catalog::NewProduct item{.title_pl = std::string(product.title_pl),
                               .title_en = std::string(product.title_en),
                               .description_pl = std::string(product.description_pl),
                               .status = catalog::ProductStatus::kActive,
                               .categories = {std::string(product.category)}};
      if (!product.colour.empty()) {
        item.attributes["colour"] = std::string(product.colour);
      }
      if (!product.surface.empty()) {
        item.attributes["surface"] = std::string(product.surface);
      }
      for (const DemoVariant& variant : product.variants) {
        if (variant.sku.empty()) {
          continue;
        }
        catalog::NewVariant v{.sku = std::string(variant.sku), .gtin = std::string(variant.gtin)};
        if (!variant.size.empty()) {
          v.attributes["size"] = std::string(variant.size);
        }
        item.variants.push_back(std::move(v));
        list.entries.push_back(
            {.sku = std::string(variant.sku), .price = std::string(variant.price), .vat_rate = 23});
      }
      OMNI_TRY(p.Get<catalog::CatalogService>().CreateProduct(tx, item));
    }
    OMNI_TRY(p.Get<pricing::PricingService>().CreatePriceList(tx, list));
    OMNI_TRY(p.Get<pricing::PricingService>().CreatePromotion(
        tx, {.name = "Jesień na asfalcie: -20% na buty szosowe",
             .kind = pricing::PromotionKind::kPercentOff,
             .level = pricing::PromotionLevel::kLine,
             .percent = "20",
             .category_ids = {"buty-asfalt"}}));
    OMNI_ASSIGN_OR_RETURN(pricing::Promotion app_only,
                          p.Get<pricing::PricingService>().CreatePromotion(
                              tx, {.name = "Tylko w aplikacji: -10% z kodem APP10",
                                   .kind = pricing::PromotionKind::kPercentOff,
                                   .level = pricing::PromotionLevel::kBasket,
                                   .percent = "10",
                                   .stackable = true,
                                   .requires_coupon = true}));
    OMNI_TRY(p.Get<pricing::PricingService>().CreateCoupon(tx, {.code = "APP10",
                                                                .promotion_id = app_only.id.str(),
                                                                .once_per_customer = true,
                                                                .channel_id = app_channel}));
    // The code from the "Zimowe promocje" e-mail campaign: valid in every channel.
    OMNI_ASSIGN_OR_RETURN(pricing::Promotion newsletter,
                          p.Get<pricing::PricingService>().CreatePromotion(
                              tx, {.name = "Zimowe promocje: -10% z kodem ZIMA10",
                                   .kind = pricing::PromotionKind::kPercentOff,
                                   .level = pricing::PromotionLevel::kBasket,
                                   .percent = "10",
                                   .stackable = true,
                                   .requires_coupon = true}));
    OMNI_TRY(p.Get<pricing::PricingService>().CreateCoupon(
        tx, {.code = "ZIMA10", .promotion_id = newsletter.id.str(), .once_per_customer = true}));
    return Ok();
  };
  return p.db().InTransaction(load);
}

}  // namespace omnihub::app
