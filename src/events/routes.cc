#include <charconv>

#include "changes/changes.h"
#include "customers/customers.h"
#include "events/codec.h"
#include "events/service.h"
#include "http/privacy.h"

namespace omnihub::events {
namespace {

using http::Role;

constexpr size_t kTransportLimit = 4 << 20;  // the batch limit is checked on the body itself

std::string IngestResponseSchema() {
  return R"({"type":"object","required":["success"],"properties":{"success":{"const":true},)"
         R"("rejected":)" +
         std::string(kRejectedSchema) + "}}";
}

Result<int64_t> ParseCount(std::string_view text, std::string_view field) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return Error::InvalidArgument(field, "must be a non-negative integer");
  }
  return value;
}

// after= and limit= of a cursor page.
Result<std::pair<int64_t, int>> ParsePage(const http::Request& req) {
  std::pair<int64_t, int> page{0, 100};
  if (auto after = req.Query("after")) {
    OMNI_ASSIGN_OR_RETURN(page.first, ParseCount(*after, "after"));
  }
  if (auto limit = req.Query("limit")) {
    OMNI_ASSIGN_OR_RETURN(int64_t n, ParseCount(*limit, "limit"));
    if (n < 1 || n > 1000) {
      return Error::InvalidArgument("limit", "must be between 1 and 1000");
    }
    page.second = static_cast<int>(n);
  }
  return page;
}

Result<http::Response> IngestHandler(storage::Database& db, EventsService& service,
                                     std::optional<EventType> type, const http::Request& req) {
  if (req.principal.channel_id.empty()) {
    return Error::Forbidden("events are sent with a channel's write key");
  }
  OMNI_ASSIGN_OR_RETURN(IngestResult result, Ingest(db, service,
                                                    {.channel_id = req.principal.channel_id,
                                                     .type = type,
                                                     .body = &req.json,
                                                     .body_bytes = req.body.size(),
                                                     .writer = changes::WriterOf(req)}));
  return http::Response::Ok(EncodeIngestResponse(result));
}

Result<http::Response> ListEvents(storage::Database& db, EventsService& service,
                                  customers::CustomersService& customers,
                                  const http::Request& req) {
  EventQuery query;
  OMNI_ASSIGN_OR_RETURN(auto page, ParsePage(req));
  query.after = page.first;
  query.limit = page.second;
  if (auto customer_id = req.Query("customer_id")) {
    query.customer_id = std::string(*customer_id);
  }
  if (auto type = req.Query("type"); type && !type->empty()) {
    query.type = EnumNames(EventType{}).Find(*type);
    if (!query.type) {
      return Error::InvalidArgument("type",
                                    "must be one of track, identify, page, screen, group, alias");
    }
  }
  // A channel reads what it sent, and only that.
  if (req.principal.role == Role::kChannel) {
    query.channel_id = req.principal.channel_id;
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<StoredEvent> events,
                        db.Read([&](storage::Tx& tx) { return service.ListEvents(tx, query); }));
  // Each person whose events the caller reads goes to the access log (finding 9).
  std::vector<std::string> people;
  people.reserve(events.size());
  for (const StoredEvent& stored : events) {
    people.push_back(stored.customer_id);
  }
  OMNI_TRY(customers::RecordReads(db, customers, req, people, "events"));
  const bool with_personal_data = http::MaySeePersonalData(req.principal);
  json::Writer w;
  w.BeginObject().Key("events").BeginArray();
  for (const StoredEvent& stored : events) {
    WriteEvent(w, {stored.seq, stored.id, stored.channel_id, stored.customer_id}, stored.event,
               with_personal_data);
  }
  w.EndArray();
  w.Field("next_after", events.empty() ? query.after : events.back().seq);
  w.Field("has_more", static_cast<int>(events.size()) == query.limit);
  w.EndObject();
  return http::Response::Ok(w.Take());
}

Result<http::Response> ListRejections(storage::Database& db, EventsService& service,
                                      const http::Request& req) {
  RejectionQuery query;
  OMNI_ASSIGN_OR_RETURN(auto page, ParsePage(req));
  query.after = page.first;
  query.limit = page.second;
  if (req.principal.role == Role::kChannel) {
    query.channel_id = req.principal.channel_id;
  } else if (auto channel_id = req.Query("channel_id")) {
    query.channel_id = std::string(*channel_id);
  }
  OMNI_ASSIGN_OR_RETURN(std::vector<StoredRejection> rejections, db.Read([&](storage::Tx& tx) {
    return service.ListRejections(tx, query);
  }));
  json::Writer w;
  w.BeginObject().Key("rejections").BeginArray();
  for (const StoredRejection& stored : rejections) {
    WriteRejection(w, stored);
  }
  w.EndArray();
  w.Field("next_after", rejections.empty() ? query.after : rejections.back().seq);
  w.Field("has_more", static_cast<int>(rejections.size()) == query.limit);
  w.EndObject();
  return http::Response::Ok(w.Take());
}

std::string PageSchema(std::string_view member, std::string_view item) {
  return R"({"type":"object","properties":{")" + std::string(member) +
         R"(":{"type":"array","items":)" + std::string(item) +
         R"(},"next_after":{"type":"integer"},"has_more":{"type":"boolean"}}})";
}

}  // namespace

void RegisterRoutes(http::Router& router, storage::Database& db, EventsService& service,
                    customers::CustomersService& customers) {
  struct SingleRoute {
    std::string_view path;
    EventType type;
    std::string_view summary;
  };
  for (const SingleRoute& single : {
           SingleRoute{"/v1/track", EventType::kTrack, "Segment track: what the person did"},
           SingleRoute{"/v1/identify", EventType::kIdentify, "Segment identify: who they are"},
           SingleRoute{"/v1/page", EventType::kPage, "Segment page: a web page viewed"},
           SingleRoute{"/v1/screen", EventType::kScreen, "Segment screen: an app screen viewed"},
           SingleRoute{"/v1/group", EventType::kGroup, "Segment group: their company or team"},
           SingleRoute{"/v1/alias", EventType::kAlias, "Segment alias: previousId is userId"},
       }) {
    const EventType type = single.type;
    router.Post(std::string(single.path),
                {.summary = std::string(single.summary) +
                            "; a bad event is 400 naming its field and stores nothing",
                 .roles = {Role::kChannel},
                 .auth = http::AuthKind::kWriteKey,
                 .request_schema = std::string(kSingleEventSchema),
                 .response_schema = IngestResponseSchema(),
                 .body_limit = kTransportLimit,
                 .tag = "events"},
                [&db, &service, type](const http::Request& req) {
                  return IngestHandler(db, service, type, req);
                });
  }
  for (std::string_view path : {"/v1/batch", "/v1/import"}) {
    router.Post(std::string(path),
                {.summary = "Segment batch: up to 500 KB of events; bad events are listed in "
                            "`rejected` and cost their neighbours nothing",
                 .roles = {Role::kChannel},
                 .auth = http::AuthKind::kWriteKey,
                 .request_schema = std::string(kBatchSchema),
                 .response_schema = IngestResponseSchema(),
                 .body_limit = kTransportLimit,
                 .tag = "events"},
                [&db, &service](const http::Request& req) {
                  return IngestHandler(db, service, std::nullopt, req);
                });
  }

  router.Get("/api/v1/events",
             {.summary = "Stored events after a cursor, oldest first; analysts see no personal "
                         "data, a channel only its own events",
              .roles = {Role::kAdmin, Role::kAgent, Role::kAnalyst, Role::kChannel},
              .response_schema = PageSchema("events", kEventSchema),
              .tag = "events"},
             [&db, &service, &customers](const http::Request& req) {
               return ListEvents(db, service, customers, req);
             });

  router.Get(
      "/api/v1/events/rejections",
      {.summary = "Events refused inside accepted batches, oldest first; a channel sees "
                  "its own",
       .roles = {Role::kAdmin, Role::kChannel},
       .response_schema = PageSchema("rejections", kRejectionSchema),
       .tag = "events"},
      [&db, &service](const http::Request& req) { return ListRejections(db, service, req); });
}

}  // namespace omnihub::events
