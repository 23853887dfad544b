#include "bench/bench_util.h"

#include <sys/resource.h>

#include <algorithm>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <cstdlib>
#include <numeric>

namespace omnihub::bench {

Flags::Flags(int argc, char** argv) {
  for (int arg_idx = 1; arg_idx < argc; ++arg_idx) {
    std::string_view arg = argv[arg_idx];
    if (arg.substr(0, 2) != "--") {
      std::fprintf(stderr, "%s: unexpected argument '%s'\n", argv[0], argv[arg_idx]);
      std::exit(2);
    }
    arg.remove_prefix(2);
    const size_t eq = arg.find('=');
    if (eq != std::string_view::npos) {
      values_.emplace(std::string(arg.substr(0, eq)), std::string(arg.substr(eq + 1)));
    } else if (arg_idx + 1 < argc && std::string_view(argv[arg_idx + 1]).substr(0, 2) != "--") {
      values_.emplace(std::string(arg), argv[++arg_idx]);
    } else {
      values_.emplace(std::string(arg), "true");
    }
  }
}

bool Flags::Has(const std::string& name) const { return values_.count(name) > 0; }

std::string Flags::Get(const std::string& name, const std::string& fallback) const {
  auto [first, last] = values_.equal_range(name);
  if (first == last) {
    return fallback;
  }
  return std::prev(last)->second;
}

int64_t Flags::GetInt(const std::string& name, int64_t fallback) const {
  return static_cast<int64_t>(std::llround(GetDouble(name, static_cast<double>(fallback))));
}

double Flags::GetDouble(const std::string& name, double fallback) const {
  if (!Has(name)) {
    return fallback;
  }
  const std::string text = Get(name, "");
  char* end = nullptr;
  const double value = std::strtod(text.c_str(), &end);
  if (text.empty() || *end != '\0') {
    std::fprintf(stderr, "--%s: '%s' is not a number\n", name.c_str(), text.c_str());
    std::exit(2);
  }
  return value;
}

std::vector<std::string> Flags::GetAll(const std::string& name) const {
  std::vector<std::string> all;
  auto [first, last] = values_.equal_range(name);
  for (auto it = first; it != last; ++it) {
    all.push_back(it->second);
  }
  return all;
}

void Latencies::Merge(const Latencies& other) {
  samples_.insert(samples_.end(), other.samples_.begin(), other.samples_.end());
  sorted_ = false;
}

double Latencies::PercentileMs(double p) {
  if (samples_.empty()) {
    return 0;
  }
  if (!sorted_) {
    std::sort(samples_.begin(), samples_.end());
    sorted_ = true;
  }
  const double rank = std::ceil(p / 100.0 * static_cast<double>(samples_.size()));
  const size_t idx = std::clamp<size_t>(static_cast<size_t>(rank), 1, samples_.size()) - 1;
  return static_cast<double>(samples_[idx]) / 1000.0;
}

double Latencies::MaxMs() { return PercentileMs(100); }

double Latencies::MeanMs() const {
  if (samples_.empty()) {
    return 0;
  }
  const double sum = std::accumulate(samples_.begin(), samples_.end(), 0.0);
  return sum / static_cast<double>(samples_.size()) / 1000.0;
}

std::optional<Endpoint> ParseUrl(const std::string& url) {
  constexpr std::string_view kScheme = "http://";
  if (url.rfind(kScheme, 0) != 0) {
    return std::nullopt;
  }
  const std::string rest = url.substr(kScheme.size());
  const size_t slash = rest.find('/');
  const std::string authority = rest.substr(0, slash);
  const size_t colon = authority.rfind(':');
  if (colon == std::string::npos || colon == 0 || colon + 1 == authority.size()) {
    return std::nullopt;
  }
  return Endpoint{.host = authority.substr(0, colon),
                  .port = authority.substr(colon + 1),
                  .target = slash == std::string::npos ? "/" : rest.substr(slash)};
}

std::string Substitute(std::string_view tmpl, uint64_t n) {
  constexpr std::string_view kMark = "{n}";
  const std::string value = std::to_string(n);
  std::string out;
  out.reserve(tmpl.size() + 16);
  for (;;) {
    const size_t at = tmpl.find(kMark);
    if (at == std::string_view::npos) {
      out.append(tmpl);
      return out;
    }
    out.append(tmpl.substr(0, at)).append(value);
    tmpl.remove_prefix(at + kMark.size());
  }
}

double ProcessCpuSeconds() {
  rusage usage{};
  getrusage(RUSAGE_SELF, &usage);
  auto seconds = [](const timeval& tv) {
    return static_cast<double>(tv.tv_sec) + static_cast<double>(tv.tv_usec) / 1e6;
  };
  return seconds(usage.ru_utime) + seconds(usage.ru_stime);
}

namespace {

bool ParseDigits(std::string_view text, size_t pos, size_t count, int& out) {
  if (pos + count > text.size()) {
    return false;
  }
  const char* first = text.data() + pos;
  auto [ptr, ec] = std::from_chars(first, first + count, out);
  return ec == std::errc() && ptr == first + count;
}

}  // namespace

std::optional<std::chrono::system_clock::time_point> ParseRfc3339(std::string_view text) {
  int year = 0;
  int month = 0;
  int day = 0;
  int hour = 0;
  int minute = 0;
  int second = 0;
  if (text.size() < 20 || !ParseDigits(text, 0, 4, year) || text[4] != '-' ||
      !ParseDigits(text, 5, 2, month) || text[7] != '-' || !ParseDigits(text, 8, 2, day) ||
      (text[10] != 'T' && text[10] != 't' && text[10] != ' ') || !ParseDigits(text, 11, 2, hour) ||
      text[13] != ':' || !ParseDigits(text, 14, 2, minute) || text[16] != ':' ||
      !ParseDigits(text, 17, 2, second)) {
    return std::nullopt;
  }
  size_t pos = 19;
  int64_t nanos = 0;
  if (pos < text.size() && text[pos] == '.') {
    ++pos;
    int64_t scale = 100'000'000;
    const size_t digits_from = pos;
    while (pos < text.size() && text[pos] >= '0' && text[pos] <= '9') {
      nanos += (text[pos] - '0') * scale;
      scale /= 10;
      ++pos;
    }
    if (pos == digits_from) {
      return std::nullopt;
    }
  }
  int offset_minutes = 0;
  if (pos < text.size() && (text[pos] == 'Z' || text[pos] == 'z')) {
    ++pos;
  } else if (pos < text.size() && (text[pos] == '+' || text[pos] == '-')) {
    int off_hour = 0;
    int off_minute = 0;
    if (!ParseDigits(text, pos + 1, 2, off_hour) || text.size() <= pos + 3 ||
        text[pos + 3] != ':' || !ParseDigits(text, pos + 4, 2, off_minute)) {
      return std::nullopt;
    }
    offset_minutes = (text[pos] == '+' ? 1 : -1) * (off_hour * 60 + off_minute);
    pos += 6;
  } else {
    return std::nullopt;
  }
  if (pos != text.size()) {
    return std::nullopt;
  }
  using namespace std::chrono;
  const year_month_day date{std::chrono::year(year),
                            std::chrono::month(static_cast<unsigned>(month)),
                            std::chrono::day(static_cast<unsigned>(day))};
  if (!date.ok()) {
    return std::nullopt;
  }
  const sys_days midnight{date};
  return time_point_cast<system_clock::duration>(midnight + hours(hour) + minutes(minute) +
                                                 seconds(second) + nanoseconds(nanos) -
                                                 minutes(offset_minutes));
}

void JsonObject::Key(std::string_view key) {
  if (!body_.empty()) {
    body_ += ',';
  }
  body_ += '"';
  body_.append(key);
  body_ += "\":";
}

JsonObject& JsonObject::Add(std::string_view key, std::string_view value) {
  Key(key);
  body_ += '"';
  for (char c : value) {
    switch (c) {
      case '"':
        body_ += "\\\"";
        break;
      case '\\':
        body_ += "\\\\";
        break;
      case '\n':
        body_ += "\\n";
        break;
      case '\r':
        body_ += "\\r";
        break;
      case '\t':
        body_ += "\\t";
        break;
      default:
        if (static_cast<unsigned char>(c) < 0x20) {
          char escaped[8];
          std::snprintf(escaped, sizeof escaped, "\\u%04x", c);
          body_ += escaped;
        } else {
          body_ += c;
        }
    }
  }
  body_ += '"';
  return *this;
}

JsonObject& JsonObject::Add(std::string_view key, int64_t value) {
  Key(key);
  body_ += std::to_string(value);
  return *this;
}

JsonObject& JsonObject::Add(std::string_view key, double value) {
  Key(key);
  if (!std::isfinite(value)) {
    body_ += "null";
    return *this;
  }
  char text[32];
  std::snprintf(text, sizeof text, "%.3f", value);
  body_ += text;
  return *this;
}

JsonObject& JsonObject::Add(std::string_view key, bool value) {
  Key(key);
  body_ += value ? "true" : "false";
  return *this;
}

JsonObject& JsonObject::AddRaw(std::string_view key, std::string_view json) {
  Key(key);
  body_.append(json);
  return *this;
}

}  // namespace omnihub::bench
