#include <cstdlib>

#include "changes/changes.h"
#include "core/json.h"
#include "customers/customers.h"
#include "orders/codec.h"
#include "orders/orders.h"
#include "http/privacy.h"

namespace omnihub::orders {
namespace {

using http::Role;

constexpr std::string_view kTag = "orders";

const std::vector<Role> kCreators = {Role::kAdmin, Role::kChannel, Role::kAgent,
                                     Role::kStoreAssociate};
const std::vector<Role> kHandlers = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate};


// A store associate acts only on orders at its own store.
Result<void> OwnStore(const http::Request& req, const Order& order) {
  if (req.principal.role == Role::kStoreAssociate &&
      order.fulfilment.location_id != req.principal.location_id) {
    return Error::Forbidden("a store associate key acts only on orders at its own location")
        .With("location_id", req.principal.location_id);
  }
  return Ok();
}

// Each customer whose orders `req` reads goes to the access log (finding 9).
Result<void> RecordReads(storage::Database& db, customers::CustomersService& customers,
                         const http::Request& req, const std::vector<Order>& orders) {
  std::vector<std::string> people;
  people.reserve(orders.size());
  for (const Order& order : orders) {
    people.push_back(order.customer_id);
  }
  return customers::RecordReads(db, customers, req, people, "order");
}

Result<NewOrder> DecodeNewOrder(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewOrder out;
  const json::Value* lines = body.Find("lines");
  if (lines == nullptr || lines->AsArray() == nullptr) {
    return Error::InvalidArgument("lines", "must be an array");
  }
  for (size_t i = 0; i < lines->AsArray()->size(); ++i) {
    const json::Value& line = lines->AsArray()->at(i);
    const std::string at = "lines[" + std::to_string(i) + "]";
    OMNI_TRY(json::RequireObject(line, at));
    NewLine parsed;
    OMNI_ASSIGN_OR_RETURN(parsed.sku, json::RequireString(line, "sku", at + ".sku"));
    OMNI_ASSIGN_OR_RETURN(parsed.quantity, json::RequireInt(line, "quantity", at + ".quantity"));
    out.lines.push_back(std::move(parsed));
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> customer,
                        json::OptionalString(body, "customer_id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                        json::OptionalString(body, "currency"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> channel,
                        json::OptionalString(body, "channel_id"));
  out.channel_id = channel.value_or("");
  out.customer_id = customer.value_or("");
  out.currency = currency.value_or("PLN");
  if (const json::Value* coupons = body.Find("coupons")) {
    if (coupons->AsArray() == nullptr) {
      return Error::InvalidArgument("coupons", "must be an array of codes");
    }
    for (const json::Value& code : *coupons->AsArray()) {
      if (code.AsString() == nullptr) {
        return Error::InvalidArgument("coupons", "must be an array of codes");
      }
      out.coupons.push_back(*code.AsString());
    }
  }
  const json::Value* f = body.Find("fulfilment");
  if (f == nullptr) {
    return Error::InvalidArgument("fulfilment", "is required");
  }
  OMNI_TRY(json::RequireObject(*f, "fulfilment"));
  OMNI_ASSIGN_OR_RETURN(std::string type, json::RequireString(*f, "type", "fulfilment.type"));
  OMNI_ASSIGN_OR_RETURN(out.fulfilment.kind, ParseEnum<FulfilmentKind>(type, "fulfilment.type"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> address,
                        json::OptionalString(*f, "address", "fulfilment.address"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> location,
                        json::OptionalString(*f, "location_id", "fulfilment.location_id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> locker,
                        json::OptionalString(*f, "locker_id", "fulfilment.locker_id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> postcode,
                        json::OptionalString(*f, "postcode", "fulfilment.postcode"));
  out.fulfilment.address = address.value_or("");
  out.fulfilment.location_id = location.value_or("");
  out.fulfilment.locker_id = locker.value_or("");
  out.fulfilment.postcode = postcode.value_or("");
  return out;
}

Result<NewPayment> DecodeNewPayment(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewPayment out;
  OMNI_ASSIGN_OR_RETURN(std::string method, json::RequireString(body, "method"));
  OMNI_ASSIGN_OR_RETURN(out.method, ParseEnum<PaymentMethod>(method, "method"));
  const json::Value* amount = body.Find("amount");
  if (amount == nullptr) {
    return Error::InvalidArgument("amount", "is required: {\"amount\": minor units, \"currency\"}");
  }
  OMNI_TRY(json::RequireObject(*amount, "amount"));
  OMNI_ASSIGN_OR_RETURN(out.amount.minor, json::RequireInt(*amount, "amount", "amount.amount"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                        json::OptionalString(*amount, "currency", "amount.currency"));
  OMNI_ASSIGN_OR_RETURN(out.amount.currency, Currency::Parse(currency.value_or("PLN")));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                        json::OptionalString(body, "reference"));
  out.reference = reference.value_or("");
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> status, json::OptionalString(body, "status"));
  if (status) {
    OMNI_ASSIGN_OR_RETURN(out.status, ParseEnum<PaymentStatus>(*status, "status"));
  }
  return out;
}

// "A,B" or repeated ?sku= are not both needed: one comma-separated list.
std::vector<std::string> SplitSkus(std::string_view list) {
  std::vector<std::string> out;
  while (!list.empty()) {
    const size_t comma = list.find(',');
    std::string_view sku = list.substr(0, comma);
    if (!sku.empty()) {
      out.emplace_back(sku);
    }
    list = comma == std::string_view::npos ? std::string_view() : list.substr(comma + 1);
  }
  return out;
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, OrderService& service,
                    customers::CustomersService& customers, const Clock& clock) {
  const std::string order_schema(api_schema::kOrder);

  router.Post("/api/v1/orders",
              {.summary = "Place a direct order (POS sale, call-centre order): priced once, "
                          "click & collect and in-store stock held at the store",
               .roles = kCreators,
               .request_schema = std::string(api_schema::kNewOrder),
               .response_schema = order_schema,
               .success_status = 201,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(NewOrder body, DecodeNewOrder(req.json));
                OMNI_ASSIGN_OR_RETURN(body.channel_id,
                                      http::ActingChannel(req.principal, body.channel_id));
                if (req.principal.role == Role::kStoreAssociate &&
                    body.fulfilment.location_id != req.principal.location_id) {
                  return Error::Forbidden("a store associate places orders at its own location")
                      .With("location_id", req.principal.location_id);
                }
                OMNI_ASSIGN_OR_RETURN(
                    Order order,
                    db.InTransaction([&](storage::Tx& tx) { return service.Create(tx, body); },
                                     changes::WriterOf(req)));
                return http::Response::Json(201, EncodeOrder(order));
              });

  router.Get("/api/v1/orders",
             {.summary = "Orders, newest first, by customer_id, state and location_id (a store "
                         "associate sees its own store's: location_id defaults to it)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kOrderList),
              .tag = std::string(kTag)},
             [&db, &service, &customers](const http::Request& req) -> Result<http::Response> {
               OrderQuery q;
               q.customer_id = std::string(req.Query("customer_id").value_or(""));
               q.location_id = std::string(req.Query("location_id").value_or(""));
               if (req.principal.role == Role::kStoreAssociate) {
                 // At the till: "her orders ready here", without naming the store.
                 if (!q.location_id.empty() && q.location_id != req.principal.location_id) {
                   return Error::Forbidden("a store associate sees only its own store's orders")
                       .With("location_id", req.principal.location_id);
                 }
                 q.location_id = req.principal.location_id;
               }
               if (std::optional<std::string_view> state = req.Query("state")) {
                 OMNI_ASSIGN_OR_RETURN(q.state, ParseEnum<OrderState>(*state, "state"));
               }
               OMNI_ASSIGN_OR_RETURN(std::vector<Order> orders,
                                     db.Read([&](storage::Tx& tx) { return service.List(tx, q); }));
               OMNI_TRY(RecordReads(db, customers, req, orders));
               std::string out = "{\"orders\":[";
               for (size_t i = 0; i < orders.size(); ++i) {
                 out += i ? "," : "";
                 out += EncodeOrder(orders[i], !http::MaySeePersonalData(req.principal));
               }
               return http::Response::Ok(out + "]}");
             });

  router.Get("/api/v1/orders/{id}",
             {.summary = "One order: its priced lines, fulfilment, state and what is paid",
              .roles = http::AllRoles(),
              .response_schema = order_schema,
              .tag = std::string(kTag)},
             [&db, &service, &customers](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(Order order,
                                     db.Read([&](storage::Tx& tx) { return service.Get(tx, id); }));
               OMNI_TRY(OwnStore(req, order));
               OMNI_TRY(RecordReads(db, customers, req, {order}));
               return http::Response::Ok(EncodeOrder(order, !http::MaySeePersonalData(req.principal)));
             });

  router.Post("/api/v1/orders/{id}/transitions",
              {.summary = "Move an order along its state machine (409 with current_state when "
                          "the move is not allowed)",
               .roles = kHandlers,
               .request_schema = std::string(api_schema::kTransition),
               .response_schema = order_schema,
               .tag = std::string(kTag)},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                const std::string id(req.PathParam("id"));
                OMNI_TRY(json::RequireObject(req.json, "body"));
                OMNI_ASSIGN_OR_RETURN(std::string to_name, json::RequireString(req.json, "to"));
                OMNI_ASSIGN_OR_RETURN(OrderState to, ParseEnum<OrderState>(to_name, "to"));
                OMNI_ASSIGN_OR_RETURN(Order order, db.InTransaction(
                                                       [&](storage::Tx& tx) -> Result<Order> {
                                                         OMNI_ASSIGN_OR_RETURN(Order current,
                                                                               service.Get(tx, id));
                                                         OMNI_TRY(OwnStore(req, current));
                                                         return service.Transition(tx, id, to);
                                                       },
                                                       changes::WriterOf(req)));
                return http::Response::Ok(EncodeOrder(order));
              });

  router.Post(
      "/api/v1/orders/{id}/payments",
      {.summary = "Record a payment made elsewhere (never card data): 409 when it is "
                  "more than outstanding or the order is already paid",
       .roles = kCreators,
       .request_schema = std::string(api_schema::kNewPayment),
       .response_schema = std::string(api_schema::kPaymentResult),
       .success_status = 201,
       .tag = std::string(kTag)},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(NewPayment body, DecodeNewPayment(req.json));
        OMNI_ASSIGN_OR_RETURN(PaymentResult result,
                              db.InTransaction(
                                  [&](storage::Tx& tx) -> Result<PaymentResult> {
                                    OMNI_ASSIGN_OR_RETURN(Order current, service.Get(tx, id));
                                    OMNI_TRY(OwnStore(req, current));
                                    return service.RecordPayment(tx, id, body);
                                  },
                                  changes::WriterOf(req)));
        return http::Response::Json(201, "{\"payment\":" + EncodePayment(result.payment) +
                                             ",\"order\":" + EncodeOrder(result.order) + "}");
      });

  router.Get(
      "/api/v1/orders/{id}/payments",
      {.summary = "The payments recorded for an order, oldest first",
       .roles = kHandlers,
       .response_schema =
           R"({"type":"object","required":["payments"],"properties":{"payments":{"type":"array"}}})",
       .tag = std::string(kTag)},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        OMNI_ASSIGN_OR_RETURN(std::vector<Payment> payments,
                              db.Read([&](storage::Tx& tx) -> Result<std::vector<Payment>> {
                                OMNI_ASSIGN_OR_RETURN(Order order, service.Get(tx, id));
                                OMNI_TRY(OwnStore(req, order));
                                return service.ListPayments(tx, id);
                              }));
        std::string out = "{\"payments\":[";
        for (size_t i = 0; i < payments.size(); ++i) {
          out += i ? "," : "";
          out += EncodePayment(payments[i]);
        }
        return http::Response::Ok(out + "]}");
      });

  router.Post(
      "/api/v1/orders/{id}/handover",
      {.summary = "Hand a click & collect order over at the store: take the payment (optional "
                  "when already paid), then picked up and completed in one step",
       .roles = kHandlers,
       .request_schema = std::string(api_schema::kHandOver),
       .body_optional = true,
       .response_schema = order_schema,
       .tag = std::string(kTag)},
      [&db, &service](const http::Request& req) -> Result<http::Response> {
        const std::string id(req.PathParam("id"));
        std::optional<NewPayment> payment;
        if (req.json.AsObject() != nullptr) {
          if (const json::Value* given = req.json.Find("payment")) {
            Result<NewPayment> decoded = DecodeNewPayment(*given);
            if (!decoded.ok()) {
              Error error = std::move(decoded).error();
              for (auto& [key, value] : error.details) {  // the field as the body names it
                if (key == "field" && std::holds_alternative<std::string>(value)) {
                  value = "payment." + std::get<std::string>(value);
                }
              }
              return error;
            }
            payment = std::move(*decoded);
          }
        }
        OMNI_ASSIGN_OR_RETURN(Order order, db.InTransaction(
                                               [&](storage::Tx& tx) -> Result<Order> {
                                                 OMNI_ASSIGN_OR_RETURN(Order current,
                                                                       service.Get(tx, id));
                                                 OMNI_TRY(OwnStore(req, current));
                                                 return service.HandOver(tx, id, payment);
                                               },
                                               changes::WriterOf(req)));
        return http::Response::Ok(EncodeOrder(order));
      });

  router.Get("/api/v1/orders/suggestions",
             {.summary = "Customers who bought these SKUs (sku=A,B) also bought: add-on "
                         "suggestions for the till, leaving out what customer_id already has",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kSuggestions),
              .tag = std::string(kTag)},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               SuggestionQuery q;
               q.skus = SplitSkus(req.Query("sku").value_or(""));
               q.customer_id = std::string(req.Query("customer_id").value_or(""));
               if (std::optional<std::string_view> limit = req.Query("limit")) {
                 q.limit = std::atoi(std::string(*limit).c_str());
               }
               OMNI_ASSIGN_OR_RETURN(std::vector<Suggestion> found, db.Read([&](storage::Tx& tx) {
                 return service.Suggest(tx, q);
               }));
               std::string out = "{\"suggestions\":[";
               for (size_t i = 0; i < found.size(); ++i) {
                 out += i ? ",{" : "{";
                 out += "\"sku\":";
                 json::AppendQuoted(out, found[i].sku);
                 out += ",\"customers\":" + std::to_string(found[i].customers) + "}";
               }
               return http::Response::Ok(out + "]}");
             });

  router.Post(
      "/api/v1/orders/pickups/expire-due",
      {.summary = "Run the pickup sweeper once: cancel click & collect orders not collected in "
                  "time and give their stock back",
       .roles = {Role::kAdmin},
       .response_schema = R"({"type":"object","properties":{"expired":{"type":"integer"}}})",
       .tag = std::string(kTag)},
      [&db, &service, &clock](const http::Request& req) -> Result<http::Response> {
        const TimePoint now = clock.Now();
        OMNI_ASSIGN_OR_RETURN(
            int64_t expired,
            db.InTransaction([&](storage::Tx& tx) { return service.ExpirePickups(tx, now); },
                             changes::WriterOf(req)));
        return http::Response::Ok("{\"expired\":" + std::to_string(expired) + "}");
      });
}

}  // namespace omnihub::orders
