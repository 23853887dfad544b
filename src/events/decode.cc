#include <initializer_list>

#include "core/id.h"
#include "events/segment.h"
#include "events/service.h"

namespace omnihub::events {
namespace {

using customers::IdentifierType;

constexpr size_t kMaxExcerptBytes = 2048;
constexpr size_t kMaxNameBytes = 1024;

// What a batch gives each of its events.
struct BatchDefaults {
  std::optional<TimePoint> sent_at;
  const json::Value* context = nullptr;  // an object, or nullptr
};

Error Missing(std::string_view prefix, std::string_view name) {
  return FieldError(kMissingField, FieldPath(prefix, name), "is required");
}

Error Invalid(std::string_view prefix, std::string_view name, std::string_view problem) {
  return FieldError(kInvalidField, FieldPath(prefix, name), problem);
}

Result<std::optional<TimePoint>> TimeMember(const json::Value& object, std::string_view key,
                                            std::string_view prefix) {
  const json::Value* member = Member(object, key);
  if (member == nullptr) {
    return std::optional<TimePoint>();
  }
  if (const std::string* text = member->AsString()) {
    if (Result<TimePoint> parsed = ParseRfc3339(*text); parsed.ok()) {
      return std::optional<TimePoint>(*parsed);
    }
  }
  return Invalid(prefix, key, "must be an ISO 8601 time like 2026-01-01T12:00:00.000Z");
}

Result<const json::Value*> ObjectMember(const json::Value& object, std::string_view key,
                                        std::string_view prefix) {
  const json::Value* member = Member(object, key);
  if (member != nullptr && !member->is_object()) {
    return Invalid(prefix, key, "must be an object");
  }
  return member;
}

Result<std::string> NameMember(const json::Value& object, std::string_view key,
                               std::string_view prefix) {
  const json::Value* member = Member(object, key);
  if (member == nullptr) {
    return std::string();
  }
  const std::string* name = member->AsString();
  if (name == nullptr) {
    return Invalid(prefix, key, "must be a string");
  }
  if (name->size() > kMaxNameBytes) {
    return Invalid(prefix, key, "must be at most 1024 bytes");
  }
  return *name;
}

// The event's context merged with the batch's (the event's members win): member lookup and
// serialisation, without copying either.
class MergedContext {
 public:
  MergedContext(const json::Value* own, const json::Value* batch) : own_(own), batch_(batch) {}

  const json::Value* Find(std::string_view key) const {
    const json::Value* member = own_ != nullptr ? Member(*own_, key) : nullptr;
    if (member == nullptr && batch_ != nullptr) {
      member = Member(*batch_, key);
    }
    return member;
  }

  // The members named `keys` that are present, as an object; "" when none is.
  std::string Subset(std::initializer_list<std::string_view> keys) const {
    json::Writer w;
    bool any = false;
    for (std::string_view key : keys) {
      if (const json::Value* member = Find(key)) {
        if (!any) {
          w.BeginObject();
          any = true;
        }
        w.Key(key).Value(*member);
      }
    }
    if (!any) {
      return std::string();
    }
    w.EndObject();
    return w.Take();
  }

  std::string Serialize() const {
    if (batch_ == nullptr) {
      return own_ != nullptr ? json::Serialize(*own_) : std::string("{}");
    }
    json::Writer w;
    w.BeginObject();
    if (own_ != nullptr) {
      for (const auto& [key, member] : *own_->AsObject()) {
        w.Key(key).Value(member);
      }
    }
    for (const auto& [key, member] : *batch_->AsObject()) {
      if (own_ == nullptr || own_->Find(key) == nullptr) {
        w.Key(key).Value(member);
      }
    }
    w.EndObject();
    return w.Take();
  }

 private:
  const json::Value* own_;
  const json::Value* batch_;
};

// Adds the identifier held by trait `key`, when it is a string or a number.
void AddTraitIdentifier(Event& event, const json::Object& traits, std::string_view key,
                        IdentifierType type) {
  for (const auto& [name, value] : traits) {
    if (name != key) {
      continue;
    }
    if (const std::string* text = value.AsString(); text != nullptr && !text->empty()) {
      event.identifiers.push_back({.type = type, .value = *text});
    } else if (value.is_number()) {
      event.identifiers.push_back({.type = type, .value = json::Serialize(value)});
    }
    return;
  }
}

Result<void> DecodeContext(Event& event, const MergedContext& context, std::string_view prefix) {
  const std::string context_prefix = FieldPath(prefix, "context");
  for (std::string_view key : {"ip", "userAgent"}) {
    const json::Value* member = context.Find(key);
    if (member != nullptr && !member->is_string()) {
      return Invalid(context_prefix, key, "must be a string");
    }
  }
  if (const json::Value* traits = context.Find("traits")) {
    if (!traits->is_object()) {
      return Invalid(context_prefix, "traits", "must be an object");
    }
    for (const auto& [key, value] : *traits->AsObject()) {
      bool known = false;
      for (const auto& member : event.person_traits) {
        known = known || member.first == key;
      }
      if (!known) {
        event.person_traits.emplace_back(key, value);
      }
    }
  }
  const json::Value* consent = context.Find("consent");
  if (consent == nullptr) {
    return Ok();
  }
  if (!consent->is_object()) {
    return Invalid(context_prefix, "consent", "must be an object");
  }
  const std::string consent_prefix = FieldPath(context_prefix, "consent");
  OMNI_ASSIGN_OR_RETURN(const json::Value* preferences,
                        ObjectMember(*consent, "categoryPreferences", consent_prefix));
  if (preferences == nullptr) {
    return Ok();
  }
  for (const auto& [purpose, granted] : *preferences->AsObject()) {
    std::optional<bool> flag = granted.AsBool();
    if (!flag) {
      return Invalid(FieldPath(consent_prefix, "categoryPreferences"), purpose,
                     "must be true or false");
    }
    event.consents.push_back({.purpose = purpose, .channel = "all", .granted = *flag});
  }
  return Ok();
}

// The skew-corrected time: what the client stamped, moved by how far its clock was off when
// it sent (receivedAt - sentAt).
void CorrectTime(Event& event, std::optional<TimePoint> timestamp,
                 std::optional<TimePoint> original_timestamp) {
  const std::optional<TimePoint> stamped = timestamp ? timestamp : original_timestamp;
  event.original_timestamp = original_timestamp ? original_timestamp : timestamp;
  if (!event.sent_at) {
    event.timestamp = stamped.value_or(event.received_at);
    return;
  }
  event.timestamp = stamped ? *stamped + (event.received_at - *event.sent_at) : event.received_at;
}

Result<Event> DecodeEvent(const json::Value& item, std::optional<EventType> forced_type,
                          std::string_view prefix, const BatchDefaults& defaults,
                          TimePoint received_at, const Options& options) {
  const std::string_view whole = prefix.empty() ? std::string_view("body") : prefix;
  // First: whatever else is wrong with it, an event holding card data is refused as such.
  if (std::optional<Error> card = CardNumberError(item, prefix)) {
    return std::move(*card);
  }
  if (!item.is_object()) {
    return FieldError(kInvalidField, whole, "must be an object");
  }
  if (const size_t size = SerializedSize(item, options.max_event_bytes);
      size > options.max_event_bytes) {
    return Error::Make(ErrorCode::kEventTooLarge, std::string(whole) + " is over the limit of " +
                                                      std::to_string(options.max_event_bytes) +
                                                      " bytes of JSON")
        .With("field", std::string(whole))
        .With("limit", static_cast<int64_t>(options.max_event_bytes));
  }
  Event event;
  event.received_at = received_at;
  if (forced_type) {
    event.type = *forced_type;
  } else {
    const json::Value* type = Member(item, "type");
    if (type == nullptr) {
      return Missing(prefix, "type");
    }
    std::optional<EventType> parsed =
        type->AsString() != nullptr ? EnumNames(EventType{}).Find(*type->AsString()) : std::nullopt;
    if (!parsed) {
      return FieldError(kUnknownType, FieldPath(prefix, "type"),
                        "must be one of track, identify, page, screen, group, alias");
    }
    event.type = *parsed;
  }

  OMNI_ASSIGN_OR_RETURN(event.message_id, IdMember(item, "messageId", prefix));
  if (event.message_id.empty()) {
    event.message_id = "omnihub-" + NewUlid(received_at);
    event.message_id_generated = true;
  }
  OMNI_ASSIGN_OR_RETURN(event.user_id, IdMember(item, "userId", prefix));
  OMNI_ASSIGN_OR_RETURN(event.anonymous_id, IdMember(item, "anonymousId", prefix));
  if (event.type == EventType::kAlias) {
    OMNI_ASSIGN_OR_RETURN(event.previous_id, IdMember(item, "previousId", prefix));
    if (event.user_id.empty()) {
      return Missing(prefix, "userId");
    }
    if (event.previous_id.empty()) {
      return Missing(prefix, "previousId");
    }
  } else if (event.user_id.empty() && event.anonymous_id.empty()) {
    return FieldError(kMissingField, FieldPath(prefix, "userId"), "or anonymousId is required");
  }
  if (event.type == EventType::kGroup) {
    OMNI_ASSIGN_OR_RETURN(event.group_id, IdMember(item, "groupId", prefix));
    if (event.group_id.empty()) {
      return Missing(prefix, "groupId");
    }
  }
  if (event.type == EventType::kTrack) {
    OMNI_ASSIGN_OR_RETURN(event.event_name, NameMember(item, "event", prefix));
    if (event.event_name.empty()) {
      return Missing(prefix, "event");
    }
  } else if (event.type == EventType::kPage || event.type == EventType::kScreen) {
    OMNI_ASSIGN_OR_RETURN(event.event_name, NameMember(item, "name", prefix));
  }

  OMNI_ASSIGN_OR_RETURN(std::optional<TimePoint> timestamp, TimeMember(item, "timestamp", prefix));
  OMNI_ASSIGN_OR_RETURN(std::optional<TimePoint> original,
                        TimeMember(item, "originalTimestamp", prefix));
  OMNI_ASSIGN_OR_RETURN(event.sent_at, TimeMember(item, "sentAt", prefix));
  if (!event.sent_at) {
    event.sent_at = defaults.sent_at;
  }
  CorrectTime(event, timestamp, original);

  OMNI_ASSIGN_OR_RETURN(const json::Value* properties, ObjectMember(item, "properties", prefix));
  OMNI_ASSIGN_OR_RETURN(const json::Value* traits, ObjectMember(item, "traits", prefix));
  OMNI_ASSIGN_OR_RETURN(const json::Value* context, ObjectMember(item, "context", prefix));
  OMNI_TRY(ObjectMember(item, "integrations", prefix));
  if (properties != nullptr) {
    event.properties_json = json::Serialize(*properties);
  }
  if (traits != nullptr &&
      (event.type == EventType::kIdentify || event.type == EventType::kGroup)) {
    event.traits_json = json::Serialize(*traits);
    if (event.type == EventType::kIdentify) {
      event.person_traits = *traits->AsObject();  // a group's traits describe the group
    }
  }
  const MergedContext merged(context, defaults.context);
  OMNI_TRY(DecodeContext(event, merged, prefix));
  if (context != nullptr || defaults.context != nullptr) {
    event.context_json = merged.Serialize();
    event.attribution_json = merged.Subset({"campaign", "referrer"});
  }

  if (!event.user_id.empty()) {
    event.identifiers.push_back({.type = IdentifierType::kUserId, .value = event.user_id});
  }
  if (!event.anonymous_id.empty()) {
    event.identifiers.push_back(
        {.type = IdentifierType::kAnonymousId, .value = event.anonymous_id});
  }
  if (!event.previous_id.empty()) {
    event.identifiers.push_back({.type = IdentifierType::kPreviousId, .value = event.previous_id});
  }
  AddTraitIdentifier(event, event.person_traits, "email", IdentifierType::kEmail);
  AddTraitIdentifier(event, event.person_traits, "phone", IdentifierType::kPhone);
  AddTraitIdentifier(event, event.person_traits, "loyalty_card", IdentifierType::kLoyaltyCard);
  AddTraitIdentifier(event, event.person_traits, "card", IdentifierType::kLoyaltyCard);
  AddTraitIdentifier(event, event.person_traits, "customer_number",
                     IdentifierType::kCustomerNumber);

  if (event.type == EventType::kTrack) {
    OMNI_ASSIGN_OR_RETURN(
        event.commerce, DecodeCommerce(event.event_name, properties,
                                       FieldPath(prefix, "properties"), options.default_currency));
  }
  return event;
}

}  // namespace

Result<Batch> DecodeBatch(const json::Value& body, TimePoint received_at, const Options& options) {
  if (!body.is_object()) {
    return Error::InvalidArgument("body", "must be a JSON object with a batch array");
  }
  const json::Value* items = Member(body, "batch");
  if (items == nullptr) {
    return Missing("", "batch");
  }
  if (!items->is_array()) {
    return Invalid("", "batch", "must be an array of events");
  }
  if (items->AsArray()->empty()) {
    return Invalid("", "batch", "must not be empty");
  }
  // A card number outside the events (the batch's context) would be in each: refuse it all.
  for (const auto& [key, member] : *body.AsObject()) {
    if (key == "batch") {
      continue;
    }
    if (std::optional<Error> card = CardNumberError(json::Value(json::Object{{key, member}}), "")) {
      return std::move(*card);
    }
  }
  BatchDefaults defaults;
  OMNI_ASSIGN_OR_RETURN(defaults.sent_at, TimeMember(body, "sentAt", ""));
  OMNI_ASSIGN_OR_RETURN(defaults.context, ObjectMember(body, "context", ""));

  const json::Array& array = *items->AsArray();
  Batch batch;
  batch.received_at = received_at;
  batch.events.reserve(array.size());
  for (size_t item_idx = 0; item_idx < array.size(); ++item_idx) {
    const std::string prefix = "batch[" + std::to_string(item_idx) + "]";
    Result<Event> event =
        DecodeEvent(array[item_idx], std::nullopt, prefix, defaults, received_at, options);
    if (event.ok()) {
      event->index = static_cast<int>(item_idx);
      batch.events.push_back(std::move(event).value());
      continue;
    }
    const Error& error = event.error();
    const DetailValue* field = error.Detail("field");
    const bool card = error.code == ErrorCode::kCardNumberForbidden;
    batch.rejections.push_back(
        {.index = static_cast<int>(item_idx),
         .code = std::string(RejectionCode(error)),
         .field = field != nullptr ? std::get<std::string>(*field) : prefix,
         .message = error.message,
         // Card data is never stored, so neither is an event holding it.
         .raw_excerpt =
             card ? std::string() : CutUtf8(json::Serialize(array[item_idx]), kMaxExcerptBytes)});
  }
  return batch;
}

Result<Event> DecodeSingle(const json::Value& body, EventType type, TimePoint received_at,
                           const Options& options) {
  return DecodeEvent(body, type, "", BatchDefaults{}, received_at, options);
}

}  // namespace omnihub::events
