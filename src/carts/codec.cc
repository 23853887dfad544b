#include "carts/codec.h"

#include <algorithm>

#include "core/json.h"
#include "core/money.h"

namespace omnihub::carts {
std::string EncodeCart(const Cart& c, schema::Redaction redaction) {
  return omnihub::schema::Encode(c, redaction);
}

std::string EncodePriced(const pricing::Quote& q) {
  std::string out = "{\"lines\":[";
  for (size_t i = 0; i < q.lines.size(); ++i) {
    const pricing::PricedLine& l = q.lines[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "sku", l.sku, false);
    out += ",\"quantity\":" + std::to_string(l.quantity);
    json::AppendMoneyMember(out, "unit_price", l.unit_gross);
    json::AppendMoneyMember(out, "line_gross", l.line_gross);
    json::AppendMoneyMember(out, "discount_total", l.discount_total);
    json::AppendMoneyMember(out, "total_gross", l.total_gross);
    out += ",\"vat_rate\":" + std::to_string(l.vat_rate) + ",\"discounts\":[";
    for (size_t d = 0; d < l.discounts.size(); ++d) {
      const pricing::Discount& disc = l.discounts[d];
      out += d ? ",{" : "{";
      json::AppendMember(out, "kind", disc.kind, false);
      json::AppendNullableMember(out, "promotion_id", std::string(disc.promotion_id.str()));
      json::AppendNullableMember(out, "coupon", disc.coupon);
      json::AppendMoneyMember(out, "amount", disc.amount);
      json::AppendMember(out, "reason", disc.reason);
      out += "}";
    }
    out += "]}";
  }
  // Discounts decided outside pricing (loyalty points), summed over the lines by kind.
  std::vector<pricing::Discount> adjustments;
  for (const pricing::PricedLine& l : q.lines) {
    for (const pricing::Discount& disc : l.discounts) {
      if (disc.kind == "promotion") {
        continue;
      }
      auto same = std::find_if(adjustments.begin(), adjustments.end(),
                               [&](const pricing::Discount& a) { return a.kind == disc.kind; });
      if (same == adjustments.end()) {
        adjustments.push_back(disc);
      } else {
        same->amount.minor += disc.amount.minor;
      }
    }
  }
  out += "],\"adjustments\":[";
  for (size_t i = 0; i < adjustments.size(); ++i) {
    out += i ? ",{" : "{";
    json::AppendMember(out, "kind", adjustments[i].kind, false);
    json::AppendMoneyMember(out, "amount", adjustments[i].amount);
    json::AppendMember(out, "reason", adjustments[i].reason);
    out += "}";
  }
  out += "],\"applied_promotions\":[";
  for (size_t i = 0; i < q.applied.size(); ++i) {
    const pricing::AppliedPromotion& a = q.applied[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "promotion_id", a.promotion_id.str(), false);
    json::AppendMember(out, "name", a.name);
    json::AppendNullableMember(out, "coupon", a.coupon);
    json::AppendMoneyMember(out, "amount", a.amount);
    json::AppendMember(out, "reason", a.reason);
    out += "}";
  }
  out += "],\"rejected\":[";
  for (size_t i = 0; i < q.rejected.size(); ++i) {
    const pricing::Rejection& r = q.rejected[i];
    out += i ? ",{" : "{";
    json::AppendMember(out, "code", r.code, false);
    json::AppendNullableMember(out, "promotion_id", r.promotion_id);
    json::AppendNullableMember(out, "coupon", r.coupon);
    json::AppendMember(out, "reason", r.reason);
    out += "}";
  }
  out += "],\"totals\":{";
  json::AppendMember(out, "currency", q.currency.code(), false);
  json::AppendMoneyMember(out, "subtotal_gross", q.subtotal_gross);
  json::AppendMoneyMember(out, "discount_total", q.discount_total);
  json::AppendMoneyMember(out, "total_gross", q.total_gross);
  json::AppendMoneyMember(out, "total_net", q.total_net);
  json::AppendMoneyMember(out, "total_vat", q.total_vat);
  out += std::string(",\"free_shipping\":") + (q.free_shipping ? "true" : "false");
  return out + "}}";
}

std::string EmptyPriced(std::string_view currency) {
  Result<Currency> parsed = Currency::Parse(currency);
  const Money zero{.minor = 0, .currency = parsed.ok() ? *parsed : Currency::Pln()};
  std::string out =
      R"({"lines":[],"adjustments":[],"applied_promotions":[],"rejected":[],"totals":{)";
  json::AppendMember(out, "currency", currency, false);
  for (std::string_view key :
       {"subtotal_gross", "discount_total", "total_gross", "total_net", "total_vat"}) {
    json::AppendMoneyMember(out, key, zero);
  }
  return out + ",\"free_shipping\":false}}";
}

namespace api_schema {

const std::string_view kCart =
    R"({"type":"object","required":["id","status","version","currency","lines","priced"],)"
    R"("properties":{"id":{"type":"string"},"status":{"enum":["active","checked_out",)"
    R"("abandoned","merged"]},"version":{"type":"integer"},)"
    R"("customer_id":{"type":["string","null"]},"anonymous_id":{"type":["string","null"]},)"
    R"("channel_id":{"type":["string","null"]},"currency":{"type":"string"},)"
    R"("coupons":{"type":"array","items":{"type":"string"}},)"
    R"("fulfilment":{"type":"object","properties":{"type":{"enum":["ship","click_and_collect",)"
    R"("parcel_locker"]},"location_id":{"type":["string","null"]},)"
    R"("locker_id":{"type":["string","null"]}}},)"
    R"("contact":{"type":"object","properties":{"email":{"type":["string","null"]},)"
    R"("phone":{"type":["string","null"]},"name":{"type":["string","null"]},)"
    R"("address":{"type":["string","null"]}}},)"
    R"("payment":{"type":"object","properties":{"method":{"enum":["card","blik","transfer",)"
    R"("cash","pay_at_pickup",null]},"reference":{"type":["string","null"]}}},)"
    R"("redeem_points":{"type":"integer"},"order_id":{"type":["string","null"]},)"
    R"("lines":{"type":"array","items":{"type":"object","properties":{"sku":{"type":"string"},)"
    R"("quantity":{"type":"integer"},"hold_id":{"type":["string","null"]},)"
    R"("hold_expires_at":{"type":["string","null"]}}}},)"
    R"("priced":{"type":"object","properties":{"lines":{"type":"array"},)"
    R"("adjustments":{"type":"array"},)"
    R"("applied_promotions":{"type":"array"},"rejected":{"type":"array"},)"
    R"("totals":{"type":"object"}}},)"
    R"("created_at":{"type":"string"},"updated_at":{"type":"string"},)"
    R"("last_activity_at":{"type":"string"}}})";
const std::string_view kNewCart =
    R"({"type":"object","properties":{"customer_id":{"type":"string"},)"
    R"("anonymous_id":{"type":"string"},"currency":{"type":"string"}}})";
const std::string_view kNewLine =
    R"({"type":"object","required":["sku","quantity"],"properties":{"sku":{"type":"string"},)"
    R"("quantity":{"type":"integer","minimum":1,"maximum":999}}})";
const std::string_view kQuantity =
    R"({"type":"object","required":["quantity"],)"
    R"("properties":{"quantity":{"type":"integer","minimum":1,"maximum":999}}})";
const std::string_view kFulfilment =
    R"({"type":"object","required":["type"],"properties":{"type":{"enum":["ship",)"
    R"("click_and_collect","parcel_locker"]},"location_id":{"type":"string"},)"
    R"("locker_id":{"type":"string","minLength":1,"maxLength":64}}})";
const std::string_view kContact =
    R"({"type":"object","properties":{"email":{"type":"string","maxLength":320},)"
    R"("phone":{"type":"string"},"name":{"type":"string","maxLength":200},)"
    R"("address":{"type":"string","maxLength":500}}})";
const std::string_view kPayment =
    R"({"type":"object","required":["method"],"properties":{"method":{"enum":["card","blik",)"
    R"("transfer","cash","pay_at_pickup"]},"reference":{"type":"string","maxLength":200}}})";
const std::string_view kRedeemPoints = R"({"type":"object","required":["points"],)"
                                       R"("properties":{"points":{"type":"integer","minimum":0}}})";
const std::string_view kCoupon =
    R"({"type":"object","required":["code"],"properties":{"code":{"type":"string"}}})";

}  // namespace api_schema
}  // namespace omnihub::carts
