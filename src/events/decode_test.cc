#include "events/service.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include "events/segment.h"
#include "testing/db_test.h"

namespace omnihub::events {
namespace {

using customers::IdentifierType;
using std::chrono::seconds;

const TimePoint kNow = *ParseRfc3339("2026-03-01T12:00:00Z");

json::Value Json(std::string_view text) {
  Result<json::Value> parsed = json::Parse(text);
  EXPECT_TRUE(parsed.ok()) << text;
  return parsed.ok() ? std::move(parsed).value() : json::Value();
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr ? std::get<std::string>(*field) : "";
}

Result<Event> Single(EventType type, std::string_view body, const Options& options = {}) {
  return DecodeSingle(Json(body), type, kNow, options);
}

Batch DecodeOk(std::string_view body, const Options& options = {}) {
  Result<Batch> batch = DecodeBatch(Json(body), kNow, options);
  EXPECT_TRUE(batch.ok()) << batch.error().message;
  return batch.ok() ? std::move(batch).value() : Batch{};
}

bool HasIdentifier(const Event& event, IdentifierType type, std::string_view value) {
  for (const customers::Identifier& id : event.identifiers) {
    if (id.type == type && id.value == value) {
      return true;
    }
  }
  return false;
}

TEST(DecodeTest, ATrackKeepsItsFieldsAsSent) {
  Result<Event> event = Single(EventType::kTrack, R"({
    "messageId":"m-1","userId":"u-1","anonymousId":"a-1","event":"Signed Up",
    "properties":{"plan":"gold"},"context":{"ip":"10.0.0.1"},"integrations":{"All":true},
    "timestamp":"2026-03-01T11:59:00.000Z"})");
  ASSERT_OK(event);
  EXPECT_EQ(event->type, EventType::kTrack);
  EXPECT_EQ(event->message_id, "m-1");
  EXPECT_FALSE(event->message_id_generated);
  EXPECT_EQ(event->user_id, "u-1");
  EXPECT_EQ(event->anonymous_id, "a-1");
  EXPECT_EQ(event->event_name, "Signed Up");
  EXPECT_EQ(event->properties_json, R"({"plan":"gold"})");
  EXPECT_EQ(event->context_json, R"({"ip":"10.0.0.1"})");
  EXPECT_EQ(event->traits_json, "{}");
  EXPECT_EQ(event->timestamp, kNow - seconds(60));
  EXPECT_EQ(event->received_at, kNow);
  EXPECT_FALSE(event->commerce.is_commerce);
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kUserId, "u-1"));
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kAnonymousId, "a-1"));
}

TEST(DecodeTest, AMissingMessageIdIsGenerated) {
  Result<Event> first = Single(EventType::kPage, R"({"anonymousId":"a"})");
  Result<Event> second = Single(EventType::kPage, R"({"anonymousId":"a"})");
  ASSERT_OK(first);
  ASSERT_OK(second);
  EXPECT_TRUE(first->message_id_generated);
  EXPECT_FALSE(first->message_id.empty());
  EXPECT_NE(first->message_id, second->message_id);
}

TEST(DecodeTest, UserIdIsAStringOrANumber) {
  EXPECT_EQ(Single(EventType::kIdentify, R"({"userId":42})")->user_id, "42");
  EXPECT_EQ(Single(EventType::kIdentify, R"({"userId":1.5})")->user_id, "1.5");
  EXPECT_EQ(Single(EventType::kIdentify, R"({"userId":1e3})")->user_id, "1000");
  const std::string too_long = R"({"userId":")" + std::string(257, 'u') + R"("})";
  for (std::string_view bad : std::vector<std::string_view>{
           R"({"userId":true})", R"({"userId":{"id":1}})", R"({"userId":[1]})",
           R"({"anonymousId":"a","userId":false})", R"({"userId":"a\u0001b"})", too_long}) {
    Result<Event> event = Single(EventType::kIdentify, bad);
    ASSERT_FALSE(event.ok()) << bad;
    EXPECT_EQ(event.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(event.error()), "userId") << bad;
    EXPECT_EQ(RejectionCode(event.error()), "invalid_field");
  }
}

TEST(DecodeTest, AnEventNeedsAUserIdOrAnAnonymousId) {
  Result<Event> event = Single(EventType::kTrack, R"({"event":"X","userId":" \t"})");
  ASSERT_FALSE(event.ok());
  EXPECT_EQ(FieldOf(event.error()), "userId");
  EXPECT_EQ(RejectionCode(event.error()), "missing_field");
  EXPECT_OK(Single(EventType::kTrack, R"({"event":"X","anonymousId":"a"})"));
}

TEST(DecodeTest, EachTypeHasItsRequiredFields) {
  Result<Event> track = Single(EventType::kTrack, R"({"userId":"u"})");
  EXPECT_EQ(FieldOf(track.error()), "event");
  Result<Event> track_number = Single(EventType::kTrack, R"({"userId":"u","event":7})");
  EXPECT_EQ(RejectionCode(track_number.error()), "invalid_field");

  Result<Event> alias = Single(EventType::kAlias, R"({"anonymousId":"a","previousId":"p"})");
  EXPECT_EQ(FieldOf(alias.error()), "userId");
  alias = Single(EventType::kAlias, R"({"userId":"u"})");
  EXPECT_EQ(FieldOf(alias.error()), "previousId");
  alias = Single(EventType::kAlias, R"({"userId":"u","previousId":"a-9"})");
  ASSERT_OK(alias);
  EXPECT_TRUE(HasIdentifier(*alias, IdentifierType::kPreviousId, "a-9"));

  Result<Event> group = Single(EventType::kGroup, R"({"userId":"u"})");
  EXPECT_EQ(FieldOf(group.error()), "groupId");
  group = Single(EventType::kGroup, R"({"userId":"u","groupId":12,
                                       "traits":{"name":"ACME","email":"office@acme.pl"}})");
  ASSERT_OK(group);
  EXPECT_EQ(group->group_id, "12");
  EXPECT_EQ(group->traits_json, R"({"name":"ACME","email":"office@acme.pl"})");
  // A group's traits describe the group, not the person.
  EXPECT_TRUE(group->person_traits.empty());
  EXPECT_FALSE(HasIdentifier(*group, IdentifierType::kEmail, "office@acme.pl"));

  Result<Event> page = Single(EventType::kPage, R"({"userId":"u","name":"Home"})");
  EXPECT_EQ(page->event_name, "Home");
  Result<Event> screen = Single(EventType::kScreen, R"({"userId":"u","name":["x"]})");
  EXPECT_EQ(FieldOf(screen.error()), "name");
}

TEST(DecodeTest, ObjectsMustBeObjects) {
  for (std::string_view key : {"properties", "traits", "context", "integrations"}) {
    const std::string body = R"({"userId":"u","event":"E",")" + std::string(key) + R"(":"x"})";
    Result<Event> event = Single(EventType::kTrack, body);
    ASSERT_FALSE(event.ok()) << key;
    EXPECT_EQ(FieldOf(event.error()), key);
  }
  Result<Event> body = Single(EventType::kTrack, "[1]");
  EXPECT_EQ(FieldOf(body.error()), "body");
  Result<Event> nulls =
      Single(EventType::kTrack, R"({"userId":"u","event":"E","properties":null,"context":null})");
  ASSERT_OK(nulls);
  EXPECT_EQ(nulls->properties_json, "{}");
}

TEST(DecodeTest, TimestampsAreIso8601WithZoneAndFraction) {
  Result<Event> offset = Single(EventType::kTrack, R"({"userId":"u","event":"E",
      "timestamp":"2026-03-01T13:00:00.250+01:00"})");
  ASSERT_OK(offset);
  EXPECT_EQ(offset->timestamp, kNow + std::chrono::milliseconds(250));
  EXPECT_EQ(offset->original_timestamp, offset->timestamp);
  Result<Event> micros = Single(EventType::kTrack, R"({"userId":"u","event":"E",
      "timestamp":"2026-03-01T11:00:00.123456Z"})");
  EXPECT_EQ(micros->timestamp, kNow - std::chrono::hours(1) + std::chrono::microseconds(123456));
  for (std::string_view bad :
       {R"("2026-03-01")", R"("yesterday")", "1740000000", R"("2026-03-01T12:00:00")"}) {
    Result<Event> event = Single(
        EventType::kTrack, R"({"userId":"u","event":"E","timestamp":)" + std::string(bad) + "}");
    ASSERT_FALSE(event.ok()) << bad;
    EXPECT_EQ(FieldOf(event.error()), "timestamp");
  }
  Result<Event> sent = Single(EventType::kTrack, R"({"userId":"u","event":"E","sentAt":"no"})");
  EXPECT_EQ(FieldOf(sent.error()), "sentAt");
}

TEST(DecodeTest, WithoutSentAtTheTimestampIsTheSendersOrReceivedAt) {
  Result<Event> none = Single(EventType::kTrack, R"({"userId":"u","event":"E"})");
  EXPECT_EQ(none->timestamp, kNow);
  EXPECT_FALSE(none->original_timestamp);
  EXPECT_FALSE(none->sent_at);
  Result<Event> given =
      Single(EventType::kTrack, R"({"userId":"u","event":"E","timestamp":"2020-01-01T00:00:00Z"})");
  EXPECT_EQ(given->timestamp, *ParseRfc3339("2020-01-01T00:00:00Z"));
}

// Segment's clients stamp `timestamp` on each event and `sentAt` once on the batch.
TEST(DecodeTest, SkewIsCorrectedFromTheBatchSentAt) {
  // The client's clock is 5 minutes behind: it sent at 11:55 by its clock, we received at 12:00.
  Batch batch = DecodeOk(R"({"sentAt":"2026-03-01T11:55:00Z","batch":[
      {"type":"track","userId":"u","event":"E","timestamp":"2026-03-01T11:54:30Z"},
      {"type":"track","userId":"u","event":"E","timestamp":"2026-03-01T11:54:00Z",
       "sentAt":"2026-03-01T11:59:00Z"}]})");
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0].timestamp, kNow - seconds(30));
  EXPECT_EQ(batch.events[0].original_timestamp, *ParseRfc3339("2026-03-01T11:54:30Z"));
  EXPECT_EQ(batch.events[0].sent_at, *ParseRfc3339("2026-03-01T11:55:00Z"));
  // An event's own sentAt wins over the batch's.
  EXPECT_EQ(batch.events[1].timestamp, kNow - seconds(300));
}

// RudderStack's clients send no `timestamp`: `originalTimestamp` and `sentAt` on every event.
TEST(DecodeTest, SkewIsCorrectedFromEachEventsSentAt) {
  Batch batch = DecodeOk(R"({"batch":[
      {"type":"track","anonymousId":"a","event":"E","originalTimestamp":"2026-03-01T14:00:00+02:00",
       "sentAt":"2026-03-01T14:00:10+02:00"}]})");
  ASSERT_EQ(batch.events.size(), 1u);
  const Event& event = batch.events[0];
  // Its clock is 1 h 59 min 50 s behind ours; the event happened 10 s before it was sent.
  EXPECT_EQ(event.timestamp, kNow - seconds(10));
  EXPECT_EQ(event.original_timestamp, *ParseRfc3339("2026-03-01T12:00:00Z"));
  EXPECT_EQ(event.sent_at, *ParseRfc3339("2026-03-01T12:00:10Z"));
}

TEST(DecodeTest, ABadEventInABatchCostsItsNeighboursNothing) {
  Batch batch = DecodeOk(R"({"batch":[
      {"type":"track","userId":"u","event":"Good","messageId":"m0"},
      {"type":"track","userId":true,"event":"E"},
      {"type":"track","userId":"u"},
      {"type":"jump","userId":"u"},
      {"userId":"u"},
      "not an object",
      {"type":"identify","userId":"u","messageId":"m6"}]})");
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0].index, 0);
  EXPECT_EQ(batch.events[1].index, 6);
  EXPECT_EQ(batch.events[1].message_id, "m6");
  ASSERT_EQ(batch.rejections.size(), 5u);
  const std::vector<std::tuple<int, std::string, std::string>> expected = {
      {1, "invalid_field", "batch[1].userId"}, {2, "missing_field", "batch[2].event"},
      {3, "unknown_type", "batch[3].type"},    {4, "missing_field", "batch[4].type"},
      {5, "invalid_field", "batch[5]"},
  };
  for (size_t idx = 0; idx < expected.size(); ++idx) {
    const Rejection& rejection = batch.rejections[idx];
    EXPECT_EQ(rejection.index, std::get<0>(expected[idx]));
    EXPECT_EQ(rejection.code, std::get<1>(expected[idx]));
    EXPECT_EQ(rejection.field, std::get<2>(expected[idx]));
    EXPECT_NE(rejection.message.find(rejection.field), std::string::npos) << rejection.message;
    EXPECT_FALSE(rejection.raw_excerpt.empty());
  }
  EXPECT_EQ(batch.rejections[2].raw_excerpt, R"({"type":"jump","userId":"u"})");
}

TEST(DecodeTest, WholeRequestProblemsNameTheirField) {
  for (auto [body, field] : std::vector<std::pair<std::string_view, std::string_view>>{
           {R"({})", "batch"},
           {R"({"batch":[]})", "batch"},
           {R"({"batch":{}})", "batch"},
           {R"({"batch":null})", "batch"},
           {R"([])", "body"},
           {R"({"batch":[{}],"sentAt":"later"})", "sentAt"},
           {R"({"batch":[{}],"context":[]})", "context"}}) {
    Result<Batch> batch = DecodeBatch(Json(body), kNow, {});
    ASSERT_FALSE(batch.ok()) << body;
    EXPECT_EQ(batch.error().code, ErrorCode::kInvalidArgument);
    EXPECT_EQ(FieldOf(batch.error()), field) << body;
  }
}

TEST(DecodeTest, AnEventOverTheLimitIsRefusedExactlyPastIt) {
  Options options;
  options.max_event_bytes = 200;
  const std::string head = R"({"type":"track","userId":"u","event":"E","properties":{"p":")";
  const std::string tail = R"("}})";
  const std::string fits = head + std::string(200 - head.size() - tail.size(), 'x') + tail;
  ASSERT_EQ(fits.size(), 200u);
  Batch batch = DecodeOk(R"({"batch":[)" + fits + "," + head + "\\n" +
                             std::string(200 - head.size() - tail.size() - 1, 'x') + tail + "]}",
                         options);
  EXPECT_EQ(batch.events.size(), 1u);
  ASSERT_EQ(batch.rejections.size(), 1u);
  EXPECT_EQ(batch.rejections[0].code, "event_too_large");
  EXPECT_EQ(batch.rejections[0].field, "batch[1]");

  Result<Event> single =
      Single(EventType::kTrack, R"({"userId":"u","event":"E","properties":{"p":")" +
                                    std::string(size_t{40} * 1024, 'x') + R"("}})");
  ASSERT_FALSE(single.ok());
  EXPECT_EQ(single.error().code, ErrorCode::kEventTooLarge);
}

TEST(DecodeTest, ARejectionKeepsAtMost2KbOfTheEvent) {
  Batch batch = DecodeOk(R"({"batch":[{"type":"track","userId":"u","properties":{"p":")" +
                         std::string(5000, 'x') + R"("}}]})");
  ASSERT_EQ(batch.rejections.size(), 1u);
  EXPECT_EQ(batch.rejections[0].raw_excerpt.size(), 2048u);
  EXPECT_TRUE(batch.rejections[0].raw_excerpt.starts_with(R"({"type":"track")"));
}

TEST(DecodeTest, TheBatchContextIsMergedIntoEachEvent) {
  Batch batch = DecodeOk(R"({"context":{"library":{"name":"analytics-node"},"ip":"1.1.1.1"},
      "batch":[{"type":"track","userId":"u","event":"E","context":{"ip":"2.2.2.2"}},
               {"type":"track","userId":"u","event":"E"}]})");
  ASSERT_EQ(batch.events.size(), 2u);
  EXPECT_EQ(batch.events[0].context_json,
            R"({"ip":"2.2.2.2","library":{"name":"analytics-node"}})");
  EXPECT_EQ(batch.events[1].context_json,
            R"({"library":{"name":"analytics-node"},"ip":"1.1.1.1"})");
  EXPECT_EQ(batch.events[0].attribution_json, "");
}

TEST(DecodeTest, CampaignAndReferrerAreKeptApartForTheChangeLog) {
  Result<Event> event = Single(EventType::kPage, R"({"anonymousId":"a","context":{
      "ip":"1.1.1.1","campaign":{"source":"newsletter","medium":"email"},"userAgent":"x"}})");
  ASSERT_OK(event);
  EXPECT_EQ(event->attribution_json, R"({"campaign":{"source":"newsletter","medium":"email"}})");
}

TEST(DecodeTest, ThePersonsIdentifiersTraitsAndConsentsAreCollected) {
  Result<Event> event = Single(EventType::kIdentify, R"({"userId":"u-7","anonymousId":"a-7",
      "traits":{"email":"Jan@Example.PL","phone":48600100200,"name":"Jan"},
      "context":{"traits":{"name":"ignored","card":"LC-1","customer_number":"C-9"},
                 "consent":{"categoryPreferences":{"marketing":true,"profiling":false}}}})");
  ASSERT_OK(event);
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kUserId, "u-7"));
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kAnonymousId, "a-7"));
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kEmail, "Jan@Example.PL"));  // raw
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kPhone, "48600100200"));
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kLoyaltyCard, "LC-1"));
  EXPECT_TRUE(HasIdentifier(*event, IdentifierType::kCustomerNumber, "C-9"));
  // The event's own traits win over context.traits.
  json::Value traits(event->person_traits);
  EXPECT_EQ(*traits.Find("name"), json::Value("Jan"));
  EXPECT_EQ(*traits.Find("card"), json::Value("LC-1"));
  ASSERT_EQ(event->consents.size(), 2u);
  EXPECT_EQ(event->consents[0].purpose, "marketing");
  EXPECT_EQ(event->consents[0].channel, "all");
  EXPECT_TRUE(event->consents[0].granted);
  EXPECT_FALSE(event->consents[1].granted);

  Result<Event> bad = Single(EventType::kTrack, R"({"userId":"u","event":"E",
      "context":{"consent":{"categoryPreferences":{"marketing":"yes"}}}})");
  EXPECT_EQ(FieldOf(bad.error()), "context.consent.categoryPreferences.marketing");
  bad = Single(EventType::kTrack, R"({"userId":"u","event":"E","context":{"ip":5}})");
  EXPECT_EQ(FieldOf(bad.error()), "context.ip");
  bad = Single(EventType::kTrack, R"({"userId":"u","event":"E","context":{"traits":1}})");
  EXPECT_EQ(FieldOf(bad.error()), "context.traits");
}

}  // namespace
}  // namespace omnihub::events
