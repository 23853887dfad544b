#pragma once

#include <cstdint>
#include <map>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "changes/changes.h"
#include "changes/subscribers.h"
#include "core/json.h"
#include "core/money.h"
#include "core/result.h"
#include "core/time.h"
#include "customers/types.h"
#include "http/router.h"
#include "node/node.h"
#include "storage/database.h"
#include "storage/migrations.h"

// Customers: one profile per person, whatever channel they used. Every identifier a channel
// knows (user id, anonymous id, e-mail, phone, loyalty card, …) resolves to that profile, on
// every event, in the event's own transaction. See README.md for the merge rules.
namespace omnihub::customers {

storage::MigrationSet Migrations();

// The matching form of an identifier: e-mail trimmed and lower-cased; phone in E.164 through
// libphonenumber (`default_region` for numbers without a country code); others trimmed.
// Errors: kInvalidArgument (field `field`) when the value cannot be normalised.
Result<Identifier> Normalize(const Identifier& id, std::string_view default_region = "PL",
                             std::string_view field = "value");

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
  // Whether the profile (its survivor) holds a verified identifier other than an anonymous id:
  // a person the shop knows, not just a browser or a claim. Errors: kNotFound.
  virtual Result<bool> IsKnownPerson(storage::Tx& tx, std::string_view customer_id) = 0;
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
  virtual Result<PersonFootprint> Erase(storage::Tx& tx, std::string_view customer_id) = 0;
  // The person's footprint as Erase would report it, erasing nothing (export).
  // Errors: kNotFound (also for an erased person).
  virtual Result<PersonFootprint> FootprintOf(storage::Tx& tx, std::string_view customer_id) = 0;
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
  // Records the read in the access log when the reader may see personal data (every role but
  // the analyst, http/privacy.h); analysts' reads hold none and are not recorded.
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

// This module, as the node builds it (module.cc): one line in app/modules.cc.
// One read of `customer_id`'s data by `req`'s caller through `action` ("profile", "cart",
// "order", "events", ...), for RecordAccess.
Access AccessOf(const http::Request& req, std::string customer_id, std::string action);

// Whether reads by `req`'s caller go to the access log (it may see personal data): such reads
// run as write transactions (ReadAudited).
bool ReadsAreAudited(const http::Request& req);

// Runs `read(tx)` for `req`: in a write transaction when its reads are audited (the function
// records each person it shows with RecordAccess), else in a read transaction. For reads that
// always show a person (a profile).
template <typename Fn>
auto ReadAudited(storage::Database& db, const http::Request& req, Fn&& read) {
  return ReadsAreAudited(req) ? db.InTransaction(read, changes::WriterOf(req)) : db.Read(read);
}

// Records, after a read transaction, that `req`'s caller was shown these people's data through
// `action` ("cart", "order", "events"): one write transaction, and none at all when the caller
// is not audited or the answer named nobody (a guest's cart stays a read). Every module that
// shows a person's data records it here or through ReadAudited (docs/security.md, finding 9).
// Errors: as storage::Database::InTransaction (the caller then withholds its answer).
Result<void> RecordReads(storage::Database& db, CustomersService& customers,
                         const http::Request& req, const std::vector<std::string>& customer_ids,
                         std::string_view action);

extern const node::Module kModule;

}  // namespace omnihub::customers
