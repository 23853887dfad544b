#include <charconv>

#include "changes/changes.h"
#include "customers/codec.h"
#include "customers/customers.h"
#include "http/privacy.h"

namespace omnihub::customers {
namespace {

using http::Role;

const std::vector<Role> kWriters = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                    Role::kChannel};
const std::vector<Role> kLookups = kWriters;
const std::vector<Role> kSearchers = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate};
const std::vector<Role> kReviewers = {Role::kAdmin, Role::kAgent, Role::kAnalyst};

// The query parameters of GET /api/v1/customers/lookup and the identifier each names.
struct LookupParam {
  std::string_view name;
  IdentifierType type;
};
constexpr LookupParam kLookupParams[] = {
    {"email", IdentifierType::kEmail},      {"phone", IdentifierType::kPhone},
    {"card", IdentifierType::kLoyaltyCard}, {"anonymous_id", IdentifierType::kAnonymousId},
    {"user_id", IdentifierType::kUserId},   {"customer_number", IdentifierType::kCustomerNumber},
    {"social", IdentifierType::kSocial},    {"external", IdentifierType::kExternal},
};


Result<int64_t> ParseCount(std::string_view text, std::string_view field, int64_t min,
                           int64_t max) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < min || value > max) {
    return Error::InvalidArgument(
        field, "must be an integer from " + std::to_string(min) + " to " + std::to_string(max));
  }
  return value;
}

Result<int64_t> OptionalCount(const http::Request& req, std::string_view name, int64_t fallback,
                              int64_t min, int64_t max) {
  std::optional<std::string_view> text = req.Query(name);
  if (!text) {
    return fallback;
  }
  return ParseCount(*text, name, min, max);
}

// The one identifier a lookup names. Errors: kInvalidArgument.
Result<Identifier> LookupIdentifier(const http::Request& req) {
  std::optional<Identifier> found;
  std::string_view param;
  for (const LookupParam& candidate : kLookupParams) {
    std::optional<std::string_view> value = req.Query(candidate.name);
    if (!value) {
      continue;
    }
    if (found) {
      return Error::InvalidArgument(candidate.name, "only one identifier may be looked up");
    }
    param = candidate.name;
    found = Identifier{.type = candidate.type, .value = std::string(*value)};
    if (candidate.type == IdentifierType::kSocial || candidate.type == IdentifierType::kExternal) {
      const size_t colon = value->find(':');
      if (colon == std::string_view::npos) {
        return Error::InvalidArgument(candidate.name, "must be namespace:value");
      }
      found->ns = std::string(value->substr(0, colon));
      found->value = std::string(value->substr(colon + 1));
    }
    // An unescaped '+' in a query string arrives as a space: "?phone=+48…" means "+48…".
    if (candidate.type == IdentifierType::kPhone && value->starts_with(' ')) {
      const size_t digit = value->find_first_not_of(' ');
      if (digit != std::string_view::npos && (*value)[digit] >= '0' && (*value)[digit] <= '9') {
        found->value = "+" + std::string(value->substr(digit));
      }
    }
  }
  if (!found) {
    return Error::InvalidArgument("email",
                                  "one of email, phone, card, anonymous_id, user_id, "
                                  "customer_number, social, external is required");
  }
  return *found;
}

struct ProfileRead {
  std::string survivor_id;
  std::string json;
};

http::Response ProfileResponse(const ProfileRead& read, std::string_view requested_id,
                               int status = 200) {
  http::Response response =
      http::Response::Json(status, WithRedirect(read.json, requested_id, read.survivor_id));
  if (!requested_id.empty() && requested_id != read.survivor_id) {
    response.WithHeader("Content-Location", "/api/v1/customers/" + read.survivor_id);
  }
  return response;
}

// Runs an API write and answers with the resulting profile.
Result<http::Response> WriteProfile(storage::Database& db, CustomersService& service,
                                    const http::Request& req, ProfileWrite&& write) {
  write.key_id = req.principal.key_id;
  write.channel_id = req.principal.channel_id;
  bool created = false;
  auto apply = [&](storage::Tx& tx) -> Result<ProfileRead> {
    OMNI_ASSIGN_OR_RETURN(Resolution resolution, service.Write(tx, write));
    created = resolution.created;
    OMNI_ASSIGN_OR_RETURN(std::string json, service.ProfileJson(tx, resolution.customer_id, true));
    OMNI_TRY(service.RecordAccess(tx, AccessOf(req, resolution.customer_id, "write")));
    return ProfileRead{resolution.customer_id, std::move(json)};
  };
  OMNI_ASSIGN_OR_RETURN(ProfileRead read, db.InTransaction(apply, changes::WriterOf(req)));
  return ProfileResponse(read, write.customer_id, created ? 201 : 200);
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, CustomersService& service) {
  const std::string profile_schema(api_schema::kProfile);

  router.Post("/api/v1/customers",
              {.summary = "Create a profile, or find or merge the one its identifiers resolve to "
                          "(201 when created, 200 when it existed)",
               .roles = kWriters,
               .request_schema = std::string(api_schema::kNewCustomer),
               .response_schema = profile_schema,
               .success_status = 201,
               .tag = "customers"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                OMNI_ASSIGN_OR_RETURN(ProfileWrite write, DecodeNewCustomer(req.json));
                return WriteProfile(db, service, req, std::move(write));
              });

  router.Get("/api/v1/customers",
             {.summary = "Search profiles by a prefix of a name, e-mail or phone number",
              .roles = kSearchers,
              .response_schema = std::string(api_schema::kSearchPage),
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               SearchQuery query{.q = std::string(req.Query("q").value_or(""))};
               OMNI_ASSIGN_OR_RETURN(int64_t limit, OptionalCount(req, "limit", 20, 1, 100));
               query.limit = static_cast<int>(limit);
               OMNI_ASSIGN_OR_RETURN(query.after, OptionalCount(req, "cursor", 0, 0, INT64_MAX));
               auto search = [&](storage::Tx& tx) -> Result<SearchPage> {
                 OMNI_ASSIGN_OR_RETURN(SearchPage page, service.Search(tx, query));
                 for (const CustomerSummary& customer : page.customers) {
                   OMNI_TRY(service.RecordAccess(tx, AccessOf(req, customer.id, "search")));
                 }
                 return page;
               };
               OMNI_ASSIGN_OR_RETURN(SearchPage page, ReadAudited(db, req, search));
               return http::Response::Ok(EncodeSearchPage(page));
             });

  router.Get("/api/v1/customers/lookup",
             {.summary = "The profile holding one identifier: email, phone, card, anonymous_id, "
                         "user_id, customer_number, social=network:handle or external=system:id",
              .roles = kLookups,
              .response_schema = profile_schema,
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               OMNI_ASSIGN_OR_RETURN(Identifier id, LookupIdentifier(req));
               const std::string field(NameOf(id.type));
               OMNI_TRY(Normalize(id, service.options().default_region, field));
               auto lookup = [&](storage::Tx& tx) -> Result<ProfileRead> {
                 OMNI_ASSIGN_OR_RETURN(std::optional<std::string> owner, service.Find(tx, id));
                 if (!owner) {
                   return Error::Make(ErrorCode::kNotFound, "no customer has this " + field)
                       .With("field", field);
                 }
                 OMNI_ASSIGN_OR_RETURN(std::string json, service.ProfileJson(tx, *owner, true));
                 OMNI_TRY(service.RecordAccess(tx, AccessOf(req, *owner, "lookup")));
                 return ProfileRead{*owner, std::move(json)};
               };
               OMNI_ASSIGN_OR_RETURN(ProfileRead read, ReadAudited(db, req, lookup));
               return ProfileResponse(read, "");
             });

  router.Get("/api/v1/customers/conflicts",
             {.summary = "Links refused by a per-type limit, for review (analysts: no values)",
              .roles = kReviewers,
              .response_schema = std::string(api_schema::kConflicts),
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               ConflictQuery query{.status = std::string(req.Query("status").value_or("open"))};
               OMNI_ASSIGN_OR_RETURN(int64_t limit, OptionalCount(req, "limit", 50, 1, 200));
               query.limit = static_cast<int>(limit);
               OMNI_ASSIGN_OR_RETURN(query.after, OptionalCount(req, "cursor", 0, 0, INT64_MAX));
               const bool personal = http::MaySeePersonalData(req.principal);
               OMNI_ASSIGN_OR_RETURN(std::string json, db.Read([&](storage::Tx& tx) {
                 return service.ConflictsJson(tx, query, personal);
               }));
               return http::Response::Ok(std::move(json));
             });

  router.Get("/api/v1/customers/{id}",
             {.summary = "One profile; a merged-away id answers with its survivor "
                         "(redirected_from); analysts get ids and computed attributes only",
              .roles = http::AllRoles(),
              .response_schema = profile_schema,
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               const bool personal = http::MaySeePersonalData(req.principal);
               auto read = [&](storage::Tx& tx) -> Result<ProfileRead> {
                 OMNI_ASSIGN_OR_RETURN(std::string survivor, service.SurvivorOf(tx, id));
                 OMNI_ASSIGN_OR_RETURN(std::string json,
                                       service.ProfileJson(tx, survivor, personal));
                 if (personal) {
                   OMNI_TRY(service.RecordAccess(tx, AccessOf(req, survivor, "profile")));
                 }
                 return ProfileRead{survivor, std::move(json)};
               };
               OMNI_ASSIGN_OR_RETURN(ProfileRead profile, ReadAudited(db, req, read));
               return ProfileResponse(profile, id);
             });

  router.Patch("/api/v1/customers/{id}",
               {.summary = "Set traits (last write wins per trait)",
                .roles = kWriters,
                .request_schema = std::string(api_schema::kTraitsPatch),
                .response_schema = profile_schema,
                .tag = "customers"},
               [&db, &service](const http::Request& req) -> Result<http::Response> {
                 ProfileWrite write{.customer_id = std::string(req.PathParam("id"))};
                 OMNI_ASSIGN_OR_RETURN(write.traits, DecodeTraitsPatch(req.json));
                 return WriteProfile(db, service, req, std::move(write));
               });

  router.Post("/api/v1/customers/{id}/identifiers",
              {.summary = "Add an identifier; it may merge profiles or be refused by a limit "
                          "(then recorded as a conflict)",
               .roles = kWriters,
               .request_schema = std::string(api_schema::kIdentifier),
               .response_schema = profile_schema,
               .tag = "customers"},
              [&db, &service](const http::Request& req) -> Result<http::Response> {
                ProfileWrite write{.customer_id = std::string(req.PathParam("id"))};
                OMNI_ASSIGN_OR_RETURN(Identifier id, DecodeIdentifier(req.json, ""));
                write.identifiers.push_back(std::move(id));
                return WriteProfile(db, service, req, std::move(write));
              });

  router.Put("/api/v1/customers/{id}/consents",
             {.summary = "Give or withdraw consents per purpose and contact channel",
              .roles = kWriters,
              .request_schema = std::string(api_schema::kConsents),
              .response_schema = profile_schema,
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               ProfileWrite write{.customer_id = std::string(req.PathParam("id"))};
               OMNI_ASSIGN_OR_RETURN(write.consents, DecodeConsents(req.json));
               return WriteProfile(db, service, req, std::move(write));
             });

  router.Get("/api/v1/customers/{id}/merges",
             {.summary = "The merges that formed this profile, oldest first",
              .roles = kReviewers,
              .response_schema = std::string(api_schema::kMerges),
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(std::string json, db.Read([&](storage::Tx& tx) {
                 return service.MergesJson(tx, id);
               }));
               return http::Response::Ok(std::move(json));
             });

  router.Get("/api/v1/customers/{id}/timeline",
             {.summary = "The person's changes from every channel, newest first "
                         "(analysts: without payloads)",
              .roles = http::AllRoles(),
              .response_schema = std::string(api_schema::kTimeline),
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               changes::CustomerChangeQuery query;
               OMNI_ASSIGN_OR_RETURN(query.before, OptionalCount(req, "before", 0, 0, INT64_MAX));
               OMNI_ASSIGN_OR_RETURN(int64_t limit, OptionalCount(req, "limit", 50, 1, 200));
               query.limit = static_cast<int>(limit);
               const bool personal = http::MaySeePersonalData(req.principal);
               auto read = [&](storage::Tx& tx) -> Result<std::vector<changes::StoredChange>> {
                 OMNI_ASSIGN_OR_RETURN(query.customer_ids, service.MergedIds(tx, id));
                 if (personal) {
                   OMNI_TRY(service.RecordAccess(
                       tx, AccessOf(req, query.customer_ids.front(), "timeline")));
                 }
                 return changes::ReadForCustomers(tx, query);
               };
               OMNI_ASSIGN_OR_RETURN(std::vector<changes::StoredChange> entries,
                                     ReadAudited(db, req, read));
               return http::Response::Ok(EncodeTimeline(entries, query.limit, personal));
             });

  router.Get("/api/v1/customers/{id}/access-log",
             {.summary = "Who read this person's data, newest first",
              .roles = {Role::kAdmin},
              .response_schema = std::string(api_schema::kAccessLog),
              .tag = "customers"},
             [&db, &service](const http::Request& req) -> Result<http::Response> {
               const std::string id(req.PathParam("id"));
               OMNI_ASSIGN_OR_RETURN(std::string json, db.Read([&](storage::Tx& tx) {
                 return service.AccessLogJson(tx, id);
               }));
               return http::Response::Ok(std::move(json));
             });
}

}  // namespace omnihub::customers
