// ingest_baseline: the baseline of `ingest_batch` (and its PostgreSQL variant). The rows omnihub
// writes for a /v1/batch of 100 events, inserted straight from C++ into a database with
// omnihub's own schema (made by `omnihub migrate`) and its durability (SQLite: WAL,
// synchronous=FULL; PostgreSQL: its defaults), one transaction per batch, prepared statements:
// per event its dedup row, its event row (properties, traits and context as sent), its product
// rows, its change-log row and its profile's counters. No HTTP, no JSON parsing, no identity
// resolution: what is left is the storage cost. SQLite: one thread; PostgreSQL: --threads
// connections (bare libpq), each writing its own batches.
//
//   ingest_baseline --db PATH|postgresql://… --batch-file batch.json [--duration-s 10]
//                   [--max-batches 100000] [--threads 1]
//
// Prints one JSON line: events/s, batches.

#include <simdjson.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <thread>
#include <vector>

#include "bench/baseline_db.h"
#include "bench/bench_util.h"
#include "events/events.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct Row {
  std::string type;
  std::string event_name;
  std::string user_id;
  std::string anonymous_id;
  std::string properties;
  std::string traits;
  std::string context;
  int products = 0;
};

std::string Raw(simdjson::dom::element element, const char* key) {
  simdjson::dom::element value;
  if (element[key].get(value) != simdjson::SUCCESS) {
    return key[0] == 'p' || key[0] == 't' || key[0] == 'c' ? "{}" : "";
  }
  if (value.is_string()) {
    return std::string(value.get_string().value());
  }
  return simdjson::minify(value);
}

// One batch of `rows` in one transaction; `batch` numbers it (unique ids across threads).
struct Statements {
  explicit Statements(BaselineDb& db)
      : dedup(db,
              "INSERT INTO events_dedup (channel_id, message_id, received_at) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (channel_id, message_id) DO NOTHING"),
        event(db,
              "INSERT INTO events_events (id, message_id, channel_id, customer_id, type, "
              "event_name, user_id, anonymous_id, timestamp, original_timestamp, sent_at, "
              "received_at, properties, traits, context, order_id, revenue_minor, currency, "
              "product_count) VALUES (?1, ?2, 'ch_baseline', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?8, "
              "?9, ?10, ?11, NULL, NULL, NULL, ?12)"),
        product(db,
                "INSERT INTO events_products (event_id, position, product_id, sku, quantity, "
                "price_minor) VALUES (?1, ?2, 'SKU-1', 'SKU-1', 1, 49999)"),
        change(db,
               "INSERT INTO changes_log (module, entity_type, entity_id, type, payload, "
               "channel_id, key_id, request_id, occurred_at, customer_id) VALUES ('events', "
               "'event', ?1, ?6, ?2, 'ch_baseline', NULL, ?3, ?4, ?5)"),
        profile(db,
                "UPDATE customers_profiles SET event_count = event_count + 1, "
                "track_count = track_count + 1, last_seen_at = ?2, updated_at = ?2 WHERE id = ?1") {
  }
  BaselineStmt dedup, event, product, change, profile;
};

void WriteBatch(BaselineDb& db, Statements& st, const std::vector<Row>& rows, int64_t batch) {
  db.Begin();
  const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                             std::chrono::system_clock::now().time_since_epoch())
                             .count();
  for (size_t idx = 0; idx < rows.size(); ++idx) {
    const Row& row = rows[idx];
    const std::string n = std::to_string(batch) + "-" + std::to_string(idx);
    const std::string id = "evt_baseline" + n;
    const std::string message_id = "msg-" + n;
    const std::string customer = "cus_baseline" + std::to_string(idx % 20);
    st.dedup.Run("ch_baseline", message_id, now_us);
    st.event.Run(id, message_id, customer, row.type, row.event_name, row.user_id, row.anonymous_id,
                 now_us, row.properties, row.traits, row.context, int64_t{row.products});
    for (int position = 0; position < row.products; ++position) {
      st.product.Run(id, position);
    }
    // The change carries the event as stored, as omnihub's does.
    const std::string payload = R"({"id":")" + id + R"(","type":")" + row.type +
                                R"(","customer_id":")" + customer + R"(","properties":)" +
                                row.properties + R"(,"context":)" + row.context + "}";
    st.change.Run(id, payload, "req_baseline", now_us, customer,
                  std::string(omnihub::events::events::kEventReceived.name));
    st.profile.Run(customer, now_us);
  }
  db.Exec("COMMIT");
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::string path = flags.Get("db", "");
  const std::string batch_file = flags.Get("batch-file", "");
  if (path.empty() || batch_file.empty()) {
    std::fprintf(stderr, "ingest_baseline: --db PATH and --batch-file FILE are required\n");
    return 2;
  }
  const double duration_s = flags.GetDouble("duration-s", 10);
  const int64_t max_batches = flags.GetInt("max-batches", 100000);

  std::ifstream in(batch_file, std::ios::binary);
  const std::string text((std::istreambuf_iterator<char>(in)), std::istreambuf_iterator<char>());
  simdjson::dom::parser parser;
  simdjson::dom::element doc;
  if (parser.parse(text).get(doc) != simdjson::SUCCESS) {
    std::fprintf(stderr, "ingest_baseline: %s is not JSON\n", batch_file.c_str());
    return 2;
  }
  std::vector<Row> rows;
  for (simdjson::dom::element event : doc["batch"].get_array()) {
    Row row{.type = Raw(event, "type"),
            .event_name = Raw(event, "event"),
            .user_id = Raw(event, "userId"),
            .anonymous_id = Raw(event, "anonymousId"),
            .properties = Raw(event, "properties"),
            .traits = Raw(event, "traits"),
            .context = Raw(event, "context")};
    simdjson::dom::array products;
    if (event["properties"]["products"].get(products) == simdjson::SUCCESS) {
      row.products = static_cast<int>(products.size());
    }
    rows.push_back(std::move(row));
  }

  const int threads = static_cast<int>(std::clamp<int64_t>(flags.GetInt("threads", 1), 1, 256));
  {
    std::unique_ptr<BaselineDb> db = BaselineDb::Open(path);
    if (!db->postgres()) {
      db->Exec("PRAGMA foreign_keys=ON");
    }
    // One profile per visitor of a batch, as identity resolution would leave them.
    db->Begin();
    BaselineStmt visitor(*db,
                         "INSERT INTO customers_profiles (id, created_at, updated_at) VALUES (?1, "
                         "0, 0) ON CONFLICT DO NOTHING");
    for (int idx = 0; idx < 20; ++idx) {
      visitor.Run("cus_baseline" + std::to_string(idx));
    }
    if (db->postgres()) {
      // omnihub's sequencer numbers its log itself; these rows take the column's identity
      // sequence, moved past what is there.
      db->Exec(
          "SELECT setval(pg_get_serial_sequence('changes_log', 'seq'), "
          "(SELECT COALESCE(MAX(seq), 0) + 1 FROM changes_log), false)");
    }
    db->Exec("COMMIT");
  }
  const auto started = Clock::now();
  std::atomic<int64_t> next_batch{0};
  std::atomic<int64_t> batches{0};
  std::vector<std::thread> workers;
  for (int idx = 0; idx < threads; ++idx) {
    workers.emplace_back([&] {
      std::unique_ptr<BaselineDb> db = BaselineDb::Open(path);
      if (!db->postgres()) {
        db->Exec("PRAGMA foreign_keys=ON");
      }
      Statements st(*db);
      while (std::chrono::duration<double>(Clock::now() - started).count() < duration_s) {
        const int64_t batch = next_batch++;
        if (batch >= max_batches) {
          break;
        }
        WriteBatch(*db, st, rows, batch);
        ++batches;
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  const int64_t events = batches.load() * static_cast<int64_t>(rows.size());
  const bool ok = batches > 0;

  JsonObject report;
  report.Add("label", "ingest_baseline")
      .Add("events", events)
      .Add("batches", batches.load())
      .Add("threads", int64_t{threads})
      .Add("events_per_batch", static_cast<int64_t>(rows.size()))
      .Add("elapsed_s", elapsed)
      .Add("events_per_s", elapsed > 0 ? static_cast<double>(events) / elapsed : 0.0)
      .Add("cpu_s", ProcessCpuSeconds())
      .Add("ok", ok);
  std::printf("%s\n", report.str().c_str());
  return ok ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
