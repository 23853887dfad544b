#include "events/service.h"  // first: proves the header self-contained

#include <gtest/gtest.h>

#include "changes/changes.h"
#include "core/metrics.h"
#include "events/events.h"
#include "testing/db_test.h"

namespace omnihub::events {
namespace {

using std::chrono::hours;

constexpr std::string_view kWeb = "chn_web";
constexpr std::string_view kApp = "chn_app";

uint64_t CounterValue(std::string_view name, std::string_view labels = {}) {
  return metrics::Registry::Global().GetCounter(name, "", labels).value();
}

std::string FieldOf(const Error& error) {
  const DetailValue* field = error.Detail("field");
  return field != nullptr ? std::get<std::string>(*field) : "";
}

class EventsTest : public test::DbTest {
 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), customers::Migrations(), omnihub::events::Migrations()};
  }

  Result<IngestResult> Send(std::string_view body, std::optional<EventType> type = std::nullopt,
                            std::string_view channel = kWeb) {
    Result<json::Value> parsed = json::Parse(body);
    EXPECT_TRUE(parsed.ok()) << body;
    return Ingest(db(), *events_,
                  {.channel_id = std::string(channel),
                   .type = type,
                   .body = &*parsed,
                   .body_bytes = body.size(),
                   .writer = {.channel_id = std::string(channel), .request_id = "req_test"}});
  }
  Result<IngestResult> SendBatch(std::string_view events, std::string_view channel = kWeb) {
    return Send(R"({"batch":[)" + std::string(events) + "]}", std::nullopt, channel);
  }

  std::vector<StoredEvent> List(EventQuery query = {}) {
    Result<std::vector<StoredEvent>> events =
        db().Read([&](storage::Tx& tx) { return events_->ListEvents(tx, query); });
    EXPECT_TRUE(events.ok()) << events.error().message;
    return events.ok() ? *events : std::vector<StoredEvent>{};
  }
  std::vector<StoredRejection> Rejections(RejectionQuery query = {}) {
    Result<std::vector<StoredRejection>> rejections =
        db().Read([&](storage::Tx& tx) { return events_->ListRejections(tx, query); });
    EXPECT_TRUE(rejections.ok()) << rejections.error().message;
    return rejections.ok() ? *rejections : std::vector<StoredRejection>{};
  }
  int64_t Count(std::string_view sql) {
    Result<int64_t> n = db().Read([&](storage::Tx& tx) -> Result<int64_t> {
      OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row, tx.QueryOne(sql));
      return row->Int(0);
    });
    EXPECT_TRUE(n.ok()) << n.error().message;
    return n.ok() ? *n : -1;
  }

  FakeClock clock_;
  std::unique_ptr<customers::CustomersService> customers_ = customers::NewCustomersService(clock_);
  std::unique_ptr<EventsService> events_ = NewEventsService(clock_, *customers_);
};

TEST_P(EventsTest, ABadEventCostsItsNeighboursNothing) {
  const uint64_t invalid_before =
      CounterValue("omnihub_events_rejected_total", R"(code="invalid_field")");
  const uint64_t unknown_before =
      CounterValue("omnihub_events_rejected_total", R"(code="unknown_type")");
  Result<IngestResult> result = SendBatch(R"(
      {"type":"track","userId":"u-1","event":"Signed Up","messageId":"m0"},
      {"type":"track","userId":{"id":1},"event":"Signed Up","messageId":"m1"},
      {"type":"teleport","userId":"u-1","messageId":"m2"},
      {"type":"page","userId":"u-1","name":"Home","messageId":"m3"})");
  ASSERT_OK(result);
  EXPECT_EQ(result->stored, 2);
  ASSERT_EQ(result->rejections.size(), 2u);
  EXPECT_EQ(result->rejections[0].index, 1);
  EXPECT_EQ(result->rejections[0].field, "batch[1].userId");
  EXPECT_EQ(result->rejections[1].code, "unknown_type");

  std::vector<StoredEvent> stored = List();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].event.message_id, "m0");
  EXPECT_EQ(stored[0].channel_id, kWeb);
  EXPECT_EQ(stored[1].event.type, EventType::kPage);
  EXPECT_EQ(stored[1].event.event_name, "Home");
  EXPECT_FALSE(stored[0].customer_id.empty());
  EXPECT_EQ(stored[0].customer_id, stored[1].customer_id);  // the same userId

  std::vector<StoredRejection> rejections = Rejections();
  ASSERT_EQ(rejections.size(), 2u);
  EXPECT_EQ(rejections[0].channel_id, kWeb);
  EXPECT_EQ(rejections[0].request_id, "req_test");
  EXPECT_EQ(rejections[0].rejection.code, "invalid_field");
  EXPECT_NE(rejections[0].rejection.raw_excerpt.find(R"("messageId":"m1")"), std::string::npos);
  EXPECT_EQ(CounterValue("omnihub_events_rejected_total", R"(code="invalid_field")"),
            invalid_before + 1);
  EXPECT_EQ(CounterValue("omnihub_events_rejected_total", R"(code="unknown_type")"),
            unknown_before + 1);
}

TEST_P(EventsTest, ABadSingleEventStoresNothing) {
  Result<IngestResult> result = Send(R"({"userId":"u-1"})", EventType::kTrack);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(FieldOf(result.error()), "event");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_rejections"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_log"), 0);
  ASSERT_OK(Send(R"({"userId":"u-1","event":"Signed Up"})", EventType::kTrack));
  EXPECT_EQ(List().size(), 1u);
}

TEST_P(EventsTest, WholeRequestProblemsStoreNothing) {
  Result<json::Value> body =
      json::Parse(R"({"batch":[{"type":"track","userId":"u","event":"E"}]})");
  Result<IngestResult> too_large =
      Ingest(db(), *events_,
             {.channel_id = std::string(kWeb), .body = &*body, .body_bytes = 500 * 1024 + 1});
  ASSERT_FALSE(too_large.ok());
  EXPECT_EQ(too_large.error().code, ErrorCode::kBatchTooLarge);
  Result<IngestResult> empty = Send(R"({"batch":[]})");
  EXPECT_EQ(FieldOf(empty.error()), "batch");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events"), 0);
}

// A test Visa number (Luhn-valid); written with spaces, dashes or none.
constexpr std::string_view kCardDigits = "4111";

TEST_P(EventsTest, AnEventHoldingACardNumberIsRejectedAndNothingOfItIsStored) {
  const uint64_t before =
      CounterValue("omnihub_events_rejected_total", R"(code="card_number_forbidden")");
  Result<IngestResult> result = SendBatch(R"(
      {"type":"track","userId":"u-1","event":"Signed Up","messageId":"m0"},
      {"type":"page","userId":"u-1","name":"Home","messageId":"m1"},
      {"type":"track","userId":"u-1","event":"Paid","messageId":"m2",
       "properties":{"note":"paid with 4111 1111 1111 1111, thanks"}},
      {"type":"identify","userId":"u-2","messageId":"m3",
       "context":{"traits":{"cards":["x","4111-1111-1111-1111"]}}},
      {"type":"track","userId":"u-3","event":"E","messageId":"m4",
       "properties":{"4111111111111111":"as a member name"}},
      {"type":"teleport","messageId":"m5","traits":{"card":"4111111111111111"}})");
  ASSERT_OK(result);
  EXPECT_EQ(result->stored, 2);
  ASSERT_EQ(result->rejections.size(), 4u);
  const std::vector<std::pair<int, std::string>> expected = {
      {2, "batch[2].properties.note"},
      {3, "batch[3].context.traits.cards[1]"},
      {4, "batch[4]"},               // the number is a member name: the path would show it
      {5, "batch[5].traits.card"}};  // refused as card data whatever else is wrong
  for (size_t idx = 0; idx < expected.size(); ++idx) {
    EXPECT_EQ(result->rejections[idx].index, expected[idx].first);
    EXPECT_EQ(result->rejections[idx].code, "card_number_forbidden");
    EXPECT_EQ(result->rejections[idx].field, expected[idx].second);
  }
  EXPECT_EQ(CounterValue("omnihub_events_rejected_total", R"(code="card_number_forbidden")"),
            before + 4);

  std::vector<StoredRejection> rejections = Rejections();
  ASSERT_EQ(rejections.size(), 4u);
  for (const StoredRejection& stored : rejections) {
    EXPECT_EQ(stored.rejection.code, "card_number_forbidden");
    EXPECT_EQ(stored.rejection.raw_excerpt, "");
    EXPECT_EQ(stored.rejection.message.find(kCardDigits), std::string::npos);
    EXPECT_EQ(stored.rejection.field.find(kCardDigits), std::string::npos);
  }
  const std::string like = "'%" + std::string(kCardDigits) + "%'";
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_rejections WHERE raw_excerpt LIKE " + like +
                  " OR message LIKE " + like + " OR field LIKE " + like),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events WHERE properties LIKE " + like +
                  " OR traits LIKE " + like + " OR context LIKE " + like),
            0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_log WHERE payload LIKE " + like), 0);
  std::vector<StoredEvent> stored = List();
  ASSERT_EQ(stored.size(), 2u);
  EXPECT_EQ(stored[0].event.message_id, "m0");
  EXPECT_EQ(stored[1].event.message_id, "m1");
}

TEST_P(EventsTest, ASingleEventHoldingACardNumberIsRefusedNamingTheField) {
  const uint64_t before =
      CounterValue("omnihub_events_rejected_total", R"(code="card_number_forbidden")");
  Result<IngestResult> result =
      Send(R"({"userId":"u-1","event":"Paid","properties":{"note":"card 4111-1111-1111-1111"}})",
           EventType::kTrack);
  ASSERT_FALSE(result.ok());
  EXPECT_EQ(result.error().code, ErrorCode::kCardNumberForbidden);
  EXPECT_EQ(FieldOf(result.error()), "properties.note");
  EXPECT_EQ(result.error().message.find(kCardDigits), std::string::npos);
  EXPECT_EQ(CounterValue("omnihub_events_rejected_total", R"(code="card_number_forbidden")"),
            before + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_rejections"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM changes_log"), 0);

  // In a batch's own context it would be in every event: the whole request is refused.
  Result<IngestResult> batch = Send(R"({"batch":[{"type":"track","userId":"u","event":"E"}],)"
                                    R"("context":{"traits":{"note":"4111111111111111"}}})");
  ASSERT_FALSE(batch.ok());
  EXPECT_EQ(batch.error().code, ErrorCode::kCardNumberForbidden);
  EXPECT_EQ(FieldOf(batch.error()), "context.traits.note");
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events"), 0);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_rejections"), 0);
  // Product codes are not card numbers: a 13-digit EAN is stored.
  ASSERT_OK(Send(R"({"userId":"u-1","event":"Scanned","properties":{"ean":"5901234123457"}})",
                 EventType::kTrack));
  EXPECT_EQ(List().size(), 1u);
}

TEST_P(EventsTest, AMessageIdIsStoredOnceEvenInTheSameBatch) {
  const std::string event = R"({"type":"track","userId":"u","event":"E","messageId":"dup-1"})";
  Result<IngestResult> first = SendBatch(event + "," + event);
  ASSERT_OK(first);
  EXPECT_EQ(first->stored, 1);
  EXPECT_EQ(first->duplicates, 1);
  // A retry of the whole batch is acknowledged and stores nothing.
  Result<IngestResult> retry = SendBatch(event);
  ASSERT_OK(retry);
  EXPECT_EQ(retry->stored, 0);
  EXPECT_EQ(retry->duplicates, 1);
  // messageIds are the sender's: another channel's dup-1 is another event.
  Result<IngestResult> other = SendBatch(event, kApp);
  EXPECT_EQ(other->stored, 1);
  EXPECT_EQ(List().size(), 2u);
  // Events without a messageId get their own and are never duplicates.
  ASSERT_OK(SendBatch(R"({"type":"track","userId":"u","event":"E"},
                         {"type":"track","userId":"u","event":"E"})"));
  EXPECT_EQ(List().size(), 4u);
}

TEST_P(EventsTest, TheDedupWindowEndsAndItsRowsArePurged) {
  const std::string event = R"({"type":"track","userId":"u","event":"E","messageId":"m-old"})";
  ASSERT_OK(SendBatch(event));
  clock_.Advance(hours(24 * 6));
  EXPECT_EQ(SendBatch(event)->duplicates, 1);
  clock_.Advance(hours(24 * 2));  // 8 days after the first
  Result<int64_t> purged =
      db().InTransaction([&](storage::Tx& tx) { return events_->PurgeDedup(tx); });
  ASSERT_OK(purged);
  EXPECT_EQ(*purged, 1);
  EXPECT_EQ(SendBatch(event)->stored, 1);
  EXPECT_EQ(List().size(), 2u);
}

TEST_P(EventsTest, AnExpiredButUnpurgedMessageIdIsNew) {
  const std::string event = R"({"type":"track","userId":"u","event":"E","messageId":"m-x"})";
  ASSERT_OK(SendBatch(event));
  clock_.Advance(hours(24 * 8));
  EXPECT_EQ(SendBatch(event)->stored, 1);
  EXPECT_EQ(SendBatch(event)->duplicates, 1);
}

TEST_P(EventsTest, EcommerceEventsKeepTypedColumnsAndProducts) {
  ASSERT_OK(SendBatch(R"({"type":"track","userId":"u","event":"Order Completed",
      "messageId":"o-1","properties":{"order_id":"ORD-1","revenue":129.99,"currency":"PLN",
      "products":[{"product_id":"P-1","sku":"BUT-42","price":99.99,"quantity":1},
                  {"product_id":"P-2","price":15,"quantity":2}]}},
      {"type":"track","userId":"u","event":"Product Viewed","messageId":"v-1",
       "properties":{"sku":"BUT-42","price":99.99}})"));
  EXPECT_EQ(Count("SELECT revenue_minor FROM events_events WHERE message_id = 'o-1'"), 12999);
  EXPECT_EQ(Count("SELECT product_count FROM events_events WHERE message_id = 'o-1'"), 2);
  EXPECT_EQ(Count("SELECT SUM(price_minor * quantity) FROM events_products p "
                  "JOIN events_events e ON e.id = p.event_id WHERE e.message_id = 'o-1'"),
            12999);
  std::vector<StoredEvent> stored = List();
  ASSERT_EQ(stored.size(), 2u);
  const Commerce& order = stored[0].event.commerce;
  EXPECT_TRUE(order.is_commerce);
  EXPECT_EQ(order.order_id, "ORD-1");
  EXPECT_EQ(order.currency, "PLN");
  ASSERT_EQ(order.products.size(), 2u);
  EXPECT_EQ(order.products[1].product_id, "P-2");
  EXPECT_EQ(order.products[1].price_minor, 1500);
  const Commerce& viewed = stored[1].event.commerce;
  ASSERT_EQ(viewed.products.size(), 1u);
  EXPECT_EQ(viewed.products[0].sku, "BUT-42");
  EXPECT_EQ(viewed.products[0].price_minor, 9999);

  Result<IngestResult> bad = SendBatch(R"({"type":"track","userId":"u","event":"Order Completed",
      "properties":{"products":[{"price":"free"}]}})");
  ASSERT_OK(bad);
  ASSERT_EQ(bad->rejections.size(), 1u);
  EXPECT_EQ(bad->rejections[0].field, "batch[0].properties.products[0].price");
}

TEST_P(EventsTest, EachEventIsOnItsPersonsTimeline) {
  Result<IngestResult> result = SendBatch(R"(
      {"type":"page","anonymousId":"anon-1","name":"Home","messageId":"p-1"},
      {"type":"identify","anonymousId":"anon-1","userId":"u-1",
       "traits":{"email":"jan@example.pl"},"messageId":"i-1"},
      {"type":"track","userId":"u-1","event":"Product Added","messageId":"t-1",
       "properties":{"product_id":"P-1","price":10}})");
  ASSERT_OK(result);
  ASSERT_EQ(result->event_ids.size(), 3u);
  std::vector<StoredEvent> stored = List();
  ASSERT_EQ(stored.size(), 3u);
  const std::string customer = stored[2].customer_id;
  ASSERT_FALSE(customer.empty());

  Result<std::vector<changes::StoredChange>> timeline = db().Read(
      [&](storage::Tx& tx) { return changes::ReadForCustomers(tx, {.customer_ids = {customer}}); });
  ASSERT_OK(timeline);
  std::vector<std::string> seen;
  for (const changes::StoredChange& change : *timeline) {
    if (change.type == events::kEventReceived.name) {
      seen.push_back(change.entity_id);
      EXPECT_EQ(change.module, "events");
      EXPECT_EQ(change.channel_id, kWeb);
      EXPECT_EQ(change.customer_id, customer);
    }
  }
  ASSERT_GE(seen.size(), 2u);
  EXPECT_EQ(seen.front(), result->event_ids[2]);  // newest first

  Result<std::vector<changes::StoredChange>> feed =
      db().Read([&](storage::Tx& tx) { return changes::Read(tx, {.type_prefixes = {"events."}}); });
  ASSERT_OK(feed);
  ASSERT_EQ(feed->size(), 3u);
  const std::string& payload = (*feed)[2].payload_json;
  EXPECT_NE(payload.find(R"("id":")" + result->event_ids[2] + "\""), std::string::npos);
  EXPECT_NE(payload.find(R"("event":"Product Added")"), std::string::npos);
  EXPECT_NE(payload.find(R"("message_id":"t-1")"), std::string::npos);
  EXPECT_NE(payload.find(R"("properties":{"product_id":"P-1","price":10})"), std::string::npos);
  EXPECT_NE(payload.find(R"("price":{"amount":1000,"currency":"PLN"})"), std::string::npos);
  // The identify's traits reach the profile, not the feed.
  EXPECT_EQ((*feed)[1].payload_json.find("jan@example.pl"), std::string::npos);

  // The events of a profile, whatever id each was stored under before merges.
  EXPECT_EQ(List({.customer_id = customer}).size(), 3u);
}

TEST_P(EventsTest, EventsOfAnErasedPersonAreCountedNotStored) {
  ASSERT_OK(Send(R"({"userId":"u-9","traits":{"email":"ewa@example.pl"}})", EventType::kIdentify));
  const std::string customer = List()[0].customer_id;
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) { return customers_->Erase(tx, customer); }));
  const uint64_t before = CounterValue("omnihub_events_suppressed_total");
  Result<IngestResult> later =
      SendBatch(R"({"type":"track","userId":"u-9","event":"E","messageId":"after-erase"})");
  ASSERT_OK(later);
  EXPECT_EQ(later->stored, 0);
  EXPECT_EQ(later->suppressed, 1);
  EXPECT_EQ(CounterValue("omnihub_events_suppressed_total"), before + 1);
  EXPECT_EQ(Count("SELECT COUNT(*) FROM events_events WHERE message_id = 'after-erase'"), 0);
}

TEST_P(EventsTest, ErasePseudonymisesEventsAndDropsRejectionsNamingThePerson) {
  ASSERT_OK(SendBatch(R"(
      {"type":"identify","userId":"u-5","traits":{"email":"Ola@Example.pl"},
       "context":{"ip":"10.1.1.1"},"messageId":"e-1"},
      {"type":"track","userId":"u-5","event":"Order Completed","messageId":"e-2",
       "properties":{"order_id":"ORD-5","revenue":50,"note":"dla Oli"}},
      {"type":"track","userId":true,"traits":{"email":"ola@example.pl"}},
      {"type":"track","userId":false,"event":"someone else"})"));
  const std::string customer = List()[0].customer_id;
  Result<int64_t> touched = db().InTransaction([&](storage::Tx& tx) {
    return events_->Erase(tx, {customer}, {"ola@example.pl", ""});
  });
  ASSERT_OK(touched);
  EXPECT_EQ(*touched, 3);  // two events, one rejection
  std::vector<StoredEvent> stored = List();
  ASSERT_EQ(stored.size(), 2u);
  for (const StoredEvent& event : stored) {
    EXPECT_EQ(event.event.user_id, "");
    EXPECT_EQ(event.event.properties_json, "{}");
    EXPECT_EQ(event.event.traits_json, "{}");
    EXPECT_EQ(event.event.context_json, "{}");
    EXPECT_EQ(event.customer_id, customer);
  }
  EXPECT_EQ(stored[1].event.event_name, "Order Completed");
  EXPECT_EQ(stored[1].event.commerce.revenue_minor, 5000);
  EXPECT_EQ(stored[1].event.commerce.order_id, "ORD-5");
  std::vector<StoredRejection> rejections = Rejections();
  ASSERT_EQ(rejections.size(), 1u);
  EXPECT_NE(rejections[0].rejection.raw_excerpt.find("someone else"), std::string::npos);
}

TEST_P(EventsTest, ExportIsThePersonsEventsOldestFirst) {
  ASSERT_OK(SendBatch(R"(
      {"type":"track","userId":"u-1","event":"First","messageId":"x-1"},
      {"type":"track","userId":"u-2","event":"Other","messageId":"x-2"},
      {"type":"track","userId":"u-1","event":"Second","messageId":"x-3"})"));
  const std::string customer = List()[0].customer_id;
  Result<std::string> exported =
      db().Read([&](storage::Tx& tx) { return events_->ExportJson(tx, {customer}); });
  ASSERT_OK(exported);
  Result<json::Value> parsed = json::Parse(*exported);
  ASSERT_OK(parsed);
  ASSERT_EQ(parsed->AsArray()->size(), 2u);
  EXPECT_EQ(*(*parsed->AsArray())[0].Find("event"), json::Value("First"));
  EXPECT_EQ(*(*parsed->AsArray())[1].Find("event"), json::Value("Second"));
  EXPECT_EQ(*(*parsed->AsArray())[1].Find("user_id"), json::Value("u-1"));
  Result<std::string> nobody =
      db().Read([&](storage::Tx& tx) { return events_->ExportJson(tx, {}); });
  EXPECT_EQ(*nobody, "[]");
}

TEST_P(EventsTest, ListingFiltersAndPagesBySeq) {
  ASSERT_OK(SendBatch(R"(
      {"type":"track","userId":"u","event":"A"},
      {"type":"page","userId":"u","name":"P"},
      {"type":"track","userId":"u","event":"B"})"));
  ASSERT_OK(SendBatch(R"({"type":"track","userId":"u","event":"C"})", kApp));
  std::vector<StoredEvent> tracks = List({.type = EventType::kTrack, .limit = 2});
  ASSERT_EQ(tracks.size(), 2u);
  EXPECT_EQ(tracks[1].event.event_name, "B");
  std::vector<StoredEvent> rest = List({.type = EventType::kTrack, .after = tracks[1].seq});
  ASSERT_EQ(rest.size(), 1u);
  EXPECT_EQ(rest[0].event.event_name, "C");
  EXPECT_EQ(List({.channel_id = std::string(kApp)}).size(), 1u);
  Result<std::vector<StoredEvent>> unknown = db().Read([&](storage::Tx& tx) {
    return events_->ListEvents(tx, {.customer_id = "cus_01JA0000000000000000000000"});
  });
  ASSERT_FALSE(unknown.ok());
  EXPECT_EQ(unknown.error().code, ErrorCode::kNotFound);
}

OMNI_INSTANTIATE_BACKENDS(EventsTest);

}  // namespace
}  // namespace omnihub::events
