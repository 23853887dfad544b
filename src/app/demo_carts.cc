// The demo retailer's carts in progress: Anna's app cart, contact given, to collect in Kraków
// (its click & collect holds the store's stock), Piotr's web cart with the newsletter coupon
// ZIMA10, and a visitor's anonymous web cart with road shoes on promotion.
#include <string_view>

#include "app/app.h"
#include "carts/carts.h"

namespace omnihub::app {
namespace {

struct DemoLine {
  std::string_view sku;
  int64_t quantity = 0;
};

struct DemoCartSpec {
  std::string_view channel;       // a demo channel's name
  std::string_view customer;      // a demo customer's name; "" for a visitor
  std::string_view anonymous_id;  // the visitor's browser
  DemoLine lines[2];
  std::string_view coupon;  // "" for none
  std::string_view store;   // click & collect at this demo store; "" ships
  std::string_view email, phone, name, address;
  std::string_view payment;  // the payment method chosen, "" for none yet
};

// Anna's cart holds T-shirts and bottles at Kraków, never the jacket or shoes the scenarios
// count there; nobody here is Kasia, whose own cart the carts scenario starts.
constexpr DemoCartSpec kCarts[] = {
    {.channel = "app",
     .customer = "anna",
     .lines = {{"SZC-TSH-M", 1}, {"SZC-BOTTLE", 2}},
     .store = "krakow",
     .email = "anna.nowak@example.pl",
     .phone = "600 100 200",
     .name = "Anna Nowak",
     .payment = "pay_at_pickup"},
    {.channel = "web",
     .customer = "piotr",
     .lines = {{"SZC-HEADL", 1}, {"SZC-SOCK-39", 2}},
     .coupon = "ZIMA10",
     .email = "piotr.wisniewski@example.pl",
     .name = "Piotr Wiśniewski",
     .address = "ul. Piękna 20/4, 00-549 Warszawa",
     .payment = "blik"},
    {.channel = "web", .anonymous_id = "demo-web-visitor-7", .lines = {{"SZC-RUN-ASF-40", 1}}},
};

}  // namespace

Result<void> LoadDemoCarts(Platform& p, const Demo& demo) {
  for (const DemoCartSpec& spec : kCarts) {
    auto start = [&](storage::Tx& tx) -> Result<void> {
      carts::NewCart req{.anonymous_id = std::string(spec.anonymous_id)};
      if (!spec.customer.empty()) {
        req.customer_id = demo.CustomerId(spec.customer);
        if (req.customer_id.empty()) {
          return Error::Internal("demo customer " + std::string(spec.customer) + " not found");
        }
      }
      OMNI_ASSIGN_OR_RETURN(carts::Cart cart, p.Get<carts::CartService>().Create(tx, req));
      const std::string id = cart.id.str();
      for (const DemoLine& line : spec.lines) {
        if (!line.sku.empty()) {
          OMNI_TRY(
              p.Get<carts::CartService>().AddLine(tx, id, line.sku, line.quantity, std::nullopt));
        }
      }
      if (!spec.coupon.empty()) {
        OMNI_TRY(p.Get<carts::CartService>().AddCoupon(tx, id, spec.coupon, std::nullopt));
      }
      if (!spec.email.empty() || !spec.phone.empty() || !spec.address.empty()) {
        OMNI_TRY(p.Get<carts::CartService>().SetContact(tx, id,
                                                        {.email = std::string(spec.email),
                                                         .phone = std::string(spec.phone),
                                                         .name = std::string(spec.name),
                                                         .address = std::string(spec.address)},
                                                        std::nullopt));
      }
      if (!spec.store.empty()) {
        OMNI_TRY(p.Get<carts::CartService>().SetFulfilment(
            tx, id,
            {.kind = carts::FulfilmentKind::kClickAndCollect,
             .location_id = demo.LocationId(spec.store)},
            std::nullopt));
      }
      if (!spec.payment.empty()) {
        OMNI_TRY(p.Get<carts::CartService>().SetPayment(
            tx, id, {.method = std::string(spec.payment)}, std::nullopt));
      }
      return Ok();
    };
    OMNI_TRY(p.db().InTransaction(start, {.channel_id = demo.ChannelId(spec.channel)}));
  }
  return Ok();
}

}  // namespace omnihub::app
