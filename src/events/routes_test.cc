#include "events/service.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "testing/db_test.h"

namespace omnihub::events {
namespace {

using http::Method;
using http::Role;

const http::Principal kWebChannel{.role = Role::kChannel, .channel_id = "chn_web"};
const http::Principal kAppChannel{.role = Role::kChannel, .channel_id = "chn_app"};
const http::Principal kAgent{.key_id = "key_agent", .role = Role::kAgent};
const http::Principal kAnalyst{.key_id = "key_analyst", .role = Role::kAnalyst};
const http::Principal kAdmin{.key_id = "key_admin", .role = Role::kAdmin};

// The handlers as the server runs them once it has authenticated the caller and parsed the
// body: authorisation by the route's roles, then the handler; errors as the HTTP envelope.
class EventRoutesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations(), events::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterRoutes(router_, db(), *events_, *customers_);
  }

  http::Response Call(Method method, std::string path, const http::Principal& who,
                      std::string body = "",
                      std::vector<std::pair<std::string, std::string>> query = {}) {
    http::RouteMatch match = router_.Match(method, path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << path;
    http::Request req;
    req.method = method;
    req.path = std::move(path);
    req.query = std::move(query);
    req.principal = who;
    req.authenticated = true;
    req.request_id = "req_routes";
    req.body = std::move(body);
    if (!req.body.empty()) {
      Result<json::Value> parsed = json::Parse(req.body, {.max_bytes = 8 << 20});
      EXPECT_TRUE(parsed.ok());
      req.json = parsed.ok() ? std::move(parsed).value() : json::Value();
    }
    Result<http::Response> response = [&]() -> Result<http::Response> {
      OMNI_TRY(http::Authorize(*match.route, req));
      return match.route->handler(req);
    }();
    return response.ok() ? std::move(response).value()
                         : http::ErrorResponse(response.error(), req.request_id);
  }
  json::Value JsonOf(const http::Response& response) {
    Result<json::Value> parsed = json::Parse(response.body);
    EXPECT_TRUE(parsed.ok()) << response.body;
    return parsed.ok() ? std::move(parsed).value() : json::Value();
  }

  FakeClock clock_;
  std::unique_ptr<customers::CustomersService> customers_ = customers::NewCustomersService(clock_);
  std::unique_ptr<EventsService> events_ = NewEventsService(clock_, *customers_);
  http::Router router_;
};

TEST_P(EventRoutesTest, EveryRouteDeclaresItsContract) {
  int ingest_routes = 0;
  for (const http::Route& route : router_.routes()) {
    EXPECT_FALSE(route.spec.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.roles.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.response_schema.empty()) << route.pattern;
    EXPECT_TRUE(json::Parse(route.spec.response_schema).ok()) << route.pattern;
    EXPECT_EQ(route.spec.tag, "events");
    if (route.pattern.starts_with("/v1/")) {
      ++ingest_routes;
      EXPECT_EQ(route.spec.auth, http::AuthKind::kWriteKey) << route.pattern;
      EXPECT_EQ(route.spec.roles, std::vector<Role>{Role::kChannel});
      EXPECT_EQ(route.spec.body_limit, size_t{4 << 20});
      EXPECT_TRUE(json::Parse(route.spec.request_schema).ok()) << route.pattern;
    }
  }
  EXPECT_EQ(ingest_routes, 8);
}

TEST_P(EventRoutesTest, ABatchAnswers200WithItsRejectedEvents) {
  http::Response response = Call(Method::kPost, "/v1/batch", kWebChannel, R"({"batch":[
      {"type":"track","userId":"u-1","event":"Signed Up"},
      {"type":"track","userId":"u-1"},
      {"type":"identify","userId":"u-1","traits":{"name":"Jan"}}]})");
  ASSERT_EQ(response.status, 200) << response.body;
  EXPECT_EQ(response.body, R"({"success":true,"rejected":[{"index":1,"code":"missing_field",)"
                           R"("field":"batch[1].event","message":"batch[1].event is required"}]})");
  http::Response clean =
      Call(Method::kPost, "/v1/import", kWebChannel,
           R"({"batch":[{"type":"page","anonymousId":"a-1","name":"Home"}],"writeKey":"owk_x"})");
  EXPECT_EQ(clean.status, 200);
  EXPECT_EQ(clean.body, R"({"success":true})");
  http::Response listed = Call(Method::kGet, "/api/v1/events", kAgent);
  EXPECT_EQ(JsonOf(listed).Find("events")->AsArray()->size(), 3u);
}

TEST_P(EventRoutesTest, SingleEventRoutesRefuseABadEventNamingTheField) {
  http::Response bad =
      Call(Method::kPost, "/v1/track", kWebChannel, R"({"userId":[1],"event":"E"})");
  EXPECT_EQ(bad.status, 400);
  json::Value error = JsonOf(bad);
  EXPECT_EQ(*error.Find("error")->Find("code"), json::Value("invalid_argument"));
  EXPECT_EQ(*error.Find("error")->Find("details")->Find("field"), json::Value("userId"));
  EXPECT_EQ(JsonOf(Call(Method::kGet, "/api/v1/events/rejections", kAdmin))
                .Find("rejections")
                ->AsArray()
                ->size(),
            0u);

  for (const auto& [path, body] : std::vector<std::pair<std::string, std::string>>{
           {"/v1/track", R"({"userId":"u","event":"E"})"},
           {"/v1/identify", R"({"userId":"u","traits":{"plan":"gold"}})"},
           {"/v1/page", R"({"anonymousId":"a","name":"Home"})"},
           {"/v1/screen", R"({"anonymousId":"a","name":"Cart"})"},
           {"/v1/group", R"({"userId":"u","groupId":"g-1"})"},
           {"/v1/alias", R"({"userId":"u","previousId":"a"})"}}) {
    http::Response ok = Call(Method::kPost, path, kWebChannel, body);
    EXPECT_EQ(ok.status, 200) << path << " " << ok.body;
    EXPECT_EQ(ok.body, R"({"success":true})");
  }
  EXPECT_EQ(JsonOf(Call(Method::kGet, "/api/v1/events", kAdmin)).Find("events")->AsArray()->size(),
            6u);
}

TEST_P(EventRoutesTest, CardNumbersAreRefusedOnSingleRoutesAndRejectedInBatches) {
  http::Response single = Call(Method::kPost, "/v1/track", kWebChannel,
                               R"({"userId":"u-1","event":"Paid",)"
                               R"("properties":{"note":"4111 1111 1111 1111"}})");
  EXPECT_EQ(single.status, 400);
  json::Value error = JsonOf(single);
  EXPECT_EQ(*error.Find("error")->Find("code"), json::Value("card_number_forbidden"));
  EXPECT_EQ(*error.Find("error")->Find("details")->Find("field"), json::Value("properties.note"));
  EXPECT_EQ(single.body.find("4111"), std::string::npos);

  http::Response batch = Call(Method::kPost, "/v1/batch", kWebChannel, R"({"batch":[
      {"type":"track","userId":"u-1","event":"Signed Up"},
      {"type":"track","userId":"u-1","event":"Paid","properties":{"note":"4111111111111111"}}]})");
  ASSERT_EQ(batch.status, 200) << batch.body;
  json::Value answer = JsonOf(batch);
  const json::Array& rejected = *answer.Find("rejected")->AsArray();
  ASSERT_EQ(rejected.size(), 1u);
  EXPECT_EQ(*rejected[0].Find("code"), json::Value("card_number_forbidden"));
  EXPECT_EQ(*rejected[0].Find("field"), json::Value("batch[1].properties.note"));
  EXPECT_EQ(batch.body.find("4111"), std::string::npos);
  http::Response listed = Call(Method::kGet, "/api/v1/events/rejections", kAdmin);
  EXPECT_EQ(JsonOf(listed).Find("rejections")->AsArray()->size(), 1u);
  EXPECT_EQ(listed.body.find("4111"), std::string::npos);
  EXPECT_EQ(JsonOf(Call(Method::kGet, "/api/v1/events", kAdmin)).Find("events")->AsArray()->size(),
            1u);
}

TEST_P(EventRoutesTest, ABodyOverTheBatchLimitIsRefusedWhole) {
  std::string body = R"({"batch":[)";
  for (int event_idx = 0; event_idx < 1000; ++event_idx) {
    body += (event_idx ? "," : "") + std::string(R"({"type":"track","userId":"u","event":"E",)") +
            R"("properties":{"pad":")" + std::string(500, 'x') + R"("}})";
  }
  body += "]}";
  http::Response response = Call(Method::kPost, "/v1/batch", kWebChannel, body);
  EXPECT_EQ(response.status, 400);
  EXPECT_EQ(*JsonOf(response).Find("error")->Find("code"), json::Value("batch_too_large"));
  http::Response empty = Call(Method::kPost, "/v1/batch", kWebChannel, R"({"batch":[]})");
  EXPECT_EQ(empty.status, 400);
  EXPECT_EQ(*JsonOf(empty).Find("error")->Find("details")->Find("field"), json::Value("batch"));
  EXPECT_EQ(JsonOf(Call(Method::kGet, "/api/v1/events", kAdmin)).Find("events")->AsArray()->size(),
            0u);
}

TEST_P(EventRoutesTest, ReadersSeeWhatTheirRoleAllows) {
  ASSERT_EQ(Call(Method::kPost, "/v1/batch", kWebChannel, R"({"batch":[
      {"type":"track","userId":"u-1","event":"Order Completed",
       "properties":{"revenue":10,"email":"jan@example.pl"}},
      {"type":"track","userId":true,"event":"E"}]})")
                .status,
            200);
  ASSERT_EQ(Call(Method::kPost, "/v1/batch", kAppChannel,
                 R"({"batch":[{"type":"screen","userId":"u-1","name":"Home"},{"type":"x"}]})")
                .status,
            200);

  const std::string agent_view = Call(Method::kGet, "/api/v1/events", kAgent).body;
  EXPECT_NE(agent_view.find(R"("user_id":"u-1")"), std::string::npos);
  EXPECT_NE(agent_view.find("jan@example.pl"), std::string::npos);
  const std::string analyst_view = Call(Method::kGet, "/api/v1/events", kAnalyst).body;
  EXPECT_EQ(analyst_view.find("user_id"), std::string::npos) << analyst_view;
  EXPECT_EQ(analyst_view.find("jan@example.pl"), std::string::npos) << analyst_view;
  EXPECT_NE(analyst_view.find(R"("revenue":{"amount":1000,"currency":"PLN"})"), std::string::npos);
  json::Value app_events = JsonOf(Call(Method::kGet, "/api/v1/events", kAppChannel));
  ASSERT_EQ(app_events.Find("events")->AsArray()->size(), 1u);
  json::Value tracks =
      JsonOf(Call(Method::kGet, "/api/v1/events", kAdmin, "", {{"type", "track"}, {"limit", "1"}}));
  EXPECT_EQ(tracks.Find("events")->AsArray()->size(), 1u);
  EXPECT_EQ(*tracks.Find("has_more"), json::Value(true));
  EXPECT_EQ(Call(Method::kGet, "/api/v1/events", kAdmin, "", {{"type", "click"}}).status, 400);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/events", kAdmin, "", {{"limit", "0"}}).status, 400);

  json::Value web_rejections = JsonOf(Call(Method::kGet, "/api/v1/events/rejections", kWebChannel));
  ASSERT_EQ(web_rejections.Find("rejections")->AsArray()->size(), 1u);
  EXPECT_EQ(*(*web_rejections.Find("rejections")->AsArray())[0].Find("field"),
            json::Value("batch[1].userId"));
  json::Value all = JsonOf(Call(Method::kGet, "/api/v1/events/rejections", kAdmin));
  EXPECT_EQ(all.Find("rejections")->AsArray()->size(), 2u);
  json::Value app_only = JsonOf(
      Call(Method::kGet, "/api/v1/events/rejections", kAdmin, "", {{"channel_id", "chn_app"}}));
  EXPECT_EQ(app_only.Find("rejections")->AsArray()->size(), 1u);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/events/rejections", kAgent).status, 403);
  EXPECT_EQ(Call(Method::kPost, "/v1/track", kAgent, R"({"userId":"u","event":"E"})").status, 403);
}

OMNI_INSTANTIATE_BACKENDS(EventRoutesTest);

}  // namespace
}  // namespace omnihub::events
