#include "app/commands.h"

#include <stdlib.h>

#include <cstdio>
#include <filesystem>
#include <iostream>

#include "app/app.h"
#include "app/progress.h"
#include "catalog/catalog.h"
#include "channels/channels.h"
#include "core/error.h"
#include "core/json.h"
#include "core/log.h"

namespace omnihub::app {
namespace {

int Fail(const Error& error) {
  std::fprintf(stderr, "omnihub: %s (%s)\n", error.message.c_str(),
               std::string(CodeName(error.code)).c_str());
  return 1;
}

Result<std::unique_ptr<Platform>> Open(const std::string& db_url) {
  log::Init(log::Level::kWarn);  // CLI output is for people and scripts; logs only on trouble
  PlatformOptions options;
  options.db_url = db_url;
  options.db.read_connections = 2;
  options.db.pool_size = 2;
  return OpenPlatform(options);
}

}  // namespace

int Migrate(const std::string& db_url) {
  Result<std::unique_ptr<Platform>> platform = Open(db_url);
  if (!platform.ok()) {
    return Fail(platform.error());
  }
  Result<std::string> bootstrap = EnsureBootstrapKey(**platform);
  if (!bootstrap.ok()) {
    return Fail(bootstrap.error());
  }
  if (!bootstrap->empty()) {
    std::printf("bootstrap admin key: %s\n(shown once: keep it safe)\n", bootstrap->c_str());
  }
  std::printf("migrations current\n");
  return 0;
}

int KeysCreate(const std::string& db_url, const std::string& role, const std::string& channel,
               const std::string& location, const std::string& name) {
  Result<http::Role> parsed_role = ParseEnum<http::Role>(role, "role");
  if (!parsed_role.ok()) {
    return Fail(parsed_role.error());
  }
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  Platform& p = **opened;
  auto create = [&](storage::Tx& tx) -> Result<channels::CreatedKey> {
    channels::NewKey req{.role = *parsed_role, .name = name};
    if (!channel.empty()) {
      OMNI_ASSIGN_OR_RETURN(std::optional<channels::Channel> by_name,
                            p.Get<channels::ChannelsService>().FindChannelByName(tx, channel));
      req.channel_id = by_name ? by_name->id.str() : channel;
    }
    if (!location.empty()) {
      req.location_id = location;
    }
    return p.Get<channels::ChannelsService>().CreateKey(tx, req);
  };
  Result<channels::CreatedKey> created = p.db().InTransaction(create);
  if (!created.ok()) {
    return Fail(created.error());
  }
  std::printf("%s\n", created->secret.c_str());
  return 0;
}

int KeysList(const std::string& db_url, bool as_json) {
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  Platform& p = **opened;
  Result<std::vector<channels::ApiKey>> keys =
      p.db().Read([&](storage::Tx& tx) { return p.Get<channels::ChannelsService>().ListKeys(tx); });
  if (!keys.ok()) {
    return Fail(keys.error());
  }
  if (as_json) {
    json::Writer w;
    w.BeginObject().Key("keys").BeginArray();
    for (const channels::ApiKey& key : *keys) {
      w.BeginObject();
      w.Field("id", key.id.str()).Field("role", NameOf(key.role)).Field("name", key.name);
      w.Field("prefix", key.prefix).Field("revoked", key.revoked_at.has_value());
      w.EndObject();
    }
    w.EndArray().EndObject();
    std::printf("%s\n", w.str().c_str());
    return 0;
  }
  std::printf("%-32s %-16s %-10s %-8s %s\n", "ID", "ROLE", "PREFIX", "STATE", "NAME");
  for (const channels::ApiKey& key : *keys) {
    std::printf("%-32s %-16s %-10s %-8s %s\n", key.id.str().c_str(),
                std::string(NameOf(key.role)).c_str(), key.prefix.c_str(),
                key.revoked_at ? "revoked" : "active", key.name.c_str());
  }
  return 0;
}

int KeysRevoke(const std::string& db_url, const std::string& key_id) {
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  Platform& p = **opened;
  Result<channels::ApiKey> revoked = p.db().InTransaction(
      [&](storage::Tx& tx) { return p.Get<channels::ChannelsService>().RevokeKey(tx, key_id); });
  if (!revoked.ok()) {
    return Fail(revoked.error());
  }
  std::printf("revoked %s\n", key_id.c_str());
  return 0;
}

int DemoCommand(const std::string& db_url, bool as_json) {
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  ProgressBar progress("loading the demo retailer", 1);
  Result<Demo> demo = LoadDemo(**opened);
  progress.Finish();
  if (!demo.ok()) {
    return Fail(demo.error());
  }
  if (as_json) {
    std::printf("%s\n", DemoJson(*demo).c_str());
    return 0;
  }
  std::printf("%s — demo retailer%s\n\n", demo->retailer.c_str(),
              demo->created_now ? " (created now)" : "");
  std::printf("%-16s %-12s %-30s %s\n", "CHANNEL", "TYPE", "ID", "SEGMENT WRITE KEY");
  for (const DemoChannel& channel : demo->channels) {
    std::printf("%-16s %-12s %-30s %s\n", channel.name.c_str(), channel.type.c_str(),
                channel.id.c_str(), channel.write_key.c_str());
  }
  std::printf("\n%-16s %s\n", "ACT AS", "API KEY (Authorization: Bearer ...)");
  for (const auto& [name, key] : demo->keys) {
    std::printf("%-16s %s\n", name.c_str(), key.c_str());
  }
  std::printf("\n%-16s %s\n", "CUSTOMER", "PROFILE (GET /api/v1/customers/{id}, .../timeline)");
  for (const auto& [name, id] : demo->customers) {
    std::printf("%-16s %s\n", name.c_str(), id.c_str());
  }
  std::printf("\n%-22s %-12s %-27s %s\n", "CART", "STATUS", "FULFILMENT", "ID");
  for (const DemoCart& cart : demo->carts) {
    std::printf("%-22s %-12s %-27s %s\n", (cart.owner + " (" + cart.channel + ")").c_str(),
                cart.status.c_str(), (cart.fulfilment + " " + cart.store).c_str(), cart.id.c_str());
  }
  std::printf("\n%-16s %-18s %-10s %s\n", "ORDER", "STATE", "STORE",
              "ID (GET /api/v1/orders/{id})");
  for (const DemoOrder& order : demo->orders) {
    std::printf("%-16s %-18s %-10s %s\n", order.number.c_str(), order.state.c_str(),
                order.store.c_str(), order.id.c_str());
  }
  return 0;
}

int ImportProducts(const std::string& db_url, const std::string& file, const std::string& format,
                   bool as_json) {
  Result<catalog::ImportFormat> parsed = ParseEnum<catalog::ImportFormat>(format, "format");
  if (!parsed.ok()) {
    Fail(parsed.error());
    return 2;
  }
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  Platform& p = **opened;
  std::unique_ptr<ProgressBar> bar;
  int64_t shown = 0;
  catalog::ImportOptions options{.format = *parsed};
  options.progress = [&bar, &shown](int64_t done, int64_t total) {
    if (!bar) {
      bar = std::make_unique<ProgressBar>("importing products", total);
    }
    bar->Advance(done - shown);
    shown = done;
  };
  Result<catalog::ImportReport> report =
      catalog::ImportFile(p.db(), p.Get<catalog::CatalogService>(), file, options);
  if (bar) {
    bar->Finish();
  }
  if (!report.ok()) {
    return Fail(report.error());
  }
  if (as_json) {
    std::printf("%s\n", catalog::EncodeImportReport(*report).c_str());
    return 0;
  }
  std::printf(
      "%lld lines: %lld imported into %lld products (%lld new, %lld updated, %lld "
      "unchanged), %lld rejected\n",
      static_cast<long long>(report->lines), static_cast<long long>(report->imported_lines),
      static_cast<long long>(report->products), static_cast<long long>(report->created),
      static_cast<long long>(report->updated), static_cast<long long>(report->unchanged),
      static_cast<long long>(report->rejected_lines));
  for (const auto& [code, count] : report->rejected) {
    std::printf("  rejected %-22s %lld\n", code.c_str(), static_cast<long long>(count));
  }
  for (const catalog::LineError& error : report->errors) {
    if (&error - report->errors.data() >= 10) {
      std::printf("  … (--json lists up to %zu line errors)\n", report->errors.size());
      break;
    }
    std::printf("  line %lld, %s: %s (%s)\n", static_cast<long long>(error.line),
                error.field.c_str(), error.message.c_str(), error.code.c_str());
  }
  if (report->format == catalog::ImportFormat::kOnlineRetail) {
    std::printf("\n%s\n", std::string(catalog::kOnlineRetailAttribution).c_str());
  }
  return 0;
}

int Backup(const std::string& db_url, const std::string& file) {
  Result<std::unique_ptr<Platform>> opened = Open(db_url);
  if (!opened.ok()) {
    return Fail(opened.error());
  }
  Result<void> done = (*opened)->db().Backup(file);
  if (!done.ok()) {
    return Fail(done.error());
  }
  std::printf("backup written to %s\n", file.c_str());
  return 0;
}

std::string ErrorCodesMarkdown() {
  std::string out =
      "# Error codes\n\n"
      "Generated by `omnihub codes --markdown` from `src/core/error.cc`; a test keeps this file\n"
      "equal to it. Every error is `{\"error\":{\"code\":\"...\",\"message\":\"...\","
      "\"details\":{...},\"request_id\":\"...\"}}`.\n"
      "Clients switch on `code`, never on `message`.\n\n"
      "| code | HTTP | meaning |\n|---|---|---|\n";
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    out += "| `" + std::string(info.name) + "` | " + std::to_string(info.http_status) + " | " +
           std::string(info.meaning) + " |\n";
  }
  return out;
}

int Codes(bool markdown) {
  if (markdown) {
    std::fputs(ErrorCodesMarkdown().c_str(), stdout);
    return 0;
  }
  for (const ErrorCodeInfo& info : ErrorCatalogue()) {
    std::printf("%-24s %d  %s\n", std::string(info.name).c_str(), info.http_status,
                std::string(info.meaning).c_str());
  }
  return 0;
}

int OpenApi() {
  // The route table needs a database to bind to; a throwaway one is enough to describe it.
  char dir_template[] = "/tmp/omnihub-openapi.XXXXXX";
  const char* dir = mkdtemp(dir_template);
  if (dir == nullptr) {
    return Fail(Error::Internal("cannot create a temporary directory"));
  }
  const std::string path = std::string(dir) + "/openapi.db";
  int code = 0;
  {
    log::Init(log::Level::kWarn);
    PlatformOptions options{.db_url = "sqlite:" + path, .serve = true};
    options.db.read_connections = 1;
    Result<std::unique_ptr<Platform>> opened = OpenPlatform(options);
    if (opened.ok()) {
      std::printf("%s\n",
                  http::OpenApiDocument((*opened)->router, kVersion, EventSchemas()).c_str());
    } else {
      code = Fail(opened.error());
    }
  }
  std::filesystem::remove_all(dir);
  return code;
}

}  // namespace omnihub::app
