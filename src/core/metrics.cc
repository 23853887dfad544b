#include "core/metrics.h"

#include <charconv>
#include <cmath>

namespace omnihub::metrics {
namespace {

void AppendNumber(std::string& out, double v) {
  if (std::isinf(v)) {
    out += v > 0 ? "+Inf" : "-Inf";
    return;
  }
  char buf[32];
  auto [end, ec] = std::to_chars(buf, buf + sizeof buf, v);
  out.append(buf, ec == std::errc() ? end : buf);
}

void AppendSeries(std::string& out, std::string_view name, std::string_view labels) {
  out += name;
  if (!labels.empty()) {
    out += '{';
    out += labels;
    out += '}';
  }
}

}  // namespace

Histogram::Histogram(std::vector<double> upper_bounds)
    : bounds_(std::move(upper_bounds)),
      buckets_(std::make_unique<std::atomic<uint64_t>[]>(bounds_.size() + 1)) {}

void Histogram::Observe(double value) {
  size_t idx = 0;
  while (idx < bounds_.size() && value > bounds_[idx]) {
    ++idx;
  }
  buckets_[idx].fetch_add(1, std::memory_order_relaxed);
  count_.fetch_add(1, std::memory_order_relaxed);
  if (value > 0) {
    sum_micro_.fetch_add(static_cast<uint64_t>(value * 1e6), std::memory_order_relaxed);
  }
}

void Histogram::Render(std::string& out, std::string_view name, std::string_view labels) const {
  const std::string bucket = std::string(name) + "_bucket";
  const std::string sep = labels.empty() ? "" : ",";
  uint64_t cumulative = 0;
  for (size_t idx = 0; idx <= bounds_.size(); ++idx) {
    cumulative += buckets_[idx].load(std::memory_order_relaxed);
    out += bucket;
    out += '{';
    out += labels;
    out += sep;
    out += "le=\"";
    AppendNumber(out, idx < bounds_.size() ? bounds_[idx] : INFINITY);
    out += "\"} ";
    out += std::to_string(cumulative);
    out += '\n';
  }
  AppendSeries(out, std::string(name) + "_sum", labels);
  out += ' ';
  AppendNumber(out, static_cast<double>(sum_micro_.load(std::memory_order_relaxed)) / 1e6);
  out += '\n';
  AppendSeries(out, std::string(name) + "_count", labels);
  out += ' ';
  out += std::to_string(count_.load(std::memory_order_relaxed));
  out += '\n';
}

std::vector<double> LatencyBuckets() {
  return {0.0001, 0.00025, 0.0005, 0.001, 0.002, 0.0025, 0.005, 0.01, 0.025,
          0.05,   0.1,     0.25,   0.5,   1,     2.5,    5,     10};
}

std::vector<double> SizeBuckets() {
  return {1, 2, 4, 8, 16, 32, 64, 128, 256, 512, 1024, 2048, 4096};
}

Registry& Registry::Global() {
  static Registry* registry = new Registry();  // never destroyed: threads may log at exit
  return *registry;
}

Registry::Family& Registry::FamilyFor(std::string_view name, std::string_view help,
                                      std::string_view type) {
  auto it = families_.find(name);
  if (it == families_.end()) {
    it = families_.emplace(std::string(name), Family{}).first;
    it->second.help = std::string(help);
    it->second.type = std::string(type);
  }
  return it->second;
}

Counter& Registry::GetCounter(std::string_view name, std::string_view help,
                              std::string_view labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, "counter").counters[std::string(labels)];
  if (!slot) {
    slot = std::make_unique<Counter>();
  }
  return *slot;
}

Gauge& Registry::GetGauge(std::string_view name, std::string_view help, std::string_view labels) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, "gauge").gauges[std::string(labels)];
  if (!slot) {
    slot = std::make_unique<Gauge>();
  }
  return *slot;
}

Histogram& Registry::GetHistogram(std::string_view name, std::string_view help,
                                  std::string_view labels, std::vector<double> (*buckets)()) {
  std::lock_guard lock(mu_);
  auto& slot = FamilyFor(name, help, "histogram").histograms[std::string(labels)];
  if (!slot) {
    slot = std::make_unique<Histogram>(buckets());
  }
  return *slot;
}

std::string Registry::RenderPrometheus() const {
  std::lock_guard lock(mu_);
  std::string out;
  out.reserve(4096);
  for (const auto& [name, family] : families_) {
    out += "# HELP " + name + " " + family.help + "\n";
    out += "# TYPE " + name + " " + family.type + "\n";
    for (const auto& [labels, counter] : family.counters) {
      AppendSeries(out, name, labels);
      out += ' ' + std::to_string(counter->value()) + '\n';
    }
    for (const auto& [labels, gauge] : family.gauges) {
      AppendSeries(out, name, labels);
      out += ' ' + std::to_string(gauge->value()) + '\n';
    }
    for (const auto& [labels, histogram] : family.histograms) {
      histogram->Render(out, name, labels);
    }
  }
  return out;
}

}  // namespace omnihub::metrics
