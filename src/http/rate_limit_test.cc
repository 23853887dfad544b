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

TEST(RateLimiterTest, AFloodOfCallersStaysBoundedAndTheLatestAreStillLimited) {
  RateLimiter limiter({});
  const RateLimit rule{.per_second = 1, .burst = 1};
  const auto start = std::chrono::steady_clock::time_point{} + seconds(10);
  constexpr int kCallers = 200000;
  for (int n = 0; n < kCallers; ++n) {
    (void)limiter.Take("a:" + std::to_string(n), rule, "address", start + milliseconds(n / 1000));
  }
  EXPECT_LE(limiter.bucket_count(), 16u * 4096u);
  EXPECT_GT(limiter.bucket_count(), 1000u);
  // The caller seen last spent its token and is still refused.
  EXPECT_TRUE(limiter.Take("a:" + std::to_string(kCallers - 1), rule, "address",
                           start + milliseconds(kCallers / 1000)));
}

}  // namespace
}  // namespace omnihub::http
