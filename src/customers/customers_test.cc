#include "customers/customers.h"

#include <gtest/gtest.h>

#include "core/json.h"
#include "customers/customers_fixture.h"
#include "customers/events.h"

namespace omnihub::customers {
namespace {

TEST_P(CustomersTest, AWebVisitorWhoSignsInOnTheAppAndPaysAtTheTillIsOnePerson) {
  Resolution visit = SeeOk(Event({Id(IdentifierType::kAnonymousId, "anon-web-1")}, kWeb, "page"));
  EXPECT_TRUE(visit.created);
  clock_.Advance(std::chrono::minutes(5));
  Observation identify = Event(
      {Id(IdentifierType::kUserId, "u-1001"), Id(IdentifierType::kEmail, "Jan.Kowalski@Example.PL"),
       Id(IdentifierType::kAnonymousId, "anon-web-1")},
      kApp, "identify");
  identify.traits = {{"first_name", "Jan"}, {"last_name", "Kowalski"}};
  Resolution app = SeeOk(identify);
  EXPECT_FALSE(app.created);
  EXPECT_EQ(app.customer_id, visit.customer_id);
  clock_.Advance(std::chrono::hours(24));
  Resolution till = SeeOk(Event({Id(IdentifierType::kLoyaltyCard, "CARD-0001"),
                                 Id(IdentifierType::kEmail, "  jan.kowalski@example.pl ")},
                                kStore));
  EXPECT_EQ(till.customer_id, visit.customer_id);

  json::Value profile = Profile(visit.customer_id);
  EXPECT_EQ(profile.Find("identifiers")->AsArray()->size(), 4u);
  EXPECT_EQ(Values(profile, "email"), std::vector<std::string>{"jan.kowalski@example.pl"});
  EXPECT_EQ(Values(profile, "card"), std::vector<std::string>{"CARD-0001"});
  EXPECT_EQ(*profile.Find("name")->Find("full")->AsString(), "Jan Kowalski");
  const json::Value& computed = *profile.Find("computed");
  EXPECT_EQ(*computed.Find("event_count")->AsInt(), 3);
  EXPECT_EQ(computed.Find("channels")->AsArray()->size(), 3u);
  EXPECT_EQ(Find(Id(IdentifierType::kLoyaltyCard, " CARD-0001")), visit.customer_id);
  EXPECT_EQ(Changes(events::kProfileCreated.name).size(), 1u);
}

TEST_P(CustomersTest, AMergeKeepsTheOlderProfileAndTheOldIdsRedirectInOneHop) {
  Resolution web = SeeOk(Event({Id(IdentifierType::kAnonymousId, "anon-a")}));
  clock_.Advance(std::chrono::seconds(1));
  Resolution app = SeeOk(Event({Id(IdentifierType::kUserId, "u-7")}, kApp));
  clock_.Advance(std::chrono::seconds(1));
  Resolution tablet = SeeOk(Event({Id(IdentifierType::kAnonymousId, "anon-b")}, kApp));
  ASSERT_TRUE(web.created && app.created && tablet.created);

  // u-7 signs in on the tablet: the tablet's younger profile merges into the app's.
  Resolution first = SeeOk(Event(
      {Id(IdentifierType::kAnonymousId, "anon-b"), Id(IdentifierType::kUserId, "u-7")}, kApp));
  EXPECT_EQ(first.customer_id, app.customer_id);
  EXPECT_EQ(first.merged_ids, std::vector<std::string>{tablet.customer_id});

  // Then on the web: the anchor is the user id's profile, but the web's is older and survives.
  Result<std::string> seen_in_tx = db().InTransaction([&](storage::Tx& tx) -> Result<std::string> {
    OMNI_ASSIGN_OR_RETURN(
        Resolution merged,
        service_->Observe(tx, Event({Id(IdentifierType::kUserId, "u-7"),
                                     Id(IdentifierType::kAnonymousId, "anon-a")})));
    EXPECT_EQ(merged.customer_id, web.customer_id);
    EXPECT_EQ(merged.merged_ids, std::vector<std::string>{app.customer_id});
    // Reads in the same transaction already see the merge.
    return service_->SurvivorOf(tx, tablet.customer_id);
  });
  ASSERT_OK(seen_in_tx);
  EXPECT_EQ(*seen_in_tx, web.customer_id);

  json::Value via_old_id = Profile(app.customer_id);
  EXPECT_EQ(*via_old_id.Find("id")->AsString(), web.customer_id);
  EXPECT_EQ(via_old_id.Find("merged_ids")->AsArray()->size(), 2u);
  EXPECT_EQ(*via_old_id.Find("computed")->Find("event_count")->AsInt(), 5);
  EXPECT_EQ(Values(via_old_id, "anonymous_id").size(), 2u);
  Result<std::vector<std::string>> ids =
      db().Read([&](storage::Tx& tx) { return service_->MergedIds(tx, tablet.customer_id); });
  ASSERT_OK(ids);
  EXPECT_EQ(*ids, (std::vector<std::string>{web.customer_id, app.customer_id, tablet.customer_id}));

  std::vector<changes::StoredChange> merges = Changes(events::kProfileMerged.name);
  ASSERT_EQ(merges.size(), 2u);
  Result<json::Value> payload = json::Parse(merges[1].payload_json);
  EXPECT_EQ(*payload->Find("survivor_id")->AsString(), web.customer_id);
  EXPECT_EQ(*payload->Find("merged_id")->AsString(), app.customer_id);
  EXPECT_EQ(*payload->Find("cause")->AsString(), "evt_5");
  EXPECT_EQ(merges[1].customer_id, web.customer_id);
  Result<std::string> history =
      db().Read([&](storage::Tx& tx) { return service_->MergesJson(tx, app.customer_id); });
  ASSERT_OK(history);
  EXPECT_NE(history->find("\"merged_id\":\"" + tablet.customer_id), std::string::npos);
}

TEST_P(CustomersTest, TwoUserIdsLinkedByOneEmailAreAConflictNotAMerge) {
  Resolution jan = SeeOk(
      Event({Id(IdentifierType::kUserId, "u-1"), Id(IdentifierType::kEmail, "shared@example.pl")}));
  Resolution other = SeeOk(Event({Id(IdentifierType::kUserId, "u-2")}));
  Observation link =
      Event({Id(IdentifierType::kUserId, "u-2"), Id(IdentifierType::kEmail, "shared@example.pl")});
  Resolution refused = SeeOk(link);
  EXPECT_EQ(refused.customer_id, other.customer_id);
  EXPECT_TRUE(refused.merged_ids.empty());
  EXPECT_EQ(refused.conflicts, 1);
  EXPECT_EQ(Find(Id(IdentifierType::kEmail, "shared@example.pl")), jan.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kUserId, "u-2")), other.customer_id);
  EXPECT_EQ(SeeOk(Event(link.identifiers)).conflicts, 1);  // refused again, recorded once

  // A second card cannot join a profile found by its user id: the event stays there and the
  // card is a conflict on that profile alone (rule d; it does not outrank the user id).
  SeeOk(Event({Id(IdentifierType::kUserId, "u-1"), Id(IdentifierType::kLoyaltyCard, "CARD-1")}));
  Resolution second_card = SeeOk(
      Event({Id(IdentifierType::kUserId, "u-1"), Id(IdentifierType::kLoyaltyCard, "CARD-2")}));
  EXPECT_EQ(second_card.customer_id, jan.customer_id);
  EXPECT_FALSE(second_card.created);
  EXPECT_EQ(second_card.conflicts, 1);
  EXPECT_EQ(Find(Id(IdentifierType::kLoyaltyCard, "CARD-1")), jan.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kLoyaltyCard, "CARD-2")), std::nullopt);

  Result<std::string> open = db().Read([&](storage::Tx& tx) {
    return service_->ConflictsJson(tx, ConflictQuery{}, /*with_personal_data=*/true);
  });
  ASSERT_OK(open);
  Result<json::Value> conflicts = json::Parse(*open);
  const json::Array& list = *conflicts->Find("conflicts")->AsArray();
  ASSERT_EQ(list.size(), 2u);
  EXPECT_EQ(*list[0].Find("customer_id")->AsString(), other.customer_id);
  EXPECT_EQ(*list[0].Find("other_customer_id")->AsString(), jan.customer_id);
  EXPECT_EQ(*list[0].Find("identifier")->Find("type")->AsString(), "email");
  EXPECT_EQ(*list[0].Find("identifier")->Find("value")->AsString(), "shared@example.pl");
  EXPECT_EQ(*list[0].Find("limit_type")->AsString(), "user_id");
  EXPECT_EQ(*list[1].Find("customer_id")->AsString(), jan.customer_id);
  EXPECT_TRUE(list[1].Find("other_customer_id")->is_null());
  EXPECT_EQ(*list[1].Find("identifier")->Find("value")->AsString(), "CARD-2");
  EXPECT_EQ(*list[1].Find("limit_type")->AsString(), "card");
  EXPECT_EQ(Changes(events::kConflictRecorded.name).size(), 2u);
  Result<std::string> anonymous = db().Read([&](storage::Tx& tx) {
    return service_->ConflictsJson(tx, ConflictQuery{}, /*with_personal_data=*/false);
  });
  EXPECT_EQ(anonymous->find("shared@example.pl"), std::string::npos);
}

// Rule d': Tomek and Ola share a family e-mail. Ola's first identify names a user id that
// Tomek's profile (found only by the e-mail) has no room for and that outranks the e-mail, so
// her event, traits, consents and new identifiers get a profile of their own.
TEST_P(CustomersTest, ANewUserIdOnASharedEmailGetsItsOwnProfile) {
  Observation tomek_signs_in = Event(
      {Id(IdentifierType::kUserId, "tomek"), Id(IdentifierType::kEmail, "rodzina@example.pl")},
      kWeb, "identify");
  tomek_signs_in.traits = {{"first_name", "Tomasz"}};
  const Resolution tomek = SeeOk(tomek_signs_in);
  ASSERT_TRUE(tomek.created);
  clock_.Advance(std::chrono::hours(24));

  Observation ola_signs_in =
      Event({Id(IdentifierType::kUserId, "ola"), Id(IdentifierType::kEmail, "rodzina@example.pl"),
             Id(IdentifierType::kPhone, "600 700 800")},
            kApp, "identify");
  ola_signs_in.traits = {{"first_name", "Aleksandra"}};
  ola_signs_in.consents = {{.purpose = "marketing", .channel = "sms", .granted = true}};
  const Resolution ola = SeeOk(ola_signs_in);
  EXPECT_TRUE(ola.created);
  EXPECT_NE(ola.customer_id, tomek.customer_id);
  EXPECT_TRUE(ola.merged_ids.empty());
  EXPECT_EQ(ola.conflicts, 1);
  EXPECT_EQ(Find(Id(IdentifierType::kUserId, "ola")), ola.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kPhone, "+48600700800")), ola.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kEmail, "rodzina@example.pl")), tomek.customer_id);

  json::Value hers = Profile(ola.customer_id);
  EXPECT_EQ(*hers.Find("name")->Find("first")->AsString(), "Aleksandra");
  EXPECT_EQ(Values(hers, "user_id"), std::vector<std::string>{"ola"});
  EXPECT_EQ(Values(hers, "phone"), std::vector<std::string>{"+48600700800"});
  EXPECT_TRUE(Values(hers, "email").empty());
  EXPECT_EQ(hers.Find("consents")->AsArray()->size(), 1u);
  EXPECT_EQ(*hers.Find("computed")->Find("event_count")->AsInt(), 1);
  json::Value his = Profile(tomek.customer_id);
  EXPECT_EQ(*his.Find("name")->Find("first")->AsString(), "Tomasz");
  EXPECT_EQ(Values(his, "user_id"), std::vector<std::string>{"tomek"});
  EXPECT_EQ(Values(his, "email"), std::vector<std::string>{"rodzina@example.pl"});
  EXPECT_TRUE(Values(his, "phone").empty());
  EXPECT_TRUE(his.Find("consents")->AsArray()->empty());
  EXPECT_EQ(*his.Find("computed")->Find("event_count")->AsInt(), 1);

  // Ola again with the family e-mail: her profile, and the same link refused (recorded once).
  const Resolution again = SeeOk(Event(
      {Id(IdentifierType::kUserId, "ola"), Id(IdentifierType::kEmail, "rodzina@example.pl")}));
  EXPECT_EQ(again.customer_id, ola.customer_id);
  EXPECT_FALSE(again.created);
  EXPECT_EQ(again.conflicts, 1);

  Result<std::string> open = db().Read([&](storage::Tx& tx) {
    return service_->ConflictsJson(tx, ConflictQuery{}, /*with_personal_data=*/true);
  });
  ASSERT_OK(open);
  Result<json::Value> conflicts = json::Parse(*open);
  const json::Array& list = *conflicts->Find("conflicts")->AsArray();
  ASSERT_EQ(list.size(), 1u);
  EXPECT_EQ(*list[0].Find("customer_id")->AsString(), ola.customer_id);
  EXPECT_EQ(*list[0].Find("other_customer_id")->AsString(), tomek.customer_id);
  EXPECT_EQ(*list[0].Find("identifier")->Find("type")->AsString(), "email");
  EXPECT_EQ(*list[0].Find("identifier")->Find("value")->AsString(), "rodzina@example.pl");
  EXPECT_EQ(*list[0].Find("limit_type")->AsString(), "user_id");
  EXPECT_EQ(Changes(events::kConflictRecorded.name).size(), 1u);
  EXPECT_EQ(Changes(events::kProfileCreated.name).size(), 2u);
  EXPECT_TRUE(Changes(events::kProfileMerged.name).empty());
}

TEST_P(CustomersTest, TraitsKeepTheValueWithTheNewestEventTime) {
  const TimePoint start = clock_.Now();
  auto identify = [&](std::string name, TimePoint at) {
    Observation o = Event({Id(IdentifierType::kUserId, "u-1")}, kApp, "identify");
    o.traits = {{"first_name", std::move(name)}, {"size", "M"}};
    o.occurred_at = at;
    return SeeOk(o);
  };
  const std::string id = identify("Jan", start + std::chrono::seconds(10)).customer_id;
  identify("Janek", start + std::chrono::seconds(5));  // late, older: loses
  EXPECT_EQ(*Profile(id).Find("name")->Find("first")->AsString(), "Jan");
  identify("Janusz", start + std::chrono::seconds(20));
  identify("Janusz", start + std::chrono::seconds(30));  // same value, newer time
  identify("X", start + std::chrono::seconds(25));       // older than the last write: loses
  json::Value profile = Profile(id);
  const json::Value& first = *profile.Find("traits")->Find("first_name");
  EXPECT_EQ(*first.Find("value")->AsString(), "Janusz");
  EXPECT_EQ(*first.Find("source")->AsString(), "evt_4");
  EXPECT_EQ(*first.Find("updated_at")->AsString(), FormatRfc3339(start + std::chrono::seconds(30)));
  EXPECT_EQ(*profile.Find("preferences")->Find("size")->AsString(), "M");
  // Only real changes of value are in the change log: Jan, then Janusz.
  EXPECT_EQ(Changes(events::kProfileUpdated.name).size(), 2u);
}

TEST_P(CustomersTest, ConsentsComeFromEventsAndTheApiWithSourceAndTime) {
  Observation given = Event({Id(IdentifierType::kEmail, "ola@example.pl")}, kWeb, "identify");
  given.consents = {{.purpose = "marketing", .channel = "email", .granted = true}};
  const std::string id = SeeOk(given).customer_id;
  clock_.Advance(std::chrono::minutes(1));
  ASSERT_OK(Write({.customer_id = id,
                   .consents = {{.purpose = "marketing", .channel = "email", .granted = false},
                                {.purpose = "profiling", .channel = "all", .granted = true}}}));
  Observation stale = Event({Id(IdentifierType::kEmail, "ola@example.pl")});
  stale.consents = {{.purpose = "marketing", .channel = "email", .granted = true}};
  stale.occurred_at = clock_.Now() - std::chrono::seconds(30);
  SeeOk(stale);

  json::Value profile = Profile(id);
  const json::Array& consents = *profile.Find("consents")->AsArray();
  ASSERT_EQ(consents.size(), 2u);
  EXPECT_EQ(*consents[0].Find("purpose")->AsString(), "marketing");
  EXPECT_FALSE(*consents[0].Find("granted")->AsBool());
  EXPECT_EQ(*consents[0].Find("source")->AsString(), "api:key_test");
  EXPECT_EQ(*consents[0].Find("updated_at")->AsString(), FormatRfc3339(clock_.Now()));
  EXPECT_EQ(Changes(events::kConsentChanged.name).size(), 3u);

  Result<Resolution> bad =
      Write({.customer_id = id,
             .consents = {{.purpose = "marketing", .channel = "fax", .granted = true}}});
  ASSERT_FALSE(bad.ok());
  EXPECT_EQ(std::get<std::string>(*bad.error().Detail("field")), "consents[0].channel");
}

TEST_P(CustomersTest, ComputedAttributesFollowEveryEvent) {
  const TimePoint start = clock_.Now();
  const Identifier anon = Id(IdentifierType::kAnonymousId, "a-1");
  Observation late = Event({anon}, kWeb, "track");
  const std::string id = SeeOk(late).customer_id;
  const size_t changes_after_create = Changes("customers.").size();
  clock_.Advance(std::chrono::hours(1));
  SeeOk(Event({anon}, kWeb, "track"));
  SeeOk(Event({anon}, kApp, "page"));
  Observation early = Event({anon}, kStore, "identify");
  early.occurred_at = start - std::chrono::hours(2);
  SeeOk(early);
  SeeOk(Event({anon}, kApp, "product_scanned"));
  // Plain events change counters, never the change log (events append their own).
  EXPECT_EQ(Changes("customers.").size(), changes_after_create);

  const json::Value computed = *Profile(id).Find("computed");
  EXPECT_EQ(*computed.Find("event_count")->AsInt(), 5);
  EXPECT_EQ(*computed.Find("event_counts")->Find("track")->AsInt(), 2);
  EXPECT_EQ(*computed.Find("event_counts")->Find("page")->AsInt(), 1);
  EXPECT_EQ(*computed.Find("event_counts")->Find("identify")->AsInt(), 1);
  EXPECT_EQ(*computed.Find("event_counts")->Find("product_scanned")->AsInt(), 1);
  EXPECT_EQ(*computed.Find("first_seen_at")->AsString(),
            FormatRfc3339(start - std::chrono::hours(2)));
  EXPECT_EQ(*computed.Find("last_seen_at")->AsString(), FormatRfc3339(clock_.Now()));
  const json::Array& channels = *computed.Find("channels")->AsArray();
  ASSERT_EQ(channels.size(), 3u);
  EXPECT_EQ(*channels[0].AsString(), kApp);
  EXPECT_EQ(*computed.Find("orders_count")->AsInt(), 0);
  EXPECT_EQ(*computed.Find("revenue_minor")->AsInt(), 0);
}

TEST_P(CustomersTest, ValuesThatCannotBeNormalisedAreTraitsForEventsAndErrorsForTheApi) {
  Resolution seen = SeeOk(Event(
      {Id(IdentifierType::kAnonymousId, "a-1"), Id(IdentifierType::kPhone, "call me maybe")}));
  json::Value profile = Profile(seen.customer_id);
  EXPECT_EQ(profile.Find("identifiers")->AsArray()->size(), 1u);
  EXPECT_EQ(*profile.Find("traits")->Find("phone")->Find("value")->AsString(), "call me maybe");
  Result<Resolution> nothing = See(Event({Id(IdentifierType::kEmail, "nobody")}));
  ASSERT_FALSE(nothing.ok());
  EXPECT_EQ(std::get<std::string>(*nothing.error().Detail("field")), "identifiers");

  Result<Resolution> refused = Write({.identifiers = {Id(IdentifierType::kEmail, "a@b.pl"),
                                                      Id(IdentifierType::kPhone, "garbage")}});
  ASSERT_FALSE(refused.ok());
  EXPECT_EQ(refused.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(std::get<std::string>(*refused.error().Detail("field")), "identifiers[1].value");
  EXPECT_EQ(Find(Id(IdentifierType::kEmail, "a@b.pl")), std::nullopt);
}

TEST_P(CustomersTest, AnAliasJoinsTheNewIdToThePreviousOne) {
  Resolution visit = SeeOk(Event({Id(IdentifierType::kAnonymousId, "anon-9")}));
  Resolution alias =
      SeeOk(Event({Id(IdentifierType::kPreviousId, "anon-9"), Id(IdentifierType::kUserId, "u-9")},
                  kWeb, "alias"));
  EXPECT_EQ(alias.customer_id, visit.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kUserId, "u-9")), visit.customer_id);
  EXPECT_EQ(Find(Id(IdentifierType::kPreviousId, "u-9")), visit.customer_id);
  // An unknown previous id is kept as an anonymous id.
  Resolution fresh = SeeOk(
      Event({Id(IdentifierType::kPreviousId, "old-device"), Id(IdentifierType::kUserId, "u-10")}));
  EXPECT_TRUE(fresh.created);
  EXPECT_EQ(Find(Id(IdentifierType::kAnonymousId, "old-device")), fresh.customer_id);
}

TEST_P(CustomersTest, EveryKindOfIdentifierLooksUpTheProfile) {
  Result<Resolution> created =
      Write({.identifiers = {Id(IdentifierType::kUserId, "u-1"),
                             Id(IdentifierType::kAnonymousId, "anon-1"),
                             Id(IdentifierType::kEmail, "ewa@example.pl"),
                             Id(IdentifierType::kPhone, "600 100 200"),
                             Id(IdentifierType::kLoyaltyCard, "CARD-9"),
                             Id(IdentifierType::kCustomerNumber, "C-000123"),
                             Id(IdentifierType::kSocial, "@Ewa.N", "instagram"),
                             Id(IdentifierType::kExternal, "gid://shopify/Customer/1", "shopify")},
             .traits = {{"name", "Ewa Nowak"}}});
  ASSERT_OK(created);
  EXPECT_TRUE(created->created);
  const std::string id = created->customer_id;
  EXPECT_EQ(Find(Id(IdentifierType::kUserId, " u-1 ")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kAnonymousId, "anon-1")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kEmail, "EWA@example.PL")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kPhone, "+48 600 100 200")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kLoyaltyCard, "CARD-9")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kCustomerNumber, "C-000123")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kSocial, "ewa.n", "Instagram")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kExternal, "gid://shopify/Customer/1", "shopify")), id);
  EXPECT_EQ(Find(Id(IdentifierType::kEmail, "nobody@example.pl")), std::nullopt);

  Result<Resolution> again = Write({.identifiers = {Id(IdentifierType::kEmail, "Ewa@Example.pl")}});
  ASSERT_OK(again);
  EXPECT_FALSE(again->created);
  EXPECT_EQ(again->customer_id, id);
}

TEST_P(CustomersTest, SearchFindsNamesEmailsAndPhonesByPrefixPageByPage) {
  ASSERT_OK(Write({.identifiers = {Id(IdentifierType::kEmail, "jan.k@example.pl"),
                                   Id(IdentifierType::kPhone, "600 100 200")},
                   .traits = {{"first_name", "Jan"}, {"last_name", "Kowalski"}}}));
  ASSERT_OK(Write({.identifiers = {Id(IdentifierType::kEmail, "janina@example.pl")},
                   .traits = {{"name", "Janina Nowak"}}}));
  ASSERT_OK(Write({.identifiers = {Id(IdentifierType::kUserId, "u-3")},
                   .traits = {{"name", "Piotr Jankowski"}}}));
  ASSERT_OK(Write({.identifiers = {Id(IdentifierType::kUserId, "u-4")},
                   .traits = {{"name", "Adam Zieliński"}}}));
  auto search = [&](std::string q, int limit = 20, int64_t after = 0) {
    Result<SearchPage> page = db().Read([&](storage::Tx& tx) {
      return service_->Search(tx, {.q = q, .limit = limit, .after = after});
    });
    EXPECT_TRUE(page.ok()) << page.error().message;
    return page.ok() ? *page : SearchPage{};
  };
  EXPECT_EQ(search("JAN").customers.size(), 3u);
  SearchPage kowal = search("kowal");
  ASSERT_EQ(kowal.customers.size(), 1u);
  EXPECT_EQ(kowal.customers[0].full_name, "Jan Kowalski");
  EXPECT_EQ(kowal.customers[0].phones, std::vector<std::string>{"+48600100200"});
  EXPECT_EQ(search("600 100").customers.size(), 1u);
  EXPECT_EQ(search("+48 600").customers.size(), 1u);
  EXPECT_EQ(search("janina@").customers.size(), 1u);
  EXPECT_EQ(search("piotr jank").customers.size(), 1u);
  EXPECT_TRUE(search("zzz").customers.empty());

  SearchPage first = search("jan", 2);
  ASSERT_EQ(first.customers.size(), 2u);
  ASSERT_TRUE(first.next_cursor.has_value());
  SearchPage second = search("jan", 2, *first.next_cursor);
  ASSERT_EQ(second.customers.size(), 1u);
  EXPECT_FALSE(second.next_cursor.has_value());
  EXPECT_EQ(second.customers[0].full_name, "Piotr Jankowski");
  Result<SearchPage> empty =
      db().Read([&](storage::Tx& tx) { return service_->Search(tx, {.q = "  "}); });
  EXPECT_EQ(empty.error().code, ErrorCode::kInvalidArgument);
}

TEST_P(CustomersTest, AnApiIdentifierCanMergeTwoProfiles) {
  Resolution web = SeeOk(Event({Id(IdentifierType::kAnonymousId, "anon-1")}));
  Result<Resolution> till = Write({.identifiers = {Id(IdentifierType::kLoyaltyCard, "CARD-1")},
                                   .traits = {{"favourite_store", "Kraków Rynek"}}});
  ASSERT_OK(till);
  Result<Resolution> linked = Write({.customer_id = till->customer_id,
                                     .identifiers = {Id(IdentifierType::kAnonymousId, "anon-1")}});
  ASSERT_OK(linked);
  EXPECT_EQ(linked->customer_id, web.customer_id);  // older
  EXPECT_EQ(linked->merged_ids, std::vector<std::string>{till->customer_id});
  json::Value profile = Profile(till->customer_id);
  EXPECT_EQ(*profile.Find("preferences")->Find("favourite_store")->AsString(), "Kraków Rynek");
  EXPECT_EQ(*profile.Find("traits")->Find("favourite_store")->Find("source")->AsString(),
            "api:key_test");

  Result<Resolution> missing =
      Write({.customer_id = "cus_01J00000000000000000000000", .traits = {{"size", "L"}}});
  EXPECT_EQ(missing.error().code, ErrorCode::kNotFound);
  Result<Resolution> bad_address =
      Write({.customer_id = web.customer_id, .traits = {{"address", "somewhere"}}});
  EXPECT_EQ(std::get<std::string>(*bad_address.error().Detail("field")), "traits.address");
}

TEST_P(CustomersTest, AnalystsSeeIdsAndComputedAttributesOnly) {
  Observation o = Event({Id(IdentifierType::kEmail, "ala@example.pl")}, kWeb, "identify");
  o.traits = {{"name", "Ala"}, {"address", json::Object{{"city", "Gdańsk"}}}};
  const std::string id = SeeOk(o).customer_id;
  json::Value full = Profile(id);
  EXPECT_EQ(full.Find("addresses")->AsArray()->size(), 1u);
  json::Value analyst = Profile(id, /*personal=*/false);
  EXPECT_EQ(analyst.Find("identifiers"), nullptr);
  EXPECT_EQ(analyst.Find("traits"), nullptr);
  EXPECT_EQ(analyst.Find("name"), nullptr);
  EXPECT_NE(analyst.Find("computed"), nullptr);
  EXPECT_EQ(*analyst.Find("id")->AsString(), id);
}

OMNI_INSTANTIATE_BACKENDS(CustomersTest);

}  // namespace
}  // namespace omnihub::customers
