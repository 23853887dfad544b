#include <algorithm>

#include "customers/customers_service.h"
#include "customers/identity.h"

namespace omnihub::customers {
namespace {

constexpr size_t kMaxTraitName = 64;
constexpr size_t kMaxConsentPart = 64;
constexpr std::string_view kContactChannels[] = {"email", "sms", "phone", "push", "post", "all"};

bool AllObjects(const json::Value& value) {
  const json::Array* items = value.AsArray();
  if (items == nullptr) {
    return false;
  }
  for (const json::Value& item : *items) {
    if (!item.is_object()) {
      return false;
    }
  }
  return true;
}

// The API is strict where events are lenient: a bad trait is an error naming it.
Result<void> ValidateTraits(const json::Object& traits) {
  for (const auto& [name, value] : traits) {
    const std::string field = "traits." + name;
    if (name.empty() || name.size() > kMaxTraitName) {
      return Error::InvalidArgument("traits", "names must be 1 to 64 characters");
    }
    for (unsigned char c : name) {
      if (c < 0x20 || c == 0x7f) {
        return Error::InvalidArgument("traits", "names must not contain control characters");
      }
    }
    if (name == "address" && !value.is_object() && !value.is_null()) {
      return Error::InvalidArgument(field, "must be an object");
    }
    if (name == "addresses" && !AllObjects(value) && !value.is_null()) {
      return Error::InvalidArgument(field, "must be an array of objects");
    }
    if ((name == "first_name" || name == "last_name" || name == "name" || name == "firstName" ||
         name == "lastName") &&
        !value.is_string() && !value.is_null()) {
      return Error::InvalidArgument(field, "must be a string");
    }
  }
  return Ok();
}

Result<void> ValidateConsents(const std::vector<ConsentChange>& consents) {
  for (size_t idx = 0; idx < consents.size(); ++idx) {
    const std::string prefix = "consents[" + std::to_string(idx) + "].";
    const ConsentChange& consent = consents[idx];
    if (consent.purpose.empty() || consent.purpose.size() > kMaxConsentPart) {
      return Error::InvalidArgument(prefix + "purpose", "must be 1 to 64 characters");
    }
    if (std::find(std::begin(kContactChannels), std::end(kContactChannels), consent.channel) ==
        std::end(kContactChannels)) {
      return Error::InvalidArgument(prefix + "channel",
                                    "must be one of email, sms, phone, push, post, all");
    }
  }
  return Ok();
}

}  // namespace

Result<Resolution> CustomersServiceImpl::Write(storage::Tx& tx, const ProfileWrite& write) {
  ResolveInput input{.cause = "api:" + write.key_id, .channel_id = write.channel_id};
  for (size_t idx = 0; idx < write.identifiers.size(); ++idx) {
    const Identifier& given = write.identifiers[idx];
    OMNI_ASSIGN_OR_RETURN(Identifier normal,
                          Normalize(given, options_.default_region,
                                    "identifiers[" + std::to_string(idx) + "].value"));
    input.candidates.push_back(Candidate{.id = std::move(normal),
                                         .raw = given.value,
                                         .priority = Priority(given.type),
                                         .previous_id = given.type == IdentifierType::kPreviousId});
  }
  OMNI_TRY(ValidateTraits(write.traits));
  OMNI_TRY(ValidateConsents(write.consents));
  if (write.customer_id.empty() && input.candidates.empty()) {
    return Error::InvalidArgument("identifiers", "needs at least one identifier");
  }
  if (!write.customer_id.empty()) {
    OMNI_ASSIGN_OR_RETURN(store::ProfileRow named, LiveProfile(tx, write.customer_id));
    input.named_id = named.id;
  }
  const TimePoint now = clock_.Now();
  OMNI_ASSIGN_OR_RETURN(Resolution resolution,
                        ResolveAndClaim(tx, input, [&](const std::string& customer_id) {
                          return store::TouchProfile(tx, customer_id, UnixMicros(now));
                        }));
  if (resolution.suppressed) {
    return Error::Conflict("an identifier belongs to a person whose data was erased")
        .With("erased", true);
  }
  const ValueSource from{.source = input.cause, .channel_id = write.channel_id, .at = now};
  OMNI_TRY(ApplyTraits(tx, resolution.customer_id, write.traits, from));
  OMNI_TRY(ApplyConsents(tx, resolution.customer_id, write.consents, from));
  return resolution;
}

}  // namespace omnihub::customers
