#pragma once

#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "changes/event.h"
#include "core/schema.h"

// What the use cases spanning modules append to the change log in their own name.
namespace omnihub::flows::events {

using omnihub::schema::F;

// An erasure's audit record: counts only. Not about the person (no customer_id on the change),
// so later erasures leave it alone.
struct PersonErased {
  std::string customer_id;  // the erased profile's id: not personal data once erased
  // Records each part touched: "profiles", "events", "changes", "idempotent_responses", …
  std::map<std::string, int64_t> counts;
};
constexpr auto Describe(const PersonErased*) {
  return std::tuple{F("customer_id", &PersonErased::customer_id),
                    F("counts", &PersonErased::counts)};
}

inline constexpr changes::EventType<PersonErased> kPersonErased{
    .name = "privacy.person.erased",
    .entity_type = "customer",
    .summary = "A person was erased from every module (GDPR art. 17); counts only"};

inline std::vector<changes::EventInfo> Catalogue() { return {changes::Info(kPersonErased)}; }

}  // namespace omnihub::flows::events
