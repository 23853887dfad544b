// The demo retailer's customers: people who used several channels, sent through the same
// Segment ingestion a real channel uses, so `make run` shows merged profiles with a
// cross-channel timeline, and one conflict waiting for review.
#include <chrono>

#include "app/app.h"
#include "core/json.h"
#include "customers/customers.h"
#include "events/service.h"

namespace omnihub::app {
namespace {

struct DemoEvent {
  std::string_view channel;  // a demo channel's name
  int days_ago;              // when it happened, so the timeline spreads over weeks
  std::string_view json;     // a Segment event (its "type" included)
};

// Anna: browses anonymously on the web, signs up in the app, logs in on the web (joining the
// two devices), buys at the Kraków till with her loyalty card. Piotr: known to the call center
// by customer number, reads a campaign e-mail, later visits the web shop. Kasia: asks the chat
// bot about running shoes, then shops in the app with the same e-mail. Tomek and Ola share a
// family e-mail but have their own logins: a conflict, not a merge.
constexpr DemoEvent kStories[] = {
    {"web", 30,
     R"({"type":"page","anonymousId":"demo-web-anna","name":"Buty trekkingowe",
         "properties":{"path":"/c/buty-trekkingowe"}})"},
    {"web", 30,
     R"({"type":"track","anonymousId":"demo-web-anna","event":"Product Viewed",
         "properties":{"product_id":"SZC-TREK-38","sku":"SZC-TREK-38",
                       "name":"Buty trekkingowe Szczyt Pro","price":499.99,"currency":"PLN"}})"},
    {"app", 21,
     R"({"type":"identify","userId":"anna.nowak","anonymousId":"demo-app-anna",
         "traits":{"email":"Anna.Nowak@example.pl","first_name":"Anna","last_name":"Nowak",
                   "phone":"600 100 200","size":"38","preferred_channel":"app",
                   "favourite_store":"loc_01JDEM0000KRK0000000000000",
                   "address":{"street":"ul. Floriańska 12","city":"Kraków",
                              "postal_code":"31-019","country":"PL"}},
         "context":{"consent":{"categoryPreferences":{"marketing":true,"profiling":false}}}})"},
    {"app", 20,
     R"({"type":"track","userId":"anna.nowak","event":"Product Added",
         "properties":{"product_id":"SZC-TREK-38","price":499.99,"quantity":1,
                       "currency":"PLN"}})"},
    {"web", 14, R"({"type":"identify","userId":"anna.nowak","anonymousId":"demo-web-anna"})"},
    {"store_krakow", 13,
     R"({"type":"identify","anonymousId":"demo-pos-krakow-0042",
         "traits":{"loyalty_card":"SZC-100200","email":"anna.nowak@example.pl"}})"},
    {"store_krakow", 13,
     R"({"type":"track","anonymousId":"demo-pos-krakow-0042","event":"Order Completed",
         "properties":{"order_id":"POS-KRK-0042","revenue":499.99,"currency":"PLN",
                       "products":[{"product_id":"SZC-TREK-38","price":499.99,"quantity":1}]}})"},
    {"call_center", 40,
     R"({"type":"identify","anonymousId":"demo-call-771",
         "traits":{"customer_number":"C-000771","first_name":"Piotr","last_name":"Wiśniewski",
                   "phone":"+48 501 234 567","email":"piotr.wisniewski@example.pl"}})"},
    {"email", 9,
     R"({"type":"track","anonymousId":"demo-esp-piotr","event":"Email Opened",
         "properties":{"campaign":"Zimowe promocje"},
         "context":{"traits":{"email":"piotr.wisniewski@example.pl"}}})"},
    {"web", 8,
     R"({"type":"page","anonymousId":"demo-web-piotr","name":"Kurtki",
         "context":{"traits":{"email":"piotr.wisniewski@example.pl"}}})"},
    {"chat", 5,
     R"({"type":"identify","anonymousId":"demo-chat-kasia",
         "traits":{"email":"kasia.zielinska@example.pl","first_name":"Katarzyna",
                   "last_name":"Zielińska","interest":"running shoes for asphalt"}})"},
    {"app", 4,
     R"({"type":"track","anonymousId":"demo-app-kasia","event":"Product Viewed",
         "properties":{"product_id":"SZC-RUN-40","price":389.0,"currency":"PLN"}})"},
    {"app", 4,
     R"({"type":"identify","userId":"kasia.z","anonymousId":"demo-app-kasia",
         "traits":{"email":"kasia.zielinska@example.pl"}})"},
    {"web", 3,
     R"({"type":"identify","userId":"tomek.kowalski",
         "traits":{"email":"rodzina.kowalscy@example.pl","first_name":"Tomasz"}})"},
    {"app", 2,
     R"({"type":"identify","userId":"ola.kowalska",
         "traits":{"email":"rodzina.kowalscy@example.pl","first_name":"Aleksandra"}})"},
};

}  // namespace

Result<void> LoadDemoCustomers(Platform& p, const Demo& demo) {
  const TimePoint now = p.clock.Now();
  int message = 0;
  for (const DemoEvent& story : kStories) {
    std::string channel_id;
    for (const DemoChannel& channel : demo.channels) {
      if (channel.name == story.channel) {
        channel_id = channel.id;
      }
    }
    OMNI_ASSIGN_OR_RETURN(json::Value event, json::Parse(story.json));
    event.Set("messageId", "demo-" + std::to_string(++message));
    event.Set("timestamp", FormatRfc3339(now - std::chrono::hours(24 * story.days_ago)));
    json::Value body;
    body.Set("batch", json::Array{event});
    const std::string text = json::Serialize(body);
    OMNI_ASSIGN_OR_RETURN(events::IngestResult done,
                          events::Ingest(p.db(), p.Get<events::EventsService>(),
                                         {.channel_id = channel_id,
                                          .body = &body,
                                          .body_bytes = text.size(),
                                          .writer = {.channel_id = channel_id},
                                          .identity_verified = true}));
    if (!done.rejections.empty()) {
      return Error::Internal("demo event " + std::to_string(message) +
                             " was rejected: " + done.rejections.front().message);
    }
  }
  return Ok();
}

Result<std::vector<std::pair<std::string, std::string>>> DemoCustomers(Platform& p) {
  constexpr std::pair<std::string_view, std::string_view> kPeople[] = {
      {"anna", "anna.nowak@example.pl"},
      {"piotr", "piotr.wisniewski@example.pl"},
      {"kasia", "kasia.zielinska@example.pl"},
  };
  std::vector<std::pair<std::string, std::string>> out;
  for (const auto& [name, email] : kPeople) {
    OMNI_ASSIGN_OR_RETURN(std::optional<std::string> id, p.db().Read([&](storage::Tx& tx) {
      return p.Get<customers::CustomersService>().Find(
          tx, {.type = customers::IdentifierType::kEmail, .value = std::string(email)});
    }));
    if (id) {
      out.emplace_back(name, *id);
    }
  }
  return out;
}

}  // namespace omnihub::app
