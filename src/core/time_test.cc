#include "core/time.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include <string>

namespace omnihub {
namespace {

using std::chrono::microseconds;
using std::chrono::milliseconds;
using std::chrono::minutes;

// 2026-11-24T09:19:14.123456Z
constexpr int64_t kTuesdayMorningMicros = 1795511954123456;
constexpr int64_t kQuarterHourMicros = int64_t{15} * 60 * 1'000'000;

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr && std::holds_alternative<std::string>(*field)
             ? std::get<std::string>(*field)
             : std::string();
}

TimePoint MustParse(std::string_view text) {
  Result<TimePoint> parsed = ParseRfc3339(text);
  EXPECT_TRUE(parsed.ok()) << text << ": " << (parsed.ok() ? "" : parsed.error().message);
  return parsed.ok() ? *parsed : TimePoint();
}

TEST(FakeClockTest, StartsOnNewYear2026) {
  FakeClock clock;
  EXPECT_EQ(FormatRfc3339(clock.Now()), "2026-01-01T00:00:00.000Z");
}

TEST(FakeClockTest, MovesOnlyWhenTold) {
  FakeClock clock(FromUnixMicros(kTuesdayMorningMicros));
  EXPECT_EQ(clock.Now(), clock.Now());

  clock.Advance(minutes(15));
  EXPECT_EQ(UnixMicros(clock.Now()), kTuesdayMorningMicros + kQuarterHourMicros);

  clock.Advance(microseconds(1));
  EXPECT_EQ(UnixMicros(clock.Now()), kTuesdayMorningMicros + kQuarterHourMicros + 1);

  clock.Set(FromUnixMillis(0));
  EXPECT_EQ(FormatRfc3339(clock.Now()), "1970-01-01T00:00:00.000Z");
}

TEST(SystemClockTest, ReadsTheRealCalendar) {
  SystemClock clock;
  // Any real clock is past the day this code was written.
  EXPECT_GT(clock.Now(), MustParse("2025-01-01T00:00:00Z"));
}

TEST(UnixTimeTest, ConvertsBothWays) {
  const TimePoint t = FromUnixMicros(kTuesdayMorningMicros);
  EXPECT_EQ(UnixMicros(t), kTuesdayMorningMicros);
  EXPECT_EQ(UnixMillis(t), kTuesdayMorningMicros / 1000);
  EXPECT_EQ(FromUnixMillis(1795511954123), TimePoint(milliseconds(1795511954123)));
  EXPECT_EQ(UnixMicros(FromUnixMillis(-1)), -1000);
}

TEST(UnixTimeTest, MillisRoundTowardsThePastBefore1970) {
  EXPECT_EQ(UnixMillis(FromUnixMicros(-1)), -1);
  EXPECT_EQ(UnixMillis(FromUnixMicros(1999)), 1);
}

TEST(FormatRfc3339Test, ShowsMillisecondsInUtc) {
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(kTuesdayMorningMicros)), "2026-11-24T09:19:14.123Z");
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(0)), "1970-01-01T00:00:00.000Z");
}

TEST(FormatRfc3339Test, TruncatesMicrosecondsRatherThanRounding) {
  EXPECT_EQ(FormatRfc3339(FromUnixMicros(999'999)), "1970-01-01T00:00:00.999Z");
}

TEST(FormatRfc3339Test, HandlesTimesBefore1970) {
  EXPECT_EQ(FormatRfc3339(FromUnixMillis(-1)), "1969-12-31T23:59:59.999Z");
}

TEST(ParseRfc3339Test, ReadsUtcWithAndWithoutFraction) {
  EXPECT_EQ(UnixMicros(MustParse("2026-11-24T09:19:14Z")), kTuesdayMorningMicros - 123456);
  EXPECT_EQ(UnixMicros(MustParse("2026-11-24T09:19:14.123Z")), kTuesdayMorningMicros - 456);
  EXPECT_EQ(UnixMicros(MustParse("2026-11-24T09:19:14.123456Z")), kTuesdayMorningMicros);
  EXPECT_EQ(UnixMicros(MustParse("2026-11-24T09:19:14.1Z")), kTuesdayMorningMicros - 23456);
}

TEST(ParseRfc3339Test, DropsDigitsBelowMicroseconds) {
  EXPECT_EQ(UnixMicros(MustParse("2026-11-24T09:19:14.123456789Z")), kTuesdayMorningMicros);
}

TEST(ParseRfc3339Test, AppliesNumericOffsets) {
  const TimePoint utc = MustParse("2026-11-24T09:19:14.123456Z");
  EXPECT_EQ(MustParse("2026-11-24T10:19:14.123456+01:00"), utc);  // Warsaw in winter
  EXPECT_EQ(MustParse("2026-11-24T03:49:14.123456-05:30"), utc);
  EXPECT_EQ(MustParse("2026-11-24T09:19:14.123456+00:00"), utc);
  EXPECT_EQ(MustParse("2026-11-24T23:19:14.123456+14:00"), utc);  // Kiribati
}

TEST(ParseRfc3339Test, OffsetsCanCrossMidnightAndYears) {
  EXPECT_EQ(FormatRfc3339(MustParse("2027-01-01T00:30:00+01:00")), "2026-12-31T23:30:00.000Z");
}

TEST(ParseRfc3339Test, AcceptsLowerCaseSeparatorsAsRfc3339Allows) {
  EXPECT_EQ(MustParse("2026-11-24t09:19:14z"), MustParse("2026-11-24T09:19:14Z"));
}

TEST(ParseRfc3339Test, KnowsLeapYears) {
  EXPECT_EQ(UnixMicros(MustParse("2024-02-29T12:00:00Z")), int64_t{1709208000} * 1'000'000);
  EXPECT_FALSE(ParseRfc3339("2025-02-29T12:00:00Z").ok());
}

TEST(ParseRfc3339Test, RoundTripsWhatFormatWrites) {
  for (const char* text : {"2026-11-24T09:19:14.123Z", "1999-12-31T23:59:59.999Z",
                           "2000-01-01T00:00:00.000Z", "1969-07-20T20:17:40.000Z"}) {
    EXPECT_EQ(FormatRfc3339(MustParse(text)), text);
  }
}

TEST(ParseRfc3339Test, RejectsMalformedTimestampsNamingTheField) {
  for (const char* text : {
           "",
           "yesterday",
           "2026-11-24",                       // no time
           "2026-11-24T09:19:14",              // no zone: local time is ambiguous
           "2026-11-24T09:19Z",                // no seconds
           "2026-11-24T09:19:14.Z",            // a point without digits
           "2026-11-24T09:19:14.1234567890Z",  // ten fraction digits
           "2026-11-24T09:19:14+0100",         // offset without a colon
           "2026-11-24T09:19:14+24:00",        // offset out of range
           "2026-13-01T00:00:00Z",             // month 13
           "2026-02-30T00:00:00Z",             // no such day
           "2026-11-24T24:00:00Z",             // hour 24
           "2026-11-24T09:60:00Z",             // minute 60
           "2026-11-24T09:19:60Z",             // leap second
           "2026-11-24T09:19:14Z ",            // trailing space
           "2026-11-24T09:19:14Zjunk",
           "26-11-24T09:19:14Z",
           " 2026-11-24T09:19:14Z",
       }) {
    Result<TimePoint> parsed = ParseRfc3339(text);
    ASSERT_FALSE(parsed.ok()) << "accepted \"" << text << "\"";
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument) << text;
    EXPECT_EQ(FieldOf(parsed.error()), "timestamp") << text;
  }
}

}  // namespace
}  // namespace omnihub
