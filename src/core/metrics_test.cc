#include "core/metrics.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <algorithm>
#include <string>
#include <thread>
#include <vector>

namespace omnihub::metrics {
namespace {

bool Contains(std::string_view text, std::string_view part) {
  return text.find(part) != std::string_view::npos;
}

// The lines of `text` that start with `prefix`.
std::vector<std::string> LinesStartingWith(const std::string& text, std::string_view prefix) {
  std::vector<std::string> lines;
  size_t start = 0;
  while (start < text.size()) {
    size_t end = text.find('\n', start);
    if (end == std::string::npos) {
      end = text.size();
    }
    std::string_view line(text.data() + start, end - start);
    if (line.starts_with(prefix)) {
      lines.emplace_back(line);
    }
    start = end + 1;
  }
  return lines;
}

// The sample value that ends a Prometheus line, as an integer.
uint64_t SampleOf(const std::string& line) { return std::stoull(line.substr(line.rfind(' ') + 1)); }

// Each test uses its own Registry, so tests do not see each other's series.
TEST(RegistryTest, TheSameNameAndLabelsGiveTheSameCounter) {
  Registry registry;
  Counter& first = registry.GetCounter("omnihub_requests_total", "Requests.", R"(route="/a")");
  Counter& again = registry.GetCounter("omnihub_requests_total", "Requests.", R"(route="/a")");
  Counter& other = registry.GetCounter("omnihub_requests_total", "Requests.", R"(route="/b")");
  EXPECT_EQ(&first, &again);
  EXPECT_NE(&first, &other);

  first.Inc();
  again.Inc(2);
  EXPECT_EQ(first.value(), 3u);
  EXPECT_EQ(other.value(), 0u);
}

TEST(RegistryTest, RendersCountersInTheExpositionFormat) {
  Registry registry;
  Counter& orders =
      registry.GetCounter("omnihub_orders_total", "Orders placed.", R"(channel="web")");
  orders.Inc();
  orders.Inc();
  orders.Inc();

  const std::string text = registry.RenderPrometheus();
  EXPECT_TRUE(Contains(text, "# HELP omnihub_orders_total Orders placed.\n")) << text;
  EXPECT_TRUE(Contains(text, "# TYPE omnihub_orders_total counter\n")) << text;
  EXPECT_TRUE(Contains(text, "omnihub_orders_total{channel=\"web\"} 3\n")) << text;
}

TEST(RegistryTest, RendersGauges) {
  Registry registry;
  Gauge& open =
      registry.GetGauge("omnihub_open_connections", "Open connections.", R"(listener="api")");
  EXPECT_EQ(&open, &registry.GetGauge("omnihub_open_connections", "Open connections.",
                                      R"(listener="api")"));
  open.Set(5);
  open.Add(-2);
  EXPECT_EQ(open.value(), 3);

  const std::string text = registry.RenderPrometheus();
  EXPECT_TRUE(Contains(text, "# TYPE omnihub_open_connections gauge\n")) << text;
  EXPECT_TRUE(Contains(text, "omnihub_open_connections{listener=\"api\"} 3\n")) << text;
}

TEST(RegistryTest, RendersHistogramsWithBucketsSumAndCount) {
  Registry registry;
  Histogram& latency =
      registry.GetHistogram("omnihub_request_seconds", "Request latency.", "", LatencyBuckets);
  EXPECT_EQ(&latency, &registry.GetHistogram("omnihub_request_seconds", "Request latency.", "",
                                             LatencyBuckets));
  latency.Observe(0.002);
  latency.Observe(0.3);
  latency.Observe(60);  // beyond the last bound: only +Inf holds it
  EXPECT_EQ(latency.count(), 3u);

  const std::string text = registry.RenderPrometheus();
  EXPECT_TRUE(Contains(text, "# TYPE omnihub_request_seconds histogram\n")) << text;
  EXPECT_TRUE(Contains(text, "omnihub_request_seconds_bucket{le=\"+Inf\"} 3\n")) << text;
  EXPECT_TRUE(Contains(text, "omnihub_request_seconds_count 3\n")) << text;
  EXPECT_EQ(LinesStartingWith(text, "omnihub_request_seconds_sum").size(), 1u) << text;
}

TEST(HistogramTest, BucketsAreCumulative) {
  Histogram histogram({1, 2, 4});
  for (double value : {0.5, 1.5, 1.5, 3.0, 100.0}) {
    histogram.Observe(value);
  }
  std::string text;
  histogram.Render(text, "omnihub_size", R"(kind="x")");

  const std::vector<std::string> buckets = LinesStartingWith(text, "omnihub_size_bucket{");
  ASSERT_EQ(buckets.size(), 4u) << text;  // three bounds and +Inf
  std::vector<uint64_t> counts;
  for (const std::string& line : buckets) {
    EXPECT_TRUE(Contains(line, R"(kind="x")")) << line;
    counts.push_back(SampleOf(line));
  }
  EXPECT_EQ(counts, (std::vector<uint64_t>{1, 3, 4, 5})) << text;
  EXPECT_TRUE(Contains(buckets.back(), R"(le="+Inf")")) << text;
  EXPECT_TRUE(Contains(text, "omnihub_size_count{kind=\"x\"} 5\n")) << text;
  EXPECT_EQ(LinesStartingWith(text, "omnihub_size_sum{kind=\"x\"} ").size(), 1u) << text;
}

TEST(BucketsTest, LatencyAndSizeBucketsAscend) {
  const std::vector<double> latency = LatencyBuckets();
  ASSERT_FALSE(latency.empty());
  EXPECT_TRUE(std::is_sorted(latency.begin(), latency.end()));
  EXPECT_DOUBLE_EQ(latency.front(), 0.0001);
  EXPECT_DOUBLE_EQ(latency.back(), 10.0);

  const std::vector<double> sizes = SizeBuckets();
  ASSERT_EQ(sizes.size(), 13u);  // 2^0 .. 2^12
  for (size_t bound_idx = 0; bound_idx < sizes.size(); ++bound_idx) {
    EXPECT_EQ(sizes[bound_idx], static_cast<double>(1u << bound_idx));
  }
}

TEST(RegistryTest, CountsEveryIncrementFromManyThreads) {
  Registry registry;
  constexpr uint64_t kThreads = 4;
  constexpr uint64_t kIncrements = 10000;
  std::vector<std::thread> threads;
  threads.reserve(kThreads);
  for (uint64_t thread_idx = 0; thread_idx < kThreads; ++thread_idx) {
    threads.emplace_back([&registry] {
      for (uint64_t count = 0; count < kIncrements; ++count) {
        registry.GetCounter("omnihub_events_total", "Events.", R"(kind="x")").Inc();
      }
    });
  }
  for (std::thread& thread : threads) {
    thread.join();
  }
  EXPECT_EQ(registry.GetCounter("omnihub_events_total", "Events.", R"(kind="x")").value(),
            kThreads * kIncrements);
}

TEST(RegistryTest, GlobalIsOneRegistry) { EXPECT_EQ(&Registry::Global(), &Registry::Global()); }

}  // namespace
}  // namespace omnihub::metrics
