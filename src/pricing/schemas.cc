// The JSON schemas of pricing's bodies and answers, for the OpenAPI document.
#include "pricing/codec.h"

namespace omnihub::pricing {
namespace {

std::string ListSchemaOf(std::string_view member, const std::string& item) {
  return R"({"type":"object","properties":{")" + std::string(member) +
         R"(":{"type":"array","items":)" + item + "}}}";
}

std::string Obj(std::string_view required, std::string_view properties) {
  return R"({"type":"object","required":[)" + std::string(required) + R"(],"properties":{)" +
         std::string(properties) + "}}";
}

const std::string kMoney(kMoneySchema);
const std::string kDecimal(kDecimalSchema);
constexpr std::string_view kWindow =
    R"("valid_from":{"type":["string","null"],"format":"date-time"},)"
    R"("valid_to":{"type":["string","null"],"format":"date-time","description":"exclusive"})";

}  // namespace

std::string PriceEntrySchema() {
  return Obj(R"("sku","price","vat_rate")",
             R"("sku":{"type":"string"},"price":)" + kMoney +
                 R"(,"price_text":{"type":"string"},"vat_rate":{"enum":[23,8,5,0]},)"
                 R"("updated_at":{"type":"string","format":"date-time"})");
}

std::string PriceListSchema() {
  return Obj(R"("id","name","currency","priority")",
             R"("id":{"type":"string","pattern":"^prl_"},"name":{"type":"string"},)"
             R"("currency":{"type":"string"},"priority":{"type":"integer"},)"
             R"("channel_id":{"type":["string","null"],"description":"set: a channel override"},)"
             R"("channel_override":{"type":"boolean"},)" +
                 std::string(kWindow) + R"(,"entries":{"type":"array","items":)" +
                 PriceEntrySchema() + "}");
}

std::string PriceListsSchema() { return ListSchemaOf("price_lists", PriceListSchema()); }

std::string NewPriceSchema() {
  return Obj(R"("price")", R"("price":)" + kDecimal +
                               R"(,"vat_rate":{"enum":[23,8,5,0],"description":"default: the )"
                               R"(catalog's rate"})");
}

std::string NewPriceListSchema() {
  return Obj(
      R"("name")",
      R"("name":{"type":"string","minLength":1,"maxLength":100},)"
      R"("currency":{"type":"string","default":"PLN"},"priority":{"type":"integer"},)"
      R"("channel_id":{"type":["string","null"]},)" +
          std::string(kWindow) +
          R"(,"entries":{"type":"array","items":{"type":"object","required":["sku","price"],)"
          R"("properties":{"sku":{"type":"string"},"price":)" +
          kDecimal + R"(,"vat_rate":{"enum":[23,8,5,0]}}}})");
}

std::string PriceListUpdateSchema() {
  return Obj("",
             R"("name":{"type":"string"},"priority":{"type":"integer"},)" + std::string(kWindow));
}

std::string ResolvedPriceSchema() {
  return Obj(R"("sku","price","vat_rate","price_list_id")",
             R"("sku":{"type":"string"},"price":)" + kMoney +
                 R"(,"vat_rate":{"type":"integer"},"price_list_id":{"type":"string"},)"
                 R"("channel_override":{"type":"boolean"})");
}

std::string InconsistenciesSchema() {
  return ListSchemaOf(
      "inconsistencies",
      Obj(R"("kind","price_list_id","channel_id","sku","override_price")",
          R"("kind":{"const":"channel_price_override"},"price_list_id":{"type":"string"},)"
          R"("price_list_name":{"type":"string"},"channel_id":{"type":"string"},)"
          R"("sku":{"type":"string"},"override_price":)" +
              kMoney +
              R"(,"base_price":{"type":["object","null"]},)"
              R"("difference":{"type":["integer","null"]},"vat_rate":{"type":"integer"},)" +
              std::string(kWindow)));
}

std::string PromotionSchema() {
  return Obj(R"("id","name","kind","level","priority","stackable","requires_coupon")",
             R"("id":{"type":"string","pattern":"^prm_"},"name":{"type":"string"},)"
             R"("kind":{"enum":["percent_off","amount_off","buy_x_get_y","free_shipping"]},)"
             R"("level":{"enum":["line","basket"]},"percent":{"type":["string","null"]},)"
             R"("amount":{"type":["object","null"]},"buy_quantity":{"type":"integer"},)"
             R"("free_quantity":{"type":"integer"},"skus":{"type":"array"},)"
             R"("category_ids":{"type":"array"},"min_basket":{"type":["object","null"]},)"
             R"("segment_id":{"type":["string","null"]},"channel_id":{"type":["string","null"]},)" +
                 std::string(kWindow) +
                 R"(,"priority":{"type":"integer"},"stackable":{"type":"boolean"},)"
                 R"("requires_coupon":{"type":"boolean"})");
}

std::string PromotionsSchema() { return ListSchemaOf("promotions", PromotionSchema()); }

std::string NewPromotionSchema() {
  return Obj(R"("name","kind")",
             R"("name":{"type":"string"},)"
             R"("kind":{"enum":["percent_off","amount_off","buy_x_get_y","free_shipping"]},)"
             R"("level":{"enum":["line","basket"],"default":"line"},"percent":)" +
                 kDecimal + R"(,"amount":)" + kDecimal +
                 R"(,"buy_quantity":{"type":"integer"},"free_quantity":{"type":"integer"},)"
                 R"("skus":{"type":"array","items":{"type":"string"}},)"
                 R"("category_ids":{"type":"array","items":{"type":"string"}},"min_basket":)" +
                 kDecimal + R"(,"segment_id":{"type":"string"},"channel_id":{"type":"string"},)" +
                 std::string(kWindow) +
                 R"(,"priority":{"type":"integer"},"stackable":{"type":"boolean"})");
}

std::string CouponSchema() {
  return Obj(
      R"("id","code","promotion_id","once_per_customer","uses")",
      R"("id":{"type":"string","pattern":"^cpn_"},"code":{"type":"string"},)"
      R"("promotion_id":{"type":"string"},"once_per_customer":{"type":"boolean"},)"
      R"("max_uses":{"type":["integer","null"]},"uses":{"type":"integer"},)"
      R"("channel_id":{"type":["string","null"]},"channel_name":{"type":["string","null"]},)" +
          std::string(kWindow));
}

std::string CouponsSchema() { return ListSchemaOf("coupons", CouponSchema()); }

std::string NewCouponSchema() {
  return Obj(R"("code","promotion_id")",
             R"("code":{"type":"string","pattern":"^[A-Za-z0-9_-]{3,32}$"},)"
             R"("promotion_id":{"type":"string"},)"
             R"("once_per_customer":{"type":"boolean","default":true},)"
             R"("max_uses":{"type":"integer","minimum":1},"channel_id":{"type":"string"},)" +
                 std::string(kWindow));
}

std::string RedemptionSchema() {
  return Obj(R"("id","coupon_id","code","order_ref","channel_id","redeemed_at")",
             R"("id":{"type":"string","pattern":"^rdm_"},"coupon_id":{"type":"string"},)"
             R"("code":{"type":"string"},"customer_id":{"type":"string"},)"
             R"("order_ref":{"type":"string"},"channel_id":{"type":"string"},)"
             R"("redeemed_at":{"type":"string","format":"date-time"})");
}

std::string RedeemSchema() {
  return Obj(R"("order_ref")",
             R"("customer_id":{"type":"string"},"order_ref":{"type":"string"},)"
             R"("channel_id":{"type":"string"})");
}

std::string QuoteRequestSchema() {
  return Obj(R"("lines")",
             R"("lines":{"type":"array","minItems":1,"maxItems":500,"items":{"type":"object",)"
             R"("required":["sku","quantity"],"properties":{"sku":{"type":"string"},)"
             R"("quantity":{"type":"integer","minimum":1,"maximum":1000000}}}},)"
             R"("customer_id":{"type":"string"},)"
             R"("segment_ids":{"type":"array","items":{"type":"string"}},)"
             R"("channel_id":{"type":"string","description":"default: the key's channel"},)"
             R"("coupons":{"type":"array","items":{"type":"string"},"maxItems":10},)"
             R"("at":{"type":"string","format":"date-time"},)"
             R"("currency":{"type":"string","default":"PLN"},)"
             R"("adjustments":{"type":"array","maxItems":5,"description":"discounts decided )"
             R"(outside pricing (loyalty points), applied after every promotion","items":)"
             R"({"type":"object","required":["kind","amount"],"properties":{)"
             R"("kind":{"type":"string","pattern":"^[a-z_]{1,40}$"},"amount":)" +
                 kMoney + R"(,"reason":{"type":"string"}}}})");
}

std::string QuoteSchema() {
  return Obj(
      R"("currency","lines","applied","rejected","vat","totals","free_shipping")",
      R"("currency":{"type":"string"},"at":{"type":"string","format":"date-time"},)"
      R"("lines":{"type":"array","items":{"type":"object","required":["sku","quantity",)"
      R"("unit_price","line_gross","discounts","total","vat_rate","net","vat"],)"
      R"("properties":{"discounts":{"type":"array","items":{"type":"object",)"
      R"("required":["kind","promotion_id","coupon","amount","reason"],"properties":{)"
      R"("kind":{"type":"string","description":"promotion, or an adjustment's kind"},)"
      R"("promotion_id":{"type":["string","null"],"description":"null for an )"
      R"(adjustment"},"coupon":{"type":["string","null"]},"amount":)" +
          kMoney +
          R"(,"reason":{"type":"string"}}}}}}},)"
          R"("applied":{"type":"array"},"rejected":{"type":"array","items":{"type":"object",)"
          R"("required":["code","reason"]}},"vat":{"type":"array"},)"
          R"("totals":{"type":"object","required":["subtotal","discount","gross","net","vat"]},)"
          R"("free_shipping":{"type":"boolean"})");
}

}  // namespace omnihub::pricing
