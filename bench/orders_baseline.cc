// orders_baseline: the baseline of `checkout_flow`, `checkout_flow_pg` and `orders_spread`. The
// rows omnihub writes for one order, inserted straight from C++ into a database with omnihub's
// schema (`omnihub migrate`, so the same tables and indexes), ONE transaction per order, prepared
// statements: SQLite (WAL + synchronous=FULL, one thread) or PostgreSQL through bare libpq
// (--threads connections, each its own orders). No HTTP, no JSON parsing, no pricing, no
// sourcing, no reads but the guarded stock UPDATE: what is left is the cost of the rows and of
// one durable commit per order. Row counts and payload sizes are those omnihub writes (counted
// in its database for one order of each kind; see BENCHMARKS.md).
//
//   orders_baseline --db PATH|postgresql://… --flow checkout|spread [--duration-s 10]
//                   [--max-orders 1000000] [--skus 10000] [--lines 2] [--threads 1]
//
// checkout: a guest's whole checkout as the rows it leaves (final state only): a profile, 3
//   identifiers, 1 trait, 7 search terms, the cart (checked out) and its line, the guarded
//   stock UPDATE (one of 11 SKUs, as the load's 11 demo SKUs) and the ship hold, the
//   order-number sequence, the order, its item, the payment, and 12 change-log rows (cart
//   created + 4 updated, profile created + updated, hold, stock, order placed, payment, cart
//   checked out) of omnihub's payload sizes.
// spread: a direct in-store order of --lines random SKUs out of --skus at one of three stores:
//   the Idempotency-Key record (completed, with the response), per line the guarded reserve
//   UPDATE, the hold (confirmed), the sale UPDATE and the movement, the sequence, the order, its
//   items, and 12 change-log rows (per line: hold created, confirmed, movement, 2 stock
//   changes; order placed, completed).
// Prints one JSON line.

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/baseline_db.h"
#include "bench/bench_util.h"
#include "carts/events.h"
#include "customers/events.h"
#include "inventory/events.h"
#include "orders/events.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

constexpr int kCheckoutSkus = 11;
const char* const kStores[] = {"loc_01JDEM0000KRK0000000000000", "loc_01JDEM0000WAW0000000000000",
                               "loc_01JDEM0000GDN0000000000000"};
constexpr const char* kWarehouse = "loc_01JDEM0000D2W0000000000000";

// A JSON text of `size` bytes (a payload of omnihub's size for that change).
std::string Payload(const std::string& id, size_t size) {
  std::string out = R"({"id":")" + id + R"(","x":")";
  while (out.size() + 2 < size) {
    out += 'a' + static_cast<char>(out.size() % 26);
  }
  return out + "\"}";
}

// An id like omnihub's (prefix + 26 characters), increasing with n as ULIDs do.
std::string Id(const char* prefix, int64_t n, int salt) {
  char buf[64];
  std::snprintf(buf, sizeof buf, "%s_01BENCH%014lld%04d", prefix, static_cast<long long>(n), salt);
  return buf;
}

int64_t NowMs() {
  return std::chrono::duration_cast<std::chrono::milliseconds>(
             std::chrono::system_clock::now().time_since_epoch())
      .count();
}

// Set-up, not timed: the stock rows the orders take from, the order-number sequence.
void SetUp(BaselineDb& db, const std::string& flow, int64_t skus) {
  const int64_t now = NowMs();
  db.Begin();
  BaselineStmt location(
      db,
      "INSERT INTO inventory_locations (id, type, name, address, lat, lon, opening_hours, "
      "click_and_collect, ship_from_store, priority, created_at) VALUES (?1, 'store', ?1, '', 0, "
      "0, '{}', 1, 1, 1, ?2) ON CONFLICT DO NOTHING");  // PostgreSQL checks the foreign key
  for (const char* loc : {kStores[0], kStores[1], kStores[2], kWarehouse}) {
    location.Run(loc, now);
  }
  BaselineStmt level(
      db,
      "INSERT INTO inventory_stock_levels (sku, location_id, on_hand, reserved, safety_stock, "
      "updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4) ON CONFLICT (sku, location_id) DO UPDATE SET "
      "on_hand = excluded.on_hand, reserved = 0");
  if (flow == "spread") {
    for (int64_t s = 0; s < skus; ++s) {
      for (const char* loc : {kStores[0], kStores[1], kStores[2], kWarehouse}) {
        level.Run("BSPR-" + std::to_string(s), loc, int64_t{1000000}, now);
      }
    }
  } else {
    for (int s = 0; s < kCheckoutSkus; ++s) {
      level.Run("BENCH-SKU-" + std::to_string(s), kWarehouse, int64_t{100000000}, now);
    }
  }
  db.Exec("INSERT INTO orders_sequence (name, value) VALUES ('orders', 0) ON CONFLICT DO NOTHING");
  if (db.postgres()) {
    // omnihub's sequencer numbers the log itself (explicit seq); the baseline numbers its rows
    // with the column's identity sequence, moved past what is there.
    db.Exec(
        "SELECT setval(pg_get_serial_sequence('changes_log', 'seq'), "
        "(SELECT COALESCE(MAX(seq), 0) + 1 FROM changes_log), false)");
  }
  db.Exec("COMMIT");
}

// The statements of one connection.
struct Statements {
  explicit Statements(BaselineDb& db)
      : change(db,
               "INSERT INTO changes_log (module, entity_type, entity_id, type, payload, "
               "channel_id, key_id, request_id, occurred_at, customer_id) VALUES (?1, ?2, ?3, ?4, "
               "?5, ?6, ?7, ?8, ?9, ?10)"),
        reserve(db,
                "UPDATE inventory_stock_levels SET reserved = reserved + ?3, updated_at = ?4 "
                "WHERE sku = ?1 AND location_id = ?2 AND on_hand - reserved - safety_stock >= ?3"),
        sell(db,
             "UPDATE inventory_stock_levels SET on_hand = on_hand - ?3, reserved = reserved - ?3, "
             "updated_at = ?4 WHERE sku = ?1 AND location_id = ?2"),
        hold(db,
             "INSERT INTO inventory_reservations (id, sku, location_id, quantity, kind, status, "
             "channel_id, reference, created_at, expires_at, updated_at) VALUES (?1, ?2, ?3, 1, "
             "?4, ?5, ?6, ?7, ?8, ?9, ?8)"),
        movement(db,
                 "INSERT INTO inventory_movements (id, sku, location_id, kind, delta, "
                 "on_hand_after, reason, reference, created_at) VALUES (?1, ?2, ?3, 'sale', -1, "
                 "?4, 'order', ?5, ?6)"),
        sequence(db, "UPDATE orders_sequence SET value = value + 1 WHERE name = 'orders'"),
        order(db,
              "INSERT INTO orders_orders (id, number, channel_id, customer_id, state, fulfilment, "
              "location_id, address, currency, total, lines, created_at, updated_at, "
              "allocations, sourcing, cart_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'PLN', "
              "8999, ?9, ?10, ?10, ?11, ?12, ?13)"),
        item(db, "INSERT INTO orders_items (order_id, sku, customer_id) VALUES (?1, ?2, ?3)"),
        payment(db,
                "INSERT INTO orders_payments (id, order_id, method, amount, currency, reference, "
                "status, created_at) VALUES (?1, ?2, 'blik', 8999, 'PLN', ?3, 'captured', ?4)"),
        idem(db,
             "INSERT INTO idempotency_keys (key_id, idempotency_key, fingerprint, state, status, "
             "content_type, body, created_at, attempt) VALUES (?1, ?2, ?3, 'completed', 201, "
             "'application/json', ?4, ?5, ?6)"),
        profile(db,
                "INSERT INTO customers_profiles (id, created_at, updated_at, first_seen_at, "
                "last_seen_at) VALUES (?1, ?2, ?2, ?2, ?2)"),
        identifier(db,
                   "INSERT INTO customers_identifiers (type, ns, value, raw, customer_id, "
                   "channel_id, source, added_at) VALUES (?1, '', ?2, ?2, ?3, ?4, 'api', ?5)"),
        trait(db,
              "INSERT INTO customers_traits (customer_id, name, value, source, channel_id, "
              "updated_at) VALUES (?1, 'name', '\"Jan Kowalski\"', 'api', ?2, ?3)"),
        term(db,
             "INSERT INTO customers_search_terms (term, customer_id, kind) VALUES (?1, ?2, ?3)"),
        cart(db,
             "INSERT INTO carts_carts (id, owner_key, customer_id, anonymous_id, channel_id, "
             "status, version, currency, coupons, fulfilment, priced, created_at, updated_at, "
             "last_activity_at, contact_email, contact_phone, contact_name, contact_address, "
             "payment_method, payment_reference, order_id) VALUES (?1, ?2, ?3, ?4, ?5, "
             "'checked_out', 6, 'PLN', '[]', 'ship', ?6, ?7, ?7, ?7, ?8, ?9, 'Jan Kowalski', "
             "'ul. Długa 5, 31-019 Kraków', 'blik', 'BLIK-123', ?10)"),
        cart_line(db,
                  "INSERT INTO carts_lines (cart_id, sku, position, quantity) VALUES (?1, ?2, 0, "
                  "1)") {}

  BaselineStmt change, reserve, sell, hold, movement, sequence, order, item, payment, idem, profile,
      identifier, trait, term, cart, cart_line;
};

struct Run {
  std::string target, flow;
  int64_t skus = 0;
  int lines = 0;
  int64_t max_orders = 0;
  Clock::time_point deadline;
  std::atomic<int64_t> next{0};
  std::atomic<int64_t> orders{0}, refused{0}, rows{0};
};

const std::string kChannel = "chn_01BENCHCHANNEL000000000000";
const std::string kKey = "key_01BENCHKEY00000000000000000";

// One order's rows in `db`, in one transaction. Returns false when a guarded UPDATE refused.
bool WriteOrder(BaselineDb& db, Statements& st, Run& run, int64_t n, std::mt19937_64& rng) {
  static const std::string lines_json = Payload("lines", 180);
  static const std::string allocations_json = Payload("alloc", 250);
  static const std::string sourcing_json = Payload("src", 83);
  static const std::string priced_json = Payload("priced", 598);
  static const std::string response_body = Payload("resp", 1364);
  const int64_t now = NowMs();
  const std::string request = "req_" + std::to_string(n);
  const std::string order_id = Id("ord", n, 0);
  const std::string number = "SZ-B-" + std::to_string(n);
  int64_t rows = 0;
  auto log = [&](const char* entity, const std::string& id, std::string_view type, size_t size,
                 const std::string& customer) {
    st.change.Run(std::string(type.substr(0, type.find('.'))), std::string(entity), id,
                  std::string(type), Payload(id, size), kChannel, kKey, request, now, customer);
    ++rows;
  };
  db.Begin();
  bool ok = true;
  if (run.flow == "checkout") {
    const std::string customer = Id("cus", n, 0);
    const std::string cart_id = Id("crt", n, 0);
    const std::string hold_id = Id("res", n, 0);
    const std::string sku = "BENCH-SKU-" + std::to_string(n % kCheckoutSkus);
    const std::string email = "buyer-" + std::to_string(n) + "@example.pl";
    const std::string phone = "+485" + std::to_string(10000000 + n);
    st.profile.Run(customer, now);
    st.identifier.Run("anonymous_id", "bench-" + std::to_string(n), customer, kChannel, now);
    st.identifier.Run("email", email, customer, kChannel, now);
    st.identifier.Run("phone", phone, customer, kChannel, now);
    st.trait.Run(customer, kChannel, now);
    for (const std::string& t :
         {email, phone, std::string("jan"), std::string("kowalski"), std::string("jan kowalski"),
          std::to_string(n), "buyer-" + std::to_string(n)}) {
      st.term.Run(t, customer, "t");
    }
    rows += 12;
    st.cart.Run(cart_id, "customer:" + customer, customer, "bench-" + std::to_string(n), kChannel,
                priced_json, now, email, phone, order_id);
    st.cart_line.Run(cart_id, sku);
    rows += 2;
    if (st.reserve.Run(sku, kWarehouse, int64_t{1}, now) != 1) {
      ok = false;
    }
    st.hold.Run(hold_id, sku, kWarehouse, "order", "active", kChannel, order_id, now,
                now + int64_t{3 * 86400000});
    st.sequence.Run();
    st.order.Run(order_id, number, kChannel, customer, "placed", "ship", std::string(),
                 "ul. Długa 5, 31-019 Kraków", lines_json, now, allocations_json, sourcing_json,
                 cart_id);
    st.item.Run(order_id, sku, customer);
    st.payment.Run(Id("pay", n, 0), order_id, "BLIK-123", now);
    rows += 6;
    log("cart", cart_id, omnihub::carts::events::kCreated.name, 915, customer);
    for (int u = 0; u < 4; ++u) {
      log("cart", cart_id, omnihub::carts::events::kUpdated.name, 1300, customer);
    }
    log("profile", customer, omnihub::customers::events::kProfileCreated.name, 139, customer);
    log("profile", customer, omnihub::customers::events::kProfileUpdated.name, 158, customer);
    log("reservation", hold_id, omnihub::inventory::events::kReservationCreated.name, 365, "");
    log("stock", sku, omnihub::inventory::events::kStockChanged.name, 160, "");
    log("order", order_id, omnihub::orders::events::kPlaced.name, 216, customer);
    log("payment", order_id, omnihub::orders::events::kPaymentRecorded.name, 492, customer);
    log("cart", cart_id, omnihub::carts::events::kCheckedOut.name, 130, customer);
  } else {
    std::uniform_int_distribution<int64_t> pick_sku(0, std::max<int64_t>(0, run.skus - 1));
    std::uniform_int_distribution<int> pick_store(0, 2);
    const std::string store = kStores[pick_store(rng)];
    std::vector<std::string> chosen;
    while (static_cast<int>(chosen.size()) < run.lines) {
      const std::string sku = "BSPR-" + std::to_string(pick_sku(rng));
      if (std::find(chosen.begin(), chosen.end(), sku) == chosen.end() || run.skus < run.lines) {
        chosen.push_back(sku);
      }
    }
    st.idem.Run(kKey, "bench-" + std::to_string(n), Payload("fp", 64), response_body, now,
                std::string("att_") + std::to_string(n));
    ++rows;
    std::vector<std::string> holds;
    for (size_t i = 0; i < chosen.size(); ++i) {
      holds.push_back(Id("res", n, static_cast<int>(i)));
      if (st.reserve.Run(chosen[i], store, int64_t{1}, now) != 1) {
        ok = false;
      }
      st.hold.Run(holds[i], chosen[i], store, "in_store", "confirmed", kChannel, order_id, now,
                  now + int64_t{3 * 86400000});
      log("reservation", holds[i], omnihub::inventory::events::kReservationCreated.name, 365, "");
      log("stock", chosen[i], omnihub::inventory::events::kStockChanged.name, 150, "");
      ++rows;
    }
    st.sequence.Run();
    st.order.Run(order_id, number, kChannel, std::string(), "completed", "in_store", store,
                 std::string(), lines_json, now, allocations_json, sourcing_json, std::string());
    ++rows;
    for (const std::string& sku : chosen) {
      st.item.Run(order_id, sku, std::string());
      ++rows;
    }
    log("order", order_id, omnihub::orders::events::kPlaced.name, 216, "");
    for (size_t i = 0; i < chosen.size(); ++i) {
      st.sell.Run(chosen[i], store, int64_t{1}, now);
      st.movement.Run(Id("mov", n, static_cast<int>(i)), chosen[i], store, int64_t{999999},
                      order_id, now);
      ++rows;
      log("reservation", holds[i], omnihub::inventory::events::kReservationConfirmed.name, 368, "");
      log("movement", chosen[i], omnihub::inventory::events::kMovementRecorded.name, 267, "");
      log("stock", chosen[i], omnihub::inventory::events::kStockChanged.name, 150, "");
    }
    log("order", order_id, omnihub::orders::events::kCompleted.name, 219, "");
  }
  db.Exec("COMMIT");
  run.rows += rows;
  return ok;
}

// One connection writing orders until the deadline or the shared count runs out.
void Worker(Run& run, int index) {
  std::unique_ptr<BaselineDb> db = BaselineDb::Open(run.target);
  Statements st(*db);
  std::mt19937_64 rng(42 + index);
  while (Clock::now() < run.deadline) {
    const int64_t n = run.next++;
    if (n >= run.max_orders) {
      break;
    }
    if (!WriteOrder(*db, st, run, n, rng)) {
      ++run.refused;  // stock is sized so this never happens
    }
    ++run.orders;  // bounded either way
  }
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  Run run;
  run.target = flags.Get("db", "");
  run.flow = flags.Get("flow", "");
  if (run.target.empty() || (run.flow != "checkout" && run.flow != "spread")) {
    std::fprintf(stderr,
                 "orders_baseline: --db PATH|URL and --flow checkout|spread are required\n");
    return 2;
  }
  const double duration_s = flags.GetDouble("duration-s", 10);
  run.max_orders = flags.GetInt("max-orders", 1000000);
  run.skus = flags.GetInt("skus", 10000);
  run.lines = static_cast<int>(flags.GetInt("lines", 2));
  const int threads = static_cast<int>(std::clamp<int64_t>(flags.GetInt("threads", 1), 1, 256));
  bool postgres = false;
  {
    std::unique_ptr<BaselineDb> db = BaselineDb::Open(run.target);
    postgres = db->postgres();
    SetUp(*db, run.flow, run.skus);
  }
  const auto started = Clock::now();
  run.deadline = started + std::chrono::duration_cast<Clock::duration>(
                               std::chrono::duration<double>(duration_s));
  std::vector<std::thread> workers;
  for (int idx = 0; idx < threads; ++idx) {
    workers.emplace_back(Worker, std::ref(run), idx);
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  const auto orders = static_cast<double>(run.orders.load());
  JsonObject report;
  report.Add("label", "orders_baseline_" + run.flow)
      .Add("flow", run.flow)
      .Add("backend", postgres ? "postgres" : "sqlite")
      .Add("threads", int64_t{threads})
      .Add("orders", run.orders.load())
      .Add("refused", run.refused.load())
      .Add("elapsed_s", elapsed_s)
      .Add("orders_per_s", elapsed_s > 0 ? orders / elapsed_s : 0.0)
      .Add("rows_per_order", orders > 0 ? static_cast<double>(run.rows.load()) / orders : 0.0)
      .Add("us_per_order", orders > 0 ? 1e6 * elapsed_s / orders : 0.0)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return run.refused == 0 && run.orders > 0 ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
