#pragma once

#include <string>
#include <vector>

#include "changes/event.h"
#include "core/schema.h"

// What the customers module appends to the change log. Every change is about one profile (its
// id is the entity and the customer_id, so it is on that person's timeline). Payloads hold ids,
// names of what changed and sources, never identifier or trait values.
namespace omnihub::customers::events {

using omnihub::schema::F;

struct ProfileCreated {
  std::string customer_id;
  std::string channel_id;  // where the person was first seen, "" for none
  std::string cause;       // the event id ("evt_…") or "api:<key id>"
};
constexpr auto Describe(const ProfileCreated*) {
  return std::tuple{F("customer_id", &ProfileCreated::customer_id),
                    F("channel_id", &ProfileCreated::channel_id),
                    F("cause", &ProfileCreated::cause)};
}

struct ProfileUpdated {
  std::string customer_id;
  std::vector<std::string> traits;  // the names of the traits whose values changed
  std::string source;               // the event id or "api:<key id>"
  std::string channel_id;
};
constexpr auto Describe(const ProfileUpdated*) {
  return std::tuple{F("customer_id", &ProfileUpdated::customer_id),
                    F("traits", &ProfileUpdated::traits), F("source", &ProfileUpdated::source),
                    F("channel_id", &ProfileUpdated::channel_id)};
}

struct ProfileMerged {
  std::string survivor_id;
  std::string merged_id;  // now redirects to survivor_id
  std::string cause;
};
constexpr auto Describe(const ProfileMerged*) {
  return std::tuple{F("survivor_id", &ProfileMerged::survivor_id),
                    F("merged_id", &ProfileMerged::merged_id), F("cause", &ProfileMerged::cause)};
}

// A link refused by a per-type limit, kept for review.
struct ConflictRecorded {
  int64_t conflict_id = 0;
  std::string customer_id;
  // The profile already holding the identifier; nullopt: an identifier that could not be
  // attached at all.
  std::optional<std::string> other_customer_id;
  std::string identifier_type;  // "email", …
  std::string limit_type;
  std::string cause;
};
constexpr auto Describe(const ConflictRecorded*) {
  return std::tuple{F("conflict_id", &ConflictRecorded::conflict_id),
                    F("customer_id", &ConflictRecorded::customer_id),
                    F("other_customer_id", &ConflictRecorded::other_customer_id),
                    F("identifier_type", &ConflictRecorded::identifier_type),
                    F("limit_type", &ConflictRecorded::limit_type),
                    F("cause", &ConflictRecorded::cause)};
}

struct ConsentChanged {
  std::string customer_id;
  std::string purpose;  // "marketing", …
  std::string channel;  // contact channel: "email", "sms", …, "all"
  bool granted = false;
  std::string source;
};
constexpr auto Describe(const ConsentChanged*) {
  return std::tuple{F("customer_id", &ConsentChanged::customer_id),
                    F("purpose", &ConsentChanged::purpose), F("channel", &ConsentChanged::channel),
                    F("granted", &ConsentChanged::granted), F("source", &ConsentChanged::source)};
}

struct ProfileErased {
  std::string customer_id;
  std::vector<std::string> erased_ids;  // the profile and every profile merged into it
};
constexpr auto Describe(const ProfileErased*) {
  return std::tuple{F("customer_id", &ProfileErased::customer_id),
                    F("erased_ids", &ProfileErased::erased_ids)};
}

inline constexpr changes::EventType<ProfileCreated> kProfileCreated{
    .name = "customers.profile.created",
    .entity_type = "profile",
    .summary = "A person was seen for the first time"};
inline constexpr changes::EventType<ProfileUpdated> kProfileUpdated{
    .name = "customers.profile.updated",
    .entity_type = "profile",
    .summary = "Trait values of a profile changed (the names, not the values)"};
inline constexpr changes::EventType<ProfileMerged> kProfileMerged{
    .name = "customers.profile.merged",
    .entity_type = "profile",
    .summary = "Two profiles turned out to be one person; the older survives"};
inline constexpr changes::EventType<ConflictRecorded> kConflictRecorded{
    .name = "customers.profile.conflict_recorded",
    .entity_type = "profile",
    .summary = "An identifier link was refused by a per-type limit and kept for review"};
inline constexpr changes::EventType<ConsentChanged> kConsentChanged{
    .name = "customers.profile.consent_changed",
    .entity_type = "profile",
    .summary = "A consent was given or withdrawn"};
inline constexpr changes::EventType<ProfileErased> kProfileErased{
    .name = "customers.profile.erased",
    .entity_type = "profile",
    .summary = "The person's personal data was erased (GDPR art. 17)"};

inline std::vector<changes::EventInfo> Catalogue() {
  return {changes::Info(kProfileCreated), changes::Info(kProfileUpdated),
          changes::Info(kProfileMerged),  changes::Info(kConflictRecorded),
          changes::Info(kConsentChanged), changes::Info(kProfileErased)};
}

}  // namespace omnihub::customers::events
