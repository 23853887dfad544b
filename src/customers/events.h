#pragma once

#include <string_view>

// The changes the customers module appends to the change log. Every one carries the profile's
// id as its customer_id, so it is on that person's timeline. Payloads hold ids, names of what
// changed and sources, never identifier values or trait values.
namespace omnihub::customers::events {

// {"customer_id","channel_id","cause"}: a profile was created (cause: the event id or
// "api:<key_id>").
inline constexpr std::string_view kProfileCreated = "customers.profile.created";
// {"customer_id","traits":[names],"source","channel_id"}: trait values changed.
inline constexpr std::string_view kProfileUpdated = "customers.profile.updated";
// {"survivor_id","merged_id","cause"}: merged_id now redirects to survivor_id.
inline constexpr std::string_view kProfileMerged = "customers.profile.merged";
// {"conflict_id","customer_id","other_customer_id","identifier_type","limit_type","cause"}:
// a link refused by a per-type limit, kept for review (other_customer_id null: an identifier
// that could not be attached).
inline constexpr std::string_view kConflictRecorded = "customers.profile.conflict_recorded";
// {"customer_id","purpose","channel","granted","source"}: a consent was given or withdrawn.
inline constexpr std::string_view kConsentChanged = "customers.profile.consent_changed";
// {"customer_id","erased_ids":[…]}: the person's personal data was erased.
inline constexpr std::string_view kProfileErased = "customers.profile.erased";

}  // namespace omnihub::customers::events
