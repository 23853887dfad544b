#include "carts/carts.h"
#include "carts/codec.h"
#include "changes/changes.h"
#include "core/json.h"
#include "customers/customers.h"
#include "http/privacy.h"

namespace omnihub::carts {
namespace {

using http::Role;

constexpr std::string_view kTag = "carts";

const std::vector<Role> kWriters = {Role::kAdmin, Role::kChannel, Role::kAgent,
                                    Role::kStoreAssociate};

// The cart as this caller may read it.
http::Response CartResponse(const http::Request& req, const Cart& cart, int status = 200) {
  return http::Response::Json(status, EncodeCart(cart, http::RedactionFor(req.principal)))
      .WithHeader("ETag", "\"" + std::to_string(cart.version) + "\"");
}

Result<int64_t> QuantityOf(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  return json::RequireInt(body, "quantity");
}

// Runs one cart write in a transaction with the request's writer and If-Match.
template <typename Fn>
Result<http::Response> WriteCart(storage::Database& db, const http::Request& req, Fn&& fn) {
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> if_match, http::IfMatchVersion(req));
  OMNI_ASSIGN_OR_RETURN(
      Cart cart,
      db.InTransaction([&](storage::Tx& tx) { return fn(tx, if_match); }, changes::WriterOf(req)));
  return CartResponse(req, cart);
}

// A cart as read by `req`: its owner's access log records the read (finding 9).
template <typename Fn>
Result<Cart> ReadCart(storage::Database& db, customers::CustomersService& customers,
                      const http::Request& req, Fn&& find) {
  OMNI_ASSIGN_OR_RETURN(Cart cart, db.Read(find));
  OMNI_TRY(customers::RecordReads(db, customers, req, {cart.customer_id}, "cart"));
  return cart;
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, CartService& service,
                    customers::CustomersService& customers) {
  const std::string cart_schema(api_schema::kCart);

  router.Post("/api/v1/carts",
              {.summary = "Create a cart for a customer or an anonymous id (one active each)",
               .roles = kWriters,
               .request_schema = std::string(api_schema::kNewCart),
               .response_schema = cart_schema,
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_TRY(json::RequireObject(req.json, "body"));
                NewCart body;
                OMNI_ASSIGN_OR_RETURN(std::optional<std::string> customer_id,
                                      json::OptionalString(req.json, "customer_id"));
                OMNI_ASSIGN_OR_RETURN(std::optional<std::string> anonymous_id,
                                      json::OptionalString(req.json, "anonymous_id"));
                OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                                      json::OptionalString(req.json, "currency"));
                body.customer_id = customer_id.value_or("");
                body.anonymous_id = anonymous_id.value_or("");
                body.currency = currency.value_or("PLN");
                OMNI_ASSIGN_OR_RETURN(
                    Cart cart,
                    db.InTransaction([&](storage::Tx& tx) { return service.Create(tx, body); },
                                     changes::WriterOf(req)));
                return CartResponse(req, cart, 201);
              });

  router.Get(
      "/api/v1/carts/current",
      {.summary = "The active cart of the person any channel knows by one identifier "
                  "(customer_id, email, phone, anonymous_id or user_id)",
       .roles = http::AllRoles(),
       .response_schema = cart_schema,
       .tag = std::string(kTag)},
      [&db, &service, &customers](const http::Request& req) -> Result<http::Response> {
        std::optional<CurrentQuery> query;
        for (std::string_view type : {"customer_id", "email", "phone", "anonymous_id", "user_id"}) {
          if (std::optional<std::string_view> value = req.Query(type)) {
            if (query) {
              return Error::InvalidArgument(type, "give exactly one identifier");
            }
            query = CurrentQuery{.type = std::string(type), .value = std::string(*value)};
          }
        }
        if (!query) {
          return Error::InvalidArgument("customer_id",
                                        "or email, phone, anonymous_id, user_id is required");
        }
        // Found or not, the answer tells whether this person has a cart.
        if (query->type != "customer_id") {
          OMNI_TRY(http::RequirePersonalDataReader(req.principal, query->type));
        }
        OMNI_ASSIGN_OR_RETURN(Cart cart, ReadCart(db, customers, req, [&](storage::Tx& tx) {
                                return service.FindCurrent(tx, *query);
                              }));
        return CartResponse(req, cart);
      });

  router.Get("/api/v1/carts/{id}",
             {.summary = "One cart with its priced lines, applied promotions and totals",
              .roles = http::AllRoles(),
              .response_schema = cart_schema,
              .tag = std::string(kTag)},
             [&db, &service, &customers](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Cart cart, ReadCart(db, customers, req, [&](storage::Tx& tx) {
                                       return service.Get(tx, id);
                                     }));
               return CartResponse(req, cart);
             });

  router.Post("/api/v1/carts/{id}/lines",
              {.summary = "Add units of a SKU to a cart (If-Match: the cart's ETag)",
               .roles = kWriters,
               .request_schema = std::string(api_schema::kNewLine),
               .response_schema = cart_schema,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                const std::string id(req.PathParam("id"));
                OMNI_TRY(json::RequireObject(req.json, "body"));
                OMNI_ASSIGN_OR_RETURN(std::string sku, json::RequireString(req.json, "sku"));
                OMNI_ASSIGN_OR_RETURN(int64_t quantity, QuantityOf(req.json));
                return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                  return service.AddLine(tx, id, sku, quantity, if_match);
                });
              });

  router.Patch("/api/v1/carts/{id}/lines/{sku}",
               {.summary = "Set a cart line's quantity (If-Match: the cart's ETag)",
                .roles = kWriters,
                .request_schema = std::string(api_schema::kQuantity),
                .response_schema = cart_schema,
                .tag = std::string(kTag)},
               [&db, &service](const http::Request& req) -> Result<http::Response> {
                 const std::string id(req.PathParam("id"));
                 const std::string sku(req.PathParam("sku"));
                 OMNI_ASSIGN_OR_RETURN(int64_t quantity, QuantityOf(req.json));
                 return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                   return service.SetLineQuantity(tx, id, sku, quantity, if_match);
                 });
               });

  router.Delete("/api/v1/carts/{id}/lines/{sku}",
                {.summary = "Remove a cart line and release its hold (If-Match: the cart's ETag)",
                 .roles = kWriters,
                 .response_schema = cart_schema,
                 .tag = std::string(kTag)},
                [&db, &service](const http::Request& req) -> Result<http::Response> {
                  const std::string id(req.PathParam("id"));
                  const std::string sku(req.PathParam("sku"));
                  return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                    return service.RemoveLine(tx, id, sku, if_match);
                  });
                });

  router.Put("/api/v1/carts/{id}/fulfilment",
             {.summary = "Choose shipping, a parcel locker or click & collect at a store (holds "
                         "the stock there)",
              .roles = kWriters,
              .request_schema = std::string(api_schema::kFulfilment),
              .response_schema = cart_schema,
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_TRY(json::RequireObject(req.json, "body"));
               OMNI_ASSIGN_OR_RETURN(std::string type, json::RequireString(req.json, "type"));
               OMNI_ASSIGN_OR_RETURN(std::optional<std::string> location,
                                     json::OptionalString(req.json, "location_id"));
               OMNI_ASSIGN_OR_RETURN(std::optional<std::string> locker,
                                     json::OptionalString(req.json, "locker_id"));
               OMNI_ASSIGN_OR_RETURN(FulfilmentKind kind, ParseEnum<FulfilmentKind>(type, "type"));
               const Fulfilment fulfilment{.kind = kind,
                                           .location_id = location.value_or(""),
                                           .locker_id = locker.value_or("")};
               return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                 return service.SetFulfilment(tx, id, fulfilment, if_match);
               });
             });

  router.Put("/api/v1/carts/{id}/contact",
             {.summary = "Set who buys and where to: e-mail, phone, name, delivery address "
                         "(every field replaced; If-Match: the cart's ETag)",
              .roles = kWriters,
              .request_schema = std::string(api_schema::kContact),
              .response_schema = cart_schema,
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_TRY(json::RequireObject(req.json, "body"));
               Contact contact;
               for (auto [key, into] :
                    {std::pair{"email", &contact.email}, std::pair{"phone", &contact.phone},
                     std::pair{"name", &contact.name}, std::pair{"address", &contact.address}}) {
                 OMNI_ASSIGN_OR_RETURN(
                     std::optional<std::string> value,
                     json::OptionalString(req.json, key, "contact." + std::string(key)));
                 *into = value.value_or("");
               }
               return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                 return service.SetContact(tx, id, contact, if_match);
               });
             });

  router.Put("/api/v1/carts/{id}/payment",
             {.summary = "Choose how the customer means to pay (card, blik, transfer, cash, "
                         "pay_at_pickup; If-Match: the cart's ETag)",
              .roles = kWriters,
              .request_schema = std::string(api_schema::kPayment),
              .response_schema = cart_schema,
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_TRY(json::RequireObject(req.json, "body"));
               OMNI_ASSIGN_OR_RETURN(std::string method,
                                     json::RequireString(req.json, "method", "payment.method"));
               OMNI_ASSIGN_OR_RETURN(
                   std::optional<std::string> reference,
                   json::OptionalString(req.json, "reference", "payment.reference"));
               const PaymentIntent payment{.method = method, .reference = reference.value_or("")};
               return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                 return service.SetPayment(tx, id, payment, if_match);
               });
             });

  router.Put("/api/v1/carts/{id}/loyalty",
             {.summary = "Redeem loyalty points on the cart as a discount (0 removes them; "
                         "If-Match: the cart's ETag)",
              .roles = kWriters,
              .request_schema = std::string(api_schema::kRedeemPoints),
              .response_schema = cart_schema,
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_TRY(json::RequireObject(req.json, "body"));
               OMNI_ASSIGN_OR_RETURN(int64_t points, json::RequireInt(req.json, "points"));
               return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                 return service.SetRedeemPoints(tx, id, points, if_match);
               });
             });

  router.Post("/api/v1/carts/{id}/coupons",
              {.summary = "Apply a coupon code to a cart (If-Match: the cart's ETag)",
               .roles = kWriters,
               .request_schema = std::string(api_schema::kCoupon),
               .response_schema = cart_schema,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                const std::string id(req.PathParam("id"));
                OMNI_TRY(json::RequireObject(req.json, "body"));
                OMNI_ASSIGN_OR_RETURN(std::string code, json::RequireString(req.json, "code"));
                return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                  return service.AddCoupon(tx, id, code, if_match);
                });
              });

  router.Delete("/api/v1/carts/{id}/coupons/{code}",
                {.summary = "Remove a coupon code from a cart (If-Match: the cart's ETag)",
                 .roles = kWriters,
                 .response_schema = cart_schema,
                 .tag = std::string(kTag)},
                [&db, &service](const http::Request& req) -> Result<http::Response> {
                  const std::string id(req.PathParam("id"));
                  const std::string code(req.PathParam("code"));
                  return WriteCart(db, req, [&](storage::Tx& tx, std::optional<int64_t> if_match) {
                    return service.RemoveCoupon(tx, id, code, if_match);
                  });
                });
}

}  // namespace omnihub::carts
