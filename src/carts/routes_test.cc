#include <gtest/gtest.h>

#include "carts/carts.h"
#include "carts/test_fixture.h"
#include "core/json.h"

namespace omnihub::carts {
namespace {

using http::Role;

struct Reply {
  int status = 0;
  json::Value body;
  std::string etag;
  std::string Code() const {
    const json::Value* error = body.Find("error");
    return error == nullptr ? "" : *error->Find("code")->AsString();
  }
  std::string Text(std::string_view key) const { return *body.Find(key)->AsString(); }
};

// The carts routes on a real database, called in-process as the server would.
class CartsRoutesTest : public test::CartsFixture {
 protected:
  void SetUp() override {
    test::CartsFixture::SetUp();
    RegisterRoutes(router_, db(), *service_);
  }

  Reply Call(http::Method method, std::string target, Role role, std::string body = "",
             std::string if_match = "") {
    http::Request req;
    req.method = method;
    const size_t question = target.find('?');
    req.path = target.substr(0, question);
    if (question != std::string::npos) {
      const std::string rest = target.substr(question + 1);
      const size_t equals = rest.find('=');
      req.query.emplace_back(rest.substr(0, equals), http::UrlDecode(rest.substr(equals + 1)));
    }
    if (!if_match.empty()) {
      req.headers.emplace_back("if-match", if_match);
    }
    req.body = std::move(body);
    if (!req.body.empty()) {
      req.json = json::Parse(req.body).value();
    }
    req.principal = {.key_id = "key_" + std::string(http::RoleName(role)),
                     .role = role,
                     .channel_id = role == Role::kChannel ? "chn_web" : ""};
    req.authenticated = true;
    req.request_id = "req_1";
    http::RouteMatch match = router_.Match(method, req.path);
    EXPECT_EQ(match.kind, http::RouteMatch::Kind::kFound) << target;
    if (match.kind != http::RouteMatch::Kind::kFound) {
      return {};
    }
    req.path_params = match.params;
    Result<void> allowed = http::Authorize(*match.route, req);
    Result<http::Response> response =
        allowed.ok() ? match.route->handler(req) : Result<http::Response>(allowed.error());
    http::Response out =
        response.ok() ? *response : http::ErrorResponse(response.error(), req.request_id);
    Reply reply{.status = out.status};
    for (const auto& [name, value] : out.headers) {
      if (name == "ETag") {
        reply.etag = value;
      }
    }
    if (!out.body.empty()) {
      reply.body = json::Parse(out.body).value();
    }
    return reply;
  }

  http::Router router_;
};

TEST_P(CartsRoutesTest, ACartStartedInTheAppContinuesOnTheWeb) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  Reply created = Call(http::Method::kPost, "/api/v1/carts", Role::kChannel,
                       R"({"customer_id":")" + customer + R"("})");
  ASSERT_EQ(created.status, 201) << json::Serialize(created.body);
  EXPECT_EQ(created.etag, "\"1\"");
  const std::string id = created.Text("id");
  Reply added = Call(http::Method::kPost, "/api/v1/carts/" + id + "/lines", Role::kChannel,
                     R"({"sku":"BUT-42","quantity":2})", "\"1\"");
  ASSERT_EQ(added.status, 200) << json::Serialize(added.body);
  EXPECT_EQ(added.etag, "\"2\"");
  EXPECT_EQ(
      *added.body.Find("priced")->Find("totals")->Find("total_gross")->Find("amount")->AsInt(),
      59998);

  Reply current =
      Call(http::Method::kGet, "/api/v1/carts/current?email=ala%40example.com", Role::kAnalyst);
  ASSERT_EQ(current.status, 200) << json::Serialize(current.body);
  EXPECT_EQ(current.Text("id"), id);
  EXPECT_EQ(current.etag, "\"2\"");

  Reply stale = Call(http::Method::kPatch, "/api/v1/carts/" + id + "/lines/BUT-42",
                     Role::kStoreAssociate, R"({"quantity":1})", "\"1\"");
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.Code(), "precondition_failed");
  EXPECT_EQ(*stale.body.Find("error")->Find("details")->Find("version")->AsInt(), 2);

  Reply fresh = Call(http::Method::kPatch, "/api/v1/carts/" + id + "/lines/BUT-42",
                     Role::kStoreAssociate, R"({"quantity":1})", "W/\"2\"");
  EXPECT_EQ(fresh.status, 200);
  Reply bad_etag =
      Call(http::Method::kDelete, "/api/v1/carts/" + id + "/lines/BUT-42", Role::kAgent, "", "abc");
  EXPECT_EQ(bad_etag.status, 400);
}

TEST_P(CartsRoutesTest, RolesFulfilmentAndCoupons) {
  Reply created =
      Call(http::Method::kPost, "/api/v1/carts", Role::kChannel, R"({"anonymous_id":"anon-1"})");
  ASSERT_EQ(created.status, 201);
  const std::string id = created.Text("id");
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/carts/" + id + "/lines", Role::kAnalyst,
                 R"({"sku":"BUT-42","quantity":1})")
                .status,
            403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/carts/" + id, Role::kAnalyst).status, 200);
  ASSERT_EQ(Call(http::Method::kPost, "/api/v1/carts/" + id + "/lines", Role::kChannel,
                 R"({"sku":"BUT-42","quantity":6})")
                .status,
            200);
  Reply short_stock =
      Call(http::Method::kPut, "/api/v1/carts/" + id + "/fulfilment", Role::kChannel,
           R"({"type":"click_and_collect","location_id":")" + std::string(test::kKrakow) + "\"}");
  EXPECT_EQ(short_stock.status, 409);
  EXPECT_EQ(short_stock.Code(), "insufficient_stock");
  EXPECT_EQ(*short_stock.body.Find("error")->Find("details")->Find("sku")->AsString(), "BUT-42");
  Reply no_collect =
      Call(http::Method::kPut, "/api/v1/carts/" + id + "/fulfilment", Role::kChannel,
           R"({"type":"click_and_collect","location_id":")" + std::string(test::kGdansk) + "\"}");
  EXPECT_EQ(no_collect.status, 409);
  EXPECT_EQ(no_collect.Code(), "conflict");
  Reply unknown = Call(http::Method::kPost, "/api/v1/carts/" + id + "/coupons", Role::kChannel,
                       R"({"code":"NIEMA"})");
  EXPECT_EQ(unknown.status, 404);
  Reply gone =
      Call(http::Method::kDelete, "/api/v1/carts/" + id + "/coupons/NIEMA", Role::kChannel);
  EXPECT_EQ(gone.status, 404);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/carts/current", Role::kAgent).status, 400);
  for (const http::Route& route : router_.routes()) {
    EXPECT_EQ(route.spec.tag, "carts");
    EXPECT_FALSE(route.spec.summary.empty());
    EXPECT_FALSE(route.spec.response_schema.empty());
  }
}

OMNI_INSTANTIATE_BACKENDS(CartsRoutesTest);

}  // namespace
}  // namespace omnihub::carts
