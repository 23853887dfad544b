#include <charconv>

#include "changes/changes.h"
#include "changes/feed_privacy.h"
#include "core/json.h"

namespace omnihub::changes {
namespace {

using http::Role;

// The change as both routes show it; its payload per type is in the document's components
// (app adds them from every module's event types).
constexpr std::string_view kChangeSchema = R"({"$ref":"#/components/schemas/Change"})";

Result<int64_t> ParseSeq(std::string_view text, std::string_view field) {
  int64_t value = 0;
  auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), value);
  if (ec != std::errc() || end != text.data() + text.size() || value < 0) {
    return Error::InvalidArgument(field, "must be a non-negative integer sequence number");
  }
  return value;
}

Result<std::vector<std::string>> ParseTypes(std::optional<std::string_view> text) {
  std::vector<std::string> prefixes;
  if (!text || text->empty()) {
    return prefixes;
  }
  std::string_view rest = *text;
  while (!rest.empty()) {
    const size_t comma = rest.find(',');
    std::string_view prefix = rest.substr(0, comma);
    if (prefix.empty() || prefix.size() > 100) {
      return Error::InvalidArgument("types", "must be comma-separated type prefixes");
    }
    prefixes.emplace_back(prefix);
    rest = comma == std::string_view::npos ? std::string_view() : rest.substr(comma + 1);
  }
  if (prefixes.size() > 20) {
    return Error::InvalidArgument("types", "takes at most 20 prefixes");
  }
  return prefixes;
}

Result<http::Response> ListChanges(storage::Database& db, const FeedPrivacy& privacy,
                                   const http::Request& req) {
  ChangeQuery query;
  if (auto after = req.Query("after")) {
    OMNI_ASSIGN_OR_RETURN(query.after, ParseSeq(*after, "after"));
  }
  if (auto limit = req.Query("limit")) {
    OMNI_ASSIGN_OR_RETURN(int64_t n, ParseSeq(*limit, "limit"));
    if (n < 1 || n > 1000) {
      return Error::InvalidArgument("limit", "must be between 1 and 1000");
    }
    query.limit = static_cast<int>(n);
  }
  OMNI_ASSIGN_OR_RETURN(query.type_prefixes, ParseTypes(req.Query("types")));
  auto read = [&](storage::Tx& tx) -> Result<std::pair<std::vector<StoredChange>, int64_t>> {
    OMNI_ASSIGN_OR_RETURN(std::vector<StoredChange> changes, Read(tx, query));
    OMNI_ASSIGN_OR_RETURN(int64_t latest, LatestSeq(tx));
    return std::make_pair(std::move(changes), latest);
  };
  OMNI_ASSIGN_OR_RETURN(auto page, db.Read(read));
  const auto& [changes, latest] = page;
  json::Writer w;
  w.BeginObject().Key("changes").BeginArray();
  for (const StoredChange& change : changes) {
    w.Raw(privacy.SeesWhole(req.principal, change) ? EncodeChange(change)
                                                   : EncodeChange(privacy.Redacted(change)));
  }
  w.EndArray();
  // With a type filter the page may end before `limit` rows though more changes follow;
  // next_after lets the client continue from the last row it was shown.
  const int64_t next_after = changes.empty() ? query.after : changes.back().seq;
  w.Field("next_after", next_after);
  w.Field("has_more", static_cast<int>(changes.size()) == query.limit);
  w.Field("latest_seq", latest);
  w.EndObject();
  return http::Response::Ok(w.Take());
}

Result<http::Response> OpenStream(storage::Database& db, Hub& hub, const http::Request& req) {
  OMNI_ASSIGN_OR_RETURN(std::vector<std::string> prefixes, ParseTypes(req.Query("types")));
  std::optional<std::string_view> resume = req.Header("last-event-id").empty()
                                               ? req.Query("after")
                                               : std::optional(req.Header("last-event-id"));
  int64_t after = 0;
  if (resume) {
    OMNI_ASSIGN_OR_RETURN(after, ParseSeq(*resume, "Last-Event-ID"));
  } else {
    // No resume point: start from now.
    OMNI_ASSIGN_OR_RETURN(after, db.Read([](storage::Tx& tx) { return LatestSeq(tx); }));
  }
  return http::Response::Stream(hub.Subscribe(after, std::move(prefixes), req.principal));
}

}  // namespace

const std::vector<http::Role>& FeedReaders() {
  static const std::vector<Role> readers = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                            Role::kChannel, Role::kAnalyst};
  return readers;
}

void RegisterRoutes(http::Router& router, storage::Database& db, Hub& hub,
                    const FeedPrivacy& privacy) {
  router.Get(
      "/api/v1/changes",
      {.summary = "Changes after a sequence number, oldest first (pull); a change the caller "
                  "may not see whole has its personal fields null and redacted: true",
       .roles = FeedReaders(),
       .response_schema = R"({"type":"object","properties":{"changes":{"type":"array",)"
                          R"("items":)" +
                          std::string(kChangeSchema) +
                          R"(},"next_after":{"type":"integer"},"has_more":{"type":"boolean"},)"
                          R"("latest_seq":{"type":"integer"}}})",
       .tag = "changes"},
      [&db, &privacy](const http::Request& req) { return ListChanges(db, privacy, req); });
  router.Get("/api/v1/stream",
             {.summary = "Server-Sent Events of every change; resume with Last-Event-ID",
              .roles = FeedReaders(),
              .response_schema = R"({"type":"string","description":"text/event-stream; each )"
                                 R"(event's data is a change object"})",
              .tag = "changes"},
             [&db, &hub](const http::Request& req) { return OpenStream(db, hub, req); });
}

}  // namespace omnihub::changes
