#include "inventory/inventory.h"

#include <gtest/gtest.h>

#include "inventory/events.h"
#include "inventory/test_fixture.h"

namespace omnihub::inventory {
namespace {

using test::kKrakow;
using test::kSku;
using test::kWarsaw;

class ReservationTest : public test::InventoryFixture {
 protected:
  ReserveRequest One(int64_t quantity = 1) {
    return {.sku = std::string(kSku), .location_id = std::string(kKrakow), .quantity = quantity};
  }
  Result<ReservationResult> Finish(const ReservationResult& held, bool confirm) {
    const std::string id = held.reservation.id.str();
    return db().InTransaction([&](storage::Tx& tx) {
      return confirm ? service_.Confirm(tx, id) : service_.Release(tx, id);
    });
  }
  int CountOf(std::string_view type) {
    int n = 0;
    for (const changes::StoredChange& change : Changes()) {
      n += change.type == type;
    }
    return n;
  }
};

TEST_P(ReservationTest, ExpiredHoldFreesTheLastUnit) {
  ASSERT_OK(Receive(db(), kKrakow, 1));
  ASSERT_OK(Reserve(db(), One()));
  Result<ReservationResult> second = Reserve(db(), One());
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kInsufficientStock);
  EXPECT_EQ(*std::get_if<int64_t>(second.error().Detail("available")), 0);
  EXPECT_EQ(*std::get_if<std::string>(second.error().Detail("sku")), kSku);
  clock_.Advance(std::chrono::minutes(16));  // default cart hold: 15 minutes
  EXPECT_OK(Reserve(db(), One()));
  EXPECT_EQ(CountOf(events::kReservationExpired.name), 1);
  EXPECT_TRUE(Check(db())->ok());
}

// A cart's hold passes to its order: the same units stay held, under a new owner and expiry;
// a hold that is no longer active, or holds other units, is refused.
TEST_P(ReservationTest, AHoldPassesToANewOwnerWithoutLettingGoOfItsUnits) {
  ASSERT_OK(Receive(db(), kKrakow, 3));
  ReserveRequest cart = One(2);
  cart.kind = ReservationKind::kClickAndCollect;
  cart.hold_for = std::chrono::hours(2);
  cart.reference = "crt_1";
  Result<ReservationResult> held = Reserve(db(), cart);
  ASSERT_OK(held);
  const std::string id = held->reservation.id.str();
  auto reassign = [&](ReserveRequest req) {
    return db().InTransaction([&](storage::Tx& tx) { return service_.Reassign(tx, id, req); });
  };
  ReserveRequest order = cart;
  order.reference = "ord_1";
  order.hold_for = std::chrono::hours(72);
  ReserveRequest other = order;
  other.quantity = 1;
  Result<Reservation> mismatch = reassign(other);
  ASSERT_FALSE(mismatch.ok());
  EXPECT_EQ(*std::get_if<std::string>(mismatch.error().Detail("reason")), "reservation_mismatch");

  Result<Reservation> taken = reassign(order);
  ASSERT_OK(taken);
  EXPECT_EQ(taken->reference, "ord_1");
  EXPECT_EQ(taken->expires_at, clock_.Now() + std::chrono::hours(72));
  EXPECT_EQ(Level(kKrakow)->reserved, 2);
  EXPECT_EQ(CountOf(events::kReservationReassigned.name), 1);
  clock_.Advance(std::chrono::hours(3));  // past the cart's 2 hours, within the order's 72
  EXPECT_EQ(Level(kKrakow)->reserved, 2);

  ASSERT_OK(Finish(*held, /*confirm=*/false));
  Result<Reservation> released = reassign(order);
  ASSERT_FALSE(released.ok());
  EXPECT_EQ(*std::get_if<std::string>(released.error().Detail("reason")), "reservation_not_active");
  EXPECT_TRUE(Check(db())->ok());
}

// No sweeper ran: reads must not show stock hidden behind an expired hold.
TEST_P(ReservationTest, AStoppedSweeperNeverHidesStockFromReads) {
  ASSERT_OK(Receive(db(), kKrakow, 3));
  Result<ReservationResult> held = Reserve(db(), One(2));
  ASSERT_OK(held);
  EXPECT_EQ(held->level.available, 1);
  EXPECT_EQ(Level(kKrakow)->available, 1);
  clock_.Advance(std::chrono::minutes(15));  // expiry is inclusive
  EXPECT_EQ(Level(kKrakow)->available, 3);
  EXPECT_EQ(db().Read([&](storage::Tx& tx) { return service_.GetAvailability(tx, kSku); })
                ->network_available,
            3);
  Result<Reservation> read = db().Read(
      [&](storage::Tx& tx) { return service_.GetReservation(tx, held->reservation.id.str()); });
  EXPECT_EQ(read->status, ReservationStatus::kExpired);
}

TEST_P(ReservationTest, TheSweeperExpiresOnlyDueHolds) {
  ASSERT_OK(Receive(db(), kKrakow, 10));
  ASSERT_OK(Reserve(db(), One(2)));  // cart: 15 minutes
  ReserveRequest pickup = One(3);
  pickup.kind = ReservationKind::kClickAndCollect;  // 48 hours
  ASSERT_OK(Reserve(db(), pickup));
  clock_.Advance(std::chrono::hours(1));
  Result<int64_t> swept = db().InTransaction(
      [&](storage::Tx& tx) { return service_.ExpireDue(tx, clock_.Now(), 500); });
  ASSERT_OK(swept);
  EXPECT_EQ(*swept, 1);
  EXPECT_EQ(Level(kKrakow)->reserved, 3);
  EXPECT_EQ(*db().InTransaction(
                [&](storage::Tx& tx) { return service_.ExpireDue(tx, clock_.Now(), 500); }),
            0);
  EXPECT_TRUE(Check(db())->ok());
}

TEST_P(ReservationTest, ConfirmSellsTheHeldUnitsThroughTheLedger) {
  ASSERT_OK(Receive(db(), kKrakow, 5));
  Result<ReservationResult> held =
      Reserve(db(), One(2), {.channel_id = "chn_web", .key_id = "key_1", .request_id = "r1"});
  ASSERT_OK(held);
  EXPECT_EQ(held->reservation.channel_id, "chn_web");
  Result<ReservationResult> confirmed = Finish(*held, true);
  ASSERT_OK(confirmed);
  EXPECT_EQ(confirmed->reservation.status, ReservationStatus::kConfirmed);
  EXPECT_EQ(confirmed->level.on_hand, 3);
  EXPECT_EQ(confirmed->level.reserved, 0);
  EXPECT_OK(Finish(*held, true));  // twice: unchanged
  EXPECT_EQ(Level(kKrakow)->on_hand, 3);
  Result<ReservationResult> release = Finish(*held, false);
  EXPECT_EQ(release.error().code, ErrorCode::kConflict);
  EXPECT_EQ(CountOf(events::kReservationConfirmed.name), 1);
  EXPECT_TRUE(Check(db())->ok());
}

TEST_P(ReservationTest, ReleaseGivesUnitsBackOnceAndAHoldPastItsExpiryCannotBeConfirmed) {
  ASSERT_OK(Receive(db(), kKrakow, 5));
  Result<ReservationResult> held = Reserve(db(), One(4));
  ASSERT_OK(held);
  Result<ReservationResult> released = Finish(*held, false);
  ASSERT_OK(released);
  EXPECT_EQ(released->level.available, 5);
  EXPECT_OK(Finish(*held, false));  // harmless
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
  EXPECT_EQ(CountOf(events::kReservationReleased.name), 1);
  Result<ReservationResult> after_release = Finish(*held, true);
  EXPECT_EQ(*std::get_if<std::string>(after_release.error().Detail("reason")),
            "reservation_released");

  Result<ReservationResult> late = Reserve(db(), One(1));
  ASSERT_OK(late);
  clock_.Advance(std::chrono::minutes(20));
  const size_t changes_before = Changes().size();
  Result<ReservationResult> expired = Finish(*late, true);
  ASSERT_FALSE(expired.ok());
  EXPECT_EQ(expired.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*std::get_if<std::string>(expired.error().Detail("reason")), "reservation_expired");
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
  EXPECT_EQ(Changes().size(), changes_before);
  EXPECT_TRUE(Check(db())->ok());
}

TEST_P(ReservationTest, BadReservationsAreRefusedAndChangeNothing) {
  ASSERT_OK(Receive(db(), kKrakow, 5));
  const size_t changes_before = Changes().size();
  auto code = [&](ReserveRequest req) { return Reserve(db(), req).error().code; };
  EXPECT_EQ(code(One(0)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(One(-1)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(One(kMaxQuantity + 1)), ErrorCode::kInvalidArgument);
  EXPECT_EQ(code(One(6)), ErrorCode::kInsufficientStock);
  ReserveRequest unknown_sku = One();
  unknown_sku.sku = "NOPE";
  EXPECT_EQ(code(unknown_sku), ErrorCode::kNotFound);
  ReserveRequest not_stocked_here = One();
  not_stocked_here.location_id = std::string(kWarsaw);
  EXPECT_EQ(code(not_stocked_here), ErrorCode::kNotFound);
  ReserveRequest unknown_location = One();
  unknown_location.location_id = "loc_01JDEM0000ZZZ0000000000000";
  EXPECT_EQ(code(unknown_location), ErrorCode::kNotFound);
  ReserveRequest forever = One();
  forever.hold_for = std::chrono::hours(24 * 365);
  EXPECT_EQ(code(forever), ErrorCode::kInvalidArgument);
  EXPECT_EQ(db().InTransaction([&](storage::Tx& tx) {
                  return service_.Release(tx, "res_01JDEM0000ZZZ0000000000000");
                })
                .error()
                .code,
            ErrorCode::kNotFound);
  EXPECT_EQ(Changes().size(), changes_before);
  EXPECT_EQ(Level(kKrakow)->reserved, 0);
}

TEST_P(ReservationTest, SafetyStockIsNeverPromisedButAPosSaleMayTakeIt) {
  ASSERT_OK(Receive(db(), kKrakow, 3));
  ASSERT_OK(db().InTransaction(
      [&](storage::Tx& tx) { return service_.SetSafetyStock(tx, kSku, kKrakow, 2); }));
  ASSERT_OK(Reserve(db(), One(1)));
  EXPECT_EQ(Reserve(db(), One(1)).error().code, ErrorCode::kInsufficientStock);
  Result<MovementResult> sold = db().InTransaction([&](storage::Tx& tx) {
    return service_.RecordMovement(tx, {.kind = MovementKind::kSale,
                                        .sku = std::string(kSku),
                                        .location_id = std::string(kKrakow),
                                        .quantity = 2});
  });
  ASSERT_OK(sold);
  EXPECT_EQ(sold->levels[0].on_hand, 1);
  EXPECT_EQ(sold->levels[0].reserved, 1);  // the held unit stays for its holder
  EXPECT_TRUE(Check(db())->ok());
}

TEST_P(ReservationTest, ACountBelowTheHeldUnitsIsRefused) {
  ASSERT_OK(Receive(db(), kKrakow, 5));
  ASSERT_OK(Reserve(db(), One(3)));
  Result<MovementResult> count = db().InTransaction([&](storage::Tx& tx) {
    return service_.RecordMovement(tx, {.kind = MovementKind::kCount,
                                        .sku = std::string(kSku),
                                        .location_id = std::string(kKrakow),
                                        .quantity = 2});
  });
  EXPECT_EQ(count.error().code, ErrorCode::kConflict);
  EXPECT_EQ(Level(kKrakow)->on_hand, 5);
}

OMNI_INSTANTIATE_BACKENDS(ReservationTest);

}  // namespace
}  // namespace omnihub::inventory
