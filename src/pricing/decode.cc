// Pricing's request bodies, decoded and checked field by field.
#include "pricing/codec.h"

namespace omnihub::pricing {
namespace {

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

}  // namespace

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
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> channel,
                        json::OptionalString(body, "channel_id"));
  req.channel_id = channel.value_or("");
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

}  // namespace omnihub::pricing
