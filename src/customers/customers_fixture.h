// The fixture of the customers service tests: a migrated database per backend, the service on a
// fake clock, and helpers that read as the scenarios they check. Test-only.
#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "changes/changes.h"
#include "core/json.h"
#include "core/time.h"
#include "customers/customers.h"
#include "testing/db_test.h"

namespace omnihub::customers {

inline constexpr std::string_view kWeb = "chn_web";
inline constexpr std::string_view kApp = "chn_app";
inline constexpr std::string_view kStore = "chn_store_krakow";

inline Identifier Id(IdentifierType type, std::string value, std::string ns = "") {
  return Identifier{.type = type, .value = std::move(value), .ns = std::move(ns)};
}

class CustomersTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations()};
  }

  Observation Event(std::vector<Identifier> ids, std::string_view channel = kWeb,
                    std::string type = "track") {
    return Observation{.identifiers = std::move(ids),
                       .channel_id = std::string(channel),
                       .event_id = "evt_" + std::to_string(++events_),
                       .event_type = std::move(type),
                       .occurred_at = clock_.Now()};
  }
  Result<Resolution> See(const Observation& observation) {
    return db().InTransaction([&](storage::Tx& tx) { return service_->Observe(tx, observation); });
  }
  Resolution SeeOk(const Observation& observation) {
    Result<Resolution> seen = See(observation);
    EXPECT_TRUE(seen.ok()) << seen.error().message;
    return seen.ok() ? *seen : Resolution{};
  }
  Result<Resolution> Write(ProfileWrite write) {
    write.key_id = "key_test";
    return db().InTransaction([&](storage::Tx& tx) { return service_->Write(tx, write); });
  }
  json::Value Profile(std::string_view id, bool personal = true) {
    Result<std::string> text =
        db().Read([&](storage::Tx& tx) { return service_->ProfileJson(tx, id, personal); });
    EXPECT_TRUE(text.ok()) << text.error().message;
    Result<json::Value> parsed = json::Parse(text.ok() ? *text : "{}");
    EXPECT_TRUE(parsed.ok());
    return parsed.ok() ? *parsed : json::Value();
  }
  std::optional<std::string> Find(Identifier id) {
    Result<std::optional<std::string>> found =
        db().Read([&](storage::Tx& tx) { return service_->Find(tx, id); });
    EXPECT_TRUE(found.ok()) << found.error().message;
    return found.ok() ? *found : std::nullopt;
  }
  std::vector<changes::StoredChange> Changes(std::string_view type) {
    Result<std::vector<changes::StoredChange>> all = db().Read([&](storage::Tx& tx) {
      return changes::Read(tx, {.type_prefixes = {std::string(type)}, .limit = 1000});
    });
    EXPECT_TRUE(all.ok());
    return all.ok() ? *all : std::vector<changes::StoredChange>{};
  }
  static std::vector<std::string> Values(const json::Value& profile, std::string_view type) {
    std::vector<std::string> out;
    for (const json::Value& id : *profile.Find("identifiers")->AsArray()) {
      if (*id.Find("type")->AsString() == type) {
        out.push_back(*id.Find("value")->AsString());
      }
    }
    return out;
  }

  FakeClock clock_;
  std::unique_ptr<CustomersService> service_ = NewCustomersService(clock_);
  int events_ = 0;
};

}  // namespace omnihub::customers
