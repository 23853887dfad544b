#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "inventory/test_fixture.h"
#include "testing/route_call.h"

namespace omnihub::inventory {
namespace {

using http::Role;
using test::kKrakow;
using test::kSku;
using test::kWarsaw;

using Reply = omnihub::test::RouteReply;

// The inventory routes on a real database, called in-process as the server would: match,
// authorise, handle, map errors.
class RoutesTest : public test::InventoryFixture {
 protected:
  void SetUp() override {
    test::InventoryFixture::SetUp();
    RegisterRoutes(router_, db(), service_, clock_);
  }

  Reply Call(http::Method method, std::string_view target, Role role, std::string body = "",
             std::string location = std::string(kKrakow)) {
    return omnihub::test::CallRoute(router_, method, target,
                                    omnihub::test::PrincipalFor(role, std::move(location)),
                                    std::move(body));
  }
  Reply Post(std::string_view target, Role role, std::string body) {
    return Call(http::Method::kPost, target, role, std::move(body));
  }

  http::Router router_;
};

TEST_P(RoutesTest, APosSaleShowsInAnotherChannelsAvailabilityAtOnce) {
  Reply received = Post("/api/v1/inventory/movements", Role::kAdmin,
                        R"({"kind":"receipt","sku":"BUT-42","location_id":")" +
                            std::string(kKrakow) + R"(","quantity":2})");
  ASSERT_EQ(received.status, 201);
  Reply held =
      Post("/api/v1/inventory/reservations", Role::kChannel,
           R"({"sku":"BUT-42","location_id":")" + std::string(kKrakow) + R"(","quantity":1})");
  ASSERT_EQ(held.status, 201);
  EXPECT_EQ(*held.body.Find("channel_id")->AsString(), "chn_web");
  Reply sold = Post("/api/v1/inventory/movements", Role::kStoreAssociate,
                    R"({"kind":"sale","sku":"BUT-42","location_id":")" + std::string(kKrakow) +
                        R"(","quantity":1})");
  ASSERT_EQ(sold.status, 201);
  Reply web = Call(http::Method::kGet, "/api/v1/inventory/availability?sku=BUT-42", Role::kAnalyst);
  ASSERT_EQ(web.status, 200);
  EXPECT_EQ(web.Int("network_available"), 0);
  Reply last =
      Post("/api/v1/inventory/reservations", Role::kChannel,
           R"({"sku":"BUT-42","location_id":")" + std::string(kKrakow) + R"(","quantity":1})");
  EXPECT_EQ(last.status, 409);
  EXPECT_EQ(last.Code(), "insufficient_stock");
  EXPECT_EQ(last.body.Find("error")->Find("details")->Find("available")->AsInt(), 0);
  Reply check = Call(http::Method::kGet, "/api/v1/inventory/check", Role::kAnalyst);
  ASSERT_EQ(check.status, 200);
  EXPECT_EQ(check.body.Find("ok")->AsBool(), true);
}

TEST_P(RoutesTest, AStoreAssociateMovesStockOnlyAtItsOwnLocation) {
  ASSERT_OK(Receive(db(), kWarsaw, 3));
  const std::string elsewhere = R"({"kind":"sale","sku":"BUT-42","location_id":")" +
                                std::string(kWarsaw) + R"(","quantity":1})";
  EXPECT_EQ(Post("/api/v1/inventory/movements", Role::kStoreAssociate, elsewhere).status, 403);
  EXPECT_EQ(Post("/api/v1/inventory/movements", Role::kChannel, elsewhere).status, 403);
  EXPECT_EQ(Post("/api/v1/inventory/movements", Role::kAdmin, elsewhere).status, 201);
  Reply held = Post("/api/v1/inventory/reservations", Role::kAgent,
                    R"({"sku":"BUT-42","location_id":")" + std::string(kWarsaw) +
                        R"(","quantity":1,"kind":"click_and_collect"})");
  ASSERT_EQ(held.status, 201);
  const std::string id = *held.body.Find("id")->AsString();
  EXPECT_EQ(
      Post("/api/v1/inventory/reservations/" + id + "/release", Role::kStoreAssociate, "").status,
      403);
  Reply confirmed = Post("/api/v1/inventory/reservations/" + id + "/confirm", Role::kAgent, "");
  ASSERT_EQ(confirmed.status, 200);
  EXPECT_EQ(*confirmed.body.Find("status")->AsString(), "confirmed");
  EXPECT_EQ(confirmed.body.Find("stock_level")->Find("on_hand")->AsInt(), 1);
}

TEST_P(RoutesTest, BadInputGetsClearCodes) {
  ASSERT_OK(Receive(db(), kKrakow, 3));
  const std::string at = std::string(kKrakow);
  auto move = [&](std::string body) {
    return Post("/api/v1/inventory/movements", Role::kAdmin, std::move(body));
  };
  EXPECT_EQ(
      move(R"({"kind":"receipt","sku":"BUT-42","location_id":")" + at + R"(","quantity":1.5})")
          .Code(),
      "invalid_argument");
  EXPECT_EQ(move(R"({"kind":"receipt","sku":"BUT-42","location_id":")" + at +
                 R"(","quantity":99999999999999999999})")
                .status,
            400);  // beyond int64: refused whether the parser or the decoder notices
  EXPECT_EQ(
      move(R"({"kind":"receipt","sku":"BUT-42","location_id":")" + at + R"(","quantity":1e30})")
          .Code(),
      "invalid_argument");
  EXPECT_EQ(
      move(R"({"kind":"theft","sku":"BUT-42","location_id":")" + at + R"(","quantity":1})").Code(),
      "invalid_argument");
  Reply same = move(R"({"kind":"transfer","sku":"BUT-42","location_id":")" + at +
                    R"(","to_location_id":")" + at + R"(","quantity":1})");
  EXPECT_EQ(same.status, 400);
  EXPECT_EQ(*same.body.Find("error")->Find("details")->Find("field")->AsString(), "to_location_id");
  EXPECT_EQ(move(R"({"kind":"count","sku":"BUT-42","location_id":")" + std::string(kWarsaw) +
                 R"(","quantity":1})")
                .status,
            404);
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/inventory/availability?sku=NOPE", Role::kAgent).status,
      404);
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/inventory/nearest?sku=BUT-42&lat=x&lon=1", Role::kAgent)
          .status,
      400);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/inventory/locations/x", Role::kAgent).status, 400);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/inventory/locations/loc_01JDEM0000ZZZ0000000000000",
                 Role::kAgent)
                .status,
            404);
  Reply held = Post("/api/v1/inventory/reservations", Role::kChannel,
                    R"({"sku":"BUT-42","location_id":")" + at + R"(","quantity":1})");
  const std::string id = *held.body.Find("id")->AsString();
  clock_.Advance(std::chrono::minutes(30));
  Reply late = Post("/api/v1/inventory/reservations/" + id + "/confirm", Role::kChannel, "");
  EXPECT_EQ(late.status, 409);
  EXPECT_EQ(*late.body.Find("error")->Find("details")->Find("reason")->AsString(),
            "reservation_expired");
  Reply swept = Post("/api/v1/inventory/reservations/expire-due", Role::kAdmin, "");
  EXPECT_EQ(swept.Int("expired"), 1);
  EXPECT_EQ(*Call(http::Method::kGet, "/api/v1/inventory/reservations/" + id, Role::kAnalyst)
                 .body.Find("status")
                 ->AsString(),
            "expired");
}

TEST_P(RoutesTest, LocationsNearestAndSafetyStock) {
  Reply created = Post("/api/v1/inventory/locations", Role::kAdmin,
                       R"({"type":"dark_store","name":"Dark Łódź","lat":51.76,"lon":19.46,)"
                       R"("opening_hours":{"mon":"06:00-23:00"},"ship_from_store":true})");
  ASSERT_EQ(created.status, 201);
  const std::string lodz = *created.body.Find("id")->AsString();
  EXPECT_EQ(Post("/api/v1/inventory/locations", Role::kChannel, R"({})").status, 403);
  ASSERT_OK(Receive(db(), lodz, 2));
  ASSERT_OK(Receive(db(), kKrakow, 2));
  Reply near =
      Call(http::Method::kGet, "/api/v1/inventory/nearest?sku=BUT-42&lat=51.75&lon=19.45&limit=1",
           Role::kChannel);
  ASSERT_EQ(near.status, 200);
  ASSERT_EQ(near.body.Find("locations")->AsArray()->size(), 1u);
  EXPECT_EQ(*(*near.body.Find("locations")->AsArray())[0].Find("location")->Find("id")->AsString(),
            lodz);
  Reply safety = Call(
      http::Method::kPut,
      "/api/v1/inventory/locations/" + std::string(kKrakow) + "/stock-levels/" + std::string(kSku),
      Role::kStoreAssociate, R"({"safety_stock":1})");
  ASSERT_EQ(safety.status, 200);
  EXPECT_EQ(safety.Int("available"), 1);
  EXPECT_EQ(Call(http::Method::kGet,
                 "/api/v1/inventory/locations/" + std::string(kKrakow) + "/stock-levels/BUT-42",
                 Role::kAnalyst)
                .Int("available"),
            1);
}

OMNI_INSTANTIATE_BACKENDS(RoutesTest);

}  // namespace
}  // namespace omnihub::inventory
