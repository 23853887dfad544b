#include <algorithm>

#include "changes/changes.h"
#include "customers/customers_service.h"
#include "customers/events.h"
#include "customers/identity.h"

namespace omnihub::customers {
namespace {

constexpr size_t kMaxTraitName = 64;

bool IsNameTrait(std::string_view name) {
  return name == "first_name" || name == "firstName" || name == "last_name" || name == "lastName" ||
         name == "name";
}

// The string a stored trait holds, or nullopt when it holds something else.
std::optional<std::string> StringTrait(const std::vector<store::TraitRow>& traits,
                                       std::string_view name) {
  for (const store::TraitRow& trait : traits) {
    if (trait.name == name) {
      Result<json::Value> value = json::Parse(trait.value_json);
      if (value.ok() && value->is_string() && !value->AsString()->empty()) {
        return *value->AsString();
      }
      return std::nullopt;
    }
  }
  return std::nullopt;
}

const store::TraitRow* FindTrait(const std::vector<store::TraitRow>& traits,
                                 std::string_view name) {
  for (const store::TraitRow& trait : traits) {
    if (trait.name == name) {
      return &trait;
    }
  }
  return nullptr;
}

void OptionalTime(json::Writer& w, std::string_view key, const std::optional<int64_t>& micros) {
  w.Key(key);
  if (micros) {
    w.String(FormatRfc3339(FromUnixMicros(*micros)));
  } else {
    w.Null();
  }
}

void WriteAddresses(json::Writer& w, const std::vector<store::TraitRow>& traits) {
  w.Key("addresses").BeginArray();
  if (const store::TraitRow* address = FindTrait(traits, "address")) {
    Result<json::Value> value = json::Parse(address->value_json);
    if (value.ok() && value->is_object()) {
      w.Raw(address->value_json);
    }
  }
  if (const store::TraitRow* addresses = FindTrait(traits, "addresses")) {
    Result<json::Value> value = json::Parse(addresses->value_json);
    if (value.ok() && value->is_array()) {
      for (const json::Value& item : *value->AsArray()) {
        if (item.is_object()) {
          w.Value(item);
        }
      }
    }
  }
  w.EndArray();
}

void WritePersonalData(json::Writer& w, const std::vector<store::IdentifierRow>& identifiers,
                       const std::vector<store::TraitRow>& traits,
                       const std::vector<store::ConsentRow>& consents) {
  w.Key("identifiers").BeginArray();
  for (const store::IdentifierRow& row : identifiers) {
    w.BeginObject().Field("type", NameOf(row.id.type)).Field("value", row.id.value);
    w.Field("namespace", row.id.ns);
    w.Field("added_at", FormatRfc3339(FromUnixMicros(row.added_at)));
    w.Field("channel_id", row.channel_id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("traits").BeginObject();
  for (const store::TraitRow& trait : traits) {
    w.Key(trait.name).BeginObject().Key("value").Raw(trait.value_json);
    w.Field("source", trait.source);
    w.Field("channel_id", trait.channel_id);
    w.Field("updated_at", FormatRfc3339(FromUnixMicros(trait.updated_at))).EndObject();
  }
  w.EndObject();
  const PersonName name = NameFromTraits(traits);
  w.Key("name").BeginObject();
  w.Field("first", name.first);
  w.Field("last", name.last);
  w.Field("full", name.full);
  w.EndObject();
  WriteAddresses(w, traits);
  w.Key("preferences").BeginObject();
  for (std::string_view preference : {"size", "favourite_store", "preferred_channel"}) {
    w.Key(preference);
    if (const store::TraitRow* trait = FindTrait(traits, preference)) {
      w.Raw(trait->value_json);
    } else {
      w.Null();
    }
  }
  w.EndObject();
  w.Key("consents").BeginArray();
  for (const store::ConsentRow& consent : consents) {
    w.BeginObject().Field("purpose", consent.purpose).Field("channel", consent.channel);
    w.Field("granted", consent.granted).Field("source", consent.source);
    w.Field("updated_at", FormatRfc3339(FromUnixMicros(consent.updated_at))).EndObject();
  }
  w.EndArray();
}

}  // namespace

PersonName NameFromTraits(const std::vector<store::TraitRow>& traits) {
  PersonName name;
  name.first = StringTrait(traits, "first_name");
  if (!name.first) {
    name.first = StringTrait(traits, "firstName");
  }
  name.last = StringTrait(traits, "last_name");
  if (!name.last) {
    name.last = StringTrait(traits, "lastName");
  }
  name.full = StringTrait(traits, "name");
  if (!name.full && (name.first || name.last)) {
    name.full = name.first && name.last ? *name.first + " " + *name.last
                                        : name.first.value_or(name.last.value_or(""));
  }
  return name;
}

Result<void> CustomersServiceImpl::ApplyTraits(storage::Tx& tx, const std::string& customer_id,
                                               const json::Object& traits,
                                               const ValueSource& from) {
  if (traits.empty()) {
    return Ok();
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::TraitRow> stored, store::SelectTraits(tx, customer_id));
  const int64_t at = UnixMicros(from.at);
  std::optional<std::string> channel_id;
  if (!from.channel_id.empty()) {
    channel_id = from.channel_id;
  }
  std::vector<std::string> changed;
  bool name_changed = false;
  for (const auto& [name, value] : traits) {
    if (name.empty() || name.size() > kMaxTraitName) {
      continue;  // events are lenient: an unusable name is dropped, the event kept
    }
    std::string value_json = json::Serialize(value);
    const store::TraitRow* known = FindTrait(stored, name);
    if (known != nullptr && known->updated_at > at) {
      continue;  // an older write never replaces a newer value
    }
    const bool differs = known == nullptr || known->value_json != value_json;
    if (!differs && known->updated_at == at) {
      continue;
    }
    // Same value, newer time: the time still moves, so a late older write cannot win later.
    OMNI_TRY(store::UpsertTrait(tx, customer_id,
                                store::TraitRow{.name = name,
                                                .value_json = std::move(value_json),
                                                .source = from.source,
                                                .channel_id = channel_id,
                                                .updated_at = at}));
    if (differs) {
      changed.push_back(name);
      name_changed = name_changed || IsNameTrait(name);
    }
  }
  if (name_changed) {
    OMNI_TRY(RefreshNameTerms(tx, customer_id));
  }
  if (changed.empty()) {
    return Ok();
  }
  return AppendChange(tx, events::kProfileUpdated, customer_id,
                      events::ProfileUpdated{.customer_id = customer_id,
                                             .traits = std::move(changed),
                                             .source = from.source,
                                             .channel_id = from.channel_id});
}

Result<void> CustomersServiceImpl::ApplyConsents(storage::Tx& tx, const std::string& customer_id,
                                                 const std::vector<ConsentChange>& consents,
                                                 const ValueSource& from) {
  if (consents.empty()) {
    return Ok();
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<store::ConsentRow> stored,
                        store::SelectConsents(tx, customer_id));
  const int64_t at = UnixMicros(from.at);
  for (const ConsentChange& consent : consents) {
    if (consent.purpose.empty() || consent.channel.empty()) {
      continue;
    }
    auto known = std::find_if(stored.begin(), stored.end(), [&](const store::ConsentRow& row) {
      return row.purpose == consent.purpose && row.channel == consent.channel;
    });
    if (known != stored.end() && known->updated_at > at) {
      continue;  // an older word never replaces a newer one
    }
    const bool differs = known == stored.end() || known->granted != consent.granted;
    store::ConsentRow row{.purpose = consent.purpose,
                          .channel = consent.channel,
                          .granted = consent.granted,
                          .source = from.source,
                          .updated_at = at};
    OMNI_TRY(store::UpsertConsent(tx, customer_id, row));
    if (known == stored.end()) {
      stored.push_back(row);
    } else {
      *known = row;
    }
    if (!differs) {
      continue;
    }
    OMNI_TRY(AppendChange(tx, events::kConsentChanged, customer_id,
                          events::ConsentChanged{.customer_id = customer_id,
                                                 .purpose = consent.purpose,
                                                 .channel = consent.channel,
                                                 .granted = consent.granted,
                                                 .source = from.source}));
  }
  return Ok();
}

Result<void> CustomersServiceImpl::RefreshNameTerms(storage::Tx& tx,
                                                    const std::string& customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<store::TraitRow> traits, store::SelectTraits(tx, customer_id));
  OMNI_TRY(store::DeleteTerms(tx, customer_id, "name"));
  const PersonName name = NameFromTraits(traits);
  for (const std::optional<std::string>& part : {name.first, name.last, name.full}) {
    if (!part) {
      continue;
    }
    for (const std::string& term : NameTerms(*part)) {
      OMNI_TRY(store::InsertTerm(tx, term, customer_id, "name"));
    }
  }
  return Ok();
}

Result<std::string> CustomersServiceImpl::ProfileJson(storage::Tx& tx, std::string_view customer_id,
                                                      bool with_personal_data) {
  OMNI_ASSIGN_OR_RETURN(store::ProfileRow profile, LiveProfile(tx, customer_id));
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> merged_ids,
                        store::SelectMergedInto(tx, profile.id));
  json::Writer w;
  w.BeginObject().Field("id", profile.id);
  w.Field("created_at", FormatRfc3339(FromUnixMicros(profile.created_at)));
  w.Field("updated_at", FormatRfc3339(FromUnixMicros(profile.updated_at)));
  w.Key("merged_ids").BeginArray();
  for (const std::string& id : merged_ids) {
    w.String(id);
  }
  w.EndArray();
  if (with_personal_data) {
    OMNI_ASSIGN_OR_RETURN(std::vector<store::IdentifierRow> identifiers,
                          store::SelectIdentifiers(tx, profile.id));
    OMNI_ASSIGN_OR_RETURN(std::vector<store::TraitRow> traits, store::SelectTraits(tx, profile.id));
    OMNI_ASSIGN_OR_RETURN(std::vector<store::ConsentRow> consents,
                          store::SelectConsents(tx, profile.id));
    WritePersonalData(w, identifiers, traits, consents);
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> channels, store::SelectChannels(tx, profile.id));
  OMNI_ASSIGN_OR_RETURN(auto other_counts, store::SelectEventCounts(tx, profile.id));
  w.Key("computed").BeginObject();
  OptionalTime(w, "first_seen_at", profile.first_seen_at);
  OptionalTime(w, "last_seen_at", profile.last_seen_at);
  w.Key("channels").BeginArray();
  for (const std::string& channel : channels) {
    w.String(channel);
  }
  w.EndArray().Field("event_count", profile.event_count);
  w.Key("event_counts").BeginObject();
  for (size_t idx = 0; idx < profile.type_counts.size(); ++idx) {
    if (profile.type_counts[idx] > 0) {
      w.Field(store::kCountedTypes[idx], profile.type_counts[idx]);
    }
  }
  for (const auto& [type, count] : other_counts) {
    w.Field(type, count);
  }
  w.EndObject();
  w.Field("orders_count", profile.orders_count).Field("revenue_minor", profile.revenue_minor);
  OptionalTime(w, "last_purchase_at", profile.last_purchase_at);
  w.Key("last_purchase_channel_id");
  profile.last_purchase_channel_id ? w.String(*profile.last_purchase_channel_id) : w.Null();
  w.EndObject().EndObject();
  return w.Take();
}

}  // namespace omnihub::customers
