#include "pricing/codec.h"

#include "pricing/engine.h"

namespace omnihub::pricing {
namespace {

void WriteTime(json::Writer& w, std::string_view key, const std::optional<TimePoint>& t) {
  w.Key(key);
  t ? w.String(FormatRfc3339(*t)) : w.Null();
}

void WriteStrings(json::Writer& w, std::string_view key, const std::vector<std::string>& items) {
  w.Key(key).BeginArray();
  for (const std::string& item : items) {
    w.String(item);
  }
  w.EndArray();
}

std::string FieldOf(std::string_view prefix, std::string_view key) {
  return std::string(prefix) + std::string(key);
}

// A decimal as text: a JSON string, or an integer of whole units. Fractions are refused so that
// nothing passes through floating point.
Result<std::optional<std::string>> OptionalDecimal(const json::Value& obj, std::string_view key,
                                                   std::string_view field) {
  const json::Value* v = obj.Find(key);
  if (v == nullptr || v->is_null()) {
    return std::optional<std::string>();
  }
  if (const std::string* s = v->AsString()) {
    return std::optional<std::string>(*s);
  }
  if (std::optional<int64_t> i = v->AsInt()) {
    return std::optional<std::string>(std::to_string(*i));
  }
  return Error::InvalidArgument(field, "must be decimal text like \"129.99\"");
}

Result<std::optional<TimePoint>> OptionalTime(const json::Value& obj, std::string_view key,
                                              std::string_view field) {
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> text, json::OptionalString(obj, key, field));
  if (!text) {
    return std::optional<TimePoint>();
  }
  Result<TimePoint> t = ParseRfc3339(*text);
  if (!t.ok()) {
    return Error::InvalidArgument(field, "must be an RFC 3339 time like 2026-03-01T00:00:00Z");
  }
  return std::optional<TimePoint>(*t);
}

Result<Validity> DecodeValidity(const json::Value& body) {
  Validity v;
  OMNI_ASSIGN_OR_RETURN(v.from, OptionalTime(body, "valid_from", "valid_from"));
  OMNI_ASSIGN_OR_RETURN(v.to, OptionalTime(body, "valid_to", "valid_to"));
  return v;
}

Result<std::vector<std::string>> StringList(const json::Value& obj, std::string_view key,
                                            std::string_view field) {
  std::vector<std::string> out;
  const json::Value* v = obj.Find(key);
  if (v == nullptr || v->is_null()) {
    return out;
  }
  if (v->AsArray() == nullptr) {
    return Error::InvalidArgument(field, "must be an array of strings");
  }
  for (size_t idx = 0; idx < v->AsArray()->size(); ++idx) {
    const std::string* s = (*v->AsArray())[idx].AsString();
    if (s == nullptr) {
      return Error::InvalidArgument(FieldOf(field, "[" + std::to_string(idx) + "]"),
                                    "must be a string");
    }
    out.push_back(*s);
  }
  return out;
}

Result<std::optional<int>> OptionalVat(const json::Value& obj, std::string_view field) {
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> rate, json::OptionalInt(obj, "vat_rate", field));
  if (rate && !IsVatRate(*rate)) {
    return Error::InvalidArgument(field, "must be one of 23, 8, 5, 0");
  }
  return rate ? std::optional<int>(static_cast<int>(*rate)) : std::nullopt;
}

Result<NewPrice> DecodePriceIn(const json::Value& obj, std::string_view prefix,
                               std::string_view sku) {
  OMNI_TRY(json::RequireObject(obj, prefix.empty() ? "body" : prefix.substr(0, prefix.size() - 1)));
  NewPrice price;
  if (sku.empty()) {
    OMNI_ASSIGN_OR_RETURN(price.sku, json::RequireString(obj, "sku", FieldOf(prefix, "sku")));
  } else {
    price.sku = std::string(sku);
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> text,
                        OptionalDecimal(obj, "price", FieldOf(prefix, "price")));
  if (!text) {
    return Error::InvalidArgument(FieldOf(prefix, "price"), "is required");
  }
  price.price = *text;
  OMNI_ASSIGN_OR_RETURN(price.vat_rate, OptionalVat(obj, FieldOf(prefix, "vat_rate")));
  return price;
}

std::string ListOf(std::string_view member, const std::vector<std::string>& items) {
  std::string out = "{\"" + std::string(member) + "\":[";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    out += (idx ? "," : "") + items[idx];
  }
  return out + "]}";
}

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

void WriteMoney(json::Writer& w, std::string_view key, const Money& money) {
  w.Key(key).BeginObject().Field("amount", money.minor);
  w.Field("currency", money.currency.code()).EndObject();
}

Result<Money> ParsePrice(std::string_view text, const Currency& currency, std::string_view field) {
  Result<Money> money = ParseMoney(text, currency);
  if (!money.ok()) {
    const std::string& message = money.error().message;
    const size_t space = message.find(' ');
    return Error::InvalidArgument(field,
                                  space == std::string::npos ? message : message.substr(space + 1));
  }
  if (!(money->currency == currency)) {
    return Error::InvalidArgument(field, "must be in " + std::string(currency.code()) + ", not " +
                                             std::string(money->currency.code()));
  }
  if (money->minor <= 0) {
    return Error::InvalidArgument(field, "must be more than zero");
  }
  return *money;
}

void WritePriceListMembers(json::Writer& w, const PriceList& list) {
  w.Field("id", list.id.str()).Field("name", list.name);
  w.Field("currency", list.currency.code()).Field("priority", list.priority);
  w.Field("channel_id", list.channel_id);
  w.Field("channel_override", list.channel_id.has_value());
  WriteTime(w, "valid_from", list.validity.from);
  WriteTime(w, "valid_to", list.validity.to);
  w.Field("created_at", FormatRfc3339(list.created_at));
  w.Field("updated_at", FormatRfc3339(list.updated_at));
}

namespace {
void WriteEntry(json::Writer& w, const PriceEntry& e) {
  w.BeginObject().Field("sku", e.sku);
  WriteMoney(w, "price", e.gross);
  w.Field("price_text", FormatDecimal(e.gross)).Field("vat_rate", e.vat_rate);
  w.Field("updated_at", FormatRfc3339(e.updated_at)).EndObject();
}
}  // namespace

std::string EncodePriceList(const PriceList& list, bool with_entries) {
  json::Writer w;
  w.BeginObject();
  WritePriceListMembers(w, list);
  if (with_entries) {
    w.Key("entries").BeginArray();
    for (const PriceEntry& e : list.entries) {
      WriteEntry(w, e);
    }
    w.EndArray();
  }
  w.EndObject();
  return w.Take();
}

std::string EncodePriceLists(const std::vector<PriceList>& lists) {
  std::vector<std::string> items;
  for (const PriceList& list : lists) {
    items.push_back(EncodePriceList(list, false));
  }
  return ListOf("price_lists", items);
}

std::string EncodePriceEntry(const PriceEntry& entry) {
  json::Writer w;
  WriteEntry(w, entry);
  return w.Take();
}

std::string EncodeResolvedPrice(const ResolvedPrice& price) {
  json::Writer w;
  w.BeginObject().Field("sku", price.sku);
  WriteMoney(w, "price", price.gross);
  w.Field("vat_rate", price.vat_rate).Field("price_list_id", price.price_list_id.str());
  w.Field("channel_override", price.channel_override).EndObject();
  return w.Take();
}

std::string EncodeInconsistencies(const std::vector<Inconsistency>& items) {
  json::Writer w;
  w.BeginObject().Key("inconsistencies").BeginArray();
  for (const Inconsistency& item : items) {
    w.BeginObject().Field("kind", "channel_price_override");
    w.Field("price_list_id", item.price_list_id.str());
    w.Field("price_list_name", item.price_list_name).Field("channel_id", item.channel_id);
    w.Field("sku", item.sku);
    WriteMoney(w, "override_price", item.override_gross);
    w.Key("base_price");
    if (item.base_gross) {
      w.BeginObject().Field("amount", item.base_gross->minor);
      w.Field("currency", item.base_gross->currency.code()).EndObject();
      w.Field("difference", item.override_gross.minor - item.base_gross->minor);
    } else {
      w.Null();
      w.Key("difference").Null();
    }
    w.Field("vat_rate", item.vat_rate);
    WriteTime(w, "valid_from", item.validity.from);
    WriteTime(w, "valid_to", item.validity.to);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

std::string EncodePromotion(const Promotion& p) {
  json::Writer w;
  w.BeginObject().Field("id", p.id.str()).Field("name", p.name);
  w.Field("kind", NameOf(p.kind)).Field("level", NameOf(p.level));
  w.Key("percent");
  p.kind == PromotionKind::kPercentOff ? w.String(FormatPercent(p.percent_bp)) : w.Null();
  if (p.amount) {
    WriteMoney(w, "amount", *p.amount);
  } else {
    w.Key("amount").Null();
  }
  w.Field("buy_quantity", p.buy_quantity).Field("free_quantity", p.free_quantity);
  WriteStrings(w, "skus", p.conditions.skus);
  WriteStrings(w, "category_ids", p.conditions.category_ids);
  if (p.conditions.min_basket) {
    WriteMoney(w, "min_basket", *p.conditions.min_basket);
  } else {
    w.Key("min_basket").Null();
  }
  w.Field("segment_id", p.conditions.segment_id).Field("channel_id", p.conditions.channel_id);
  WriteTime(w, "valid_from", p.validity.from);
  WriteTime(w, "valid_to", p.validity.to);
  w.Field("priority", p.priority).Field("stackable", p.stackable);
  w.Field("requires_coupon", p.requires_coupon);
  w.Field("created_at", FormatRfc3339(p.created_at)).EndObject();
  return w.Take();
}

std::string EncodePromotions(const std::vector<Promotion>& promotions) {
  std::vector<std::string> items;
  for (const Promotion& p : promotions) {
    items.push_back(EncodePromotion(p));
  }
  return ListOf("promotions", items);
}

std::string EncodeCoupon(const Coupon& c) {
  json::Writer w;
  w.BeginObject().Field("id", c.id.str()).Field("code", c.code);
  w.Field("promotion_id", c.promotion_id.str()).Field("once_per_customer", c.once_per_customer);
  w.Key("max_uses");
  c.max_uses ? w.Int(*c.max_uses) : w.Null();
  w.Field("uses", c.uses).Field("channel_id", c.channel_id);
  w.Field("channel_name", c.channel_name);
  WriteTime(w, "valid_from", c.validity.from);
  WriteTime(w, "valid_to", c.validity.to);
  w.Field("created_at", FormatRfc3339(c.created_at)).EndObject();
  return w.Take();
}

std::string EncodeCoupons(const std::vector<Coupon>& coupons) {
  std::vector<std::string> items;
  for (const Coupon& c : coupons) {
    items.push_back(EncodeCoupon(c));
  }
  return ListOf("coupons", items);
}

std::string EncodeRedemption(const Redemption& r) {
  json::Writer w;
  w.BeginObject().Field("id", r.id.str()).Field("coupon_id", r.coupon_id.str());
  w.Field("code", r.code).Field("customer_id", r.customer_id);
  w.Field("order_ref", r.order_ref).Field("channel_id", r.channel_id);
  w.Field("redeemed_at", FormatRfc3339(r.redeemed_at)).EndObject();
  return w.Take();
}

std::string EncodeQuote(const Quote& q) {
  json::Writer w;
  w.BeginObject().Field("currency", q.currency.code()).Field("at", FormatRfc3339(q.at));
  w.Key("lines").BeginArray();
  for (const PricedLine& line : q.lines) {
    w.BeginObject().Field("sku", line.sku).Field("quantity", line.quantity);
    WriteMoney(w, "unit_price", line.unit_gross);
    WriteMoney(w, "line_gross", line.line_gross);
    w.Key("discounts").BeginArray();
    for (const Discount& d : line.discounts) {
      w.BeginObject().Field("kind", d.kind).Key("promotion_id");
      d.promotion_id.str().empty() ? w.Null() : w.String(d.promotion_id.str());
      w.Key("coupon");
      d.coupon.empty() ? w.Null() : w.String(d.coupon);
      WriteMoney(w, "amount", d.amount);
      w.Field("reason", d.reason).EndObject();
    }
    w.EndArray();
    WriteMoney(w, "discount", line.discount_total);
    WriteMoney(w, "total", line.total_gross);
    w.Field("vat_rate", line.vat_rate);
    WriteMoney(w, "net", line.net);
    WriteMoney(w, "vat", line.vat);
    w.Field("price_list_id", line.price_list_id.str()).EndObject();
  }
  w.EndArray().Key("applied").BeginArray();
  for (const AppliedPromotion& a : q.applied) {
    w.BeginObject().Field("promotion_id", a.promotion_id.str()).Field("name", a.name);
    w.Key("coupon");
    a.coupon.empty() ? w.Null() : w.String(a.coupon);
    WriteMoney(w, "amount", a.amount);
    w.Field("reason", a.reason).EndObject();
  }
  w.EndArray().Key("rejected").BeginArray();
  for (const Rejection& r : q.rejected) {
    w.BeginObject();
    w.Key("promotion_id");
    r.promotion_id.empty() ? w.Null() : w.String(r.promotion_id);
    w.Key("coupon");
    r.coupon.empty() ? w.Null() : w.String(r.coupon);
    w.Field("code", r.code).Field("reason", r.reason).EndObject();
  }
  w.EndArray().Key("vat").BeginArray();
  for (const VatRow& row : q.vat) {
    w.BeginObject().Field("rate", row.rate);
    WriteMoney(w, "gross", row.gross);
    WriteMoney(w, "net", row.net);
    WriteMoney(w, "vat", row.vat);
    w.EndObject();
  }
  w.EndArray().Key("totals").BeginObject();
  WriteMoney(w, "subtotal", q.subtotal_gross);
  WriteMoney(w, "discount", q.discount_total);
  WriteMoney(w, "gross", q.total_gross);
  WriteMoney(w, "net", q.total_net);
  WriteMoney(w, "vat", q.total_vat);
  w.EndObject().Field("free_shipping", q.free_shipping).EndObject();
  return w.Take();
}

Result<NewPriceList> DecodeNewPriceList(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewPriceList req;
  OMNI_ASSIGN_OR_RETURN(req.name, json::RequireString(body, "name"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                        json::OptionalString(body, "currency"));
  req.currency = currency.value_or("PLN");
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> priority, json::OptionalInt(body, "priority"));
  req.priority = priority.value_or(0);
  OMNI_ASSIGN_OR_RETURN(req.channel_id, json::OptionalString(body, "channel_id"));
  OMNI_ASSIGN_OR_RETURN(req.validity, DecodeValidity(body));
  const json::Value* entries = body.Find("entries");
  if (entries != nullptr && !entries->is_null()) {
    if (entries->AsArray() == nullptr) {
      return Error::InvalidArgument("entries", "must be an array");
    }
    for (size_t idx = 0; idx < entries->AsArray()->size(); ++idx) {
      OMNI_ASSIGN_OR_RETURN(
          NewPrice price,
          DecodePriceIn((*entries->AsArray())[idx], "entries[" + std::to_string(idx) + "].", ""));
      req.entries.push_back(std::move(price));
    }
  }
  return req;
}

Result<PriceListUpdate> DecodePriceListUpdate(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  PriceListUpdate update;
  OMNI_ASSIGN_OR_RETURN(update.name, json::OptionalString(body, "name"));
  OMNI_ASSIGN_OR_RETURN(update.priority, json::OptionalInt(body, "priority"));
  if (body.Find("valid_from") != nullptr || body.Find("valid_to") != nullptr) {
    OMNI_ASSIGN_OR_RETURN(update.validity, DecodeValidity(body));
  }
  if (body.Find("currency") != nullptr || body.Find("channel_id") != nullptr) {
    return Error::InvalidArgument("body",
                                  "cannot change currency or channel_id: create a new list");
  }
  return update;
}

Result<NewPrice> DecodeNewPrice(const json::Value& body, std::string_view sku) {
  return DecodePriceIn(body, "", sku);
}

Result<NewPromotion> DecodeNewPromotion(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewPromotion req;
  OMNI_ASSIGN_OR_RETURN(req.name, json::RequireString(body, "name"));
  OMNI_ASSIGN_OR_RETURN(std::string kind, json::RequireString(body, "kind"));
  OMNI_ASSIGN_OR_RETURN(req.kind, ParseEnum<PromotionKind>(kind, "kind"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> level, json::OptionalString(body, "level"));
  if (level) {
    OMNI_ASSIGN_OR_RETURN(req.level, ParseEnum<PromotionLevel>(*level, "level"));
  }
  OMNI_ASSIGN_OR_RETURN(req.percent, OptionalDecimal(body, "percent", "percent"));
  OMNI_ASSIGN_OR_RETURN(req.amount, OptionalDecimal(body, "amount", "amount"));
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> buy, json::OptionalInt(body, "buy_quantity"));
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> free, json::OptionalInt(body, "free_quantity"));
  req.buy_quantity = buy.value_or(0);
  req.free_quantity = free.value_or(0);
  OMNI_ASSIGN_OR_RETURN(req.skus, StringList(body, "skus", "skus"));
  OMNI_ASSIGN_OR_RETURN(req.category_ids, StringList(body, "category_ids", "category_ids"));
  OMNI_ASSIGN_OR_RETURN(req.min_basket, OptionalDecimal(body, "min_basket", "min_basket"));
  OMNI_ASSIGN_OR_RETURN(req.segment_id, json::OptionalString(body, "segment_id"));
  OMNI_ASSIGN_OR_RETURN(req.channel_id, json::OptionalString(body, "channel_id"));
  OMNI_ASSIGN_OR_RETURN(req.validity, DecodeValidity(body));
  OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> priority, json::OptionalInt(body, "priority"));
  req.priority = priority.value_or(0);
  OMNI_ASSIGN_OR_RETURN(std::optional<bool> stackable, json::OptionalBool(body, "stackable"));
  req.stackable = stackable.value_or(false);
  return req;
}

Result<NewCoupon> DecodeNewCoupon(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewCoupon req;
  OMNI_ASSIGN_OR_RETURN(req.code, json::RequireString(body, "code"));
  OMNI_ASSIGN_OR_RETURN(req.promotion_id, json::RequireString(body, "promotion_id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<bool> once, json::OptionalBool(body, "once_per_customer"));
  req.once_per_customer = once.value_or(true);
  OMNI_ASSIGN_OR_RETURN(req.max_uses, json::OptionalInt(body, "max_uses"));
  OMNI_ASSIGN_OR_RETURN(req.channel_id, json::OptionalString(body, "channel_id"));
  OMNI_ASSIGN_OR_RETURN(req.validity, DecodeValidity(body));
  return req;
}

Result<RedeemRequest> DecodeRedeemRequest(const json::Value& body, std::string_view code) {
  OMNI_TRY(json::RequireObject(body, "body"));
  RedeemRequest req{.code = std::string(code)};
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> customer,
                        json::OptionalString(body, "customer_id"));
  req.customer_id = customer.value_or("");
  OMNI_ASSIGN_OR_RETURN(req.order_ref, json::RequireString(body, "order_ref"));
  OMNI_ASSIGN_OR_RETURN(req.channel_id, json::RequireString(body, "channel_id"));
  return req;
}

Result<QuoteRequest> DecodeQuoteRequest(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  QuoteRequest req;
  const json::Value* lines = body.Find("lines");
  if (lines == nullptr || lines->AsArray() == nullptr) {
    return Error::InvalidArgument("lines", "must be an array of {sku, quantity}");
  }
  for (size_t line_idx = 0; line_idx < lines->AsArray()->size(); ++line_idx) {
    const json::Value& line = (*lines->AsArray())[line_idx];
    const std::string field = "lines[" + std::to_string(line_idx) + "]";
    OMNI_TRY(json::RequireObject(line, field));
    QuoteLine parsed;
    OMNI_ASSIGN_OR_RETURN(parsed.sku, json::RequireString(line, "sku", field + ".sku"));
    const json::Value* quantity = line.Find("quantity");
    if (quantity == nullptr || !quantity->AsInt()) {
      return Error::InvalidArgument(field + ".quantity",
                                    "must be a whole number from 1 to 1000000");
    }
    parsed.quantity = *quantity->AsInt();
    req.lines.push_back(std::move(parsed));
  }
  OMNI_ASSIGN_OR_RETURN(req.customer_id, json::OptionalString(body, "customer_id"));
  OMNI_ASSIGN_OR_RETURN(req.segment_ids, StringList(body, "segment_ids", "segment_ids"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> channel,
                        json::OptionalString(body, "channel_id"));
  req.channel_id = channel.value_or("");
  OMNI_ASSIGN_OR_RETURN(req.coupons, StringList(body, "coupons", "coupons"));
  OMNI_ASSIGN_OR_RETURN(req.at, OptionalTime(body, "at", "at"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> currency,
                        json::OptionalString(body, "currency"));
  req.currency = currency.value_or("PLN");
  if (const json::Value* adjustments = body.Find("adjustments"); adjustments != nullptr) {
    if (adjustments->AsArray() == nullptr) {
      return Error::InvalidArgument("adjustments", "must be an array of {kind, amount, reason}");
    }
    for (size_t idx = 0; idx < adjustments->AsArray()->size(); ++idx) {
      const json::Value& item = (*adjustments->AsArray())[idx];
      const std::string field = "adjustments[" + std::to_string(idx) + "]";
      OMNI_TRY(json::RequireObject(item, field));
      Adjustment adjustment;
      OMNI_ASSIGN_OR_RETURN(adjustment.kind, json::RequireString(item, "kind", field + ".kind"));
      const json::Value* amount = item.Find("amount");
      if (amount == nullptr || amount->AsObject() == nullptr) {
        return Error::InvalidArgument(field + ".amount",
                                      "must be {\"amount\": minor units, \"currency\"}");
      }
      OMNI_ASSIGN_OR_RETURN(adjustment.amount.minor,
                            json::RequireInt(*amount, "amount", field + ".amount.amount"));
      OMNI_ASSIGN_OR_RETURN(std::string code,
                            json::RequireString(*amount, "currency", field + ".amount.currency"));
      Result<Currency> parsed = Currency::Parse(code);
      if (!parsed.ok()) {
        return Error::InvalidArgument(field + ".amount.currency", "is not a known currency");
      }
      adjustment.amount.currency = *parsed;
      OMNI_ASSIGN_OR_RETURN(std::optional<std::string> reason,
                            json::OptionalString(item, "reason", field + ".reason"));
      adjustment.reason = reason.value_or("");
      req.adjustments.push_back(std::move(adjustment));
    }
  }
  return req;
}

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
  return Obj(R"("order_ref","channel_id")",
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
