#include <gtest/gtest.h>

#include <thread>

#include "core/json.h"
#include "http/server.h"
#include "orders/orders.h"
#include "orders/test_fixture.h"
#include "testing/http_client.h"
#include "testing/route_call.h"

namespace omnihub::orders {
namespace {

using http::Role;
using test::kKrakow;
using test::kWarsaw;

using Reply = omnihub::test::RouteReply;

// The orders routes on a real database, called in-process as the server would.
class OrdersRoutesTest : public test::OrdersFixture {
 protected:
  void SetUp() override {
    test::OrdersFixture::SetUp();
    if (HasFatalFailure()) {
      return;
    }
    RegisterRoutes(router_, db(), *service_, *customers_, clock_);
    anna_ = NewCustomer("anna@example.pl", "+48600100200");
  }

  Reply Call(http::Method method, std::string target, Role role, std::string body = "",
             std::string location = std::string(kKrakow)) {
    return omnihub::test::CallRoute(router_, method, target,
                                    omnihub::test::PrincipalFor(role, std::move(location)),
                                    std::move(body));
  }

  // Without `channel`, the order is the key's channel's.
  std::string CollectBody(std::string_view at = kKrakow, std::string_view channel = "") {
    const std::string named =
        channel.empty() ? "" : R"("channel_id":")" + std::string(channel) + R"(",)";
    return "{" + named + R"("lines":[{"sku":"BUT-42","quantity":1}],"customer_id":")" + anna_ +
           R"(","fulfilment":{"type":"click_and_collect","location_id":")" + std::string(at) +
           R"("}})";
  }

  http::Router router_;
  std::string anna_;
};

TEST_P(OrdersRoutesTest, AChannelPlacesAnOrderAndTheStoreHandsItOver) {
  Reply placed = Call(http::Method::kPost, "/api/v1/orders", Role::kChannel, CollectBody());
  ASSERT_EQ(placed.status, 201) << placed.Code();
  const std::string id = placed.Text("id");
  EXPECT_EQ(placed.Text("state"), "placed");
  EXPECT_EQ(placed.Text("channel_id"), "chn_web");
  EXPECT_EQ(*placed.body.Find("totals")->Find("total")->Find("amount")->AsInt(), 29999);
  EXPECT_EQ(
      *placed.body.Find("lines")->AsArray()->at(0).Find("unit_price")->Find("amount")->AsInt(),
      29999);
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/orders", Role::kAnalyst, CollectBody()).status, 403);

  const std::string transitions = "/api/v1/orders/" + id + "/transitions";
  EXPECT_EQ(Call(http::Method::kPost, transitions, Role::kChannel, R"({"to":"allocated"})").status,
            403);
  Reply wrong = Call(http::Method::kPost, transitions, Role::kAgent, R"({"to":"picked_up"})");
  EXPECT_EQ(wrong.status, 409);
  EXPECT_EQ(wrong.Code(), "conflict");
  EXPECT_EQ(wrong.Detail("current_state"), "placed");
  // An associate of another store may neither see nor move it.
  EXPECT_EQ(Call(http::Method::kPost, transitions, Role::kStoreAssociate, R"({"to":"allocated"})",
                 std::string(kWarsaw))
                .status,
            403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/orders/" + id, Role::kStoreAssociate, "",
                 std::string(kWarsaw))
                .status,
            403);
  for (std::string_view to : {"allocated", "ready_for_pickup"}) {
    Reply moved = Call(http::Method::kPost, transitions, Role::kStoreAssociate,
                       R"({"to":")" + std::string(to) + R"("})");
    ASSERT_EQ(moved.status, 200) << moved.Code();
    EXPECT_EQ(moved.Text("state"), to);
  }

  // The associate finds the customer's orders ready at its own store, and only there.
  const std::string ready = "/api/v1/orders?customer_id=" + anna_ +
                            "&state=ready_for_pickup&location_id=" + std::string(kKrakow);
  Reply list = Call(http::Method::kGet, ready, Role::kStoreAssociate);
  ASSERT_EQ(list.status, 200) << list.Code();
  ASSERT_EQ(list.body.Find("orders")->AsArray()->size(), 1u);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/orders?location_id=" + std::string(kWarsaw),
                 Role::kStoreAssociate)
                .status,
            403);
  // Without naming a store, the associate sees its own store's orders only.
  ASSERT_EQ(
      Call(http::Method::kPost, "/api/v1/orders", Role::kChannel, CollectBody(kWarsaw)).status,
      201);
  Reply own =
      Call(http::Method::kGet, "/api/v1/orders?customer_id=" + anna_, Role::kStoreAssociate);
  ASSERT_EQ(own.status, 200) << own.Code();
  ASSERT_FALSE(own.body.Find("orders")->AsArray()->empty());
  for (const json::Value& order : *own.body.Find("orders")->AsArray()) {
    EXPECT_EQ(*order.Find("fulfilment")->Find("location_id")->AsString(), kKrakow);
  }
  Reply everyone = Call(http::Method::kGet, "/api/v1/orders?customer_id=" + anna_, Role::kAgent);
  ASSERT_EQ(everyone.status, 200);
  EXPECT_GT(everyone.body.Find("orders")->AsArray()->size(),
            own.body.Find("orders")->AsArray()->size());

  const std::string payments = "/api/v1/orders/" + id + "/payments";
  Reply over = Call(http::Method::kPost, payments, Role::kStoreAssociate,
                    R"({"method":"cash","amount":{"amount":30000,"currency":"PLN"}})");
  EXPECT_EQ(over.status, 409);
  EXPECT_EQ(over.Detail("reason"), "overpayment");
  Reply paid = Call(http::Method::kPost, payments, Role::kStoreAssociate,
                    R"({"method":"blik","amount":{"amount":29999,"currency":"PLN"},)"
                    R"("reference":"BLIK-778899","status":"captured"})");
  ASSERT_EQ(paid.status, 201) << paid.Code();
  EXPECT_EQ(*paid.body.Find("order")->Find("totals")->Find("outstanding")->Find("amount")->AsInt(),
            0);
  Reply twice = Call(http::Method::kPost, payments, Role::kStoreAssociate,
                     R"({"method":"cash","amount":{"amount":1,"currency":"PLN"}})");
  EXPECT_EQ(twice.status, 409);
  EXPECT_EQ(twice.Detail("reason"), "already_paid");

  for (std::string_view to : {"picked_up", "completed"}) {
    ASSERT_EQ(Call(http::Method::kPost, transitions, Role::kStoreAssociate,
                   R"({"to":")" + std::string(to) + R"("})")
                  .status,
              200);
  }
  EXPECT_EQ(Level(kKrakow)->on_hand, 4);
}

// Issue 12, finding 10: a key used to name any channel in the body and so get that channel's
// prices and coupons. A channel's key acts for its channel; only an admin names one.
TEST_P(OrdersRoutesTest, TheBodyDoesNotChooseTheChannel) {
  Reply elsewhere = Call(http::Method::kPost, "/api/v1/orders", Role::kChannel,
                         CollectBody(kKrakow, "chn_app"));
  EXPECT_EQ(elsewhere.status, 403);
  EXPECT_EQ(elsewhere.Detail("channel_id"), "chn_web");
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/orders", Role::kAgent,
                 CollectBody(kKrakow, "chn_web"))
                .status,
            403);
  EXPECT_EQ(OrderCount(), 0);
  Reply own = Call(http::Method::kPost, "/api/v1/orders", Role::kChannel,
                   CollectBody(kKrakow, "chn_web"));
  EXPECT_EQ(own.status, 201) << own.Code();
  Reply admin =
      Call(http::Method::kPost, "/api/v1/orders", Role::kAdmin, CollectBody(kKrakow, "chn_app"));
  ASSERT_EQ(admin.status, 201) << admin.Code();
  EXPECT_EQ(admin.Text("channel_id"), "chn_app");
}

TEST_P(OrdersRoutesTest, InsufficientStockAndBadBodiesAreClearErrors) {
  Reply short_stock =
      Call(http::Method::kPost, "/api/v1/orders", Role::kAdmin,
           R"({"channel_id":"chn_callcentre","lines":[{"sku":"BUT-42","quantity":6}],)"
           R"("fulfilment":{"type":"click_and_collect","location_id":")" +
               std::string(kKrakow) + R"("}})");
  EXPECT_EQ(short_stock.status, 409);
  EXPECT_EQ(short_stock.Code(), "insufficient_stock");
  EXPECT_EQ(short_stock.Detail("sku"), "BUT-42");
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/orders", Role::kAgent,
                 R"({"lines":[{"sku":"BUT-42","quantity":1}],"fulfilment":{"type":"drone"}})")
                .status,
            400);
  EXPECT_EQ(OrderCount(), 0);
}

TEST_P(OrdersRoutesTest, TheAnalystSeesIdsButNoCustomerData) {
  Reply placed = Call(
      http::Method::kPost, "/api/v1/orders", Role::kAdmin,
      R"({"channel_id":"chn_callcentre","lines":[{"sku":"SKAR-1","quantity":1}],"customer_id":")" +
          anna_ + R"(","fulfilment":{"type":"ship","address":"ul. Długa 1, Kraków"}})");
  ASSERT_EQ(placed.status, 201) << placed.Code();
  Reply seen = Call(http::Method::kGet, "/api/v1/orders/" + placed.Text("id"), Role::kAnalyst);
  ASSERT_EQ(seen.status, 200);
  EXPECT_TRUE(seen.body.Find("fulfilment")->Find("address")->is_null());
  Reply agent = Call(http::Method::kGet, "/api/v1/orders/" + placed.Text("id"), Role::kAgent);
  EXPECT_EQ(*agent.body.Find("fulfilment")->Find("address")->AsString(), "ul. Długa 1, Kraków");
}

// Through the real HTTP server: the platform refuses card numbers before any handler runs.
class AcceptAgent final : public http::Authenticator {
 public:
  Result<http::Principal> Authenticate(std::string_view key) override {
    if (key != "agent") {
      return Error::Unauthenticated("unknown API key");
    }
    return http::Principal{.key_id = "key_agent", .role = Role::kAgent};
  }
};

TEST_P(OrdersRoutesTest, ACardNumberInAPaymentReferenceIsRefused) {
  Reply placed = Call(http::Method::kPost, "/api/v1/orders", Role::kAdmin,
                      CollectBody(kKrakow, "chn_callcentre"));
  ASSERT_EQ(placed.status, 201) << placed.Code();
  AcceptAgent auth;
  std::unique_ptr<http::Server> server =
      http::Server::Create({.port = 0, .worker_threads = 2}, router_, auth, nullptr);
  Result<uint16_t> port = server->Listen();
  ASSERT_OK(port);
  std::thread run([&] { server->Run(); });
  const std::vector<std::pair<std::string, std::string>> headers = {
      {"Authorization", "Bearer agent"}, {"Content-Type", "application/json"}};
  omnihub::test::HttpResponse refused =
      omnihub::test::HttpRequest(*port, "POST", "/api/v1/orders/" + placed.Text("id") + "/payments",
                                 R"({"method":"card","amount":{"amount":29999,"currency":"PLN"},)"
                                 R"("reference":"4111 1111 1111 1111","status":"captured"})",
                                 headers);
  omnihub::test::HttpResponse fine =
      omnihub::test::HttpRequest(*port, "POST", "/api/v1/orders/" + placed.Text("id") + "/payments",
                                 R"({"method":"card","amount":{"amount":29999,"currency":"PLN"},)"
                                 R"("reference":"PAYU-7F3A-2291","status":"captured"})",
                                 headers);
  server->Shutdown();
  run.join();
  EXPECT_EQ(refused.status, 400) << refused.body;
  json::Value error = json::Parse(refused.body).value();
  EXPECT_EQ(*error.Find("error")->Find("code")->AsString(), "card_number_forbidden");
  EXPECT_EQ(*error.Find("error")->Find("details")->Find("field")->AsString(), "reference");
  EXPECT_EQ(fine.status, 201) << fine.body;
  Result<std::vector<Payment>> stored =
      db().Read([&](storage::Tx& tx) { return service_->ListPayments(tx, placed.Text("id")); });
  ASSERT_OK(stored);
  ASSERT_EQ(stored->size(), 1u);
  EXPECT_EQ(stored->at(0).reference, "PAYU-7F3A-2291");
}

OMNI_INSTANTIATE_BACKENDS(OrdersRoutesTest);

}  // namespace
}  // namespace omnihub::orders
