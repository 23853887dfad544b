#include "customers/codec.h"

namespace omnihub::customers {
namespace {

constexpr size_t kMaxIdentifiers = 50;
constexpr size_t kMaxConsents = 50;

std::string Time(int64_t micros) { return FormatRfc3339(FromUnixMicros(micros)); }

Result<json::Object> DecodeTraits(const json::Value& body, bool required) {
  const json::Value* traits = body.Find("traits");
  if (traits == nullptr || traits->is_null()) {
    if (required) {
      return Error::InvalidArgument("traits", "is required");
    }
    return json::Object{};
  }
  OMNI_ASSIGN_OR_RETURN(const json::Object* members, json::RequireObject(*traits, "traits"));
  return *members;
}

Result<std::vector<ConsentChange>> DecodeConsentList(const json::Value& body, bool required) {
  const json::Value* list = body.Find("consents");
  if (list == nullptr || list->is_null()) {
    if (required) {
      return Error::InvalidArgument("consents", "is required");
    }
    return std::vector<ConsentChange>{};
  }
  const json::Array* items = list->AsArray();
  if (items == nullptr || items->size() > kMaxConsents) {
    return Error::InvalidArgument("consents", "must be an array of at most 50 consents");
  }
  std::vector<ConsentChange> consents;
  for (size_t idx = 0; idx < items->size(); ++idx) {
    const std::string field = "consents[" + std::to_string(idx) + "]";
    const json::Value& item = (*items)[idx];
    OMNI_TRY(json::RequireObject(item, field));
    ConsentChange consent;
    OMNI_ASSIGN_OR_RETURN(consent.purpose,
                          json::RequireString(item, "purpose", field + ".purpose"));
    OMNI_ASSIGN_OR_RETURN(consent.channel,
                          json::RequireString(item, "channel", field + ".channel"));
    OMNI_ASSIGN_OR_RETURN(std::optional<bool> granted,
                          json::OptionalBool(item, "granted", field + ".granted"));
    if (!granted) {
      return Error::InvalidArgument(field + ".granted", "is required");
    }
    consent.granted = *granted;
    consents.push_back(std::move(consent));
  }
  return consents;
}

}  // namespace

Result<Identifier> DecodeIdentifier(const json::Value& body, const std::string& field) {
  OMNI_TRY(json::RequireObject(body, field.empty() ? "body" : field));
  const std::string prefix = field.empty() ? "" : field + ".";
  OMNI_ASSIGN_OR_RETURN(std::string type, json::RequireString(body, "type", prefix + "type"));
  Identifier id;
  OMNI_ASSIGN_OR_RETURN(id.type, ParseEnum<IdentifierType>(type, prefix + "type"));
  OMNI_ASSIGN_OR_RETURN(id.value, json::RequireString(body, "value", prefix + "value"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> ns,
                        json::OptionalString(body, "namespace", prefix + "namespace"));
  id.ns = ns.value_or("");
  return id;
}

Result<ProfileWrite> DecodeNewCustomer(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  ProfileWrite write;
  const json::Value* list = body.Find("identifiers");
  const json::Array* items = list == nullptr ? nullptr : list->AsArray();
  if (items == nullptr || items->empty() || items->size() > kMaxIdentifiers) {
    return Error::InvalidArgument("identifiers", "must be an array of 1 to 50 identifiers");
  }
  for (size_t idx = 0; idx < items->size(); ++idx) {
    OMNI_ASSIGN_OR_RETURN(
        Identifier id, DecodeIdentifier((*items)[idx], "identifiers[" + std::to_string(idx) + "]"));
    write.identifiers.push_back(std::move(id));
  }
  OMNI_ASSIGN_OR_RETURN(write.traits, DecodeTraits(body, false));
  OMNI_ASSIGN_OR_RETURN(write.consents, DecodeConsentList(body, false));
  return write;
}

Result<json::Object> DecodeTraitsPatch(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  return DecodeTraits(body, true);
}

Result<std::vector<ConsentChange>> DecodeConsents(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  return DecodeConsentList(body, true);
}

void WriteMerge(json::Writer& w, const store::MergeRow& row) {
  w.BeginObject().Field("survivor_id", row.survivor_id).Field("merged_id", row.merged_id);
  w.Field("cause", row.cause).Field("merged_at", Time(row.merged_at)).EndObject();
}

void WriteConflict(json::Writer& w, const store::ConflictRow& row, bool with_personal_data) {
  w.BeginObject().Field("id", row.seq).Field("customer_id", row.customer_id);
  w.Field("other_customer_id", row.other_customer_id);
  w.Key("identifier").BeginObject().Field("type", row.identifier_type);
  w.Field("namespace", row.identifier_ns);
  if (with_personal_data) {
    w.Field("value", row.identifier_value);
  }
  w.EndObject().Field("limit_type", row.limit_type).Field("cause", row.cause);
  w.Field("status", row.status).Field("created_at", Time(row.created_at)).EndObject();
}

void WriteAccess(json::Writer& w, const store::AccessRow& row) {
  w.BeginObject().Field("customer_id", row.customer_id).Field("key_id", row.key_id);
  w.Field("role", row.role).Field("action", row.action).Field("request_id", row.request_id);
  w.Field("accessed_at", Time(row.accessed_at)).EndObject();
}

std::string EncodeSearchPage(const SearchPage& page) {
  json::Writer w;
  w.BeginObject().Key("customers").BeginArray();
  for (const CustomerSummary& customer : page.customers) {
    w.BeginObject().Field("id", customer.id);
    w.Field("created_at", FormatRfc3339(customer.created_at)).Key("name");
    if (customer.full_name.empty()) {
      w.Null();
    } else {
      w.String(customer.full_name);
    }
    w.Key("emails").BeginArray();
    for (const std::string& email : customer.emails) {
      w.String(email);
    }
    w.EndArray().Key("phones").BeginArray();
    for (const std::string& phone : customer.phones) {
      w.String(phone);
    }
    w.EndArray().EndObject();
  }
  w.EndArray().Key("next_cursor");
  if (page.next_cursor) {
    w.String(std::to_string(*page.next_cursor));
  } else {
    w.Null();
  }
  w.EndObject();
  return w.Take();
}

std::string EncodeTimeline(const std::vector<changes::StoredChange>& entries, int limit,
                           bool with_personal_data) {
  json::Writer w;
  w.BeginObject().Key("entries").BeginArray();
  for (const changes::StoredChange& entry : entries) {
    w.BeginObject().Field("seq", entry.seq).Field("type", entry.type);
    w.Field("occurred_at", FormatRfc3339(entry.occurred_at)).Key("channel_id");
    if (entry.channel_id.empty()) {
      w.Null();
    } else {
      w.String(entry.channel_id);
    }
    w.Field("entity_type", entry.entity_type).Field("entity_id", entry.entity_id);
    if (with_personal_data) {
      w.Key("payload").Raw(entry.payload_json);
    }
    w.EndObject();
  }
  w.EndArray().Key("next_cursor");
  if (!entries.empty() && static_cast<int>(entries.size()) == limit) {
    w.String(std::to_string(entries.back().seq));
  } else {
    w.Null();
  }
  w.EndObject();
  return w.Take();
}

std::string WithRedirect(std::string profile_json, std::string_view requested_id,
                         std::string_view survivor_id) {
  if (requested_id.empty() || requested_id == survivor_id || profile_json.size() < 2) {
    return profile_json;
  }
  // The profile is an object written by ProfileJson: insert the member after its '{'.
  std::string member = "\"redirected_from\":" + json::Quote(requested_id) + ",";
  profile_json.insert(1, member);
  return profile_json;
}

}  // namespace omnihub::customers
