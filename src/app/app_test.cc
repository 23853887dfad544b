#include "app/app.h"
#include "inventory/inventory.h"
#include "orders/orders.h"

#include <gtest/gtest.h>

#include <set>
#include <thread>

#include "core/json.h"
#include "http/server.h"
#include "testing/db_test.h"
#include "testing/http_client.h"

namespace omnihub::app {
namespace {

using http::Role;

constexpr std::string_view kStore = "loc_01JDEM0000KRK0000000000000";

// A real server over a real database, with one key per role.
class ServerTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override {
    PlatformOptions options{.db_url = test::FreshDatabaseUrl(GetParam()), .serve = true};
    options.db.read_connections = 2;
    options.db.pool_size = 4;
    auto opened = OpenPlatform(options);
    ASSERT_TRUE(opened.ok()) << opened.error().message;
    platform_ = std::move(opened).value();
    Result<Demo> demo = LoadDemo(*platform_);
    ASSERT_TRUE(demo.ok()) << demo.error().message;
    for (const auto& [name, key] : demo->keys) {
      demo_keys_[name] = key;
    }
    for (const DemoChannel& channel : demo->channels) {
      write_keys_[channel.name] = channel.write_key;
    }
    keys_[Role::kAdmin] = demo_keys_["admin"];
    keys_[Role::kAgent] = demo_keys_["agent"];
    keys_[Role::kAnalyst] = demo_keys_["analyst"];
    keys_[Role::kChannel] = demo_keys_["web"];
    keys_[Role::kStoreAssociate] = demo_keys_["store_krakow"];

    http::ServerOptions server_options;
    server_options.port = 0;
    server_options.worker_threads = 8;
    server_options.stream_heartbeat = std::chrono::milliseconds(200);
    server_ = http::Server::Create(server_options, platform_->router,
                                   platform_->Get<channels::KeyAuthenticator>(),
                                   &platform_->Get<http::IdempotencyStore>());
    Result<uint16_t> port = server_->Listen();
    ASSERT_TRUE(port.ok()) << port.error().message;
    port_ = *port;
    run_ = std::thread([this] { server_->Run(); });
  }
  void TearDown() override {
    if (server_) {
      server_->Shutdown();
      run_.join();
      server_.reset();
    }
    platform_.reset();
  }

  test::HttpResponse Call(const std::string& method, const std::string& target,
                          const std::string& key, const std::string& body = "") {
    std::vector<std::pair<std::string, std::string>> headers;
    if (!key.empty()) {
      headers.emplace_back("Authorization", "Bearer " + key);
    }
    headers.emplace_back("Content-Type", "application/json");
    return test::HttpRequest(port_, method, target, body, headers);
  }

  std::unique_ptr<Platform> platform_;
  std::unique_ptr<http::Server> server_;
  std::thread run_;
  uint16_t port_ = 0;
  std::map<Role, std::string> keys_;
  std::map<std::string, std::string> demo_keys_;
  std::map<std::string, std::string> write_keys_;
};

std::string ErrorCode(const test::HttpResponse& response) {
  Result<json::Value> body = json::Parse(response.body);
  if (!body.ok() || body->Find("error") == nullptr) {
    return "";
  }
  return *body->Find("error")->Find("code")->AsString();
}

// A concrete path for a route pattern: scope parameters name the associate's store.
std::string Concrete(const http::Route& route) {
  std::string path = route.pattern;
  for (size_t open = path.find('{'); open != std::string::npos; open = path.find('{')) {
    const size_t close = path.find('}', open);
    const std::string param = path.substr(open + 1, close - open - 1);
    path.replace(open, close - open + 1,
                 param == route.spec.scope.location_param ? std::string(kStore) : "x");
  }
  return path;
}

// Walks the whole route table with every role: no key is 401, a role the route does not
// declare is 403, a declared role gets past authorisation. A route added without a policy
// fails here.
TEST_P(ServerTest, EveryRouteAuthenticatesAndAuthorisesAsItDeclares) {
  ASSERT_FALSE(platform_->router.routes().empty());
  for (const http::Route& route : platform_->router.routes()) {
    const std::string method(NameOf(route.method));
    std::string path = Concrete(route);
    // A scope named by a body field or a query gets the associate's own store there.
    const bool scoped_by_body =
        !route.spec.scope.location_param.empty() &&
        route.pattern.find("{" + route.spec.scope.location_param + "}") == std::string::npos;
    if (scoped_by_body && route.method == http::Method::kGet) {
      path += "?" + route.spec.scope.location_param + "=" + std::string(kStore);  // a query
    }
    const std::string body = route.method == http::Method::kGet
                                 ? ""
                                 : (scoped_by_body ? R"({")" + route.spec.scope.location_param +
                                                         R"(":")" + std::string(kStore) + R"("})"
                                                   : "{}");
    SCOPED_TRACE(method + " " + route.pattern);
    EXPECT_FALSE(route.spec.summary.empty()) << "every route says what it does";
    EXPECT_FALSE(route.spec.response_schema.empty()) << "every route describes its answer";
    EXPECT_TRUE(json::Parse(route.spec.response_schema).ok()) << route.spec.response_schema;
    if (!route.spec.request_schema.empty()) {
      EXPECT_TRUE(json::Parse(route.spec.request_schema).ok()) << route.spec.request_schema;
    }
    if (route.spec.auth == http::AuthKind::kPublic) {
      EXPECT_TRUE(route.spec.roles.empty()) << "a public route cannot also declare roles";
      const test::HttpResponse response = Call(method, path, "", body);
      EXPECT_NE(response.status, 401);
      EXPECT_NE(response.status, 403);
      continue;
    }
    ASSERT_FALSE(route.spec.roles.empty()) << "every authenticated route must declare its roles";
    if (route.spec.auth == http::AuthKind::kWriteKey) {
      // Segment's API: a channel's write key as the Basic user; API keys are not write keys.
      auto basic = [&](const std::string& user) {
        return test::HttpRequest(port_, method, path, body,
                                 {{"Authorization", "Basic " + test::Base64(user + ":")}});
      };
      EXPECT_EQ(Call(method, path, "", body).status, 401);
      EXPECT_EQ(basic("owk_not_a_real_key").status, 401);
      EXPECT_EQ(Call(method, path, keys_[Role::kAdmin], body).status, 401);
      const test::HttpResponse written = basic(write_keys_["web"]);
      EXPECT_NE(written.status, 401) << written.body;
      EXPECT_NE(written.status, 403) << written.body;
      EXPECT_NE(written.status, 0);
      continue;
    }
    const test::HttpResponse anonymous = Call(method, path, "", body);
    EXPECT_EQ(anonymous.status, 401);
    EXPECT_EQ(ErrorCode(anonymous), "unauthenticated");
    EXPECT_EQ(Call(method, path, "ohk_not_a_real_key", body).status, 401);
    for (Role role : http::AllRoles()) {
      SCOPED_TRACE(std::string(NameOf(role)));
      const test::HttpResponse response = Call(method, path, keys_[role], body);
      const bool declared = std::find(route.spec.roles.begin(), route.spec.roles.end(), role) !=
                            route.spec.roles.end();
      if (declared) {
        EXPECT_NE(response.status, 401) << response.body;
        EXPECT_NE(response.status, 403) << response.body;
        EXPECT_NE(response.status, 0);
      } else {
        EXPECT_EQ(response.status, 403) << response.body;
        EXPECT_EQ(ErrorCode(response), "forbidden");
      }
    }
  }
}

TEST_P(ServerTest, TheOpenApiDocumentListsExactlyTheRouterRoutes) {
  const test::HttpResponse response = Call("GET", "/api/v1/openapi.json", "");
  ASSERT_EQ(response.status, 200);
  Result<json::Value> doc = json::Parse(response.body);
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  std::set<std::string> documented;
  for (const auto& [path, item] : *doc->Find("paths")->AsObject()) {
    for (const auto& [method, operation] : *item.AsObject()) {
      std::string upper = method;
      for (char& c : upper) c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      documented.insert(upper + " " + path);
      EXPECT_NE(operation.Find("x-roles"), nullptr) << path;
    }
  }
  std::set<std::string> routed;
  for (const http::Route& route : platform_->router.routes()) {
    routed.insert(std::string(NameOf(route.method)) + " " + route.pattern);
  }
  EXPECT_EQ(documented, routed);
}

TEST_P(ServerTest, ARevokedKeyIsRefusedAtOnce) {
  test::HttpResponse created =
      Call("POST", "/api/v1/keys", keys_[Role::kAdmin], R"({"role":"analyst"})");
  ASSERT_EQ(created.status, 201) << created.body;
  Result<json::Value> key = json::Parse(created.body);
  const std::string secret = *key->Find("key")->AsString();
  const std::string id = *key->Find("id")->AsString();
  EXPECT_EQ(Call("GET", "/api/v1/keys/current", secret).status, 200);
  EXPECT_EQ(Call("GET", "/api/v1/ping", secret).status, 200);  // now verified in memory
  EXPECT_EQ(Call("DELETE", "/api/v1/keys/" + id, keys_[Role::kAdmin]).status, 200);
  const test::HttpResponse refused = Call("GET", "/api/v1/keys/current", secret);
  EXPECT_EQ(refused.status, 401);
  EXPECT_EQ(ErrorCode(refused), "unauthenticated");
  // The in-memory fast path forgot it too.
  EXPECT_EQ(Call("GET", "/api/v1/ping", secret).status, 401);
}

TEST_P(ServerTest, AWriteRecordsTheChannelOfItsKey) {
  // The web channel's key may not create channels, so a store associate's write is not
  // available yet; the admin's key has no channel and the agent's writes for the call center.
  test::HttpResponse created =
      Call("POST", "/api/v1/keys", keys_[Role::kAdmin], R"({"role":"analyst","name":"by admin"})");
  ASSERT_EQ(created.status, 201);
  test::HttpResponse feed =
      Call("GET", "/api/v1/changes?types=channels.api_key.created&limit=1000", keys_[Role::kAdmin]);
  ASSERT_EQ(feed.status, 200);
  Result<json::Value> body = json::Parse(feed.body);
  const json::Array& changes = *body->Find("changes")->AsArray();
  ASSERT_FALSE(changes.empty());
  EXPECT_TRUE(changes.back().Find("channel_id")->is_null());  // the admin key has no channel
  EXPECT_EQ(*changes.back().Find("payload")->Find("name")->AsString(), "by admin");
}

TEST_P(ServerTest, ErrorsUseTheOneEnvelopeWithTheRightStatus) {
  const test::HttpResponse unknown = Call("GET", "/api/v1/nothing", keys_[Role::kAdmin]);
  EXPECT_EQ(unknown.status, 404);
  EXPECT_EQ(ErrorCode(unknown), "not_found");
  EXPECT_FALSE(unknown.Header("x-request-id").empty());

  const test::HttpResponse wrong_method = Call("PUT", "/api/v1/keys", keys_[Role::kAdmin], "{}");
  EXPECT_EQ(wrong_method.status, 405);
  EXPECT_EQ(wrong_method.Header("allow"), "GET, POST");

  const test::HttpResponse malformed =
      Call("POST", "/api/v1/keys", keys_[Role::kAdmin], "{\"role\":");
  EXPECT_EQ(malformed.status, 400);
  EXPECT_EQ(ErrorCode(malformed), "malformed_json");

  const test::HttpResponse wrong_type =
      Call("POST", "/api/v1/keys", keys_[Role::kAdmin], R"({"role":7})");
  EXPECT_EQ(wrong_type.status, 400);
  Result<json::Value> body = json::Parse(wrong_type.body);
  EXPECT_EQ(*body->Find("error")->Find("details")->Find("field")->AsString(), "role");
}

TEST_P(ServerTest, IdempotencyKeyReplaysRefusesReuseAndIsScopedPerKey) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer " + keys_[Role::kAdmin]}, {"Idempotency-Key", "abc-1"}};
  const std::string body = R"({"type":"marketplace","name":"allegro","funnel_role":"acquisition"})";
  test::HttpResponse first = test::HttpRequest(port_, "POST", "/api/v1/channels", body, headers);
  ASSERT_EQ(first.status, 201) << first.body;
  test::HttpResponse replay = test::HttpRequest(port_, "POST", "/api/v1/channels", body, headers);
  EXPECT_EQ(replay.status, 201);
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
  // The one-time write key is never stored, so the replay is the response without it.
  Result<json::Value> original = json::Parse(first.body);
  const std::string write_key = *original->Find("write_key")->AsString();
  EXPECT_EQ(replay.body.find(write_key), std::string::npos);
  json::Object expected;
  for (const auto& [member, value] : *original->AsObject()) {
    if (member != "write_key") {
      expected.emplace_back(member, value);
    }
  }
  EXPECT_EQ(replay.body, json::Serialize(json::Value(std::move(expected))));

  test::HttpResponse other = test::HttpRequest(
      port_, "POST", "/api/v1/channels",
      R"({"type":"marketplace","name":"amazon","funnel_role":"acquisition"})", headers);
  EXPECT_EQ(other.status, 422);
  EXPECT_EQ(ErrorCode(other), "idempotency_key_reused");

  test::HttpResponse listed = Call("GET", "/api/v1/channels", keys_[Role::kAdmin]);
  EXPECT_EQ(listed.body.find("amazon"), std::string::npos);
  size_t count = 0;
  for (size_t pos = listed.body.find("\"allegro\""); pos != std::string::npos;
       pos = listed.body.find("\"allegro\"", pos + 1)) {
    ++count;
  }
  EXPECT_EQ(count, 1u) << "a replay must not create twice";
}

TEST_P(ServerTest, AReplayedErrorIsTheSameBytes) {
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer " + keys_[Role::kAdmin]}, {"Idempotency-Key", "bad-1"}};
  test::HttpResponse first =
      test::HttpRequest(port_, "POST", "/api/v1/keys", R"({"role":"wizard"})", headers);
  ASSERT_EQ(first.status, 400);
  test::HttpResponse replay =
      test::HttpRequest(port_, "POST", "/api/v1/keys", R"({"role":"wizard"})", headers);
  EXPECT_EQ(replay.status, 400);
  EXPECT_EQ(replay.body, first.body);  // request_id included: it is the first request's answer
  EXPECT_EQ(replay.Header("idempotent-replayed"), "true");
}

TEST_P(ServerTest, ReadinessAndMetricsAreServed) {
  EXPECT_EQ(Call("GET", "/healthz", "").status, 200);
  EXPECT_EQ(Call("GET", "/readyz", "").status, 200);
  Call("GET", "/api/v1/keys/current", keys_[Role::kAdmin]);
  const test::HttpResponse head = Call("HEAD", "/api/v1/keys/current", keys_[Role::kAdmin]);
  EXPECT_EQ(head.status, 200);
  EXPECT_TRUE(head.body.empty());
  const test::HttpResponse metrics = Call("GET", "/metrics", "");
  EXPECT_NE(metrics.body.find("omnihub_http_requests_total{method=\"HEAD\",route=\"/api/v1/"
                              "keys/current\",status=\"200\"}"),
            std::string::npos);
  EXPECT_EQ(metrics.status, 200);
  EXPECT_NE(metrics.body.find("omnihub_http_requests_total{method=\"GET\",route=\"/api/v1/keys/"
                              "current\",status=\"200\"}"),
            std::string::npos);
  EXPECT_NE(metrics.body.find("omnihub_db_commit_seconds_bucket"), std::string::npos);
  EXPECT_NE(metrics.body.find("omnihub_changes_subscribers"), std::string::npos);
}

// `make run` shows a living retailer: orders in every state, click & collect waiting in every
// store that offers it, one order checked out from a cart, carts in progress, points earned by
// the completed orders; and running the demo again only describes it.
TEST_P(ServerTest, TheDemoHasOrdersInEveryStateAndASecondRunAddsNothing) {
  Platform& p = *platform_;
  auto latest = [&p] {
    return p.db().Read([](storage::Tx& tx) { return changes::LatestSeq(tx); });
  };
  Result<int64_t> before = latest();
  ASSERT_TRUE(before.ok());
  Result<Demo> demo = LoadDemo(p);  // SetUp loaded it first
  ASSERT_TRUE(demo.ok()) << demo.error().message;
  EXPECT_FALSE(demo->created_now);
  EXPECT_EQ(*latest(), *before) << "a second run wrote something";

  std::set<std::string> states;
  std::set<std::string> ready_at;
  std::string from_cart;
  for (const DemoOrder& order : demo->orders) {
    states.insert(order.state);
    if (order.state == "ready_for_pickup") {
      ready_at.insert(order.location_id);
    }
    if (!order.cart_id.empty()) {
      from_cart = order.id;
    }
  }
  for (orders::OrderState state :
       {orders::OrderState::kPlaced, orders::OrderState::kAllocated,
        orders::OrderState::kReadyForPickup, orders::OrderState::kShipped,
        orders::OrderState::kDelivered, orders::OrderState::kPickedUp,
        orders::OrderState::kCompleted, orders::OrderState::kCancelled}) {
    EXPECT_TRUE(states.contains(std::string(NameOf(state))))
        << "no demo order is " << NameOf(state);
  }
  Result<std::vector<inventory::Location>> locations = p.db().Read(
      [&p](storage::Tx& tx) { return p.Get<inventory::InventoryService>().ListLocations(tx); });
  ASSERT_TRUE(locations.ok());
  int pickup_stores = 0;
  for (const inventory::Location& location : *locations) {
    if (location.click_and_collect) {
      ++pickup_stores;
      EXPECT_TRUE(ready_at.contains(location.id.str()))
          << "nothing to collect at " << location.name;
    }
  }
  EXPECT_EQ(pickup_stores, 3);

  // Nothing was added: as many orders as the demo describes.
  Result<std::vector<orders::Order>> all = p.db().Read(
      [&p](storage::Tx& tx) { return p.Get<orders::OrderService>().List(tx, {.limit = 500}); });
  ASSERT_TRUE(all.ok());
  EXPECT_EQ(all->size(), demo->orders.size());

  ASSERT_FALSE(from_cart.empty()) << "one order is checked out from a cart";
  const test::HttpResponse order = Call("GET", "/api/v1/orders/" + from_cart, keys_[Role::kAdmin]);
  EXPECT_EQ(order.status, 200);
  EXPECT_NE(order.body.find("\"cart_id\":\"crt_"), std::string::npos) << order.body;

  int active = 0;
  bool holds = false;
  bool anonymous = false;
  bool coupon = false;
  for (const DemoCart& cart : demo->carts) {
    if (cart.status != "active") {
      continue;
    }
    ++active;
    holds = holds || (cart.fulfilment == "click_and_collect" && !cart.location_id.empty());
    anonymous = anonymous || cart.owner == "anonymous";
    coupon = coupon || !cart.coupons.empty();
  }
  EXPECT_GE(active, 3);
  EXPECT_TRUE(holds && anonymous && coupon);

  // The completed orders earned points through the change-log subscribers; Piotr's did not
  // complete.
  auto points = [this, &demo](std::string_view name) {
    const test::HttpResponse balance =
        Call("GET", "/api/v1/loyalty/customers/" + demo->CustomerId(name), keys_[Role::kAdmin]);
    EXPECT_EQ(balance.status, 200) << balance.body;
    Result<json::Value> body = json::Parse(balance.body);
    return body.ok() && body->Find("points") != nullptr ? body->Find("points")->AsInt().value_or(-1)
                                                        : -1;
  };
  EXPECT_GT(points("anna"), 0);
  EXPECT_GT(points("kasia"), 0);
  EXPECT_EQ(points("piotr"), 0);
}

INSTANTIATE_TEST_SUITE_P(Backends, ServerTest, ::testing::ValuesIn(test::EnabledBackends()),
                         test::BackendTestName);

}  // namespace
}  // namespace omnihub::app
