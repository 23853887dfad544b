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

std::string ListOf(std::string_view member, const std::vector<std::string>& items) {
  std::string out = "{\"" + std::string(member) + "\":[";
  for (size_t idx = 0; idx < items.size(); ++idx) {
    out += (idx ? "," : "") + items[idx];
  }
  return out + "]}";
}

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

}  // namespace omnihub::pricing
