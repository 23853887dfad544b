#pragma once

// Small helpers shared by the benchmark tools: flags, latency percentiles, URLs, JSON output.
// Nothing here does I/O except ProcessCpuSeconds().

#include <chrono>
#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

namespace omnihub::bench {

// Flags of the form --name=value or --name value. A repeated flag keeps every value.
class Flags {
 public:
  // Exits with status 2 and a message on stderr when an argument is not a --flag.
  Flags(int argc, char** argv);

  bool Has(const std::string& name) const;
  // The last value given for `name`, or `fallback`.
  std::string Get(const std::string& name, const std::string& fallback) const;
  // Exits with status 2 when the value is not a number.
  int64_t GetInt(const std::string& name, int64_t fallback) const;
  double GetDouble(const std::string& name, double fallback) const;
  // Every value given for `name`, in order.
  std::vector<std::string> GetAll(const std::string& name) const;

 private:
  std::multimap<std::string, std::string> values_;
};

// Latency samples in microseconds. Percentiles by nearest rank. Not thread-safe.
class Latencies {
 public:
  void Add(int64_t micros) {
    samples_.push_back(micros);
    sorted_ = false;
  }
  void Merge(const Latencies& other);
  size_t size() const { return samples_.size(); }
  // p in [0, 100]; 0 when there are no samples.
  double PercentileMs(double p);
  double MaxMs();
  double MeanMs() const;

 private:
  std::vector<int64_t> samples_;
  bool sorted_ = false;
};

struct Endpoint {
  std::string host;
  std::string port;
  std::string target;  // path and query, "/" when the URL has none
};

// Parses "http://HOST:PORT[/target]". nullopt when the URL has another shape.
std::optional<Endpoint> ParseUrl(const std::string& url);

// Every "{n}" in `tmpl` replaced by `n`.
std::string Substitute(std::string_view tmpl, uint64_t n);

// CPU seconds (user + system) used by this process so far.
double ProcessCpuSeconds();

// Parses an RFC 3339 timestamp ("2025-01-02T03:04:05.123456Z", any fraction, Z or +hh:mm).
// nullopt when malformed.
std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text);

// Builds one JSON object, in insertion order, for the tools' one-line reports.
class JsonObject {
 public:
  JsonObject& Add(std::string_view key, std::string_view value);
  JsonObject& Add(std::string_view key, const char* value) {
    return Add(key, std::string_view(value));
  }
  JsonObject& Add(std::string_view key, int64_t value);
  JsonObject& Add(std::string_view key, int value) { return Add(key, int64_t{value}); }
  JsonObject& Add(std::string_view key, double value);
  JsonObject& Add(std::string_view key, bool value);
  // `json` must already be valid JSON.
  JsonObject& AddRaw(std::string_view key, std::string_view json);
  std::string str() const { return "{" + body_ + "}"; }

 private:
  void Key(std::string_view key);

  std::string body_;
};

}  // namespace omnihub::bench
