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
    RegisterRoutes(router_, db(), *service_, *customers_);
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
    req.principal = {.key_id = "key_" + std::string(NameOf(role)),
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

  // An analyst may not learn whether an e-mail has a cart (docs/security.md, finding 1).
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/carts/current?email=ala%40example.com", Role::kAnalyst)
          .status,
      403);
  Reply current =
      Call(http::Method::kGet, "/api/v1/carts/current?email=ala%40example.com", Role::kAgent);
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

TEST_P(CartsRoutesTest, ContactPaymentPointsAndAParcelLocker) {
  const std::string customer = NewCustomer("ala@example.com", "+48600100200");
  GivePoints(customer, 1000);
  Reply created = Call(http::Method::kPost, "/api/v1/carts", Role::kChannel,
                       R"({"customer_id":")" + customer + R"("})");
  ASSERT_EQ(created.status, 201);
  const std::string id = created.Text("id");
  const std::string cart = "/api/v1/carts/" + id;
  EXPECT_TRUE(created.body.Find("order_id")->is_null());
  EXPECT_EQ(*created.body.Find("redeem_points")->AsInt(), 0);
  EXPECT_TRUE(created.body.Find("contact")->Find("email")->is_null());
  EXPECT_TRUE(created.body.Find("payment")->Find("method")->is_null());
  ASSERT_EQ(Call(http::Method::kPost, cart + "/lines", Role::kChannel,
                 R"({"sku":"BUT-42","quantity":1})", "\"1\"")
                .status,
            200);

  const std::string contact =
      R"({"email":"ala@example.com","phone":"+48 600 100 200","name":"Ala Nowak",)"
      R"("address":"ul. Długa 1, Kraków"})";
  EXPECT_EQ(Call(http::Method::kPut, cart + "/contact", Role::kAnalyst, contact).status, 403);
  Reply set = Call(http::Method::kPut, cart + "/contact", Role::kAgent, contact, "\"2\"");
  ASSERT_EQ(set.status, 200) << json::Serialize(set.body);
  EXPECT_EQ(set.etag, "\"3\"");
  EXPECT_EQ(*set.body.Find("contact")->Find("name")->AsString(), "Ala Nowak");
  EXPECT_EQ(*set.body.Find("contact")->Find("address")->AsString(), "ul. Długa 1, Kraków");
  Reply stale = Call(http::Method::kPut, cart + "/contact", Role::kAgent, contact, "\"2\"");
  EXPECT_EQ(stale.status, 412);
  EXPECT_EQ(stale.Code(), "precondition_failed");
  Reply bad = Call(http::Method::kPut, cart + "/contact", Role::kAgent,
                   R"({"email":"ala-at-example.com"})", "\"3\"");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(bad.Code(), "invalid_argument");
  EXPECT_EQ(*bad.body.Find("error")->Find("details")->Find("field")->AsString(), "contact.email");

  Reply paid = Call(http::Method::kPut, cart + "/payment", Role::kStoreAssociate,
                    R"({"method":"card","reference":"PAY-1"})", "\"3\"");
  ASSERT_EQ(paid.status, 200) << json::Serialize(paid.body);
  EXPECT_EQ(paid.etag, "\"4\"");
  EXPECT_EQ(*paid.body.Find("payment")->Find("method")->AsString(), "card");
  EXPECT_EQ(*paid.body.Find("payment")->Find("reference")->AsString(), "PAY-1");
  EXPECT_EQ(
      Call(http::Method::kPut, cart + "/payment", Role::kChannel, R"({"method":"card"})", "\"3\"")
          .status,
      412);
  EXPECT_EQ(
      Call(http::Method::kPut, cart + "/payment", Role::kChannel, R"({"method":"cheque"})").status,
      400);

  Reply above =
      Call(http::Method::kPut, cart + "/loyalty", Role::kChannel, R"({"points":1001})", "\"4\"");
  EXPECT_EQ(above.status, 409);
  EXPECT_EQ(*above.body.Find("error")->Find("details")->Find("reason")->AsString(),
            "points_above_balance");
  EXPECT_EQ(
      Call(http::Method::kPut, cart + "/loyalty", Role::kChannel, R"({"points":500})", "\"3\"")
          .status,
      412);
  Reply points =
      Call(http::Method::kPut, cart + "/loyalty", Role::kChannel, R"({"points":500})", "\"4\"");
  ASSERT_EQ(points.status, 200) << json::Serialize(points.body);
  EXPECT_EQ(points.etag, "\"5\"");
  EXPECT_EQ(*points.body.Find("redeem_points")->AsInt(), 500);
  EXPECT_EQ(
      *points.body.Find("priced")->Find("totals")->Find("total_gross")->Find("amount")->AsInt(),
      29999 - 5000);

  Reply locker = Call(http::Method::kPut, cart + "/fulfilment", Role::kChannel,
                      R"({"type":"parcel_locker","locker_id":"KRA01M"})", "\"5\"");
  ASSERT_EQ(locker.status, 200) << json::Serialize(locker.body);
  EXPECT_EQ(*locker.body.Find("fulfilment")->Find("type")->AsString(), "parcel_locker");
  EXPECT_EQ(*locker.body.Find("fulfilment")->Find("locker_id")->AsString(), "KRA01M");
  EXPECT_EQ(
      Call(http::Method::kPut, cart + "/fulfilment", Role::kChannel, R"({"type":"parcel_locker"})")
          .status,
      400);
  Reply shown = Call(http::Method::kGet, cart, Role::kAgent);
  EXPECT_EQ(shown.etag, "\"6\"");
  EXPECT_EQ(*shown.body.Find("contact")->Find("email")->AsString(), "ala@example.com");
  EXPECT_EQ(*shown.body.Find("redeem_points")->AsInt(), 500);
  // The analyst reads the same cart with every personal field null (finding 1).
  Reply analysed = Call(http::Method::kGet, cart, Role::kAnalyst);
  EXPECT_EQ(*analysed.body.Find("redeem_points")->AsInt(), 500);
  EXPECT_TRUE(analysed.body.Find("contact")->Find("email")->is_null());
  EXPECT_TRUE(analysed.body.Find("fulfilment")->Find("locker_id")->is_null());
}

OMNI_INSTANTIATE_BACKENDS(CartsRoutesTest);

}  // namespace
}  // namespace omnihub::carts
