#pragma once

#include <string>

// The subcommands of the omnihub binary. Each returns the process exit code.
namespace omnihub::app {

struct ServeConfig {
  std::string db_url = "sqlite:omnihub.db";
  std::string listen = "127.0.0.1:8080";
  int workers = 64;
  int io_threads = 2;
  int read_connections = 8;
  int pool_size = 16;
  std::string log_level = "info";
  bool access_log = false;
  int event_dedup_hours = 24 * 7;              // a repeated messageId within this is a duplicate
  int cart_abandoned_after_minutes = 24 * 60;  // an active cart idle this long is abandoned
  std::string phone_region = "PL";             // for phone numbers written without a country code
  // Identity limits per profile, "type=n,…" (user_id=1,card=1,customer_number=1,email=5,phone=5)
  std::string identity_limits;
  std::string rate_limit_key = "20000/40000";  // per API key or write key, per node
  std::string rate_limit_address = "200/400";  // per client address without a valid key
  int streams_per_key = 16;                    // event streams open at once per API key
};

int Serve(const ServeConfig& config);
int Migrate(const std::string& db_url);
int KeysCreate(const std::string& db_url, const std::string& role, const std::string& channel,
               const std::string& location, const std::string& name);
int KeysList(const std::string& db_url, bool as_json);
int KeysRevoke(const std::string& db_url, const std::string& key_id);
int DemoCommand(const std::string& db_url, bool as_json);
int Backup(const std::string& db_url, const std::string& file);
// Imports products from a CSV file with a progress bar; prints the report (counts, rejected
// lines by code). Exit 0 when the file was read, even with rejected lines.
int ImportProducts(const std::string& db_url, const std::string& file, const std::string& format,
                   bool as_json);
int Codes(bool markdown);
// The event catalogue (--markdown: docs/events.md); with `check_db_url`, CheckChangeLog on that
// database, its report as JSON, exit 1 on any failure.
int EventsCommand(bool markdown, const std::string& check_db_url);
int OpenApi();

}  // namespace omnihub::app
