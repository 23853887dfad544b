#include "core/log.h"

#include <spdlog/sinks/stdout_sinks.h>
#include <spdlog/spdlog.h>

#include <atomic>
#include <charconv>
#include <string>

#include "core/json.h"

namespace omnihub::log {
namespace {

std::atomic<Level> g_level{Level::kInfo};

std::shared_ptr<spdlog::logger> MakeLogger() {
  auto logger = spdlog::stderr_logger_mt("omnihub");
  // The message body carries "msg" and the fields, already JSON-encoded.
  logger->set_pattern(R"({"ts":"%Y-%m-%dT%H:%M:%S.%fZ","level":"%l",%v})",
                      spdlog::pattern_time_type::utc);
  logger->set_level(spdlog::level::trace);
  logger->flush_on(spdlog::level::trace);
  return logger;
}

spdlog::logger& Logger() {
  static std::shared_ptr<spdlog::logger> logger = MakeLogger();
  return *logger;
}

void AppendField(std::string& out, const FieldValue& value) {
  if (const auto* s = std::get_if<std::string_view>(&value)) {
    json::AppendQuoted(out, *s);
  } else if (const auto* i = std::get_if<int64_t>(&value)) {
    out += std::to_string(*i);
  } else if (const auto* d = std::get_if<double>(&value)) {
    char buf[32];
    auto [end, ec] = std::to_chars(buf, buf + sizeof buf, *d);
    out.append(buf, ec == std::errc() ? end : buf);
  } else {
    out += std::get<bool>(value) ? "true" : "false";
  }
}

void Write(Level level, spdlog::level::level_enum spd_level, std::string_view msg, Fields fields) {
  if (level < g_level.load(std::memory_order_relaxed)) {
    return;
  }
  std::string body = "\"msg\":";
  json::AppendQuoted(body, msg);
  for (const auto& [key, value] : fields) {
    body += ',';
    json::AppendQuoted(body, key);
    body += ':';
    AppendField(body, value);
  }
  Logger().log(spd_level, body);
}

}  // namespace

void Init(Level level) {
  g_level.store(level);
  Logger();
}

Level ParseLevel(std::string_view name) {
  if (name == "debug") {
    return Level::kDebug;
  }
  if (name == "warn" || name == "warning") {
    return Level::kWarn;
  }
  if (name == "error") {
    return Level::kError;
  }
  if (name == "off") {
    return Level::kOff;
  }
  return Level::kInfo;
}

void Debug(std::string_view msg, Fields fields) {
  Write(Level::kDebug, spdlog::level::debug, msg, fields);
}
void Info(std::string_view msg, Fields fields) {
  Write(Level::kInfo, spdlog::level::info, msg, fields);
}
void Warn(std::string_view msg, Fields fields) {
  Write(Level::kWarn, spdlog::level::warn, msg, fields);
}
void Error(std::string_view msg, Fields fields) {
  Write(Level::kError, spdlog::level::err, msg, fields);
}

}  // namespace omnihub::log
