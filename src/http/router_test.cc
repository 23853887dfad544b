#include "http/router.h"

#include <gtest/gtest.h>

#include "core/json.h"

namespace omnihub::http {
namespace {

Handler Reply(std::string body) {
  return [body](const Request&) -> Result<Response> { return Response::Ok(body); };
}

class RouterTest : public ::testing::Test {
 protected:
  RouterTest() {
    router_.Get("/api/v1/keys", {.summary = "list", .roles = {Role::kAdmin}}, Reply("list"));
    router_.Post("/api/v1/keys", {.summary = "create", .roles = {Role::kAdmin}}, Reply("create"));
    router_.Get("/api/v1/keys/{id}", {.summary = "one", .roles = {Role::kAdmin}}, Reply("one"));
    router_.Get("/api/v1/keys/current", {.summary = "me", .roles = AllRoles()}, Reply("me"));
    router_.Post("/api/v1/stock/{location_id}/moves",
                 {.summary = "move",
                  .roles = {Role::kStoreAssociate, Role::kAdmin},
                  .scope = Scope::Location("location_id")},
                 Reply("moved"));
  }
  Router router_;
};

TEST_F(RouterTest, PathParametersAreCapturedAndDecoded) {
  RouteMatch match = router_.Match(Method::kGet, "/api/v1/keys/key%5F01");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->spec.summary, "one");
  ASSERT_EQ(match.params.size(), 1u);
  EXPECT_EQ(match.params[0].first, "id");
  EXPECT_EQ(match.params[0].second, "key_01");
}

TEST_F(RouterTest, ALiteralSegmentWinsOverAParameter) {
  RouteMatch match = router_.Match(Method::kGet, "/api/v1/keys/current");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->spec.summary, "me");
}

TEST_F(RouterTest, AWrongMethodListsTheAllowedOnes) {
  RouteMatch match = router_.Match(Method::kDelete, "/api/v1/keys");
  EXPECT_EQ(match.kind, RouteMatch::Kind::kMethodNotAllowed);
  EXPECT_EQ(match.allowed, (std::vector<Method>{Method::kGet, Method::kPost}));
}

TEST_F(RouterTest, UnknownPathsAndEmptyParametersAreNotFound) {
  EXPECT_EQ(router_.Match(Method::kGet, "/api/v1/nothing").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router_.Match(Method::kGet, "/api/v1/keys/").kind, RouteMatch::Kind::kNotFound);
  EXPECT_EQ(router_.Match(Method::kGet, "/api/v1/keys/a/b").kind, RouteMatch::Kind::kNotFound);
}

TEST_F(RouterTest, HeadIsServedByTheGetRoute) {
  RouteMatch match = router_.Match(Method::kHead, "/api/v1/keys");
  ASSERT_EQ(match.kind, RouteMatch::Kind::kFound);
  EXPECT_EQ(match.route->method, Method::kGet);
}

TEST_F(RouterTest, ARoleNotDeclaredIsForbidden) {
  RouteMatch match = router_.Match(Method::kGet, "/api/v1/keys");
  Request request;
  request.principal.role = Role::kAnalyst;
  Result<void> allowed = Authorize(*match.route, request);
  ASSERT_FALSE(allowed.ok());
  EXPECT_EQ(allowed.error().code, ErrorCode::kForbidden);
  request.principal.role = Role::kAdmin;
  EXPECT_TRUE(Authorize(*match.route, request).ok());
}

TEST_F(RouterTest, AStoreAssociateActsOnlyAtItsOwnLocation) {
  RouteMatch match = router_.Match(Method::kPost, "/api/v1/stock/loc_krakow/moves");
  Request request;
  request.principal.role = Role::kStoreAssociate;
  request.principal.location_id = "loc_warszawa";
  request.path_params = match.params;
  EXPECT_EQ(Authorize(*match.route, request).error().code, ErrorCode::kForbidden);
  request.principal.location_id = "loc_krakow";
  EXPECT_TRUE(Authorize(*match.route, request).ok());
  // A matching query parameter does not cover another location in the body.
  request.query = {{"location_id", "loc_krakow"}};
  request.json = json::Value(json::Object{{"location_id", "loc_warszawa"}});
  EXPECT_EQ(Authorize(*match.route, request).error().code, ErrorCode::kForbidden);
  // Scope binds store associates only; an admin may act anywhere.
  request.principal = Principal{.key_id = "k", .role = Role::kAdmin};
  EXPECT_TRUE(Authorize(*match.route, request).ok());
}

TEST_F(RouterTest, TheOpenApiDocumentDescribesEveryRoute) {
  Result<json::Value> doc = json::Parse(OpenApiDocument(router_, "test"));
  ASSERT_TRUE(doc.ok()) << doc.error().message;
  EXPECT_EQ(*doc->Find("openapi")->AsString(), "3.1.0");
  const json::Value* paths = doc->Find("paths");
  ASSERT_NE(paths, nullptr);
  size_t operations = 0;
  for (const auto& [path, item] : *paths->AsObject()) {
    operations += item.AsObject()->size();
  }
  EXPECT_EQ(operations, router_.routes().size());
  const json::Value* one = paths->Find("/api/v1/keys/{id}")->Find("get");
  EXPECT_EQ(*one->Find("parameters")->AsArray()->at(0).Find("name")->AsString(), "id");
}

TEST(UrlDecodeTest, DecodesEscapesAndPlusAndKeepsBrokenEscapes) {
  EXPECT_EQ(UrlDecode("a%20b+c%zz%4"), "a b c%zz%4");
}

}  // namespace
}  // namespace omnihub::http
