#include "http/rate_limit.h"

#include <gtest/gtest.h>

namespace omnihub::http {
namespace {

using std::chrono::milliseconds;
using std::chrono::seconds;

TEST(RateLimiterTest, AQuietCallerMaySendItsBurstThenWaitsForTheRate) {
  RateLimiter limiter({});
  const RateLimit rule{.per_second = 10, .burst = 3};
  const auto start = std::chrono::steady_clock::time_point{} + seconds(100);
  for (int n = 0; n < 3; ++n) {
    EXPECT_FALSE(limiter.Take("k:one", rule, "key", start)) << "request " << n;
  }
  std::optional<milliseconds> wait = limiter.Take("k:one", rule, "key", start);
  ASSERT_TRUE(wait);
  EXPECT_EQ(*wait, milliseconds(100));  // one token at 10 per second
  EXPECT_TRUE(limiter.Take("k:one", rule, "key", start + milliseconds(50)));
  EXPECT_FALSE(limiter.Take("k:one", rule, "key", start + milliseconds(110)));
}

TEST(RateLimiterTest, OneCallerOutOfTokensDoesNotStopAnother) {
  RateLimiter limiter({});
  const RateLimit rule{.per_second = 1, .burst = 1};
  const auto now = std::chrono::steady_clock::time_point{} + seconds(5);
  EXPECT_FALSE(limiter.Take("k:one", rule, "key", now));
  EXPECT_TRUE(limiter.Take("k:one", rule, "key", now));
  EXPECT_FALSE(limiter.Take("k:two", rule, "key", now));
}

TEST(RateLimiterTest, AnIdleBucketRefillsOnlyUpToItsBurst) {
  RateLimiter limiter({});
  const RateLimit rule{.per_second = 100, .burst = 2};
  const auto start = std::chrono::steady_clock::time_point{} + seconds(1);
  EXPECT_FALSE(limiter.Take("a:10.0.0.1", rule, "address", start));
  const auto much_later = start + seconds(3600);
  EXPECT_FALSE(limiter.Take("a:10.0.0.1", rule, "address", much_later));
  EXPECT_FALSE(limiter.Take("a:10.0.0.1", rule, "address", much_later));
  EXPECT_TRUE(limiter.Take("a:10.0.0.1", rule, "address", much_later));
}

TEST(RateLimiterTest, ZeroRateMeansUnlimited) {
  RateLimiter limiter({});
  const auto now = std::chrono::steady_clock::time_point{};
  for (int n = 0; n < 10000; ++n) {
    ASSERT_FALSE(limiter.Take("k:bulk", RateLimit{}, "key", now));
  }
}

// A flood of fresh addresses must neither grow memory without bound nor wipe the bucket of
// a caller who keeps knocking (the first version reset every bucket it looked at, so a flood
// emptied the shard and gave the knocking caller a fresh burst).
TEST(RateLimiterTest, AFloodOfCallersStaysBoundedAndDoesNotResetOneWhoKeepsKnocking) {
  RateLimiter limiter({});
  const RateLimit rule{.per_second = 1, .burst = 1};
  const auto start = std::chrono::steady_clock::time_point{} + seconds(10);
  EXPECT_FALSE(limiter.Take("a:guesser", rule, "address", start));
  constexpr int kCallers = 200000;
  for (int n = 0; n < kCallers; ++n) {
    const auto now = start + std::chrono::microseconds(n);  // 0.2 s in all: no refill
    (void)limiter.Take("a:" + std::to_string(n), rule, "address", now);
    if (n % 1000 == 0) {
      EXPECT_TRUE(limiter.Take("a:guesser", rule, "address", now)) << "after " << n;
    }
  }
  EXPECT_LE(limiter.bucket_count(), 16u * 4096u);
  EXPECT_GT(limiter.bucket_count(), 1000u);
}

}  // namespace
}  // namespace omnihub::http
