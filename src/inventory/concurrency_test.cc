#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "inventory/test_fixture.h"

namespace omnihub::inventory {
namespace {

using test::kKrakow;
using test::kWarsaw;

constexpr std::string_view kHot = "HOT-1";

class ConcurrencyTest : public test::InventoryFixture {};

// Many channels reserve and sell one SKU at two locations at once: every unit goes to exactly
// one caller, the others get insufficient_stock, and nothing else ever happens.
TEST_P(ConcurrencyTest, ExactlyTheStockIsSoldNeverMore) {
  constexpr int64_t kStock[] = {40, 25};
  const std::string locations[] = {std::string(kKrakow), std::string(kWarsaw)};
  ASSERT_OK(Receive(db(), kKrakow, kStock[0], kHot));
  ASSERT_OK(Receive(db(), kWarsaw, kStock[1], kHot));
  constexpr int kThreads = 12;
  std::atomic<int64_t> won[2] = {0, 0};
  std::atomic<int64_t> refused{0};
  std::atomic<int> unexpected{0};
  std::vector<std::thread> threads;
  for (int thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&, thread_idx] {
      const storage::TxContext channel{.channel_id = "chn_" + std::to_string(thread_idx % 4)};
      bool exhausted[2] = {false, false};
      for (int attempt = 0; !(exhausted[0] && exhausted[1]); ++attempt) {
        const int at = (attempt + thread_idx) % 2;
        if (exhausted[at]) {
          continue;
        }
        const int op = (attempt * 7 + thread_idx) % 3;  // reserve, reserve + confirm, POS sale
        Result<void> done = Ok();
        if (op < 2) {
          Result<ReservationResult> held =
              Reserve(db(),
                      {.sku = std::string(kHot),
                       .location_id = locations[at],
                       .quantity = 1,
                       .kind = thread_idx % 2 ? ReservationKind::kCart : ReservationKind::kInStore},
                      channel);
          if (held.ok() && op == 1) {
            const std::string id = held->reservation.id.str();
            Result<ReservationResult> confirmed = db().InTransaction(
                [&](storage::Tx& tx) { return service_.Confirm(tx, id); }, channel);
            if (!confirmed.ok()) {
              ++unexpected;
            }
          }
          done = held.ok() ? Ok() : Result<void>(std::move(held).error());
        } else {
          done = db().InTransaction(
              [&](storage::Tx& tx) -> Result<void> {
                OMNI_TRY(service_.RecordMovement(tx, {.kind = MovementKind::kSale,
                                                      .sku = std::string(kHot),
                                                      .location_id = locations[at],
                                                      .quantity = 1}));
                return Ok();
              },
              channel);
        }
        if (done.ok()) {
          ++won[at];
        } else if (done.error().code == ErrorCode::kInsufficientStock) {
          ++refused;
          exhausted[at] = true;
        } else {
          ++unexpected;
          ADD_FAILURE() << done.error().message;
          return;
        }
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(unexpected.load(), 0);
  EXPECT_EQ(won[0].load(), kStock[0]);
  EXPECT_EQ(won[1].load(), kStock[1]);
  EXPECT_GE(refused.load(), 2 * kThreads);
  for (int at = 0; at < 2; ++at) {
    Result<StockLevel> level = Level(locations[at], kHot);
    ASSERT_OK(level);
    EXPECT_EQ(level->available, 0);
    EXPECT_EQ(level->on_hand, level->reserved);  // what is left is held, never oversold
  }
  Result<CheckReport> report = Check(db());
  ASSERT_OK(report);
  EXPECT_TRUE(report->ok());
}

OMNI_INSTANTIATE_BACKENDS(ConcurrencyTest);

}  // namespace
}  // namespace omnihub::inventory
