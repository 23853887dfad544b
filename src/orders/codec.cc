#include "orders/codec.h"

#include <cstdio>

#include "core/json.h"
#include "orders/orders.h"

namespace omnihub::orders {
std::string EncodeOrder(const Order& o, bool redact) {
  std::string out = "{";
  json::AppendMember(out, "id", o.id.str(), false);
  json::AppendMember(out, "number", o.number);
  json::AppendMember(out, "state", NameOf(o.state));
  json::AppendNullableMember(out, "channel_id", o.channel_id);
  json::AppendNullableMember(out, "customer_id", o.customer_id);
  out += ",\"fulfilment\":{";
  json::AppendMember(out, "type", NameOf(o.fulfilment.kind), false);
  json::AppendNullableMember(out, "address", redact ? std::string() : o.fulfilment.address);
  json::AppendNullableMember(out, "location_id", o.fulfilment.location_id);
  json::AppendNullableMember(out, "locker_id", o.fulfilment.locker_id);
  out += "},\"lines\":[";
  for (size_t i = 0; i < o.lines.size(); ++i) {
    const OrderLine& l = o.lines[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "sku", l.sku, false);
    out += ",\"quantity\":" + std::to_string(l.quantity);
    json::AppendMoneyMember(out, "unit_price", l.unit_price);
    json::AppendMoneyMember(out, "discount_total", l.discount_total);
    json::AppendMoneyMember(out, "line_total", l.line_total);
    out += "}";
  }
  out += "],\"allocations\":" + EncodeAllocations(o.allocations);
  out += ",\"sourcing\":" + EncodeSourcing(o.sourcing);
  json::AppendMember(out, "currency", o.currency);
  out += ",\"totals\":{";
  json::AppendMoneyMember(out, "subtotal", o.subtotal, false);
  json::AppendMoneyMember(out, "discount_total", o.discount_total);
  json::AppendMoneyMember(out, "total", o.total);
  json::AppendMoneyMember(out, "paid", o.paid);
  Money outstanding = o.total;
  outstanding.minor = o.total.minor > o.paid.minor ? o.total.minor - o.paid.minor : 0;
  json::AppendMoneyMember(out, "outstanding", outstanding);
  out += "}";
  json::AppendNullableMember(
      out, "pickup_expires_at",
      o.pickup_expires_at ? FormatRfc3339(*o.pickup_expires_at) : std::string());
  json::AppendNullableMember(out, "cancel_reason", o.cancel_reason);
  json::AppendNullableMember(out, "cart_id", o.cart_id);
  json::AppendMember(out, "created_at", FormatRfc3339(o.created_at));
  json::AppendMember(out, "updated_at", FormatRfc3339(o.updated_at));
  return out + "}";
}

std::string EncodeAllocations(const std::vector<Allocation>& allocations) {
  std::string out = "[";
  for (size_t i = 0; i < allocations.size(); ++i) {
    const Allocation& a = allocations[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "sku", a.sku, false);
    json::AppendMember(out, "location_id", a.location_id);
    out += ",\"quantity\":" + std::to_string(a.quantity);
    json::AppendNullableMember(out, "hold_id", a.hold_id);
    out += "}";
  }
  return out + "]";
}

Result<std::vector<Allocation>> DecodeAllocations(std::string_view text) {
  OMNI_ASSIGN_OR_RETURN(json::Value parsed, json::Parse(text));
  if (parsed.AsArray() == nullptr) {
    return Error::Internal("orders_orders.allocations is not an array");
  }
  std::vector<Allocation> out;
  for (const json::Value& item : *parsed.AsArray()) {
    Allocation a;
    OMNI_ASSIGN_OR_RETURN(a.sku, json::RequireString(item, "sku"));
    OMNI_ASSIGN_OR_RETURN(a.location_id, json::RequireString(item, "location_id"));
    OMNI_ASSIGN_OR_RETURN(a.quantity, json::RequireInt(item, "quantity"));
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> hold, json::OptionalString(item, "hold_id"));
    a.hold_id = hold.value_or("");
    out.push_back(std::move(a));
  }
  return out;
}

std::string EncodeSourcing(const Sourcing& s) {
  std::string out = "{";
  json::AppendNullableMember(out, "strategy", s.strategy, false);
  json::AppendNullableMember(out, "explanation", s.explanation);
  out += ",\"considered\":[";
  for (size_t i = 0; i < s.considered.size(); ++i) {
    const SourcingCandidate& c = s.considered[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "location_id", c.location_id, false);
    json::AppendMember(out, "name", c.name);
    out += ",\"distance_km\":";
    if (c.distance_km) {
      char km[32];
      std::snprintf(km, sizeof km, "%.1f", *c.distance_km);
      out += km;
    } else {
      out += "null";
    }
    out += ",\"priority\":" + std::to_string(c.priority);
    out += ",\"units_available\":" + std::to_string(c.units_available);
    out += c.serves_all ? ",\"serves_all\":true}" : ",\"serves_all\":false}";
  }
  return out + "]}";
}

Result<Sourcing> DecodeSourcing(std::string_view text) {
  OMNI_ASSIGN_OR_RETURN(json::Value parsed, json::Parse(text));
  Sourcing s;
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> strategy,
                        json::OptionalString(parsed, "strategy"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> explanation,
                        json::OptionalString(parsed, "explanation"));
  s.strategy = strategy.value_or("");
  s.explanation = explanation.value_or("");
  const json::Value* considered = parsed.Find("considered");
  if (considered != nullptr && considered->AsArray() != nullptr) {
    for (const json::Value& item : *considered->AsArray()) {
      SourcingCandidate c;
      OMNI_ASSIGN_OR_RETURN(c.location_id, json::RequireString(item, "location_id"));
      OMNI_ASSIGN_OR_RETURN(c.name, json::RequireString(item, "name"));
      if (const json::Value* km = item.Find("distance_km")) {
        c.distance_km = km->AsDouble();
      }
      OMNI_ASSIGN_OR_RETURN(c.priority, json::RequireInt(item, "priority"));
      OMNI_ASSIGN_OR_RETURN(c.units_available, json::RequireInt(item, "units_available"));
      OMNI_ASSIGN_OR_RETURN(std::optional<bool> all, json::OptionalBool(item, "serves_all"));
      c.serves_all = all.value_or(false);
      s.considered.push_back(std::move(c));
    }
  }
  return s;
}

std::string EncodePayment(const Payment& p) { return schema::Encode(p); }

std::string EncodeLines(const std::vector<OrderLine>& lines) {
  std::string out = "[";
  for (size_t i = 0; i < lines.size(); ++i) {
    const OrderLine& l = lines[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "sku", l.sku, false);
    out += ",\"quantity\":" + std::to_string(l.quantity);
    out += ",\"unit_price\":" + std::to_string(l.unit_price.minor);
    out += ",\"discount_total\":" + std::to_string(l.discount_total.minor);
    out += ",\"line_total\":" + std::to_string(l.line_total.minor);
    out += "}";
  }
  return out + "]";
}

Result<std::vector<OrderLine>> DecodeLines(std::string_view text, std::string_view currency) {
  OMNI_ASSIGN_OR_RETURN(json::Value parsed, json::Parse(text));
  OMNI_ASSIGN_OR_RETURN(Currency cur, Currency::Parse(currency));
  std::vector<OrderLine> out;
  if (parsed.AsArray() == nullptr) {
    return Error::Internal("orders_orders.lines is not an array");
  }
  for (const json::Value& item : *parsed.AsArray()) {
    OrderLine line;
    OMNI_ASSIGN_OR_RETURN(line.sku, json::RequireString(item, "sku"));
    OMNI_ASSIGN_OR_RETURN(line.quantity, json::RequireInt(item, "quantity"));
    OMNI_ASSIGN_OR_RETURN(int64_t unit, json::RequireInt(item, "unit_price"));
    OMNI_ASSIGN_OR_RETURN(int64_t discount, json::RequireInt(item, "discount_total"));
    OMNI_ASSIGN_OR_RETURN(int64_t total, json::RequireInt(item, "line_total"));
    line.unit_price = {.minor = unit, .currency = cur};
    line.discount_total = {.minor = discount, .currency = cur};
    line.line_total = {.minor = total, .currency = cur};
    out.push_back(std::move(line));
  }
  return out;
}

namespace api_schema {

#define OMNIHUB_MONEY \
  R"({"type":"object","properties":{"amount":{"type":"integer"},"currency":{"type":"string"}}})"

const std::string_view kOrder =
    R"({"type":"object","required":["id","number","state","fulfilment","lines","totals"],)"
    R"("properties":{"id":{"type":"string"},"number":{"type":"string"},)"
    R"("state":{"enum":["placed","allocated","ready_for_pickup","shipped","picked_up",)"
    R"("delivered","completed","cancelled"]},"channel_id":{"type":["string","null"]},)"
    R"("customer_id":{"type":["string","null"]},)"
    R"("fulfilment":{"type":"object","properties":{"type":{"enum":["ship","click_and_collect",)"
    R"("parcel_locker","in_store"]},"address":{"type":["string","null"]},)"
    R"("location_id":{"type":["string","null"]},"locker_id":{"type":["string","null"]}}},)"
    R"("lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},)"
    R"("quantity":{"type":"integer"},"unit_price":)" OMNIHUB_MONEY
    R"(,"discount_total":)" OMNIHUB_MONEY R"(,"line_total":)" OMNIHUB_MONEY
    R"(}}},"allocations":{"type":"array","items":{"type":"object","properties":{)"
    R"("sku":{"type":"string"},"location_id":{"type":"string"},"quantity":{"type":"integer"},)"
    R"("hold_id":{"type":["string","null"]}}}},)"
    R"("sourcing":{"type":"object","properties":{"strategy":{"type":["string","null"]},)"
    R"("explanation":{"type":["string","null"]},"considered":{"type":"array"}}},)"
    R"("pickup_expires_at":{"type":["string","null"]},"cancel_reason":{"type":["string","null"]},)"
    R"("cart_id":{"type":["string","null"]},"currency":{"type":"string"},)"
    R"("totals":{"type":"object","properties":{"subtotal":)" OMNIHUB_MONEY
    R"(,"discount_total":)" OMNIHUB_MONEY R"(,"total":)" OMNIHUB_MONEY R"(,"paid":)" OMNIHUB_MONEY
    R"(,"outstanding":)" OMNIHUB_MONEY
    R"(}},"created_at":{"type":"string"},"updated_at":{"type":"string"}}})";
const std::string_view kOrderList =
    R"({"type":"object","required":["orders"],"properties":{"orders":{"type":"array"}}})";
const std::string_view kNewOrder =
    R"({"type":"object","required":["lines","fulfilment"],"properties":{)"
    R"("lines":{"type":"array","items":{"type":"object","required":["sku","quantity"],)"
    R"("properties":{"sku":{"type":"string"},"quantity":{"type":"integer","minimum":1,)"
    R"("maximum":999}}}},"customer_id":{"type":"string"},"currency":{"type":"string"},)"
    R"("channel_id":{"type":"string"},)"
    R"("coupons":{"type":"array","items":{"type":"string"}},)"
    R"("fulfilment":{"type":"object","required":["type"],"properties":{"type":{"enum":["ship",)"
    R"("click_and_collect","parcel_locker","in_store"]},"address":{"type":"string"},)"
    R"("location_id":{"type":"string"},"locker_id":{"type":"string"},)"
    R"("postcode":{"type":"string"}}}}})";
const std::string_view kSuggestions =
    R"({"type":"object","required":["suggestions"],"properties":{"suggestions":{"type":"array",)"
    R"("items":{"type":"object","properties":{"sku":{"type":"string"},)"
    R"("customers":{"type":"integer"}}}}}})";
const std::string_view kHandOver =
    R"({"type":"object","properties":{"payment":{"type":"object","required":["method","amount"]}}})";
const std::string_view kTransition =
    R"({"type":"object","required":["to"],"properties":{"to":{"enum":["allocated",)"
    R"("ready_for_pickup","shipped","picked_up","delivered","completed","cancelled"]}}})";
const std::string_view kNewPayment =
    R"({"type":"object","required":["method","amount"],"properties":{)"
    R"("method":{"enum":["card","blik","transfer","cash","pay_at_pickup"]},"amount":)" OMNIHUB_MONEY
    R"(,"reference":{"type":"string","maxLength":200},)"
    R"("status":{"enum":["pending","authorized","captured","failed"]}}})";
const std::string_view kPaymentResult =
    R"({"type":"object","required":["payment","order"],"properties":{"payment":{"type":"object"},)"
    R"("order":{"type":"object"}}})";

#undef OMNIHUB_MONEY

}  // namespace api_schema
}  // namespace omnihub::orders
