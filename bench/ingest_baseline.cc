// ingest_baseline: the baseline of `ingest_batch`. The rows omnihub writes for a /v1/batch of
// 100 events, inserted straight into SQLite from C++, with omnihub's own schema (the database
// is made by `omnihub migrate`) and its durability (WAL, synchronous=FULL), one transaction per
// batch, prepared statements, one thread: per event its dedup row, its event row (properties,
// traits and context as sent), its product rows, its change-log row and its profile's counters.
// No HTTP, no JSON parsing, no identity resolution: what is left is the storage cost.
//
//   ingest_baseline --db PATH --batch-file batch.json [--duration-s 10] [--max-batches 100000]
//
// Prints one JSON line: events/s, batches, fsyncs.

#include <simdjson.h>
#include <sqlite3.h>

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>
#include <string>
#include <vector>

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

bool Check(int rc, sqlite3* db, const char* what) {
  if (rc != SQLITE_OK && rc != SQLITE_DONE && rc != SQLITE_ROW) {
    std::fprintf(stderr, "ingest_baseline: %s: %s\n", what, sqlite3_errmsg(db));
    return false;
  }
  return true;
}

sqlite3_stmt* Prepare(sqlite3* db, const char* sql) {
  sqlite3_stmt* stmt = nullptr;
  if (sqlite3_prepare_v3(db, sql, -1, SQLITE_PREPARE_PERSISTENT, &stmt, nullptr) != SQLITE_OK) {
    std::fprintf(stderr, "ingest_baseline: prepare: %s\n%s\n", sqlite3_errmsg(db), sql);
    std::exit(1);
  }
  return stmt;
}

void Text(sqlite3_stmt* stmt, int pos, const std::string& text) {
  if (text.empty()) {
    sqlite3_bind_null(stmt, pos);
  } else {
    sqlite3_bind_text(stmt, pos, text.data(), static_cast<int>(text.size()), SQLITE_TRANSIENT);
  }
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

  sqlite3* db = nullptr;
  if (sqlite3_open(path.c_str(), &db) != SQLITE_OK) {
    std::fprintf(stderr, "ingest_baseline: cannot open %s\n", path.c_str());
    return 1;
  }
  sqlite3_exec(db, "PRAGMA journal_mode=WAL; PRAGMA synchronous=FULL; PRAGMA foreign_keys=ON;",
               nullptr, nullptr, nullptr);
  // One profile per visitor of a batch, as identity resolution would leave them.
  sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
  for (int visitor = 0; visitor < 20; ++visitor) {
    const std::string sql =
        "INSERT OR IGNORE INTO customers_profiles (id, created_at, updated_at) VALUES "
        "('cus_baseline" +
        std::to_string(visitor) + "', 0, 0)";
    sqlite3_exec(db, sql.c_str(), nullptr, nullptr, nullptr);
  }
  sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);

  sqlite3_stmt* dedup =
      Prepare(db,
              "INSERT INTO events_dedup (channel_id, message_id, received_at) VALUES (?1, ?2, ?3) "
              "ON CONFLICT (channel_id, message_id) DO NOTHING");
  sqlite3_stmt* event = Prepare(
      db,
      "INSERT INTO events_events (id, message_id, channel_id, customer_id, type, event_name, "
      "user_id, anonymous_id, timestamp, original_timestamp, sent_at, received_at, "
      "properties, traits, context, order_id, revenue_minor, currency, product_count) "
      "VALUES (?1, ?2, 'ch_baseline', ?3, ?4, ?5, ?6, ?7, ?8, ?8, ?8, ?8, ?9, ?10, ?11, NULL, "
      "NULL, NULL, ?12)");
  sqlite3_stmt* product =
      Prepare(db,
              "INSERT INTO events_products (event_id, position, product_id, sku, quantity, "
              "price_minor) VALUES (?1, ?2, 'SKU-1', 'SKU-1', 1, 49999)");
  sqlite3_stmt* change =
      Prepare(db,
              "INSERT INTO changes_log (module, entity_type, entity_id, type, payload, channel_id, "
              "key_id, request_id, occurred_at, customer_id) VALUES ('events', 'event', ?1, "
              "?6, ?2, 'ch_baseline', NULL, ?3, ?4, ?5)");
  sqlite3_stmt* profile =
      Prepare(db,
              "UPDATE customers_profiles SET event_count = event_count + 1, "
              "track_count = track_count + 1, last_seen_at = ?2, updated_at = ?2 WHERE id = ?1");

  const auto started = Clock::now();
  int64_t batches = 0;
  int64_t events = 0;
  bool ok = true;
  while (ok && batches < max_batches &&
         std::chrono::duration<double>(Clock::now() - started).count() < duration_s) {
    ok = Check(sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr), db, "begin");
    const int64_t now_us = std::chrono::duration_cast<std::chrono::microseconds>(
                               std::chrono::system_clock::now().time_since_epoch())
                               .count();
    for (size_t idx = 0; ok && idx < rows.size(); ++idx) {
      const Row& row = rows[idx];
      const std::string n = std::to_string(batches) + "-" + std::to_string(idx);
      const std::string id = "evt_baseline" + n;
      const std::string message_id = "msg-" + n;
      const std::string customer = "cus_baseline" + std::to_string(idx % 20);
      Text(dedup, 1, "ch_baseline");
      Text(dedup, 2, message_id);
      sqlite3_bind_int64(dedup, 3, now_us);
      ok = ok && Check(sqlite3_step(dedup), db, "dedup");
      sqlite3_reset(dedup);

      Text(event, 1, id);
      Text(event, 2, message_id);
      Text(event, 3, customer);
      Text(event, 4, row.type);
      Text(event, 5, row.event_name);
      Text(event, 6, row.user_id);
      Text(event, 7, row.anonymous_id);
      sqlite3_bind_int64(event, 8, now_us);
      Text(event, 9, row.properties);
      Text(event, 10, row.traits);
      Text(event, 11, row.context);
      sqlite3_bind_int64(event, 12, row.products);
      ok = ok && Check(sqlite3_step(event), db, "event");
      sqlite3_reset(event);

      for (int position = 0; ok && position < row.products; ++position) {
        Text(product, 1, id);
        sqlite3_bind_int(product, 2, position);
        ok = Check(sqlite3_step(product), db, "product");
        sqlite3_reset(product);
      }

      // The change carries the event as stored, as omnihub's does.
      const std::string payload = R"({"id":")" + id + R"(","type":")" + row.type +
                                  R"(","customer_id":")" + customer + R"(","properties":)" +
                                  row.properties + R"(,"context":)" + row.context + "}";
      Text(change, 1, id);
      Text(change, 2, payload);
      Text(change, 3, "req_baseline");
      sqlite3_bind_int64(change, 4, now_us);
      Text(change, 5, customer);
      Text(change, 6, std::string(omnihub::events::events::kEventReceived.name));
      ok = ok && Check(sqlite3_step(change), db, "change");
      sqlite3_reset(change);

      Text(profile, 1, customer);
      sqlite3_bind_int64(profile, 2, now_us);
      ok = ok && Check(sqlite3_step(profile), db, "profile");
      sqlite3_reset(profile);
      ++events;
    }
    ok = ok && Check(sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr), db, "commit");
    ++batches;
  }
  const double elapsed = std::chrono::duration<double>(Clock::now() - started).count();
  for (sqlite3_stmt* stmt : {dedup, event, product, change, profile}) {
    sqlite3_finalize(stmt);
  }
  sqlite3_close(db);

  JsonObject report;
  report.Add("label", "ingest_baseline")
      .Add("events", events)
      .Add("batches", batches)
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
