#pragma once

#include <chrono>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <optional>
#include <string_view>

// Token buckets that keep one caller from starving the others (docs/security.md, "Rate
// limits"). Each node keeps its own buckets: behind N nodes a caller gets up to N times the
// rate, which bounds abuse without shared state.
namespace omnihub::http {

struct RateLimit {
  double per_second = 0;  // tokens added per second; 0: unlimited
  double burst = 0;       // the bucket's size: requests a quiet caller may send at once
  bool unlimited() const { return per_second <= 0; }
};

struct RateLimits {
  // Per API key, and per write key (every browser of a shop shares its write key).
  RateLimit per_key{.per_second = 20000, .burst = 40000};
  // Per client address, for requests that name no valid key (public routes, failed
  // authentication): what guessing keys is limited by.
  RateLimit per_address{.per_second = 200, .burst = 400};
  // Event streams open at once per API key (0: unlimited).
  int streams_per_key = 16;
};

// Thread-safe. Memory is bounded: when a shard grows, buckets that have refilled are forgotten,
// then the least recently seen.
class RateLimiter {
 public:
  explicit RateLimiter(RateLimits limits);
  ~RateLimiter();

  const RateLimits& limits() const { return limits_; }
  // Takes one token from `bucket`'s bucket under `rule`: nullopt when there was one, else how
  // long until there will be. `scope` ("key", "address") labels the /metrics counter.
  std::optional<std::chrono::milliseconds> Take(std::string_view bucket, const RateLimit& rule,
                                                std::string_view scope,
                                                std::chrono::steady_clock::time_point now);
  // Like Take, without taking: how long until `bucket` has a token, or nullopt when it has one
  // (or has never been seen). A refusal is counted like Take's.
  std::optional<std::chrono::milliseconds> Peek(std::string_view bucket, const RateLimit& rule,
                                                std::string_view scope,
                                                std::chrono::steady_clock::time_point now);
  // Buckets held now (at most 65,536).
  size_t bucket_count() const;

 private:
  struct Shards;
  RateLimits limits_;
  std::unique_ptr<Shards> shards_;
};

}  // namespace omnihub::http
