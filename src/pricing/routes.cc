#include "changes/changes.h"
#include "pricing/codec.h"
#include "pricing/pricing.h"

namespace omnihub::pricing {
namespace {

using http::Role;

const std::vector<Role> kAdmin = {Role::kAdmin};
// Coupon redemptions record an order: whoever places orders may record them.
const std::vector<Role> kOrderTakers = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                        Role::kChannel};

Result<std::optional<TimePoint>> AtOf(const http::Request& req) {
  std::optional<std::string_view> at = req.Query("at");
  if (!at) {
    return std::optional<TimePoint>();
  }
  Result<TimePoint> parsed = ParseRfc3339(*at);
  if (!parsed.ok()) {
    return Error::InvalidArgument("at", "must be an RFC 3339 time");
  }
  return std::optional<TimePoint>(*parsed);
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, PricingService& service) {
  router.Get("/api/v1/pricing/price-lists",
             {.summary = "List price lists, highest priority first",
              .roles = http::AllRoles(),
              .response_schema = PriceListsSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::vector<PriceList> lists, db.Read([&](storage::Tx& tx) {
                 return service.ListPriceLists(tx);
               }));
               return http::Response::Ok(EncodePriceLists(lists));
             });

  router.Post("/api/v1/pricing/price-lists",
              {.summary = "Create a price list (channel_id set: a channel override)",
               .roles = kAdmin,
               .request_schema = NewPriceListSchema(),
               .response_schema = PriceListSchema(),
               .success_status = 201,
               .tag = "pricing"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewPriceList body, DecodeNewPriceList(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreatePriceList(tx, body); };
                OMNI_ASSIGN_OR_RETURN(PriceList list,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodePriceList(list, true));
              });

  router.Get("/api/v1/pricing/price-lists/{id}",
             {.summary = "One price list with its prices",
              .roles = http::AllRoles(),
              .response_schema = PriceListSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(PriceList list, db.Read([&](storage::Tx& tx) {
                 return service.GetPriceList(tx, id);
               }));
               return http::Response::Ok(EncodePriceList(list, true));
             });

  router.Patch(
      "/api/v1/pricing/price-lists/{id}",
      {.summary = "Rename, re-prioritise or re-time a price list",
       .roles = kAdmin,
       .request_schema = PriceListUpdateSchema(),
       .response_schema = PriceListSchema(),
       .tag = "pricing"},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(PriceListUpdate body, DecodePriceListUpdate(req.json));
        auto update = [&](storage::Tx& tx) { return service.UpdatePriceList(tx, id, body); };
        OMNI_ASSIGN_OR_RETURN(PriceList list, db.InTransaction(update, changes::WriterOf(req)));
        return http::Response::Ok(EncodePriceList(list, true));
      });

  router.Put("/api/v1/pricing/price-lists/{id}/prices/{sku}",
             {.summary = "Set one SKU's gross price and VAT rate in a price list",
              .roles = kAdmin,
              .request_schema = NewPriceSchema(),
              .response_schema = PriceEntrySchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(NewPrice body, DecodeNewPrice(req.json, req.PathParam("sku")));
               auto set = [&](storage::Tx& tx) { return service.SetPrice(tx, id, body); };
               OMNI_ASSIGN_OR_RETURN(PriceEntry entry,
                                     db.InTransaction(set, changes::WriterOf(req)));
               return http::Response::Ok(EncodePriceEntry(entry));
             });

  router.Get("/api/v1/pricing/prices/{sku}",
             {.summary = "The price a SKU has in a channel (?channel_id=, ?at=, ?currency=)",
              .roles = http::AllRoles(),
              .response_schema = ResolvedPriceSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string sku(req.PathParam("sku"));
               const std::string channel(req.Query("channel_id").value_or(""));
               OMNI_ASSIGN_OR_RETURN(std::optional<TimePoint> at, AtOf(req));
               OMNI_ASSIGN_OR_RETURN(Currency currency,
                                     Currency::Parse(req.Query("currency").value_or("PLN")));
               OMNI_ASSIGN_OR_RETURN(ResolvedPrice price, db.Read([&](storage::Tx& tx) {
                 return service.ResolvePrice(tx, sku, channel, at, currency);
               }));
               return http::Response::Ok(EncodeResolvedPrice(price));
             });

  router.Get("/api/v1/pricing/inconsistencies",
             {.summary = "Channel-specific prices: the omnichannel audit's inconsistencies",
              .roles = http::AllRoles(),
              .response_schema = InconsistenciesSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(
                   std::vector<Inconsistency> items,
                   db.Read([&](storage::Tx& tx) { return service.ListInconsistencies(tx); }));
               return http::Response::Ok(EncodeInconsistencies(items));
             });

  router.Get("/api/v1/pricing/promotions",
             {.summary = "List promotions",
              .roles = http::AllRoles(),
              .response_schema = PromotionsSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::vector<Promotion> items, db.Read([&](storage::Tx& tx) {
                 return service.ListPromotions(tx);
               }));
               return http::Response::Ok(EncodePromotions(items));
             });

  router.Post("/api/v1/pricing/promotions",
              {.summary = "Create a promotion",
               .roles = kAdmin,
               .request_schema = NewPromotionSchema(),
               .response_schema = PromotionSchema(),
               .success_status = 201,
               .tag = "pricing"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewPromotion body, DecodeNewPromotion(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreatePromotion(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Promotion p,
                                      db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodePromotion(p));
              });

  router.Get("/api/v1/pricing/promotions/{id}",
             {.summary = "One promotion",
              .roles = http::AllRoles(),
              .response_schema = PromotionSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Promotion p, db.Read([&](storage::Tx& tx) {
                 return service.GetPromotion(tx, id);
               }));
               return http::Response::Ok(EncodePromotion(p));
             });

  // Codes are worth money: listing them is for the back office. A till or a storefront checks
  // the one code a customer gives (below).
  router.Get("/api/v1/pricing/coupons",
             {.summary = "List coupons (admins and analysts)",
              .roles = {Role::kAdmin, Role::kAnalyst},
              .response_schema = CouponsSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(std::vector<Coupon> items, db.Read([&](storage::Tx& tx) {
                 return service.ListCoupons(tx);
               }));
               return http::Response::Ok(EncodeCoupons(items));
             });

  router.Post("/api/v1/pricing/coupons",
              {.summary = "Create a coupon for a promotion (codes are case-insensitive)",
               .roles = kAdmin,
               .request_schema = NewCouponSchema(),
               .response_schema = CouponSchema(),
               .success_status = 201,
               .tag = "pricing"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewCoupon body, DecodeNewCoupon(req.json));
                auto create = [&](storage::Tx& tx) { return service.CreateCoupon(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Coupon c, db.InTransaction(create, changes::WriterOf(req)));
                return http::Response::Created(EncodeCoupon(c));
              });

  router.Get("/api/v1/pricing/coupons/{code}",
             {.summary = "One coupon by code",
              .roles = http::AllRoles(),
              .response_schema = CouponSchema(),
              .tag = "pricing"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string code(req.PathParam("code"));
               OMNI_ASSIGN_OR_RETURN(
                   Coupon c, db.Read([&](storage::Tx& tx) { return service.GetCoupon(tx, code); }));
               return http::Response::Ok(EncodeCoupon(c));
             });

  router.Post("/api/v1/pricing/coupons/{code}/redemptions",
              {.summary = "Record a coupon's use by an order (409 when it cannot be used)",
               .roles = kOrderTakers,
               .request_schema = RedeemSchema(),
               .response_schema = RedemptionSchema(),
               .success_status = 201,
               .tag = "pricing"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(RedeemRequest body,
                                      DecodeRedeemRequest(req.json, req.PathParam("code")));
                OMNI_ASSIGN_OR_RETURN(body.channel_id,
                                      http::ActingChannel(req.principal, body.channel_id));
                auto redeem = [&](storage::Tx& tx) { return service.Redeem(tx, body); };
                OMNI_ASSIGN_OR_RETURN(Redemption r,
                                      db.InTransaction(redeem, changes::WriterOf(req)));
                return http::Response::Created(EncodeRedemption(r));
              });

  router.Post("/api/v1/pricing/quote",
              {.summary = "Price a basket: lines, discounts with reasons, VAT by rate, totals",
               .roles = http::AllRoles(),
               .request_schema = QuoteRequestSchema(),
               .response_schema = QuoteSchema(),
               .tag = "pricing"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(QuoteRequest body, DecodeQuoteRequest(req.json));
                if (body.channel_id.empty()) {
                  body.channel_id = req.principal.channel_id;  // a channel key quotes for itself
                }
                OMNI_ASSIGN_OR_RETURN(Quote quote, db.Read([&](storage::Tx& tx) {
                  return service.PriceQuote(tx, body);
                }));
                return http::Response::Ok(EncodeQuote(quote));
              });
}

}  // namespace omnihub::pricing
