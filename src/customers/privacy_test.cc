#include "customers/customers.h"

#include <gtest/gtest.h>

#include <algorithm>

#include "changes/changes.h"
#include "core/json.h"
#include "customers/events.h"
#include "testing/db_test.h"

namespace omnihub::customers {
namespace {

// Every table this module owns.
constexpr std::string_view kTables[] = {
    "customers_profiles",           "customers_identifiers", "customers_traits",
    "customers_consents",           "customers_channels",    "customers_event_counts",
    "customers_search_terms",       "customers_merges",      "customers_conflicts",
    "customers_erased_identifiers", "customers_access_log"};

Identifier Id(IdentifierType type, std::string value) {
  return Identifier{.type = type, .value = std::move(value)};
}

class PrivacyTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations()};
  }
  Result<Resolution> See(std::vector<Identifier> ids, json::Object traits = {}) {
    Observation o{.identifiers = std::move(ids),
                  .traits = std::move(traits),
                  .channel_id = "chn_web",
                  .event_id = "evt_" + std::to_string(++events_),
                  .event_type = "identify",
                  .occurred_at = clock_.Now()};
    return db().InTransaction([&](storage::Tx& tx) { return service_->Observe(tx, o); });
  }
  // Rows of `table` holding `text` anywhere in a text column.
  int RowsContaining(std::string_view table, const std::string& text) {
    Result<std::vector<storage::Row>> rows =
        db().Read([&](storage::Tx& tx) { return tx.Query("SELECT * FROM " + std::string(table)); });
    EXPECT_TRUE(rows.ok());
    int found = 0;
    for (const storage::Row& row : *rows) {
      for (size_t col = 0; col < row.size(); ++col) {
        if (row.Text(col).find(text) != std::string::npos) {
          ++found;
        }
      }
    }
    return found;
  }
  // The person of the erasure tests: seen on the web, then at the till with a second profile
  // that merged into the first, with a refused link on record.
  std::string SeedPerson() {
    Result<Resolution> web =
        See({Id(IdentifierType::kAnonymousId, "anon-zofia"),
             Id(IdentifierType::kEmail, " Zofia.Nowak@Example.pl")},
            {{"first_name", "Zofia"},
             {"address", json::Object{{"street", "Długa 5"}, {"city", "Kraków"}}},
             {"size", "M"},
             {"plan", "gold"}});
    EXPECT_TRUE(web.ok());
    EXPECT_TRUE(See({Id(IdentifierType::kLoyaltyCard, "CARD-777"),
                     Id(IdentifierType::kPhone, "601 222 333")})
                    .ok());
    EXPECT_TRUE(See({Id(IdentifierType::kLoyaltyCard, "CARD-777"),
                     Id(IdentifierType::kEmail, "zofia.nowak@example.pl")})
                    .ok());
    EXPECT_TRUE(See({Id(IdentifierType::kLoyaltyCard, "CARD-888"),
                     Id(IdentifierType::kLoyaltyCard, "CARD-777")})
                    .ok());  // a second card beside her first: a conflict naming her
    return web->customer_id;
  }

  FakeClock clock_;
  std::unique_ptr<CustomersService> service_ = NewCustomersService(clock_);
  int events_ = 0;
};

TEST_P(PrivacyTest, ErasureRemovesThePersonAndSuppressesTheirIdentifiers) {
  const std::string id = SeedPerson();
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return service_->RecordAccess(tx, {.customer_id = id,
                                       .action = "lookup",
                                       .key_id = "key_agent",
                                       .role = http::Role::kAgent,
                                       .request_id = "req_1"});
  }));
  Result<PersonFootprint> erased =
      db().InTransaction([&](storage::Tx& tx) { return service_->Erase(tx, id); });
  ASSERT_OK(erased);
  EXPECT_EQ(erased->customer_ids.size(), 2u);
  EXPECT_EQ(erased->customer_ids.front(), id);
  const auto& values = erased->identifiers;
  for (const char* text : {"zofia.nowak@example.pl", "Zofia.Nowak@Example.pl", "+48601222333",
                           "601 222 333", "CARD-777", "CARD-888", "anon-zofia"}) {
    EXPECT_NE(std::find(values.begin(), values.end(), text), values.end()) << text;
  }
  // Trait values would match other people's records in the other stores' scans.
  for (const char* text : {"Zofia", "Długa 5", "Kraków", "M", "gold"}) {
    EXPECT_EQ(std::find(values.begin(), values.end(), text), values.end()) << text;
  }
  // Nothing this module stores, and none of its changes, holds any of them or her traits.
  std::vector<std::string> personal(values.begin(), values.end());
  personal.insert(personal.end(), {"Zofia", "Długa 5"});
  for (const std::string& text : personal) {
    for (std::string_view table : kTables) {
      EXPECT_EQ(RowsContaining(table, text), 0) << table << " holds " << text;
    }
    EXPECT_EQ(RowsContaining("changes_log", text), 0) << text;
  }
  EXPECT_EQ(RowsContaining("customers_access_log", "key_agent"), 1);  // ids only: kept

  Result<std::string> gone =
      db().Read([&](storage::Tx& tx) { return service_->ProfileJson(tx, id, true); });
  ASSERT_FALSE(gone.ok());
  EXPECT_EQ(gone.error().code, ErrorCode::kNotFound);
  EXPECT_TRUE(std::get<bool>(*gone.error().Detail("erased")));
  Result<std::string> merged_gone = db().Read(
      [&](storage::Tx& tx) { return service_->ProfileJson(tx, erased->customer_ids[1], false); });
  EXPECT_EQ(merged_gone.error().code, ErrorCode::kNotFound);

  // Later events carrying any erased identifier, in any spelling, are suppressed.
  const int profiles = RowsContaining("customers_profiles", "cus_");
  for (const Identifier& again :
       {Id(IdentifierType::kEmail, "ZOFIA.NOWAK@example.pl"),
        Id(IdentifierType::kPhone, "+48601222333"), Id(IdentifierType::kLoyaltyCard, "CARD-777"),
        Id(IdentifierType::kPreviousId, "anon-zofia")}) {
    Result<Resolution> seen = See({Id(IdentifierType::kAnonymousId, "new-device"), again});
    ASSERT_OK(seen);
    EXPECT_TRUE(seen->suppressed) << again.value;
    EXPECT_TRUE(seen->customer_id.empty());
  }
  EXPECT_EQ(RowsContaining("customers_profiles", "cus_"), profiles);
  EXPECT_EQ(RowsContaining("customers_identifiers", "new-device"), 0);
  Result<Resolution> via_api = db().InTransaction([&](storage::Tx& tx) {
    return service_->Write(tx,
                           {.identifiers = {Id(IdentifierType::kEmail, "zofia.nowak@example.pl")}});
  });
  ASSERT_FALSE(via_api.ok());
  EXPECT_EQ(via_api.error().code, ErrorCode::kConflict);
  // Someone else is not suppressed.
  Result<Resolution> other = See({Id(IdentifierType::kEmail, "jan@example.pl")});
  ASSERT_OK(other);
  EXPECT_FALSE(other->suppressed);

  Result<std::vector<changes::StoredChange>> log = db().Read([](storage::Tx& tx) {
    return changes::Read(tx, {.type_prefixes = {std::string(events::kProfileErased.name)}});
  });
  ASSERT_OK(log);
  ASSERT_EQ(log->size(), 1u);
  EXPECT_EQ((*log)[0].customer_id, id);
  Result<std::string> access =
      db().Read([&](storage::Tx& tx) { return service_->AccessLogJson(tx, id); });
  ASSERT_OK(access);
  EXPECT_NE(access->find("key_agent"), std::string::npos);
  Result<PersonFootprint> twice =
      db().InTransaction([&](storage::Tx& tx) { return service_->Erase(tx, id); });
  EXPECT_EQ(twice.error().code, ErrorCode::kNotFound);
}

TEST_P(PrivacyTest, TheExportHoldsEverythingStoredAboutThePerson) {
  const std::string id = SeedPerson();
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return service_->RecordAccess(tx, {.customer_id = id,
                                       .action = "profile",
                                       .key_id = "key_store",
                                       .role = http::Role::kStoreAssociate,
                                       .request_id = "req_7"});
  }));
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return service_->RecordAccess(tx, {.customer_id = id,
                                       .action = "profile",
                                       .key_id = "key_web",
                                       .role = http::Role::kChannel,
                                       .request_id = "req_8"});
  }));
  Result<std::string> text =
      db().Read([&](storage::Tx& tx) { return service_->ExportJson(tx, id); });
  ASSERT_OK(text);
  Result<json::Value> exported = json::Parse(*text);
  ASSERT_OK(exported);
  EXPECT_EQ(*exported->Find("customer_id")->AsString(), id);
  const json::Value& profile = *exported->Find("profile");
  EXPECT_EQ(*profile.Find("traits")->Find("first_name")->Find("value")->AsString(), "Zofia");
  EXPECT_EQ(exported->Find("identifiers")->AsArray()->size(), 4u);
  EXPECT_NE(text->find("\"raw\":\" Zofia.Nowak@Example.pl\""), std::string::npos);
  EXPECT_EQ(exported->Find("merges")->AsArray()->size(), 1u);
  EXPECT_EQ(exported->Find("conflicts")->AsArray()->size(), 1u);
  // Channel keys' reads are logged too (docs/security.md, finding 9); an analyst's never are.
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return service_->RecordAccess(tx, {.customer_id = id,
                                       .action = "profile",
                                       .key_id = "key_bi",
                                       .role = http::Role::kAnalyst,
                                       .request_id = "req_9"});
  }));
  Result<std::string> again =
      db().Read([&](storage::Tx& tx) { return service_->ExportJson(tx, id); });
  ASSERT_OK(again);
  Result<json::Value> reexported = json::Parse(*again);
  ASSERT_OK(reexported);
  const json::Array& access = *reexported->Find("access_log")->AsArray();
  ASSERT_EQ(access.size(), 2u);
  EXPECT_EQ(*access[0].Find("key_id")->AsString(), "key_web");
  EXPECT_EQ(*access[1].Find("key_id")->AsString(), "key_store");
}

OMNI_INSTANTIATE_BACKENDS(PrivacyTest);

}  // namespace
}  // namespace omnihub::customers
