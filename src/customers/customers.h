#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "changes/subscribers.h"
#include "core/enums.h"
#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Customers: one profile per person, whatever channel they used. Every identifier a channel
// knows (user id, anonymous id, e-mail, phone, loyalty card, …) resolves to that profile, on
// every event, in the event's own transaction. See README.md for the merge rules.
namespace omnihub::customers {

storage::MigrationSet Migrations();

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

// The matching form of an identifier: e-mail trimmed and lower-cased; phone in E.164 through
// libphonenumber (`default_region` for numbers without a country code); others trimmed.
// Errors: kInvalidArgument (field `field`) when the value cannot be normalised.
Result<Identifier> Normalize(const Identifier& id, std::string_view default_region = "PL",
                             std::string_view field = "value");

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

// What erasure removed, for the other modules that must forget the same person.
struct ErasedPerson {
  std::vector<std::string> customer_ids;  // the profile and every profile merged into it
  // Every personal string that was stored: identifier values (as given and normalised) and
  // the strings inside personal traits (names, e-mail, phone, address(es), birthday, username,
  // avatar, website, raw identifiers). Other stores search their free-form records for these,
  // so strings shorter than 3 characters and non-identifying traits (size, plan, gender, …)
  // are left out: they would match unrelated records.
  std::vector<std::string> personal_strings;
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

// Thread-safe: all state lives in the database.
class CustomersService {
 public:
  virtual ~CustomersService() = default;

  // Resolves one event's identifiers to a profile (creating or merging as the rules say),
  // applies its traits and consents and updates computed attributes, all in `tx`.
  // Identifiers that cannot be normalised are kept as raw traits, never matched.
  // Appends changes only when a profile is created or merged, a conflict is recorded, or a
  // trait or consent value changed (the caller appends the event itself).
  // Errors: kInvalidArgument (field "identifiers") when no identifier can be matched.
  virtual Result<Resolution> Observe(storage::Tx& tx, const Observation& observation) = 0;

  // The profile as JSON (see README.md for the shape), following merges: a merged-away id
  // answers with its survivor. `with_personal_data` false gives ids and computed attributes
  // only (analysts). Errors: kNotFound (with details.erased=true for an erased person).
  virtual Result<std::string> ProfileJson(storage::Tx& tx, std::string_view customer_id,
                                          bool with_personal_data) = 0;
  // The surviving profile id for `customer_id` (itself when not merged), also for an erased
  // person (ids are not personal data). Errors: kNotFound.
  virtual Result<std::string> SurvivorOf(storage::Tx& tx, std::string_view customer_id) = 0;
  // The profile holding this identifier (a previous_id: the user_id, else the anonymous_id),
  // or nullopt. Errors: kInvalidArgument (normalising).
  virtual Result<std::optional<std::string>> Find(storage::Tx& tx, const Identifier& id) = 0;
  // The survivor of `customer_id` first, then every profile merged into it, directly or
  // through a chain (erased persons too). Errors: kNotFound.
  virtual Result<std::vector<std::string>> MergedIds(storage::Tx& tx,
                                                     std::string_view customer_id) = 0;

  // Removes or pseudonymises everything this module stores about the person, records their
  // identifiers (hashed) so later events carrying them are suppressed, and appends
  // customers.profile.erased (no personal data). Profile rows stay as tombstones; merge
  // history and access log stay (ids only). Errors: kNotFound (also when already erased).
  virtual Result<ErasedPerson> Erase(storage::Tx& tx, std::string_view customer_id) = 0;
  // Everything this module stores about the person, as a JSON object. Errors: kNotFound.
  virtual Result<std::string> ExportJson(storage::Tx& tx, std::string_view customer_id) = 0;

  // Applies an API write under the resolution rules; `Resolution::created` tells a new
  // profile from an existing one. Errors: kInvalidArgument naming the field
  // (`identifiers[1].value`, `traits.address`); kNotFound (customer_id); kConflict with
  // details.erased when an identifier belongs to an erased person.
  virtual Result<Resolution> Write(storage::Tx& tx, const ProfileWrite& write) = 0;
  // Live profiles with a name, e-mail or phone starting with `query.q` (ASCII letters
  // compared case-insensitively).
  // Errors: kInvalidArgument (q, limit).
  virtual Result<SearchPage> Search(storage::Tx& tx, const SearchQuery& query) = 0;
  // {"merges":[{"survivor_id","merged_id","cause","merged_at"}]}: every merge that formed
  // this person's profile, oldest first. Errors: kNotFound.
  virtual Result<std::string> MergesJson(storage::Tx& tx, std::string_view customer_id) = 0;
  // {"conflicts":[…],"next_cursor"}; without personal data the identifier values are left out.
  // Errors: kInvalidArgument (status, limit).
  virtual Result<std::string> ConflictsJson(storage::Tx& tx, const ConflictQuery& query,
                                            bool with_personal_data) = 0;
  // Records the read in the access log when the reader's role is a person's (admin, agent,
  // store_associate); other roles are not recorded.
  virtual Result<void> RecordAccess(storage::Tx& tx, const Access& access) = 0;
  // {"entries":[{"key_id","role","action","request_id","accessed_at"}]} for this person,
  // newest first. Errors: kNotFound.
  virtual Result<std::string> AccessLogJson(storage::Tx& tx, std::string_view customer_id) = 0;

  // Counts a completed order on the surviving profile of `order.customer_id`: orders_count
  // + 1, revenue_minor + total, and last purchase (time and channel) unless a later one is
  // known. Once per order id, whatever the profile: returns false, changing nothing, for an
  // order already counted, an unknown customer id or an erased person.
  // Errors: kUnavailable when the profile was merged meanwhile (transient: retry), or as
  // storage.
  virtual Result<bool> CountOrder(storage::Tx& tx, const CompletedOrder& order) = 0;

  virtual const Options& options() const = 0;
};

// Change-log subscriptions (wire them in app, beside loyalty's):
// "customers.computed_on_order_completed" on orders.order.completed, payload {"id", "number",
// "state", "channel_id", "customer_id"?, "location_id"?, "total": {"amount", "currency"}}:
// CountOrder for an order with a customer_id; a guest order changes nothing. Borrows
// `service`, which must outlive the subscriptions.
std::vector<changes::Subscription> Subscriptions(CustomersService& service);

// Borrows `clock`, which must outlive the service.
std::unique_ptr<CustomersService> NewCustomersService(const Clock& clock, Options options = {});

// /api/v1/customers…: profiles, lookup, search, traits, consents, merges, conflicts, timeline,
// access log. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, CustomersService& service);

}  // namespace omnihub::customers
