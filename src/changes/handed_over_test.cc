#include "changes/handed_over.h"

#include <gtest/gtest.h>

namespace omnihub::changes {
namespace {

constexpr size_t kWanted = 0;
constexpr size_t kOther = 1;

TEST(HandedOverTest, NothingHandedOverTellsNothing) {
  HandedOver seen(2);
  EXPECT_EQ(seen.NothingThrough(kWanted, 7), 7);
}

TEST(HandedOverTest, ChangesOfNoInterestAreKnownEmpty) {
  HandedOver seen(2);
  seen.Add(5, {false, true});
  seen.Add(6, {false, false});
  EXPECT_EQ(seen.NothingThrough(kWanted, 4), 6);
  EXPECT_EQ(seen.NothingThrough(kOther, 4), 4);  // 5 is for it: it must read
  EXPECT_EQ(seen.NothingThrough(kOther, 5), 6);  // handled up to 5: the rest is of no interest
}

TEST(HandedOverTest, ChangesBeforeTheFirstHandedOverOneAreNotKnown) {
  HandedOver seen(2);
  seen.Add(10, {false, false});  // the hub joined at 10: 1..8 were never handed over
  EXPECT_EQ(seen.NothingThrough(kWanted, 3), 3);
  EXPECT_EQ(seen.NothingThrough(kWanted, 9), 10);
}

TEST(HandedOverTest, AGapInSeqsIsNoGapInWhatWasHandedOver) {
  HandedOver seen(2);
  seen.Add(4, {false, false});
  seen.Add(9, {false, false});  // 5..8 rolled back: never committed
  EXPECT_EQ(seen.NothingThrough(kWanted, 4), 9);
}

TEST(HandedOverTest, NeverMovesBackward) {
  HandedOver seen(2);
  seen.Add(3, {false, false});
  EXPECT_EQ(seen.NothingThrough(kWanted, 8), 8);
}

}  // namespace
}  // namespace omnihub::changes
