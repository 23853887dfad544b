#include <charconv>

#include "changes/changes.h"
#include "loyalty/codec.h"
#include "loyalty/loyalty.h"

namespace omnihub::loyalty {
namespace {

using http::Role;

constexpr std::string_view kTag = "loyalty";

Result<int64_t> QueryInt(const http::Request& req, std::string_view name, int64_t fallback) {
  std::optional<std::string_view> text = req.Query(name);
  if (!text) {
    return fallback;
  }
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text->data(), text->data() + text->size(), value);
  if (ec != std::errc() || end != text->data() + text->size()) {
    return Error::InvalidArgument(name, "must be an integer");
  }
  return value;
}

const std::vector<Role> kRedeemers = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                      Role::kChannel};

void RegisterProgramme(http::Router& router, storage::Database& db, LoyaltyService& service) {
  router.Get("/api/v1/loyalty/programme",
             {.summary = "The loyalty programme: earn rate, tiers, expiry, point value",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kProgramme),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request&) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(
                   Programme p, db.Read([&](storage::Tx& tx) { return service.GetProgramme(tx); }));
               return http::Response::Ok(EncodeProgramme(p));
             });

  router.Put("/api/v1/loyalty/programme",
             {.summary = "Replace the loyalty programme (applies from now on)",
              .roles = {Role::kAdmin},
              .request_schema = std::string(api_schema::kProgramme),
              .response_schema = std::string(api_schema::kProgramme),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(Programme body, DecodeProgramme(req.json));
               auto set = [&](storage::Tx& tx) { return service.SetProgramme(tx, body); };
               OMNI_ASSIGN_OR_RETURN(Programme p, db.InTransaction(set, changes::WriterOf(req)));
               return http::Response::Ok(EncodeProgramme(p));
             });
}

void RegisterCustomers(http::Router& router, storage::Database& db, LoyaltyService& service) {
  router.Get("/api/v1/loyalty/customers/{id}",
             {.summary = "A customer's points balance, tier, next tier and points expiring soon",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kBalance),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Balance balance, db.Read([&](storage::Tx& tx) {
                 return service.GetBalance(tx, id);
               }));
               return http::Response::Ok(EncodeBalance(balance));
             });

  router.Get("/api/v1/loyalty/customers/{id}/history",
             {.summary = "A customer's points ledger, newest first (?before=&limit=)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kHistory),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               HistoryQuery query{.customer_id = std::string(req.PathParam("id"))};
               OMNI_ASSIGN_OR_RETURN(query.before, QueryInt(req, "before", 0));
               OMNI_ASSIGN_OR_RETURN(int64_t limit, QueryInt(req, "limit", 50));
               if (limit < 1 || limit > 200) {
                 return Error::InvalidArgument("limit", "must be an integer in 1..200");
               }
               query.limit = static_cast<int>(limit);
               OMNI_ASSIGN_OR_RETURN(HistoryPage page, db.Read([&](storage::Tx& tx) {
                 return service.History(tx, query);
               }));
               return http::Response::Ok(EncodeHistory(page));
             });

  router.Get("/api/v1/loyalty/customers/{id}/redemption-quote",
             {.summary = "What redeeming ?points= would give, changing nothing",
              .roles = kRedeemers,
              .response_schema = std::string(api_schema::kQuote),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(int64_t points, QueryInt(req, "points", 0));
               OMNI_ASSIGN_OR_RETURN(Money discount, db.Read([&](storage::Tx& tx) {
                 return service.RedeemQuote(tx, id, points);
               }));
               json::Writer w;
               w.BeginObject();
               w.Field("points", points);
               w.Key("discount").BeginObject();
               w.Field("amount", discount.minor);
               w.Field("currency", discount.currency.code());
               w.EndObject();
               w.EndObject();
               return http::Response::Ok(w.Take());
             });

  router.Post("/api/v1/loyalty/customers/{id}/redemptions",
              {.summary = "Redeem points for a discount (idempotent per reference)",
               .roles = kRedeemers,
               .request_schema = std::string(api_schema::kRedeemRequest),
               .response_schema = std::string(api_schema::kRedemption),
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                const std::string id(req.PathParam("id"));
                OMNI_TRY(json::RequireObject(req.json, "body"));
                OMNI_ASSIGN_OR_RETURN(int64_t points, json::RequireInt(req.json, "points"));
                OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                                      json::OptionalString(req.json, "reference"));
                auto redeem = [&](storage::Tx& tx) {
                  return service.Redeem(tx, id, points, reference.value_or(""));
                };
                OMNI_ASSIGN_OR_RETURN(Redemption done,
                                      db.InTransaction(redeem, changes::WriterOf(req)));
                return http::Response::Created(EncodeRedemption(done));
              });

  router.Post("/api/v1/loyalty/customers/{id}/actions",
              {.summary = "Earn the programme's points for an action (idempotent per source_id)",
               .roles = kRedeemers,
               .request_schema = std::string(api_schema::kActionRequest),
               .response_schema = std::string(api_schema::kEntry),
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_TRY(json::RequireObject(req.json, "body"));
                ActionEarn earn{.customer_id = std::string(req.PathParam("id"))};
                OMNI_ASSIGN_OR_RETURN(earn.action, json::RequireString(req.json, "action"));
                OMNI_ASSIGN_OR_RETURN(earn.source_id, json::RequireString(req.json, "source_id"));
                OMNI_ASSIGN_OR_RETURN(std::optional<std::string> at,
                                      json::OptionalString(req.json, "occurred_at"));
                if (at) {
                  Result<TimePoint> parsed = ParseRfc3339(*at);
                  if (!parsed.ok()) {
                    return Error::InvalidArgument(
                        "occurred_at", "must be an RFC 3339 time like 2026-03-01T00:00:00Z");
                  }
                  earn.occurred_at = *parsed;
                }
                auto earn_for = [&](storage::Tx& tx) { return service.EarnForAction(tx, earn); };
                OMNI_ASSIGN_OR_RETURN(Entry entry,
                                      db.InTransaction(earn_for, changes::WriterOf(req)));
                return http::Response::Created(EncodeEntry(entry));
              });

  router.Post(
      "/api/v1/loyalty/customers/{id}/adjustments",
      {.summary = "Correct a customer's points by hand (signed points, with a reason)",
       .roles = {Role::kAdmin},
       .request_schema = std::string(api_schema::kAdjustRequest),
       .response_schema = std::string(api_schema::kEntry),
       .success_status = 201,
       .tag = std::string(kTag)},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_TRY(json::RequireObject(req.json, "body"));
        OMNI_ASSIGN_OR_RETURN(int64_t points, json::RequireInt(req.json, "points"));
        OMNI_ASSIGN_OR_RETURN(std::string reason, json::RequireString(req.json, "reason"));
        auto adjust = [&](storage::Tx& tx) { return service.Adjust(tx, id, points, reason); };
        OMNI_ASSIGN_OR_RETURN(Entry entry, db.InTransaction(adjust, changes::WriterOf(req)));
        return http::Response::Created(EncodeEntry(entry));
      });
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, LoyaltyService& service) {
  RegisterProgramme(router, db, service);
  RegisterCustomers(router, db, service);
}

}  // namespace omnihub::loyalty
