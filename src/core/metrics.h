#pragma once

#include <atomic>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

// Prometheus-style metrics kept in memory and rendered in the text exposition format.
// All types are thread-safe; hot paths should keep the reference a Registry call returns.
namespace omnihub::metrics {

class Counter {
 public:
  void Inc(uint64_t by = 1) { value_.fetch_add(by, std::memory_order_relaxed); }
  uint64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<uint64_t> value_{0};
};

class Gauge {
 public:
  void Set(int64_t v) { value_.store(v, std::memory_order_relaxed); }
  void Add(int64_t by) { value_.fetch_add(by, std::memory_order_relaxed); }
  int64_t value() const { return value_.load(std::memory_order_relaxed); }

 private:
  std::atomic<int64_t> value_{0};
};

// Cumulative buckets with fixed upper bounds.
class Histogram {
 public:
  explicit Histogram(std::vector<double> upper_bounds);
  void Observe(double value);
  uint64_t count() const { return count_.load(std::memory_order_relaxed); }
  // Renders the _bucket/_sum/_count lines for `name{labels}`.
  void Render(std::string& out, std::string_view name, std::string_view labels) const;

 private:
  std::vector<double> bounds_;
  std::unique_ptr<std::atomic<uint64_t>[]> buckets_;  // one per bound, plus +Inf
  std::atomic<uint64_t> count_{0};
  std::atomic<uint64_t> sum_micro_{0};  // sum * 1e6, so it can be atomic
};

// Latency buckets in seconds, 100 µs .. 10 s.
std::vector<double> LatencyBuckets();
// Size buckets 1 .. 4096, powers of two.
std::vector<double> SizeBuckets();

class Registry {
 public:
  // The process-wide registry that /metrics renders.
  static Registry& Global();

  // `labels` is the Prometheus label text without braces, e.g. `route="/x",status="200"`.
  // The same name+labels always return the same object; references stay valid forever.
  Counter& GetCounter(std::string_view name, std::string_view help, std::string_view labels = {});
  Gauge& GetGauge(std::string_view name, std::string_view help, std::string_view labels = {});
  Histogram& GetHistogram(std::string_view name, std::string_view help, std::string_view labels,
                          std::vector<double> (*buckets)());

  std::string RenderPrometheus() const;

 private:
  struct Family {
    std::string help;
    std::string type;
    std::map<std::string, std::unique_ptr<Counter>> counters;
    std::map<std::string, std::unique_ptr<Gauge>> gauges;
    std::map<std::string, std::unique_ptr<Histogram>> histograms;
  };
  Family& FamilyFor(std::string_view name, std::string_view help, std::string_view type);

  mutable std::mutex mu_;
  std::map<std::string, Family, std::less<>> families_;  // GUARDED_BY(mu_)
};

}  // namespace omnihub::metrics
