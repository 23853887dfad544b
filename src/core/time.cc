#include "core/time.h"

#include <cstdio>
#include <optional>

namespace omnihub {
namespace {

using std::chrono::days;
using std::chrono::floor;
using std::chrono::hours;
using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;
using std::chrono::seconds;

// 2026-01-01T00:00:00Z.
constexpr int64_t kFakeClockStartMicros = int64_t{1767225600} * 1'000'000;

Error BadTimestamp() {
  return Error::InvalidArgument("timestamp",
                                "must be an RFC 3339 timestamp like 2026-11-24T09:19:14Z");
}

// Reads exactly `count` ASCII digits at `pos`, advancing it; nullopt on anything else.
std::optional<int> ReadDigits(std::string_view text, size_t& pos, size_t count) {
  if (text.size() - pos < count) {
    return std::nullopt;
  }
  int value = 0;
  for (size_t digit_idx = 0; digit_idx < count; ++digit_idx) {
    const char c = text[pos + digit_idx];
    if (c < '0' || c > '9') {
      return std::nullopt;
    }
    value = value * 10 + (c - '0');
  }
  pos += count;
  return value;
}

bool Expect(std::string_view text, size_t& pos, char c) {
  if (pos < text.size() && text[pos] == c) {
    ++pos;
    return true;
  }
  return false;
}

}  // namespace

TimePoint SystemClock::Now() const {
  return std::chrono::time_point_cast<microseconds>(std::chrono::system_clock::now());
}

FakeClock::FakeClock() : micros_(kFakeClockStartMicros) {}

FakeClock::FakeClock(TimePoint start) : micros_(UnixMicros(start)) {}

TimePoint FakeClock::Now() const { return FromUnixMicros(micros_.load()); }

void FakeClock::Advance(Duration by) { micros_.fetch_add(by.count()); }

void FakeClock::Set(TimePoint to) { micros_.store(UnixMicros(to)); }

// floor, not duration_cast: times before 1970 must round towards the past, or formatting
// them would show the following millisecond.
int64_t UnixMillis(TimePoint t) { return floor<milliseconds>(t.time_since_epoch()).count(); }

int64_t UnixMicros(TimePoint t) { return t.time_since_epoch().count(); }

TimePoint FromUnixMillis(int64_t millis) { return TimePoint(milliseconds(millis)); }

TimePoint FromUnixMicros(int64_t micros) { return TimePoint(microseconds(micros)); }

std::string FormatRfc3339(TimePoint t) {
  const auto day = floor<days>(t);
  const std::chrono::year_month_day date(day);
  const std::chrono::hh_mm_ss time_of_day(floor<milliseconds>(t - day));
  char buf[64];
  const int n = std::snprintf(buf, sizeof(buf), "%04d-%02u-%02uT%02d:%02d:%02d.%03dZ",
                              static_cast<int>(date.year()), static_cast<unsigned>(date.month()),
                              static_cast<unsigned>(date.day()),
                              static_cast<int>(time_of_day.hours().count()),
                              static_cast<int>(time_of_day.minutes().count()),
                              static_cast<int>(time_of_day.seconds().count()),
                              static_cast<int>(time_of_day.subseconds().count()));
  return std::string(buf, static_cast<size_t>(n));
}

Result<TimePoint> ParseRfc3339(std::string_view text) {
  size_t pos = 0;
  const std::optional<int> year = ReadDigits(text, pos, 4);
  if (!year || !Expect(text, pos, '-')) {
    return BadTimestamp();
  }
  const std::optional<int> month = ReadDigits(text, pos, 2);
  if (!month || !Expect(text, pos, '-')) {
    return BadTimestamp();
  }
  const std::optional<int> day = ReadDigits(text, pos, 2);
  // RFC 3339 allows a lower-case 't' and, in its note on ISO 8601, a space.
  if (!day || !(Expect(text, pos, 'T') || Expect(text, pos, 't') || Expect(text, pos, ' '))) {
    return BadTimestamp();
  }
  const std::optional<int> hour = ReadDigits(text, pos, 2);
  if (!hour || !Expect(text, pos, ':')) {
    return BadTimestamp();
  }
  const std::optional<int> minute = ReadDigits(text, pos, 2);
  if (!minute || !Expect(text, pos, ':')) {
    return BadTimestamp();
  }
  const std::optional<int> second = ReadDigits(text, pos, 2);
  if (!second) {
    return BadTimestamp();
  }

  int64_t fraction_micros = 0;
  if (Expect(text, pos, '.')) {
    int64_t scale = 100'000;
    size_t digit_count = 0;
    for (; pos < text.size() && text[pos] >= '0' && text[pos] <= '9'; ++pos, ++digit_count) {
      // Digits past the sixth are below our microsecond resolution and are dropped.
      fraction_micros += (text[pos] - '0') * scale;
      scale /= 10;
    }
    if (digit_count == 0 || digit_count > 9) {
      return BadTimestamp();
    }
  }

  int offset_minutes = 0;
  const bool utc = Expect(text, pos, 'Z') || Expect(text, pos, 'z');
  if (!utc) {
    int sign = 1;
    if (Expect(text, pos, '-')) {
      sign = -1;
    } else if (!Expect(text, pos, '+')) {
      return BadTimestamp();
    }
    const std::optional<int> offset_hour = ReadDigits(text, pos, 2);
    if (!offset_hour || !Expect(text, pos, ':')) {
      return BadTimestamp();
    }
    const std::optional<int> offset_minute = ReadDigits(text, pos, 2);
    if (!offset_minute || *offset_hour > 23 || *offset_minute > 59) {
      return BadTimestamp();
    }
    offset_minutes = sign * (*offset_hour * 60 + *offset_minute);
  }
  if (pos != text.size()) {
    return BadTimestamp();
  }

  const std::chrono::year_month_day date{std::chrono::year(*year),
                                         std::chrono::month(static_cast<unsigned>(*month)),
                                         std::chrono::day(static_cast<unsigned>(*day))};
  // A leap second (:60) cannot be represented by std::chrono's system_clock, so it is rejected
  // rather than silently moved into the next minute.
  if (!date.ok() || *hour > 23 || *minute > 59 || *second > 59) {
    return BadTimestamp();
  }
  const auto local = std::chrono::sys_days(date) + hours(*hour) + minutes(*minute) +
                     seconds(*second) + microseconds(fraction_micros);
  return TimePoint(local - minutes(offset_minutes));
}

}  // namespace omnihub
