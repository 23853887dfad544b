#pragma once

// The loyalty service on a real database, for loyalty_test.cc and actions_test.cc.
#include <gtest/gtest.h>

#include <string>
#include <string_view>
#include <vector>

#include "changes/changes.h"
#include "loyalty/events.h"
#include "loyalty/loyalty.h"
#include "loyalty/loyalty_service.h"
#include "testing/db_test.h"

namespace omnihub::loyalty::test {

inline constexpr std::string_view kAnna = "cus_01JDEM0000ANNA000000000000";
inline constexpr std::string_view kBart = "cus_01JDEM0000BART000000000000";

inline Money Pln(int64_t minor) { return Money{.minor = minor, .currency = Currency::Pln()}; }

class LoyaltyTest : public omnihub::test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), loyalty::Migrations()};
  }
  Result<Entry> Earn(std::string_view order, int64_t minor, std::string_view customer = kAnna) {
    return db().InTransaction([&](storage::Tx& tx) {
      return service_->Earn(tx, {.customer_id = std::string(customer),
                                 .source_type = "order",
                                 .source_id = std::string(order),
                                 .amount = Pln(minor),
                                 .occurred_at = clock_.Now()});
    });
  }
  Result<Entry> EarnForAction(std::string_view action, std::string_view source_id,
                              std::string_view customer = kAnna) {
    return db().InTransaction([&](storage::Tx& tx) {
      return service_->EarnForAction(tx, {.customer_id = std::string(customer),
                                          .action = std::string(action),
                                          .source_id = std::string(source_id),
                                          .occurred_at = clock_.Now()});
    });
  }
  Result<Programme> SetActions(std::vector<ActionRule> actions) {
    Programme p = db().Read([&](storage::Tx& tx) { return service_->GetProgramme(tx); }).value();
    p.actions = std::move(actions);
    return db().InTransaction([&](storage::Tx& tx) { return service_->SetProgramme(tx, p); });
  }
  Result<std::optional<Entry>> Reverse(std::string_view order) {
    return db().InTransaction(
        [&](storage::Tx& tx) { return service_->Reverse(tx, "order", order); });
  }
  Result<Redemption> Redeem(int64_t points, std::string_view reference = "",
                            std::string_view customer = kAnna) {
    return db().InTransaction(
        [&](storage::Tx& tx) { return service_->Redeem(tx, customer, points, reference); });
  }
  Balance BalanceOf(std::string_view customer = kAnna) {
    return db().Read([&](storage::Tx& tx) { return service_->GetBalance(tx, customer); }).value();
  }
  std::vector<changes::StoredChange> Changes(std::string_view type) {
    std::vector<changes::StoredChange> all =
        db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); }).value();
    std::vector<changes::StoredChange> out;
    for (changes::StoredChange& change : all) {
      if (change.type == type) {
        out.push_back(std::move(change));
      }
    }
    return out;
  }
  int64_t LedgerRows() {
    return static_cast<int64_t>(db().Read([&](storage::Tx& tx) {
                                      return service_->History(
                                          tx, {.customer_id = std::string(kAnna), .limit = 200});
                                    })
                                    ->entries.size());
  }

  FakeClock clock_;
  std::unique_ptr<LoyaltyService> service_ = NewLoyaltyService(clock_);
};

}  // namespace omnihub::loyalty::test
