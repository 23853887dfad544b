#include "customers/customers.h"

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "core/json.h"
#include "customers/events.h"
#include "testing/db_test.h"
#include "testing/route_call.h"

namespace omnihub::customers {
namespace {

using http::Role;

using Reply = test::RouteReply;

// The customers routes on a real database, called in-process as the server would: match,
// authorise, handle, map errors.
class RoutesTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations()};
  }
  void SetUp() override {
    test::DbTest::SetUp();
    RegisterRoutes(router_, db(), *service_);
  }

  Reply Call(http::Method method, std::string_view target, Role role, std::string body = "") {
    return test::CallRoute(router_, method, target, test::PrincipalFor(role), std::move(body));
  }
  std::string Create(std::string body, Role role = Role::kChannel) {
    Reply created = Call(http::Method::kPost, "/api/v1/customers", role, std::move(body));
    EXPECT_TRUE(created.status == 201 || created.status == 200) << created.status;
    return created.status / 100 == 2 ? *created.body.Find("id")->AsString() : "";
  }
  int AccessEntries(const std::string& id) {
    Reply log = Call(http::Method::kGet, "/api/v1/customers/" + id + "/access-log", Role::kAdmin);
    EXPECT_EQ(log.status, 200);
    return static_cast<int>(log.body.Find("entries")->AsArray()->size());
  }

  FakeClock clock_;
  std::unique_ptr<CustomersService> service_ = NewCustomersService(clock_);
  http::Router router_;
};

constexpr std::string_view kJan =
    R"({"identifiers":[{"type":"email","value":"Jan@Example.pl"},)"
    R"({"type":"phone","value":"600 100 200"},{"type":"card","value":"CARD-1"},)"
    R"({"type":"social","namespace":"instagram","value":"@jan"}],)"
    R"("traits":{"first_name":"Jan","last_name":"Kowalski","size":"L"},)"
    R"("consents":[{"purpose":"marketing","channel":"email","granted":true}]})";

TEST_P(RoutesTest, CreatingTwiceFindsTheSameProfile) {
  Reply created =
      Call(http::Method::kPost, "/api/v1/customers", Role::kStoreAssociate, std::string(kJan));
  ASSERT_EQ(created.status, 201);
  EXPECT_TRUE(created.body.Find("id")->AsString()->starts_with("cus_"));
  EXPECT_EQ(created.body.Find("identifiers")->AsArray()->size(), 4u);
  EXPECT_EQ(created.body.Find("consents")->AsArray()->size(), 1u);
  Reply again = Call(http::Method::kPost, "/api/v1/customers", Role::kChannel,
                     R"({"identifiers":[{"type":"email","value":"jan@example.pl"}]})");
  EXPECT_EQ(again.status, 200);
  EXPECT_EQ(*again.body.Find("id")->AsString(), *created.body.Find("id")->AsString());
  Reply bad = Call(http::Method::kPost, "/api/v1/customers", Role::kChannel,
                   R"({"identifiers":[{"type":"phone","value":"garbage"}]})");
  EXPECT_EQ(bad.status, 400);
  EXPECT_EQ(*bad.body.Find("error")->Find("details")->Find("field")->AsString(),
            "identifiers[0].value");
  EXPECT_EQ(Call(http::Method::kPost, "/api/v1/customers", Role::kAnalyst, "{}").status, 403);
}

TEST_P(RoutesTest, EveryIdentifierKindLooksUpTheProfileAndPeopleAreLogged) {
  const std::string id = Create(std::string(kJan));
  Create(R"({"identifiers":[{"type":"user_id","value":"u-1"},)"
         R"({"type":"anonymous_id","value":"anon-1"},{"type":"customer_number","value":"K-9"},)"
         R"({"type":"external","namespace":"shopify","value":"77"}],"traits":{}})");
  for (const char* query : {"email=JAN%40example.pl", "phone=%2B48600100200", "phone=+48600100200",
                            "phone=600%20100%20200", "card=CARD-1", "social=instagram:jan"}) {
    Reply found = Call(http::Method::kGet, std::string("/api/v1/customers/lookup?") + query,
                       Role::kStoreAssociate);
    ASSERT_EQ(found.status, 200) << query;
    EXPECT_EQ(*found.body.Find("id")->AsString(), id) << query;
  }
  for (const char* query :
       {"user_id=u-1", "anonymous_id=anon-1", "customer_number=K-9", "external=shopify:77"}) {
    EXPECT_EQ(
        Call(http::Method::kGet, std::string("/api/v1/customers/lookup?") + query, Role::kChannel)
            .status,
        200)
        << query;
  }
  Reply nobody =
      Call(http::Method::kGet, "/api/v1/customers/lookup?email=nobody@example.pl", Role::kAgent);
  EXPECT_EQ(nobody.status, 404);
  EXPECT_EQ(nobody.Code(), "not_found");
  Reply garbage = Call(http::Method::kGet, "/api/v1/customers/lookup?phone=abc", Role::kAgent);
  EXPECT_EQ(garbage.status, 400);
  EXPECT_EQ(*garbage.body.Find("error")->Find("details")->Find("field")->AsString(), "phone");
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/customers/lookup?email=a@b.pl&card=1", Role::kAgent).status,
      400);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers/lookup", Role::kAgent).status, 400);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers/lookup?card=CARD-1", Role::kAnalyst).status,
            403);
  // Six lookups by the store associate and one by the channel (finding 9: a channel's reads
  // of a person are logged too); the analyst's refused one is not.
  EXPECT_EQ(AccessEntries(id), 7);
}

TEST_P(RoutesTest, AnalystsGetNoPersonalDataAndAreNotLogged) {
  const std::string id = Create(std::string(kJan));
  Reply analyst = Call(http::Method::kGet, "/api/v1/customers/" + id, Role::kAnalyst);
  ASSERT_EQ(analyst.status, 200);
  EXPECT_EQ(analyst.body.Find("identifiers"), nullptr);
  EXPECT_NE(analyst.body.Find("computed"), nullptr);
  Reply agent = Call(http::Method::kGet, "/api/v1/customers/" + id, Role::kAgent);
  EXPECT_EQ(*agent.body.Find("name")->Find("full")->AsString(), "Jan Kowalski");
  EXPECT_EQ(*agent.body.Find("preferences")->Find("size")->AsString(), "L");
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers/" + id, Role::kChannel).status, 200);
  // The channel's create and read and the agent's read; never the analyst's (finding 9).
  EXPECT_EQ(AccessEntries(id), 3);
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/customers/" + id + "/access-log", Role::kAgent).status,
      403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers/cus_nobody", Role::kAgent).status, 404);
}

TEST_P(RoutesTest, AnIdentifierAddedThroughTheApiMergesAndTheOldIdRedirects) {
  const std::string older = Create(R"({"identifiers":[{"type":"anonymous_id","value":"a-1"}]})");
  clock_.Advance(std::chrono::seconds(1));
  const std::string younger = Create(R"({"identifiers":[{"type":"card","value":"CARD-5"}]})");
  Reply merged = Call(http::Method::kPost, "/api/v1/customers/" + younger + "/identifiers",
                      Role::kStoreAssociate, R"({"type":"anonymous_id","value":"a-1"})");
  ASSERT_EQ(merged.status, 200);
  EXPECT_EQ(*merged.body.Find("id")->AsString(), older);
  EXPECT_EQ(*merged.body.Find("redirected_from")->AsString(), younger);

  Reply redirected = Call(http::Method::kGet, "/api/v1/customers/" + younger, Role::kAgent);
  ASSERT_EQ(redirected.status, 200);
  EXPECT_EQ(*redirected.body.Find("id")->AsString(), older);
  EXPECT_EQ(*redirected.body.Find("redirected_from")->AsString(), younger);
  EXPECT_EQ(redirected.Header("Content-Location"), "/api/v1/customers/" + older);

  Reply merges =
      Call(http::Method::kGet, "/api/v1/customers/" + younger + "/merges", Role::kAnalyst);
  ASSERT_EQ(merges.status, 200);
  const json::Array& list = *merges.body.Find("merges")->AsArray();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(*list[0].Find("merged_id")->AsString(), younger);
  EXPECT_EQ(*list[0].Find("cause")->AsString(), "api:key_store_associate");

  Reply patched = Call(http::Method::kPatch, "/api/v1/customers/" + younger, Role::kAgent,
                       R"({"traits":{"name":"Ola Nowak","preferred_channel":"sms"}})");
  ASSERT_EQ(patched.status, 200);
  EXPECT_EQ(*patched.body.Find("name")->Find("full")->AsString(), "Ola Nowak");
  Reply consents =
      Call(http::Method::kPut, "/api/v1/customers/" + older + "/consents", Role::kChannel,
           R"({"consents":[{"purpose":"marketing","channel":"sms","granted":false}]})");
  ASSERT_EQ(consents.status, 200);
  EXPECT_FALSE(*consents.body.Find("consents")->AsArray()->at(0).Find("granted")->AsBool());
  EXPECT_EQ(Call(http::Method::kPatch, "/api/v1/customers/" + older, Role::kAgent, "{}").status,
            400);
}

TEST_P(RoutesTest, ConflictsAreListedForReviewWithoutValuesForAnalysts) {
  Create(R"({"identifiers":[{"type":"user_id","value":"u-1"},)"
         R"({"type":"email","value":"shared@example.pl"}]})");
  const std::string other = Create(R"({"identifiers":[{"type":"user_id","value":"u-2"}]})");
  Reply linked = Call(http::Method::kPost, "/api/v1/customers/" + other + "/identifiers",
                      Role::kAgent, R"({"type":"email","value":"shared@example.pl"})");
  ASSERT_EQ(linked.status, 200);
  EXPECT_EQ(*linked.body.Find("id")->AsString(), other);  // refused: no merge
  Reply agent = Call(http::Method::kGet, "/api/v1/customers/conflicts?status=open", Role::kAgent);
  ASSERT_EQ(agent.status, 200);
  const json::Array& conflicts = *agent.body.Find("conflicts")->AsArray();
  ASSERT_EQ(conflicts.size(), 1u);
  EXPECT_EQ(*conflicts[0].Find("identifier")->Find("value")->AsString(), "shared@example.pl");
  Reply analyst = Call(http::Method::kGet, "/api/v1/customers/conflicts", Role::kAnalyst);
  EXPECT_EQ(analyst.body.Find("conflicts")->AsArray()->at(0).Find("identifier")->Find("value"),
            nullptr);
  EXPECT_EQ(
      Call(http::Method::kGet, "/api/v1/customers/conflicts?status=maybe", Role::kAgent).status,
      400);
}

TEST_P(RoutesTest, SearchPagesThroughMatches) {
  for (const char* name : {"Anna Kowalska", "Anna Nowak", "Anita Wiśniewska", "Bartek Anders"}) {
    Create(std::string(R"({"identifiers":[{"type":"user_id","value":")") + name +
               R"("}],"traits":{"name":")" + name + R"("}})",
           Role::kAgent);
  }
  Reply first = Call(http::Method::kGet, "/api/v1/customers?q=an&limit=2", Role::kStoreAssociate);
  ASSERT_EQ(first.status, 200);
  EXPECT_EQ(first.body.Find("customers")->AsArray()->size(), 2u);
  ASSERT_TRUE(first.body.Find("next_cursor")->is_string());
  Reply second =
      Call(http::Method::kGet,
           "/api/v1/customers?q=an&limit=2&cursor=" + *first.body.Find("next_cursor")->AsString(),
           Role::kStoreAssociate);
  ASSERT_EQ(second.status, 200);
  EXPECT_EQ(second.body.Find("customers")->AsArray()->size(), 2u);  // Anita, Bartek Anders
  EXPECT_TRUE(second.body.Find("next_cursor")->is_null());
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers?q=an", Role::kChannel).status, 403);
  EXPECT_EQ(Call(http::Method::kGet, "/api/v1/customers", Role::kAgent).status, 400);
}

TEST_P(RoutesTest, TheTimelineIsNewestFirstAcrossMergedProfiles) {
  const std::string older = Create(R"({"identifiers":[{"type":"anonymous_id","value":"a-1"}],)"
                                   R"("traits":{"size":"M"}})");
  const std::string younger = Create(R"({"identifiers":[{"type":"user_id","value":"u-1"}],)"
                                     R"("traits":{"size":"L"}})");
  Call(http::Method::kPost, "/api/v1/customers/" + younger + "/identifiers", Role::kChannel,
       R"({"type":"anonymous_id","value":"a-1"})");
  Reply timeline =
      Call(http::Method::kGet, "/api/v1/customers/" + younger + "/timeline", Role::kAgent);
  ASSERT_EQ(timeline.status, 200);
  const json::Array& entries = *timeline.body.Find("entries")->AsArray();
  // created, updated (each profile), then the merge.
  ASSERT_EQ(entries.size(), 5u);
  EXPECT_EQ(*entries[0].Find("type")->AsString(), events::kProfileMerged.name);
  EXPECT_GT(*entries[0].Find("seq")->AsInt(), *entries[1].Find("seq")->AsInt());
  EXPECT_NE(entries[0].Find("payload"), nullptr);
  Reply page = Call(http::Method::kGet,
                    "/api/v1/customers/" + older + "/timeline?limit=2&before=" +
                        std::to_string(*entries[1].Find("seq")->AsInt()),
                    Role::kAnalyst);
  ASSERT_EQ(page.status, 200);
  const json::Array& older_entries = *page.body.Find("entries")->AsArray();
  ASSERT_EQ(older_entries.size(), 2u);
  EXPECT_EQ(older_entries[0].Find("payload"), nullptr);
  EXPECT_EQ(*older_entries[0].Find("seq")->AsInt(), *entries[2].Find("seq")->AsInt());
  EXPECT_TRUE(page.body.Find("next_cursor")->is_string());
  // The agent's timeline read, and the channel's writes that formed the profile (finding 9).
  EXPECT_EQ(AccessEntries(older), 4);
}

OMNI_INSTANTIATE_BACKENDS(RoutesTest);

}  // namespace
}  // namespace omnihub::customers
