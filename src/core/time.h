#pragma once

#include <atomic>
#include <chrono>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/result.h"

namespace omnihub {

// All time is UTC.
using TimePoint = std::chrono::time_point<std::chrono::system_clock, std::chrono::microseconds>;
using Duration = std::chrono::microseconds;

// The source of "now". Services take a `const Clock&` so tests control time.
// Thread-safe.
class Clock {
 public:
  virtual ~Clock() = default;
  virtual TimePoint Now() const = 0;
};

// The real clock.
class SystemClock final : public Clock {
 public:
  TimePoint Now() const override;
};

// A clock that moves only when told. Thread-safe.
class FakeClock final : public Clock {
 public:
  // Starts at 2026-01-01T00:00:00Z unless given a time.
  FakeClock();
  explicit FakeClock(TimePoint start);
  TimePoint Now() const override;
  void Advance(Duration by);
  void Set(TimePoint to);

 private:
  std::atomic<int64_t> micros_;
};

int64_t UnixMillis(TimePoint t);
int64_t UnixMicros(TimePoint t);
TimePoint FromUnixMillis(int64_t millis);
TimePoint FromUnixMicros(int64_t micros);

// "2026-11-24T09:19:14.123Z" (milliseconds, always UTC).
std::string FormatRfc3339(TimePoint t);
// Accepts RFC 3339 / ISO 8601 with 'Z' or a numeric offset and 0-9 fractional digits.
// Errors: kInvalidArgument (field "timestamp" unless the caller re-labels it).
Result<TimePoint> ParseRfc3339(std::string_view text);

}  // namespace omnihub
