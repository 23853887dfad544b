#include "http/rate_limit.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <functional>
#include <mutex>
#include <string>
#include <unordered_map>
#include <vector>

#include "core/metrics.h"

namespace omnihub::http {
namespace {

using Clock = std::chrono::steady_clock;

// How long until a bucket holding `tokens` (< 1) has one again, rounded up to whole ms.
std::chrono::milliseconds UntilOneToken(double tokens, double per_second) {
  return std::chrono::milliseconds(
      static_cast<int64_t>(std::ceil((1 - tokens) / per_second * 1000)));
}

struct Bucket {
  double tokens = 0;
  Clock::time_point refilled_at;
  Clock::time_point last_seen;  // the caller's last request: what eviction goes by
  double per_second = 0;        // its own rule: buckets of several rules share a shard
  double burst = 0;

  double TokensAt(Clock::time_point now) const {
    const double seconds = std::chrono::duration<double>(now - refilled_at).count();
    return std::min(burst, tokens + std::max(seconds, 0.0) * per_second);
  }
  void Refill(Clock::time_point now) {
    tokens = TokensAt(now);
    refilled_at = std::max(refilled_at, now);
  }
};

// Beyond this many buckets a shard forgets the full ones (a bucket that has refilled holds
// nothing a fresh one would not), then if need be the least recently seen.
constexpr size_t kBucketsPerShard = 4096;

void CountRefusal(std::string_view scope) {
  metrics::Registry::Global()
      .GetCounter("omnihub_http_rate_limited_total", "Requests refused by a rate limit",
                  scope == "key" ? "scope=\"key\"" : "scope=\"address\"")
      .Inc();
}

}  // namespace

struct RateLimiter::Shards {
  struct Shard {
    std::mutex mu;
    std::unordered_map<std::string, Bucket> buckets;
  };
  std::array<Shard, 16> shard;
  Shard& Of(std::string_view bucket_key) {
    return shard[std::hash<std::string_view>{}(bucket_key) % shard.size()];
  }
};

RateLimiter::RateLimiter(RateLimits limits)
    : limits_(limits), shards_(std::make_unique<Shards>()) {}

RateLimiter::~RateLimiter() = default;

std::optional<std::chrono::milliseconds> RateLimiter::Take(std::string_view bucket_key,
                                                           const RateLimit& rule,
                                                           std::string_view scope,
                                                           Clock::time_point now) {
  if (rule.unlimited()) {
    return std::nullopt;
  }
  const double burst = std::max(rule.burst, 1.0);
  Shards::Shard& shard = shards_->Of(bucket_key);
  std::lock_guard lock(shard.mu);
  if (shard.buckets.size() >= kBucketsPerShard) {
    for (auto it = shard.buckets.begin(); it != shard.buckets.end();) {
      it = it->second.TokensAt(now) >= it->second.burst ? shard.buckets.erase(it) : std::next(it);
    }
  }
  if (shard.buckets.size() >= kBucketsPerShard) {
    // Still full (a flood of fresh callers): the least recently seen half starts over.
    std::vector<Clock::time_point> seen;
    seen.reserve(shard.buckets.size());
    for (const auto& [key, b] : shard.buckets) {
      seen.push_back(b.last_seen);
    }
    std::nth_element(seen.begin(), seen.begin() + seen.size() / 2, seen.end());
    const Clock::time_point median = seen[seen.size() / 2];
    std::erase_if(shard.buckets,
                  [&](const auto& entry) { return entry.second.last_seen <= median; });
  }
  auto [it, fresh] = shard.buckets.try_emplace(std::string(bucket_key),
                                               Bucket{burst, now, now, rule.per_second, burst});
  Bucket& b = it->second;
  b.per_second = rule.per_second;
  b.burst = burst;
  b.last_seen = std::max(b.last_seen, now);
  if (!fresh) {
    b.Refill(now);
  }
  if (b.tokens >= 1) {
    b.tokens -= 1;
    return std::nullopt;
  }
  CountRefusal(scope);
  return UntilOneToken(b.tokens, rule.per_second);
}

std::optional<std::chrono::milliseconds> RateLimiter::Peek(std::string_view bucket_key,
                                                           const RateLimit& rule,
                                                           std::string_view scope,
                                                           Clock::time_point now) {
  if (rule.unlimited()) {
    return std::nullopt;
  }
  Shards::Shard& shard = shards_->Of(bucket_key);
  std::lock_guard lock(shard.mu);
  auto it = shard.buckets.find(std::string(bucket_key));
  if (it == shard.buckets.end()) {
    return std::nullopt;
  }
  const double tokens = it->second.TokensAt(now);
  if (tokens >= 1) {
    return std::nullopt;
  }
  CountRefusal(scope);
  return UntilOneToken(tokens, rule.per_second);
}

size_t RateLimiter::bucket_count() const {
  size_t count = 0;
  for (Shards::Shard& shard : shards_->shard) {
    std::lock_guard lock(shard.mu);
    count += shard.buckets.size();
  }
  return count;
}

}  // namespace omnihub::http
