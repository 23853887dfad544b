// orders_baseline: the baseline of `checkout_flow` and `orders_spread`. The rows omnihub writes
// for one order, inserted straight into SQLite from C++ into a database with omnihub's schema
// (`omnihub migrate`, so the same tables and indexes), ONE transaction per order, WAL +
// synchronous=FULL, prepared statements, one thread. No HTTP, no JSON parsing, no pricing, no
// sourcing, no reads but the guarded stock UPDATE: what is left is the cost of the rows and of
// one fsynced commit per order. Row counts and payload sizes are those omnihub writes (counted
// in its database for one order of each kind; see BENCHMARKS.md).
//
//   orders_baseline --db PATH --flow checkout|spread [--duration-s 10] [--max-orders 1000000]
//                   [--skus 10000] [--lines 2]
//
// checkout: a guest's whole checkout as the rows it leaves (final state only): a profile, 3
//   identifiers, 1 trait, 7 search terms, the cart (checked out) and its line, the guarded
//   stock UPDATE and the ship hold, the order-number sequence, the order, its item, the payment,
//   and 12 change-log rows (cart created + 4 updated, profile created + updated, hold, stock,
//   order placed, payment, cart checked out) of omnihub's payload sizes.
// spread: a direct in-store order of --lines random SKUs out of --skus at one of three stores:
//   the Idempotency-Key record (completed, with the response), per line the guarded reserve
//   UPDATE, the hold (confirmed), the sale UPDATE and the movement, the sequence, the order, its
//   items, and 12 change-log rows (per line: hold created, confirmed, movement, 2 stock
//   changes; order placed, completed).
// Prints one JSON line.

#include <sqlite3.h>

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <string>
#include <vector>

#include "bench/bench_util.h"
#include "carts/events.h"
#include "customers/events.h"
#include "inventory/events.h"
#include "orders/events.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

sqlite3* g_db = nullptr;

void Exec(const std::string& sql) {
  char* error = nullptr;
  if (sqlite3_exec(g_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
    std::fprintf(stderr, "orders_baseline: %s: %s\n", sql.substr(0, 200).c_str(),
                 error ? error : "?");
    std::exit(1);
  }
}

class Stmt {
 public:
  explicit Stmt(const char* sql) {
    if (sqlite3_prepare_v3(g_db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt_, nullptr) !=
        SQLITE_OK) {
      std::fprintf(stderr, "orders_baseline: prepare: %s\n%s\n", sqlite3_errmsg(g_db), sql);
      std::exit(1);
    }
  }
  ~Stmt() { sqlite3_finalize(stmt_); }
  Stmt(const Stmt&) = delete;
  Stmt& operator=(const Stmt&) = delete;

  // Binds every argument in order (?1, ?2, …), steps to completion, resets; returns changes.
  template <typename... Args>
  int Run(const Args&... args) {
    int idx = 0;
    (Bind(++idx, args), ...);
    const int rc = sqlite3_step(stmt_);
    if (rc != SQLITE_DONE && rc != SQLITE_ROW) {
      std::fprintf(stderr, "orders_baseline: step: %s\n", sqlite3_errmsg(g_db));
      std::exit(1);
    }
    const int changed = sqlite3_changes(g_db);
    sqlite3_reset(stmt_);
    sqlite3_clear_bindings(stmt_);
    return changed;
  }

 private:
  void Bind(int idx, const std::string& v) {
    sqlite3_bind_text(stmt_, idx, v.data(), static_cast<int>(v.size()), SQLITE_TRANSIENT);
  }
  void Bind(int idx, const char* v) { sqlite3_bind_text(stmt_, idx, v, -1, SQLITE_TRANSIENT); }
  void Bind(int idx, int64_t v) { sqlite3_bind_int64(stmt_, idx, v); }
  void Bind(int idx, int v) { sqlite3_bind_int64(stmt_, idx, v); }

  sqlite3_stmt* stmt_ = nullptr;
};

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

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::string path = flags.Get("db", "");
  const std::string flow = flags.Get("flow", "");
  if (path.empty() || (flow != "checkout" && flow != "spread")) {
    std::fprintf(stderr, "orders_baseline: --db PATH and --flow checkout|spread are required\n");
    return 2;
  }
  const double duration_s = flags.GetDouble("duration-s", 10);
  const int64_t max_orders = flags.GetInt("max-orders", 1000000);
  const int64_t skus = flags.GetInt("skus", 10000);
  const int lines = static_cast<int>(flags.GetInt("lines", 2));
  if (sqlite3_open(path.c_str(), &g_db) != SQLITE_OK) {
    std::fprintf(stderr, "orders_baseline: cannot open %s\n", path.c_str());
    return 1;
  }
  Exec("PRAGMA journal_mode=WAL");
  Exec("PRAGMA synchronous=FULL");
  Exec("PRAGMA busy_timeout=5000");

  const char* stores[] = {"loc_01JDEM0000KRK0000000000000", "loc_01JDEM0000WAW0000000000000",
                          "loc_01JDEM0000GDN0000000000000"};
  const char* warehouse = "loc_01JDEM0000D2W0000000000000";
  const int64_t now0 = NowMs();
  // Set-up, not timed: the stock rows the orders take from, the order-number sequence.
  Exec("BEGIN");
  {
    Stmt level(
        "INSERT OR REPLACE INTO inventory_stock_levels (sku, location_id, on_hand, reserved, "
        "safety_stock, updated_at) VALUES (?1, ?2, ?3, 0, 0, ?4)");
    if (flow == "spread") {
      for (int64_t s = 0; s < skus; ++s) {
        for (const char* loc : {stores[0], stores[1], stores[2], warehouse}) {
          level.Run("BSPR-" + std::to_string(s), loc, int64_t{1000000}, now0);
        }
      }
    } else {
      level.Run(std::string("BENCH-SKU"), warehouse, int64_t{100000000}, now0);
    }
  }
  Exec("INSERT OR IGNORE INTO orders_sequence (name, value) VALUES ('orders', 0)");
  Exec("COMMIT");

  Stmt begin("BEGIN IMMEDIATE");
  Stmt commit("COMMIT");
  Stmt change(
      "INSERT INTO changes_log (module, entity_type, entity_id, type, payload, channel_id, "
      "key_id, request_id, occurred_at, customer_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
      "?9, ?10)");
  Stmt reserve(
      "UPDATE inventory_stock_levels SET reserved = reserved + ?3, updated_at = ?4 "
      "WHERE sku = ?1 AND location_id = ?2 AND on_hand - reserved - safety_stock >= ?3");
  Stmt sell(
      "UPDATE inventory_stock_levels SET on_hand = on_hand - ?3, reserved = reserved - ?3, "
      "updated_at = ?4 WHERE sku = ?1 AND location_id = ?2");
  Stmt hold(
      "INSERT INTO inventory_reservations (id, sku, location_id, quantity, kind, status, "
      "channel_id, reference, created_at, expires_at, updated_at) VALUES (?1, ?2, ?3, 1, ?4, ?5, "
      "?6, ?7, ?8, ?9, ?8)");
  Stmt movement(
      "INSERT INTO inventory_movements (id, sku, location_id, kind, delta, on_hand_after, "
      "reason, reference, created_at) VALUES (?1, ?2, ?3, 'sale', -1, ?4, 'order', ?5, ?6)");
  Stmt sequence("UPDATE orders_sequence SET value = value + 1 WHERE name = 'orders'");
  Stmt order(
      "INSERT INTO orders_orders (id, number, channel_id, customer_id, state, fulfilment, "
      "location_id, address, currency, total, lines, created_at, updated_at, allocations, "
      "sourcing, cart_id) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, 'PLN', 8999, ?9, ?10, ?10, "
      "?11, ?12, ?13)");
  Stmt item("INSERT INTO orders_items (order_id, sku, customer_id) VALUES (?1, ?2, ?3)");
  Stmt payment(
      "INSERT INTO orders_payments (id, order_id, method, amount, currency, reference, status, "
      "created_at) VALUES (?1, ?2, 'blik', 8999, 'PLN', ?3, 'captured', ?4)");
  Stmt idem(
      "INSERT INTO idempotency_keys (key_id, idempotency_key, fingerprint, state, status, "
      "content_type, body, created_at, attempt) VALUES (?1, ?2, ?3, 'completed', 201, "
      "'application/json', ?4, ?5, ?6)");
  Stmt profile(
      "INSERT INTO customers_profiles (id, created_at, updated_at, first_seen_at, last_seen_at) "
      "VALUES (?1, ?2, ?2, ?2, ?2)");
  Stmt identifier(
      "INSERT INTO customers_identifiers (type, ns, value, raw, customer_id, channel_id, source, "
      "added_at) VALUES (?1, '', ?2, ?2, ?3, ?4, 'api', ?5)");
  Stmt trait(
      "INSERT INTO customers_traits (customer_id, name, value, source, channel_id, updated_at) "
      "VALUES (?1, 'name', '\"Jan Kowalski\"', 'api', ?2, ?3)");
  Stmt term("INSERT INTO customers_search_terms (term, customer_id, kind) VALUES (?1, ?2, ?3)");
  Stmt cart(
      "INSERT INTO carts_carts (id, owner_key, customer_id, anonymous_id, channel_id, status, "
      "version, currency, coupons, fulfilment, priced, created_at, updated_at, last_activity_at, "
      "contact_email, contact_phone, contact_name, contact_address, payment_method, "
      "payment_reference, order_id) VALUES (?1, ?2, ?3, ?4, ?5, 'checked_out', 6, 'PLN', '[]', "
      "'ship', ?6, ?7, ?7, ?7, ?8, ?9, 'Jan Kowalski', 'ul. Długa 5, 31-019 Kraków', 'blik', "
      "'BLIK-123', ?10)");
  Stmt cart_line(
      "INSERT INTO carts_lines (cart_id, sku, position, quantity) VALUES (?1, ?2, 0, 1)");

  const std::string channel = "chn_01BENCHCHANNEL000000000000";
  const std::string key = "key_01BENCHKEY00000000000000000";
  const std::string lines_json = Payload("lines", 180);
  const std::string allocations_json = Payload("alloc", 250);
  const std::string sourcing_json = Payload("src", 83);
  const std::string priced_json = Payload("priced", 598);
  const std::string response_body = Payload("resp", 1364);
  std::mt19937_64 rng(42);
  std::uniform_int_distribution<int64_t> pick_sku(0, std::max<int64_t>(0, skus - 1));
  std::uniform_int_distribution<int> pick_store(0, 2);

  int64_t orders = 0, refused = 0, rows = 0;
  const auto started = Clock::now();
  const auto deadline = started + std::chrono::duration<double>(duration_s);
  while (orders < max_orders && Clock::now() < deadline) {
    const int64_t n = orders;
    const int64_t now = NowMs();
    const std::string request = "req_" + std::to_string(n);
    const std::string order_id = Id("ord", n, 0);
    const std::string number = "SZ-B-" + std::to_string(n);
    auto log = [&](const char* entity, const std::string& id, std::string_view type, size_t size,
                   const std::string& customer) {
      change.Run(std::string(type.substr(0, type.find('.'))), std::string(entity), id,
                 std::string(type), Payload(id, size), channel, key, request, now, customer);
      ++rows;
    };
    begin.Run();
    bool ok = true;
    if (flow == "checkout") {
      const std::string customer = Id("cus", n, 0);
      const std::string cart_id = Id("crt", n, 0);
      const std::string hold_id = Id("res", n, 0);
      const std::string email = "buyer-" + std::to_string(n) + "@example.pl";
      const std::string phone = "+485" + std::to_string(10000000 + n);
      profile.Run(customer, now);
      identifier.Run(std::string("anonymous_id"), "bench-" + std::to_string(n), customer, channel,
                     now);
      identifier.Run(std::string("email"), email, customer, channel, now);
      identifier.Run(std::string("phone"), phone, customer, channel, now);
      trait.Run(customer, channel, now);
      for (const std::string& t :
           {email, phone, std::string("jan"), std::string("kowalski"), std::string("jan kowalski"),
            std::to_string(n), "buyer-" + std::to_string(n)}) {
        term.Run(t, customer, std::string("t"));
      }
      rows += 12;
      cart.Run(cart_id, "customer:" + customer, customer, "bench-" + std::to_string(n), channel,
               priced_json, now, email, phone, order_id);
      cart_line.Run(cart_id, std::string("BENCH-SKU"));
      rows += 2;
      if (reserve.Run(std::string("BENCH-SKU"), std::string(warehouse), int64_t{1}, now) != 1) {
        ok = false;
      }
      hold.Run(hold_id, std::string("BENCH-SKU"), std::string(warehouse), std::string("order"),
               std::string("active"), channel, order_id, now, now + int64_t{3 * 86400000});
      sequence.Run();
      order.Run(order_id, number, channel, customer, std::string("placed"), std::string("ship"),
                std::string(), std::string("ul. Długa 5, 31-019 Kraków"), lines_json, now,
                allocations_json, sourcing_json, cart_id);
      item.Run(order_id, std::string("BENCH-SKU"), customer);
      payment.Run(Id("pay", n, 0), order_id, std::string("BLIK-123"), now);
      rows += 6;
      log("cart", cart_id, omnihub::carts::events::kCreated.name, 915, customer);
      for (int u = 0; u < 4; ++u) {
        log("cart", cart_id, omnihub::carts::events::kUpdated.name, 1300, customer);
      }
      log("profile", customer, omnihub::customers::events::kProfileCreated.name, 139, customer);
      log("profile", customer, omnihub::customers::events::kProfileUpdated.name, 158, customer);
      log("reservation", hold_id, omnihub::inventory::events::kReservationCreated.name, 365, "");
      log("stock", "BENCH-SKU", omnihub::inventory::events::kStockChanged.name, 160, "");
      log("order", order_id, omnihub::orders::events::kPlaced.name, 216, customer);
      log("payment", order_id, omnihub::orders::events::kPaymentRecorded.name, 492, customer);
      log("cart", cart_id, omnihub::carts::events::kCheckedOut.name, 130, customer);
    } else {
      const std::string store = stores[pick_store(rng)];
      std::vector<std::string> chosen;
      while (static_cast<int>(chosen.size()) < lines) {
        const std::string sku = "BSPR-" + std::to_string(pick_sku(rng));
        if (std::find(chosen.begin(), chosen.end(), sku) == chosen.end() || skus < lines) {
          chosen.push_back(sku);
        }
      }
      idem.Run(key, "bench-" + std::to_string(n), Payload("fp", 64), response_body, now,
               std::string("att_") + std::to_string(n));
      ++rows;
      std::vector<std::string> holds;
      for (size_t i = 0; i < chosen.size(); ++i) {
        holds.push_back(Id("res", n, static_cast<int>(i)));
        if (reserve.Run(chosen[i], store, int64_t{1}, now) != 1) {
          ok = false;
        }
        hold.Run(holds[i], chosen[i], store, std::string("in_store"), std::string("confirmed"),
                 channel, order_id, now, now + int64_t{3 * 86400000});
        log("reservation", holds[i], omnihub::inventory::events::kReservationCreated.name, 365, "");
        log("stock", chosen[i], omnihub::inventory::events::kStockChanged.name, 150, "");
        ++rows;
      }
      sequence.Run();
      order.Run(order_id, number, channel, std::string(), std::string("completed"),
                std::string("in_store"), store, std::string(), lines_json, now, allocations_json,
                sourcing_json, std::string());
      ++rows;
      for (const std::string& sku : chosen) {
        item.Run(order_id, sku, std::string());
        ++rows;
      }
      log("order", order_id, omnihub::orders::events::kPlaced.name, 216, "");
      for (size_t i = 0; i < chosen.size(); ++i) {
        sell.Run(chosen[i], store, int64_t{1}, now);
        movement.Run(Id("mov", n, static_cast<int>(i)), chosen[i], store, int64_t{999999}, order_id,
                     now);
        ++rows;
        log("reservation", holds[i], omnihub::inventory::events::kReservationConfirmed.name, 368,
            "");
        log("movement", chosen[i], omnihub::inventory::events::kMovementRecorded.name, 267, "");
        log("stock", chosen[i], omnihub::inventory::events::kStockChanged.name, 150, "");
      }
      log("order", order_id, omnihub::orders::events::kCompleted.name, 219, "");
    }
    commit.Run();
    if (ok) {
      ++orders;
    } else {
      ++refused;
      ++orders;  // bounded either way; stock is sized so this never happens
    }
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();
  sqlite3_close(g_db);
  JsonObject report;
  report.Add("label", "orders_baseline_" + flow)
      .Add("flow", flow)
      .Add("orders", orders)
      .Add("refused", refused)
      .Add("elapsed_s", elapsed_s)
      .Add("orders_per_s", elapsed_s > 0 ? static_cast<double>(orders) / elapsed_s : 0.0)
      .Add("rows_per_order",
           orders > 0 ? static_cast<double>(rows) / static_cast<double>(orders) : 0.0)
      .Add("us_per_order", orders > 0 ? 1e6 * elapsed_s / static_cast<double>(orders) : 0.0)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return refused == 0 && orders > 0 ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
