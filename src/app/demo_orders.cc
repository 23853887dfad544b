// The demo retailer's orders: one or more in every state of the order's life, click & collect
// waiting in every store, one order checked out from Kasia's app cart, and the loyalty points
// the completed ones earned. The scenarios run against this retailer, so the orders keep away
// from what they count: the jacket in Kraków, road shoes in Gdańsk, Piotr's zero points.
#include <iterator>
#include <string_view>

#include "app/app.h"
#include "carts/carts.h"
#include "carts/events.h"
#include "changes/changes.h"
#include "customers/customers.h"
#include "flows/checkout.h"
#include "loyalty/loyalty.h"
#include "orders/events.h"
#include "orders/orders.h"

namespace omnihub::app {
namespace {

using orders::FulfilmentKind;
using orders::OrderState;
using orders::PaymentMethod;

struct DemoLine {
  std::string_view sku;
  int64_t quantity = 0;
};

struct DemoOrderSpec {
  std::string_view channel;   // the selling demo channel
  std::string_view customer;  // a demo customer's name; "" for a guest
  FulfilmentKind kind = FulfilmentKind::kShip;
  std::string_view store;    // click & collect, in store: a demo store's name
  std::string_view address;  // ship
  std::string_view locker;   // parcel locker, with `address` as its postcode
  DemoLine lines[2];
  OrderState state = OrderState::kPlaced;  // where the demo leaves it
  // Paid when placed (in store: at the till); none: at pickup, or not yet.
  std::optional<PaymentMethod> paid;
  bool from_cart = false;  // checked out from an app cart (flows::CheckOut), not direct
};

constexpr std::string_view kWarsawAddress = "ul. Piękna 20/4, 00-549 Warszawa";

// Oldest first. Completed: a sale at the Kraków till and a pickup handed over in Warsaw, so Anna
// and Kasia have points; Piotr's orders never complete (the orders scenario starts him at 0).
const DemoOrderSpec kOrders[] = {
    {.channel = "store_krakow",
     .customer = "anna",
     .kind = FulfilmentKind::kInStore,
     .store = "krakow",
     .lines = {{"SZC-TSH-L", 1}, {"SZC-SOCK-39", 1}},
     .state = OrderState::kCompleted,
     .paid = PaymentMethod::kCard},
    {.channel = "app",
     .customer = "kasia",
     .kind = FulfilmentKind::kClickAndCollect,
     .store = "warszawa",
     .lines = {{"SZC-TSH-M", 1}, {"SZC-BOTTLE", 1}},
     .state = OrderState::kCompleted},
    {.channel = "web",
     .kind = FulfilmentKind::kClickAndCollect,
     .store = "gdansk",
     .lines = {{"SZC-BOTTLE", 1}},
     .state = OrderState::kPickedUp,
     .paid = PaymentMethod::kBlik},
    {.channel = "app",
     .customer = "kasia",
     .kind = FulfilmentKind::kClickAndCollect,
     .store = "krakow",
     .lines = {{"SZC-RUN-ASF-40", 1}, {"SZC-SOCK-39", 1}},
     .state = OrderState::kReadyForPickup,
     .from_cart = true},
    {.channel = "web",
     .customer = "piotr",
     .kind = FulfilmentKind::kClickAndCollect,
     .store = "warszawa",
     .lines = {{"SZC-JKT-M", 1}},
     .state = OrderState::kReadyForPickup,
     .paid = PaymentMethod::kBlik},
    {.channel = "app",
     .customer = "anna",
     .kind = FulfilmentKind::kClickAndCollect,
     .store = "gdansk",
     .lines = {{"SZC-HEADL", 1}},
     .state = OrderState::kReadyForPickup},
    {.channel = "web",
     .customer = "piotr",
     .address = kWarsawAddress,
     .lines = {{"SZC-TSH-M", 2}},
     .state = OrderState::kPlaced},
    {.channel = "web",
     .customer = "anna",
     .address = "ul. Floriańska 12, 31-019 Kraków",
     .lines = {{"SZC-TREK-38", 1}},
     .state = OrderState::kAllocated,
     .paid = PaymentMethod::kCard},
    {.channel = "web",
     .customer = "kasia",
     .address = "ul. Długa 5, 80-827 Gdańsk",
     .lines = {{"SZC-RUN-TRL-41", 1}},
     .state = OrderState::kShipped,
     .paid = PaymentMethod::kCard},
    {.channel = "app",
     .customer = "anna",
     .kind = FulfilmentKind::kParcelLocker,
     .address = "31-019",
     .locker = "KRA01M",
     .lines = {{"SZC-SOCK-39", 3}},
     .state = OrderState::kDelivered,
     .paid = PaymentMethod::kBlik},
    {.channel = "call_center",
     .customer = "piotr",
     .address = kWarsawAddress,
     .lines = {{"SZC-RUN-TRL-43", 1}},
     .state = OrderState::kCancelled},
};

// The moves from placed to `target`, by the fulfilment's path.
std::vector<OrderState> PathTo(FulfilmentKind kind, OrderState target) {
  if (target == OrderState::kPlaced || kind == FulfilmentKind::kInStore) {
    return {};  // an in-store sale completes as it is placed
  }
  if (target == OrderState::kCancelled) {
    return {OrderState::kCancelled};
  }
  const std::vector<OrderState> path =
      kind == FulfilmentKind::kClickAndCollect
          ? std::vector<OrderState>{OrderState::kAllocated, OrderState::kReadyForPickup,
                                    OrderState::kPickedUp, OrderState::kCompleted}
          : std::vector<OrderState>{OrderState::kAllocated, OrderState::kShipped,
                                    OrderState::kDelivered, OrderState::kCompleted};
  std::vector<OrderState> moves;
  for (OrderState step : path) {
    moves.push_back(step);
    if (step == target) {
      break;
    }
  }
  return moves;
}

// Kasia's app cart, with the app-only coupon, to collect in a store and pay there.
Result<orders::Order> CheckOutFromCart(Platform& p, const Demo& demo, const DemoOrderSpec& spec,
                                       storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(carts::Cart cart, p.Get<carts::CartService>().Create(
                                              tx, {.customer_id = demo.CustomerId(spec.customer)}));
  const std::string id = cart.id.str();
  for (const DemoLine& line : spec.lines) {
    if (!line.sku.empty()) {
      OMNI_TRY(p.Get<carts::CartService>().AddLine(tx, id, line.sku, line.quantity, std::nullopt));
    }
  }
  OMNI_TRY(p.Get<carts::CartService>().AddCoupon(tx, id, "APP10", std::nullopt));
  OMNI_TRY(p.Get<carts::CartService>().SetContact(tx, id,
                                                  {.email = "kasia.zielinska@example.pl",
                                                   .phone = "601 222 333",
                                                   .name = "Katarzyna Zielińska"},
                                                  std::nullopt));
  OMNI_TRY(p.Get<carts::CartService>().SetFulfilment(
      tx, id,
      {.kind = carts::FulfilmentKind::kClickAndCollect, .location_id = demo.LocationId(spec.store)},
      std::nullopt));
  OMNI_TRY(
      p.Get<carts::CartService>().SetPayment(tx, id, {.method = "pay_at_pickup"}, std::nullopt));
  OMNI_ASSIGN_OR_RETURN(flows::CheckoutResult done,
                        flows::CheckOut(tx,
                                        {.carts = p.Get<carts::CartService>(),
                                         .orders = p.Get<orders::OrderService>(),
                                         .customers = p.Get<customers::CustomersService>(),
                                         .loyalty = p.Get<loyalty::LoyaltyService>()},
                                        {.cart_id = id}));
  return std::move(done.order);
}

Result<orders::Order> Place(Platform& p, const Demo& demo, const DemoOrderSpec& spec,
                            storage::Tx& tx) {
  if (spec.from_cart) {
    return CheckOutFromCart(p, demo, spec, tx);
  }
  orders::NewOrder req{.customer_id = demo.CustomerId(spec.customer),
                       .fulfilment = {.kind = spec.kind}};
  for (const DemoLine& line : spec.lines) {
    if (!line.sku.empty()) {
      req.lines.push_back({.sku = std::string(line.sku), .quantity = line.quantity});
    }
  }
  switch (spec.kind) {
    case FulfilmentKind::kShip:
      req.fulfilment.address = std::string(spec.address);
      break;
    case FulfilmentKind::kParcelLocker:
      req.fulfilment.locker_id = std::string(spec.locker);
      req.fulfilment.postcode = std::string(spec.address);
      break;
    case FulfilmentKind::kClickAndCollect:
    case FulfilmentKind::kInStore:
      req.fulfilment.location_id = demo.LocationId(spec.store);
      break;
  }
  OMNI_ASSIGN_OR_RETURN(orders::Order order, p.Get<orders::OrderService>().Create(tx, req));
  if (spec.paid) {
    OMNI_ASSIGN_OR_RETURN(
        orders::PaymentResult paid,
        p.Get<orders::OrderService>().RecordPayment(
            tx, order.id.str(),
            {.method = *spec.paid, .amount = order.total, .reference = "demo " + order.number}));
    order = std::move(paid.order);
  }
  return order;
}

// Moves the order along its path; in a store's transaction for pickups, where the store's
// associates do it, else the warehouse's (no channel). A pickup completes by hand-over, paid
// in cash at the till when nothing was paid before.
Result<void> Progress(Platform& p, const Demo& demo, const DemoOrderSpec& spec,
                      const orders::Order& placed) {
  const std::vector<OrderState> moves = PathTo(spec.kind, spec.state);
  if (moves.empty()) {
    return Ok();
  }
  storage::TxContext context;
  if (spec.kind == FulfilmentKind::kClickAndCollect) {
    context.channel_id = demo.ChannelId("store_" + std::string(spec.store));
  }
  const std::string id = placed.id.str();
  auto progress = [&](storage::Tx& tx) -> Result<void> {
    for (OrderState to : moves) {
      if (to == OrderState::kPickedUp && spec.state == OrderState::kCompleted) {
        std::optional<orders::NewPayment> payment;
        if (placed.paid.minor < placed.total.minor) {
          payment = orders::NewPayment{.method = PaymentMethod::kCash,
                                       .amount = {.minor = placed.total.minor - placed.paid.minor,
                                                  .currency = placed.total.currency},
                                       .reference = "demo till " + placed.number};
        }
        OMNI_TRY(p.Get<orders::OrderService>().HandOver(tx, id, payment));
        return Ok();
      }
      OMNI_TRY(p.Get<orders::OrderService>().Transition(tx, id, to));
    }
    return Ok();
  };
  return p.db().InTransaction(progress, context);
}

// Pumps every change-log subscription until nothing is pending, as serve's subscribers would.
Result<void> PumpSubscriptions(Platform& p) {
  constexpr int kBatch = 500;
  for (const changes::Subscription& subscription : node::Subscriptions(*p.node)) {
    for (;;) {
      OMNI_ASSIGN_OR_RETURN(int handled, changes::PumpOnce(p.db(), subscription, kBatch));
      if (handled < kBatch) {
        break;
      }
    }
  }
  return Ok();
}

}  // namespace

Result<void> LoadDemoOrders(Platform& p, const Demo& demo) {
  // A subscription's first pump starts it after the newest change: start them all before the
  // orders, so the pump after them earns the demo's points.
  OMNI_TRY(PumpSubscriptions(p));
  for (const DemoOrderSpec& spec : kOrders) {
    auto place = [&](storage::Tx& tx) { return Place(p, demo, spec, tx); };
    OMNI_ASSIGN_OR_RETURN(
        orders::Order order,
        p.db().InTransaction(place, {.channel_id = demo.ChannelId(spec.channel)}));
    OMNI_TRY(Progress(p, demo, spec, order));
  }
  return PumpSubscriptions(p);
}

Result<void> DescribeDemoOrders(Platform& p, Demo& demo) {
  auto describe = [&](storage::Tx& tx) -> Result<void> {
    // The demo's database was new, so its orders are the first ever placed, and its carts the
    // ones created before the last of them.
    OMNI_ASSIGN_OR_RETURN(
        std::vector<changes::StoredChange> placed,
        changes::Read(tx, {.type_prefixes = {std::string(orders::events::kPlaced.name)},
                           .limit = static_cast<int>(std::size(kOrders))}));
    demo.orders.clear();
    demo.carts.clear();
    if (placed.empty()) {
      return Ok();
    }
    for (const changes::StoredChange& change : placed) {
      OMNI_ASSIGN_OR_RETURN(orders::Order order,
                            p.Get<orders::OrderService>().Get(tx, change.entity_id));
      demo.orders.push_back({.id = order.id.str(),
                             .number = order.number,
                             .state = std::string(NameOf(order.state)),
                             .fulfilment = std::string(NameOf(order.fulfilment.kind)),
                             .customer = demo.CustomerName(order.customer_id),
                             .customer_id = order.customer_id,
                             .channel = demo.ChannelName(order.channel_id),
                             .store = demo.LocationName(order.fulfilment.location_id),
                             .location_id = order.fulfilment.location_id,
                             .cart_id = order.cart_id});
    }
    OMNI_ASSIGN_OR_RETURN(
        std::vector<changes::StoredChange> created,
        changes::Read(
            tx, {.type_prefixes = {std::string(carts::events::kCreated.name)}, .limit = 100}));
    for (const changes::StoredChange& change : created) {
      if (change.seq > placed.back().seq) {
        break;
      }
      OMNI_ASSIGN_OR_RETURN(carts::Cart cart,
                            p.Get<carts::CartService>().Get(tx, change.entity_id));
      const std::string customer = demo.CustomerName(cart.customer_id);
      demo.carts.push_back({.id = cart.id.str(),
                            .owner = customer.empty() ? "anonymous" : customer,
                            .customer_id = cart.customer_id,
                            .channel = demo.ChannelName(cart.channel_id),
                            .status = std::string(NameOf(cart.status)),
                            .fulfilment = std::string(NameOf(cart.fulfilment.kind)),
                            .store = demo.LocationName(cart.fulfilment.location_id),
                            .location_id = cart.fulfilment.location_id,
                            .lines = static_cast<int64_t>(cart.lines.size()),
                            .coupons = cart.coupons,
                            .order_id = cart.order_id});
    }
    return Ok();
  };
  return p.db().Read(describe);
}

}  // namespace omnihub::app
