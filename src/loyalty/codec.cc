#include "loyalty/codec.h"

namespace omnihub::loyalty {
namespace {

void WriteMoney(json::Writer& w, const Money& m) {
  w.BeginObject();
  w.Field("amount", m.minor);
  w.Field("currency", m.currency.code());
  w.EndObject();
}

void WriteBalance(json::Writer& w, const Balance& b) {
  w.BeginObject();
  w.Field("customer_id", b.customer_id);
  w.Field("points", b.points);
  w.Key("value");
  WriteMoney(w, b.value);
  w.Key("tier").BeginObject();
  w.Field("name", b.tier.tier.name);
  w.Field("multiplier_bp", b.tier.tier.multiplier_bp);
  w.Field("tier_points", b.tier.tier_points);
  w.Key("next");
  if (b.tier.next) {
    w.String(b.tier.next->name);
  } else {
    w.Null();
  }
  w.Field("points_to_next", b.tier.points_to_next);
  w.EndObject();
  w.Field("expiring_points", b.expiring_points);
  w.Key("next_expiry_at");
  if (b.next_expiry_at) {
    w.String(FormatRfc3339(*b.next_expiry_at));
  } else {
    w.Null();
  }
  w.EndObject();
}

}  // namespace

std::string EncodeTiers(const std::vector<Tier>& tiers) {
  return omnihub::schema::EncodeValue(tiers);
}

Result<std::vector<Tier>> DecodeTiers(const json::Value& tiers) {
  const json::Array* items = tiers.AsArray();
  if (items == nullptr) {
    return Error::InvalidArgument("tiers", "must be an array");
  }
  std::vector<Tier> out;
  for (size_t i = 0; i < items->size(); ++i) {
    const json::Value& item = (*items)[i];
    const std::string at = "tiers[" + std::to_string(i) + "]";
    OMNI_TRY(json::RequireObject(item, at));
    Tier tier;
    OMNI_ASSIGN_OR_RETURN(tier.name, json::RequireString(item, "name", at + ".name"));
    OMNI_ASSIGN_OR_RETURN(tier.threshold, json::RequireInt(item, "threshold", at + ".threshold"));
    OMNI_ASSIGN_OR_RETURN(tier.multiplier_bp,
                          json::RequireInt(item, "multiplier_bp", at + ".multiplier_bp"));
    out.push_back(std::move(tier));
  }
  return out;
}

std::string EncodeActions(const std::vector<ActionRule>& actions) {
  return omnihub::schema::EncodeValue(actions);
}

Result<std::vector<ActionRule>> DecodeActions(const json::Value& actions) {
  const json::Array* items = actions.AsArray();
  if (items == nullptr) {
    return Error::InvalidArgument("actions", "must be an array");
  }
  std::vector<ActionRule> out;
  for (size_t i = 0; i < items->size(); ++i) {
    const json::Value& item = (*items)[i];
    const std::string at = "actions[" + std::to_string(i) + "]";
    OMNI_TRY(json::RequireObject(item, at));
    ActionRule rule;
    OMNI_ASSIGN_OR_RETURN(rule.action, json::RequireString(item, "action", at + ".action"));
    OMNI_ASSIGN_OR_RETURN(rule.points, json::RequireInt(item, "points", at + ".points"));
    OMNI_ASSIGN_OR_RETURN(std::optional<int64_t> limit,
                          json::OptionalInt(item, "max_per_customer", at + ".max_per_customer"));
    rule.max_per_customer = limit.value_or(0);
    out.push_back(std::move(rule));
  }
  return out;
}

std::string EncodeProgramme(const Programme& p) { return omnihub::schema::Encode(p); }

Result<Programme> DecodeProgramme(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  Programme p;
  OMNI_ASSIGN_OR_RETURN(std::string currency, json::RequireString(body, "currency"));
  OMNI_ASSIGN_OR_RETURN(p.currency, Currency::Parse(currency));
  OMNI_ASSIGN_OR_RETURN(p.points_per_unit, json::RequireInt(body, "points_per_unit"));
  OMNI_ASSIGN_OR_RETURN(p.unit_minor, json::RequireInt(body, "unit_minor"));
  const json::Value* tiers = body.Find("tiers");
  if (tiers == nullptr) {
    return Error::InvalidArgument("tiers", "is required");
  }
  OMNI_ASSIGN_OR_RETURN(p.tiers, DecodeTiers(*tiers));
  OMNI_ASSIGN_OR_RETURN(int64_t expiry, json::RequireInt(body, "expiry_months"));
  OMNI_ASSIGN_OR_RETURN(int64_t window, json::RequireInt(body, "tier_window_months"));
  if (expiry < 1 || expiry > 120 || window < 1 || window > 120) {
    return Error::InvalidArgument(
        expiry < 1 || expiry > 120 ? "expiry_months" : "tier_window_months",
        "must be an integer in 1..120");
  }
  p.expiry_months = static_cast<int>(expiry);
  p.tier_window_months = static_cast<int>(window);
  OMNI_ASSIGN_OR_RETURN(p.redeem_points, json::RequireInt(body, "redeem_points"));
  OMNI_ASSIGN_OR_RETURN(p.redeem_value_minor, json::RequireInt(body, "redeem_value_minor"));
  const json::Value* actions = body.Find("actions");
  if (actions != nullptr && !actions->is_null()) {
    OMNI_ASSIGN_OR_RETURN(p.actions, DecodeActions(*actions));
  }
  return p;
}

std::string EncodeEntry(const Entry& entry) { return omnihub::schema::Encode(entry); }

std::string EncodeBalance(const Balance& balance) {
  json::Writer w;
  WriteBalance(w, balance);
  return w.Take();
}

std::string EncodeHistory(const HistoryPage& page) {
  json::Writer w;
  w.BeginObject();
  w.Key("entries").BeginArray();
  for (const Entry& entry : page.entries) {
    w.Raw(EncodeEntry(entry));
  }
  w.EndArray();
  w.Key("next_before");
  if (page.next_before > 0) {
    w.Int(page.next_before);
  } else {
    w.Null();
  }
  w.EndObject();
  return w.Take();
}

std::string EncodeRedemption(const Redemption& r) {
  json::Writer w;
  w.BeginObject();
  w.Key("entry").Raw(EncodeEntry(r.entry));
  w.Key("discount");
  WriteMoney(w, r.discount);
  w.Key("balance");
  WriteBalance(w, r.balance);
  w.EndObject();
  return w.Take();
}

}  // namespace omnihub::loyalty
