#include <CLI/CLI.hpp>

#include <algorithm>
#include <cstdlib>
#include <string>
#include <vector>

#include "app/cli_args.h"
#include "app/commands.h"

// Configuration precedence, highest first: command-line flags, OMNIHUB_* environment variables,
// the --config file (TOML or INI), built-in defaults (docs/configuration.md).
int main(int argc, char** argv) {
  using omnihub::app::ServeConfig;
  CLI::App app{"omnihub: the single source of truth for every channel of a retailer"};
  app.require_subcommand(1);
  app.set_config("--config", "", "Read options from this TOML/INI file ([serve] section)");
  app.set_version_flag("--version", "omnihub 0.1.0");

  ServeConfig serve;
  auto* serve_cmd = app.add_subcommand("serve", "Serve the HTTP API");
  serve_cmd->add_option("--db", serve.db_url, "sqlite:PATH or a postgresql:// URL")
      ->envname("OMNIHUB_DB")
      ->capture_default_str();
  serve_cmd->add_option("--listen", serve.listen, "HOST:PORT to listen on (port 0: any free port)")
      ->envname("OMNIHUB_LISTEN")
      ->capture_default_str();
  serve_cmd->add_option("--workers", serve.workers, "Threads for blocking work (database)")
      ->envname("OMNIHUB_WORKERS")
      ->check(CLI::Range(1, 1024))
      ->capture_default_str();
  serve_cmd->add_option("--io-threads", serve.io_threads, "Threads for network I/O")
      ->envname("OMNIHUB_IO_THREADS")
      ->check(CLI::Range(1, 64))
      ->capture_default_str();
  serve_cmd->add_option("--read-connections", serve.read_connections, "SQLite read connections")
      ->envname("OMNIHUB_READ_CONNECTIONS")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve_cmd->add_option("--pool-size", serve.pool_size, "PostgreSQL connections")
      ->envname("OMNIHUB_POOL_SIZE")
      ->check(CLI::Range(1, 256))
      ->capture_default_str();
  serve_cmd->add_option("--log-level", serve.log_level, "debug, info, warn or error")
      ->envname("OMNIHUB_LOG_LEVEL")
      ->check(CLI::IsMember({"debug", "info", "warn", "error"}))
      ->capture_default_str();
  serve_cmd->add_flag("--access-log", serve.access_log, "Log every request")
      ->envname("OMNIHUB_ACCESS_LOG");
  serve_cmd
      ->add_option("--event-dedup-hours", serve.event_dedup_hours,
                   "How long a Segment messageId is remembered to drop retried events")
      ->envname("OMNIHUB_EVENT_DEDUP_HOURS")
      ->check(CLI::Range(1, 24 * 365))
      ->capture_default_str();
  serve_cmd
      ->add_option("--cart-abandoned-after-minutes", serve.cart_abandoned_after_minutes,
                   "Inactivity after which an active cart is marked abandoned")
      ->envname("OMNIHUB_CART_ABANDONED_AFTER_MINUTES")
      ->check(CLI::Range(1, 60 * 24 * 90))
      ->capture_default_str();
  serve_cmd
      ->add_option("--phone-region", serve.phone_region,
                   "Region of phone numbers written without a country code (ISO 3166)")
      ->envname("OMNIHUB_PHONE_REGION")
      ->capture_default_str();
  serve_cmd
      ->add_option("--identity-limits", serve.identity_limits,
                   "Identifiers of a type one profile may hold, e.g. user_id=1,card=1,email=5; "
                   "a link over a limit is a conflict, not a merge")
      ->envname("OMNIHUB_IDENTITY_LIMITS");
  serve_cmd
      ->add_option("--rate-limit-key", serve.rate_limit_key,
                   "Requests per second per API key or write key on this node, RATE/BURST; 0: off")
      ->envname("OMNIHUB_RATE_LIMIT_KEY")
      ->capture_default_str();
  serve_cmd
      ->add_option("--rate-limit-address", serve.rate_limit_address,
                   "Requests per second per client address without a valid key, RATE/BURST")
      ->envname("OMNIHUB_RATE_LIMIT_ADDRESS")
      ->capture_default_str();
  serve_cmd
      ->add_option("--streams-per-key", serve.streams_per_key,
                   "Event streams one API key may hold open at once; 0: no cap")
      ->envname("OMNIHUB_STREAMS_PER_KEY")
      ->check(CLI::Range(0, 100000))
      ->capture_default_str();

  std::string db_url = "sqlite:omnihub.db";
  auto add_db = [&db_url](CLI::App* cmd) {
    cmd->add_option("--db", db_url, "sqlite:PATH or a postgresql:// URL")
        ->envname("OMNIHUB_DB")
        ->capture_default_str();
  };
  auto* migrate_cmd = app.add_subcommand("migrate", "Apply every pending migration");
  add_db(migrate_cmd);

  auto* keys_cmd = app.add_subcommand("keys", "Manage API keys");
  keys_cmd->require_subcommand(1);
  std::string role, channel, location, name, key_id;
  bool as_json = false;
  auto* keys_create = keys_cmd->add_subcommand("create", "Create a key; prints only the key");
  add_db(keys_create);
  keys_create->add_option("--role", role, "admin, agent, store_associate, channel or analyst")
      ->required();
  keys_create->add_option("--channel", channel, "Channel name or id the key writes for");
  keys_create->add_option("--location", location, "Location id (store_associate)");
  keys_create->add_option("--name", name, "A label for the key");
  auto* keys_list = keys_cmd->add_subcommand("list", "List keys (never their secrets)");
  add_db(keys_list);
  keys_list->add_flag("--json", as_json, "Print JSON");
  auto* keys_revoke = keys_cmd->add_subcommand("revoke", "Revoke a key");
  add_db(keys_revoke);
  keys_revoke->add_option("KEY_ID", key_id, "The key's id (key_...)")->required();

  auto* demo_cmd =
      app.add_subcommand("demo", "Create the demo retailer if missing; print its keys");
  add_db(demo_cmd);
  demo_cmd->add_flag("--json", as_json, "Print JSON");

  std::string backup_file;
  auto* import_cmd = app.add_subcommand("import", "Import data");
  import_cmd->require_subcommand(1);
  auto* import_products =
      import_cmd->add_subcommand("products", "Import products from CSV (.csv or .csv.gz)");
  add_db(import_products);
  std::string import_file;
  std::string import_format = "auto";
  import_products->add_option("FILE", import_file, "The CSV file")->required();
  import_products
      ->add_option("--format", import_format,
                   "auto, omnihub or online_retail (UCI Online Retail II invoice lines)")
      ->capture_default_str();
  import_products->add_flag("--json", as_json, "Print the report as JSON");

  auto* backup_cmd = app.add_subcommand("backup", "Online backup of a SQLite database");
  add_db(backup_cmd);
  backup_cmd->add_option("FILE", backup_file, "Where to write the copy")->required();

  bool markdown = false;
  auto* codes_cmd = app.add_subcommand("codes", "Print the error code catalogue");
  codes_cmd->add_flag("--markdown", markdown, "As the Markdown table of docs/errors.md");
  auto* openapi_cmd = app.add_subcommand("openapi", "Print the OpenAPI document");
  auto* events_cmd = app.add_subcommand("events", "Print the event catalogue");
  events_cmd->add_flag("--markdown", markdown, "As docs/events.md");
  auto* events_check = events_cmd->add_subcommand(
      "check",
      "Decode every change in a database's log through its event type (exit 1 on failure)");
  add_db(events_check);

  std::vector<std::string> args = omnihub::app::ConfigFirst(argc, argv);
  omnihub::app::EnvironmentAsFlags(args);
  std::vector<char*> arg_ptrs;
  arg_ptrs.reserve(args.size());
  for (std::string& arg : args) {
    arg_ptrs.push_back(arg.data());
  }
  CLI11_PARSE(app, static_cast<int>(arg_ptrs.size()), arg_ptrs.data());

  using namespace omnihub::app;
  if (serve_cmd->parsed()) {
    return Serve(serve);
  }
  if (migrate_cmd->parsed()) {
    return Migrate(db_url);
  }
  if (keys_create->parsed()) {
    return KeysCreate(db_url, role, channel, location, name);
  }
  if (keys_list->parsed()) {
    return KeysList(db_url, as_json);
  }
  if (keys_revoke->parsed()) {
    return KeysRevoke(db_url, key_id);
  }
  if (demo_cmd->parsed()) {
    return DemoCommand(db_url, as_json);
  }
  if (import_products->parsed()) {
    return ImportProducts(db_url, import_file, import_format, as_json);
  }
  if (backup_cmd->parsed()) {
    return Backup(db_url, backup_file);
  }
  if (codes_cmd->parsed()) {
    return Codes(markdown);
  }
  if (openapi_cmd->parsed()) {
    return OpenApi();
  }
  if (events_check->parsed()) {
    return EventsCommand(false, db_url);
  }
  if (events_cmd->parsed()) {
    return EventsCommand(markdown, "");
  }
  return 2;
}
