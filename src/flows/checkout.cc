#include "flows/checkout.h"

#include "changes/changes.h"
#include "core/json.h"

namespace omnihub::flows {
namespace {

// The cart's contact onto the customer's profile; returns the profile the order belongs to.
Result<std::string> Customer(storage::Tx& tx, customers::CustomersService& customers,
                             const carts::Cart& cart) {
  const carts::Contact& contact = cart.contact;
  customers::ProfileWrite write{.customer_id = cart.customer_id,
                                .key_id = tx.context().key_id,
                                .channel_id = tx.context().channel_id};
  if (!contact.email.empty()) {
    write.identifiers.push_back(
        {.type = customers::IdentifierType::kEmail, .value = contact.email});
  }
  if (!contact.phone.empty()) {
    write.identifiers.push_back(
        {.type = customers::IdentifierType::kPhone, .value = contact.phone});
  }
  if (!contact.name.empty()) {
    write.traits.emplace_back("name", json::Value(contact.name));
  }
  if (write.identifiers.empty() && write.traits.empty()) {
    return cart.customer_id;
  }
  if (write.customer_id.empty() && write.identifiers.empty()) {
    return std::string();  // a name alone identifies no one
  }
  Result<customers::Resolution> resolved = customers.Write(tx, write);
  if (!resolved.ok()) {
    Error error = std::move(resolved).error();
    if (error.code == ErrorCode::kInvalidArgument) {
      return Error::InvalidArgument("contact", error.message);
    }
    return error;
  }
  return resolved->customer_id;
}

Result<orders::Fulfilment> FulfilmentOf(const carts::Cart& cart) {
  orders::Fulfilment f;
  switch (cart.fulfilment.kind) {
    case carts::FulfilmentKind::kClickAndCollect:
      f.kind = orders::FulfilmentKind::kClickAndCollect;
      f.location_id = cart.fulfilment.location_id;
      break;
    case carts::FulfilmentKind::kParcelLocker:
      f.kind = orders::FulfilmentKind::kParcelLocker;
      f.locker_id = cart.fulfilment.locker_id;
      break;
    case carts::FulfilmentKind::kShip:
      if (cart.contact.address.empty()) {
        return Error::InvalidArgument("contact.address",
                                      "is required to ship: set it with PUT …/contact");
      }
      f.kind = orders::FulfilmentKind::kShip;
      f.address = cart.contact.address;
      break;
  }
  return f;
}

// The payment to record now: the request's, else the cart's intent; none for pay at pickup.
Result<std::optional<orders::NewPayment>> PaymentOf(const CheckoutRequest& req,
                                                    const carts::Cart& cart,
                                                    const orders::Order& order) {
  std::optional<orders::NewPayment> payment = req.payment;
  if (!payment && !cart.payment.method.empty()) {
    OMNI_ASSIGN_OR_RETURN(orders::PaymentMethod method,
                          ParseEnum<orders::PaymentMethod>(cart.payment.method, "payment.method"));
    payment = orders::NewPayment{.method = method, .reference = cart.payment.reference};
  }
  if (!payment || payment->method == orders::PaymentMethod::kPayAtPickup ||
      order.total.minor == 0) {
    return std::optional<orders::NewPayment>();
  }
  if (payment->amount.minor == 0) {
    payment->amount = order.total;
  }
  return payment;
}

}  // namespace

Result<CheckoutResult> CheckOut(storage::Tx& tx, const CheckoutServices& services,
                                const CheckoutRequest& req) {
  OMNI_ASSIGN_OR_RETURN(carts::Cart cart,
                        services.carts.BeginCheckout(tx, req.cart_id, req.if_match));
  OMNI_ASSIGN_OR_RETURN(std::string customer_id, Customer(tx, services.customers, cart));
  orders::Fulfilment fulfilment{.kind = orders::FulfilmentKind::kInStore,
                                .location_id = req.in_store_location_id};
  if (req.in_store_location_id.empty()) {
    OMNI_ASSIGN_OR_RETURN(fulfilment, FulfilmentOf(cart));
  }
  // Priced once, for the customer the order belongs to; the order takes the price as it is.
  OMNI_ASSIGN_OR_RETURN(carts::PricedCheckout priced,
                        services.carts.PriceForCheckout(tx, cart, customer_id));
  orders::NewOrder order_req{.customer_id = customer_id,
                             .fulfilment = std::move(fulfilment),
                             .coupons = cart.coupons,
                             .currency = cart.currency,
                             .channel_id = cart.channel_id,
                             .cart_id = cart.id.str(),
                             .quote = priced.quote};
  for (const carts::CartLine& line : cart.lines) {
    order_req.lines.push_back({.sku = line.sku, .quantity = line.quantity});
    if (!line.hold_id.empty()) {
      order_req.holds.push_back({.sku = line.sku,
                                 .hold_id = line.hold_id,
                                 .location_id = cart.fulfilment.location_id,
                                 .quantity = line.quantity});
    }
  }
  CheckoutResult result;
  OMNI_ASSIGN_OR_RETURN(result.order, services.orders.Create(tx, order_req));
  if (req.expected_total && *req.expected_total != result.order.total.minor) {
    return Error::Conflict("the order would cost " + std::to_string(result.order.total.minor) +
                           ", not the " + std::to_string(*req.expected_total) +
                           " shown: show the cart again")
        .With("reason", std::string("total_changed"))
        .With("expected_total", *req.expected_total)
        .With("total", result.order.total.minor);
  }
  if (priced.points > 0) {
    OMNI_TRY(services.loyalty.Redeem(tx, customer_id, priced.points, result.order.id.str()));
    result.points_redeemed = priced.points;
  }
  std::vector<std::string> holds_taken;
  for (const orders::Allocation& allocation : result.order.allocations) {
    if (!allocation.hold_id.empty()) {
      holds_taken.push_back(allocation.hold_id);
    }
  }
  OMNI_ASSIGN_OR_RETURN(result.cart, services.carts.CompleteCheckout(
                                         tx, cart, result.order.id.str(), priced, holds_taken));
  OMNI_ASSIGN_OR_RETURN(std::optional<orders::NewPayment> payment,
                        PaymentOf(req, cart, result.order));
  if (payment) {
    Result<orders::PaymentResult> paid =
        services.orders.RecordPayment(tx, result.order, *payment);
    if (!paid.ok()) {
      Error error = std::move(paid).error();
      for (auto& [key, value] : error.details) {  // the field as the request names it
        if (key == "field" && std::holds_alternative<std::string>(value)) {
          value = "payment." + std::get<std::string>(value);
        }
      }
      return error;
    }
    result.payment = std::move(paid->payment);
    result.order = std::move(paid->order);
  }
  return result;
}

namespace {

Result<std::optional<orders::NewPayment>> DecodePayment(const json::Value& body) {
  if (body.AsObject() == nullptr) {
    return std::optional<orders::NewPayment>();
  }
  const json::Value* given = body.Find("payment");
  if (given == nullptr || given->is_null()) {
    return std::optional<orders::NewPayment>();
  }
  OMNI_TRY(json::RequireObject(*given, "payment"));
  orders::NewPayment out;
  OMNI_ASSIGN_OR_RETURN(std::string method,
                        json::RequireString(*given, "method", "payment.method"));
  Result<orders::PaymentMethod> parsed = ParseEnum<orders::PaymentMethod>(method, "method");
  if (!parsed.ok()) {
    return Error::InvalidArgument("payment.method", parsed.error().message);
  }
  out.method = *parsed;
  if (const json::Value* amount = given->Find("amount")) {
    OMNI_TRY(json::RequireObject(*amount, "payment.amount"));
    OMNI_ASSIGN_OR_RETURN(out.amount.minor,
                          json::RequireInt(*amount, "amount", "payment.amount.amount"));
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                          json::OptionalString(*amount, "currency", "payment.amount.currency"));
    OMNI_ASSIGN_OR_RETURN(out.amount.currency, Currency::Parse(currency.value_or("PLN")));
    if (out.amount.minor <= 0) {
      return Error::InvalidArgument("payment.amount", "must be positive");
    }
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reference,
                        json::OptionalString(*given, "reference", "payment.reference"));
  out.reference = reference.value_or("");
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> status,
                        json::OptionalString(*given, "status", "payment.status"));
  if (status) {
    Result<orders::PaymentStatus> s = ParseEnum<orders::PaymentStatus>(*status, "status");
    if (!s.ok()) {
      return Error::InvalidArgument("payment.status", s.error().message);
    }
    out.status = *s;
  }
  return std::optional<orders::NewPayment>(std::move(out));
}

// {"in_store_location_id": "loc_…"}: a sale at that store's till; a store associate may only
// name its own store, and without the field its own store is not implied.
Result<std::string> InStoreLocation(const http::Request& req) {
  if (req.json.AsObject() == nullptr) {
    return std::string();
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> location,
                        json::OptionalString(req.json, "in_store_location_id"));
  if (location && req.principal.role == http::Role::kStoreAssociate &&
      *location != req.principal.location_id) {
    return Error::Forbidden("a store associate sells only at its own location")
        .With("location_id", req.principal.location_id);
  }
  return location.value_or("");
}

constexpr std::string_view kCheckoutRequest =
    R"({"type":"object","properties":{"in_store_location_id":{"type":"string"},)"
    R"("expected_total":{"type":"integer","description":"minor units the customer was shown"},)"
    R"("payment":{"type":"object","required":["method"],)"
    R"("properties":{"method":{"enum":["card","blik","transfer","cash","pay_at_pickup"]},)"
    R"("amount":{"type":"object","properties":{"amount":{"type":"integer"},)"
    R"("currency":{"type":"string"}}},"reference":{"type":"string","maxLength":200},)"
    R"("status":{"enum":["pending","authorized","captured","failed"]}}}}})";
constexpr std::string_view kCheckoutResponse =
    R"({"type":"object","required":["order","cart_id"],"properties":{"order":{"type":"object"},)"
    R"("cart_id":{"type":"string"},"payment":{"type":["object","null"]},)"
    R"("points_redeemed":{"type":"integer"}}})";

}  // namespace

void RegisterCheckoutRoutes(http::Router& router, storage::Database& db,
                            const CheckoutServices& services) {
  router.Post(
      "/api/v1/carts/{id}/checkout",
      {.summary = "Check a cart out into an order in one step, in any channel: contact onto "
                  "the profile, stock held (sourced for delivery), points spent, payment "
                  "recorded; If-Match guards against a stale cart",
       .roles = {http::Role::kAdmin, http::Role::kChannel, http::Role::kAgent,
                 http::Role::kStoreAssociate},
       .request_schema = std::string(kCheckoutRequest),
       .body_optional = true,
       .response_schema = std::string(kCheckoutResponse),
       .success_status = 201,
       .tag = "carts"},
      [&db, services](const http::Request& req) -> Result<http::Response> {
        CheckoutRequest checkout{.cart_id = std::string(req.PathParam("id"))};
        OMNI_ASSIGN_OR_RETURN(checkout.if_match, http::IfMatchVersion(req));
        OMNI_ASSIGN_OR_RETURN(checkout.payment, DecodePayment(req.json));
        OMNI_ASSIGN_OR_RETURN(checkout.in_store_location_id, InStoreLocation(req));
        if (req.json.AsObject() != nullptr) {
          OMNI_ASSIGN_OR_RETURN(checkout.expected_total,
                                json::OptionalInt(req.json, "expected_total"));
        }
        OMNI_ASSIGN_OR_RETURN(
            CheckoutResult done,
            db.InTransaction([&](storage::Tx& tx) { return CheckOut(tx, services, checkout); },
                             changes::WriterOf(req)));
        std::string out = "{\"order\":" + orders::EncodeOrder(done.order) + ",\"cart_id\":";
        json::AppendQuoted(out, done.cart.id.str());
        out += ",\"payment\":" +
               (done.payment ? orders::EncodePayment(*done.payment) : std::string("null"));
        out += ",\"points_redeemed\":" + std::to_string(done.points_redeemed) + "}";
        return http::Response::Json(201, std::move(out));
      });
}

}  // namespace omnihub::flows
