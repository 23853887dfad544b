#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "core/json.h"
#include "testing/db_test.h"
#include "testing/route_call.h"

namespace omnihub::catalog {
namespace {

using http::Method;
using http::Role;

using Reply = omnihub::test::RouteReply;

// The catalog routes on a real database, called in-process as the server would: match,
// authorise, handle, map errors.
class CatalogRoutesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), catalog::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterRoutes(router_, db(), *service_);
  }

  Reply Call(Method method, std::string_view target, Role role, std::string body = "",
             bool json_body = true) {
    return omnihub::test::CallRoute(router_, method, target, omnihub::test::PrincipalFor(role),
                                    std::move(body), json_body);
  }

  FakeClock clock_;
  std::unique_ptr<CatalogService> service_ = NewCatalogService(clock_);
  http::Router router_;
};

constexpr std::string_view kShoe =
    R"({"title":{"pl":"Buty trailowe","en":"Trail shoes"},"status":"active",)"
    R"("categories":["buty"],"images":["https://cdn.example.pl/t.jpg"],)"
    R"("attributes":{"surface":"trail"},)"
    R"("variants":[{"sku":"trl-42","gtin":"5901234123457","attributes":{"size":"42"},)"
    R"("list_price":{"amount":39999,"currency":"PLN"}},{"sku":"trl-43"}]})";

TEST_P(CatalogRoutesTest, AdminsWriteEveryRoleReads) {
  EXPECT_EQ(Call(Method::kPost, "/api/v1/catalog/categories", Role::kAdmin,
                 R"({"slug":"buty","name_pl":"Buty"})")
                .status,
            201);
  EXPECT_EQ(
      Call(Method::kPost, "/api/v1/catalog/products", Role::kChannel, std::string(kShoe)).Code(),
      "forbidden");
  Reply created = Call(Method::kPost, "/api/v1/catalog/products", Role::kAdmin, std::string(kShoe));
  ASSERT_EQ(created.status, 201);
  const std::string id = *created.body.Find("id")->AsString();

  for (Role role : http::AllRoles()) {
    EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/products/" + id, role).status, 200);
    Reply sku = Call(Method::kGet, "/api/v1/catalog/skus/TRL-43", role);
    ASSERT_EQ(sku.status, 200);
    EXPECT_EQ(*sku.body.Find("product_id")->AsString(), id);
    EXPECT_EQ(*sku.body.Find("title")->AsString(), "Buty trailowe");
  }
  EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/skus/NOPE", Role::kAnalyst).Code(), "not_found");
  Reply list = Call(Method::kGet, "/api/v1/catalog/products?q=trail&limit=5", Role::kChannel);
  ASSERT_EQ(list.status, 200);
  EXPECT_EQ(list.body.Find("products")->AsArray()->size(), 1u);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/products?limit=500", Role::kChannel).Code(),
            "invalid_argument");
  EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/categories", Role::kAnalyst)
                .body.Find("categories")
                ->AsArray()
                ->size(),
            1u);

  Reply patched = Call(Method::kPatch, "/api/v1/catalog/products/" + id, Role::kAdmin,
                       R"({"status":"archived","title":{"en":"Old trail shoes"}})");
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(*patched.body.Find("status")->AsString(), "archived");
  EXPECT_EQ(*patched.body.Find("title")->Find("pl")->AsString(), "Buty trailowe");
  EXPECT_EQ(Call(Method::kPatch, "/api/v1/catalog/products/" + id, Role::kStoreAssociate,
                 R"({"status":"active"})")
                .Code(),
            "forbidden");
}

TEST_P(CatalogRoutesTest, BadInputIsAClearErrorAndStoresNothing) {
  std::string bad_gtin(kShoe);
  bad_gtin.replace(bad_gtin.find("5901234123457"), 13, "5901234123458");
  bad_gtin.replace(bad_gtin.find("\"categories\":[\"buty\"],"), 22, "");
  Reply refused = Call(Method::kPost, "/api/v1/catalog/products", Role::kAdmin, bad_gtin);
  EXPECT_EQ(refused.status, 400);
  EXPECT_EQ(*refused.body.Find("error")->Find("details")->Find("field")->AsString(),
            "variants[0].gtin");
  Reply fraction =
      Call(Method::kPost, "/api/v1/catalog/products", Role::kAdmin,
           R"({"title":{"pl":"X"},"variants":[{"sku":"X","list_price":{"amount":12.5}}]})");
  EXPECT_EQ(fraction.Code(), "invalid_argument");
  EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/products", Role::kAdmin)
                .body.Find("products")
                ->AsArray()
                ->size(),
            0u);
  EXPECT_EQ(Call(Method::kGet, "/api/v1/catalog/products/prd_nope", Role::kAdmin).Code(),
            "not_found");
}

TEST_P(CatalogRoutesTest, AnImportAnswersItsReportWithAtMostTheRequestedErrors) {
  std::string csv = "sku,title_pl,price\n";
  for (int idx = 0; idx < 30; ++idx) {
    csv += "S-" + std::to_string(idx) + ",Produkt " + std::to_string(idx) +
           (idx % 3 == 0 ? ",1.999\n" : ",19.99\n");
  }
  EXPECT_EQ(Call(Method::kPost, "/api/v1/catalog/imports", Role::kAgent, csv, false).Code(),
            "forbidden");
  Reply report =
      Call(Method::kPost, "/api/v1/catalog/imports?max_errors=3", Role::kAdmin, csv, false);
  ASSERT_EQ(report.status, 200);
  EXPECT_EQ(report.Int("lines"), 30);
  EXPECT_EQ(report.Int("created"), 20);
  EXPECT_EQ(report.Int("rejected_lines"), 10);
  EXPECT_EQ(*report.body.Find("rejected")->Find("price_precision")->AsInt(), 10);
  EXPECT_EQ(report.body.Find("errors")->AsArray()->size(), 3u);
  EXPECT_EQ(*report.body.Find("errors_truncated")->AsBool(), true);
  EXPECT_EQ(
      Call(Method::kPost, "/api/v1/catalog/imports", Role::kAdmin, "nothing,here\n1,2\n", false)
          .Code(),
      "invalid_argument");
  EXPECT_EQ(
      Call(Method::kPost, "/api/v1/catalog/imports?format=xml", Role::kAdmin, csv, false).Code(),
      "invalid_argument");
}

TEST_P(CatalogRoutesTest, EveryRouteDeclaresASummaryRolesAndAResponseSchema) {
  for (const http::Route& route : router_.routes()) {
    EXPECT_FALSE(route.spec.summary.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.roles.empty()) << route.pattern;
    EXPECT_FALSE(route.spec.response_schema.empty()) << route.pattern;
    EXPECT_TRUE(json::Parse(route.spec.response_schema).ok()) << route.pattern;
    if (!route.spec.request_schema.empty()) {
      EXPECT_TRUE(json::Parse(route.spec.request_schema).ok()) << route.pattern;
    }
  }
}

OMNI_INSTANTIATE_BACKENDS(CatalogRoutesTest);

}  // namespace
}  // namespace omnihub::catalog
