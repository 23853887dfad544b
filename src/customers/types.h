#pragma once

#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/enums.h"
#include "core/json.h"
#include "core/money.h"
#include "core/time.h"
#include "http/auth.h"

// The customers module's value types: identifiers, observations, resolutions, queries.
namespace omnihub::customers {

enum class IdentifierType {
  kUserId,          // "user_id": the channel's login id (Segment userId)
  kAnonymousId,     // "anonymous_id": a device or browser (Segment anonymousId)
  kEmail,           // "email": trimmed, lower-cased
  kPhone,           // "phone": E.164
  kLoyaltyCard,     // "card"
  kCustomerNumber,  // "customer_number"
  kSocial,          // "social": a handle, namespaced by network ("instagram")
  kExternal,        // "external": an id in another system, namespaced by it ("shopify")
  kPreviousId,      // "previous_id": Segment alias; matches a user_id or an anonymous_id
};
constexpr auto EnumNames(IdentifierType) {
  return EnumTable<IdentifierType, 9>{{{IdentifierType::kUserId, "user_id"},
                                       {IdentifierType::kAnonymousId, "anonymous_id"},
                                       {IdentifierType::kEmail, "email"},
                                       {IdentifierType::kPhone, "phone"},
                                       {IdentifierType::kLoyaltyCard, "card"},
                                       {IdentifierType::kCustomerNumber, "customer_number"},
                                       {IdentifierType::kSocial, "social"},
                                       {IdentifierType::kExternal, "external"},
                                       {IdentifierType::kPreviousId, "previous_id"}}};
}

struct Identifier {
  IdentifierType type = IdentifierType::kUserId;
  std::string value;
  std::string ns;  // kSocial / kExternal: the network or system; "" otherwise
  friend bool operator==(const Identifier&, const Identifier&) = default;
};

// A consent given or withdrawn for one purpose on one contact channel.
struct ConsentChange {
  std::string purpose;  // "marketing", "profiling", …
  std::string channel;  // contact channel: "email", "sms", "phone", "push", or "all"
  bool granted = false;
};

// What one event tells about its person. Values are raw; the resolver normalises them.
struct Observation {
  std::vector<Identifier> identifiers;
  json::Object traits;  // identify traits (and context.traits); raw values kept as given
  std::vector<ConsentChange> consents;
  std::string channel_id;  // the sales channel the event came from
  std::string event_id;    // the source recorded with each trait value ("evt_…")
  std::string event_type;  // "track", "identify", "page", "screen", "group", "alias"
  TimePoint occurred_at;   // the event's (skew-corrected) time; orders trait writes
  // False for a claim (a public write key, docs/security.md finding 4): it never reaches a
  // profile holding verified identifiers unless its anonymous id already belongs there, its
  // identifiers are stored unverified, and it sets no consents.
  bool verified = true;
};

struct Resolution {
  std::string customer_id;  // "" when suppressed
  bool created = false;
  // An identifier belongs to an erased person: nothing was written and the caller must not
  // store the event (count it instead).
  bool suppressed = false;
  std::vector<std::string> merged_ids;  // profiles merged into customer_id by this observation
  int conflicts = 0;                    // links refused by a limit, recorded for review
};

// Per-type limits on how many identifiers of a type one profile may hold. A link that would
// break one does not merge and is recorded as a conflict.
struct Limits {
  std::map<IdentifierType, int> max_per_profile = {
      {IdentifierType::kUserId, 1},         {IdentifierType::kLoyaltyCard, 1},
      {IdentifierType::kCustomerNumber, 1}, {IdentifierType::kEmail, 5},
      {IdentifierType::kPhone, 5},
  };  // types not listed are unlimited
};

struct Options {
  Limits limits;
  std::string default_region = "PL";
};

// Where a person shows up, for the other modules that export or erase the same person.
struct PersonFootprint {
  std::vector<std::string> customer_ids;  // the profile and every profile merged into it
  // Every identifier value the person had (e-mails, phones, user, anonymous and card ids…), as
  // given and normalised. Other stores find the person's records by them and search their
  // free-form records for them. Trait values are not among them: a first name, a city or a
  // postcode would match other people's records (a scan for "Kraków" wiped every order
  // delivered there); records about the person are found by their ids instead.
  std::vector<std::string> identifiers;
};

// A write through the API rather than an event. With `customer_id` empty, `identifiers` are
// resolved as an event's would be (creating, finding or merging profiles); with it set, that
// profile takes part in the resolution ahead of every other. Values are sourced
// "api:<key_id>" and timed by the service's clock; API writes update no event counters.
struct ProfileWrite {
  std::string customer_id;
  std::vector<Identifier> identifiers;
  json::Object traits;
  std::vector<ConsentChange> consents;
  std::string key_id;      // the writing key
  std::string channel_id;  // the key's channel, "" for none
};

struct SearchQuery {
  std::string q;      // a prefix of a name, an e-mail or a phone number (digits and '+' count)
  int limit = 20;     // 1..100
  int64_t after = 0;  // the previous page's next_cursor
};

struct CustomerSummary {
  std::string id;
  TimePoint created_at;
  std::string full_name;  // "" when no name is known
  std::vector<std::string> emails;
  std::vector<std::string> phones;
};

struct SearchPage {
  std::vector<CustomerSummary> customers;  // in creation order
  std::optional<int64_t> next_cursor;      // nullopt on the last page
};

struct ConflictQuery {
  std::string status = "open";  // "open" (no route resolves conflicts yet)
  int limit = 50;               // 1..200
  int64_t after = 0;            // the previous page's next_cursor
};

// One read of a person's data, for the access log.
struct Access {
  std::string customer_id;
  std::string action;  // "profile", "lookup", "search", "timeline", "export"
  std::string key_id;
  http::Role role = http::Role::kAnalyst;
  std::string request_id;
};

// A completed order, as orders.order.completed tells it.
struct CompletedOrder {
  std::string order_id;
  std::string customer_id;                // any id of the person: the survivor counts it
  std::optional<std::string> channel_id;  // where it was bought
  Money total;
  TimePoint completed_at;
};

}  // namespace omnihub::customers
