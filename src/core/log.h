#pragma once

#include <cstdint>
#include <initializer_list>
#include <string_view>
#include <utility>
#include <variant>

// Structured JSON logs, one object per line on stderr:
//   {"ts":"2026-11-24T09:19:14.123456Z","level":"info","msg":"listening","addr":"127.0.0.1:8080"}
namespace omnihub::log {

enum class Level { kDebug, kInfo, kWarn, kError, kOff };

using FieldValue = std::variant<std::string_view, int64_t, double, bool>;
using Fields = std::initializer_list<std::pair<std::string_view, FieldValue>>;

// Sets the minimum level. Thread-safe; call once at start-up before other threads log.
void Init(Level level);
// Errors: none; an unknown name yields kInfo.
Level ParseLevel(std::string_view name);

void Debug(std::string_view msg, Fields fields = {});
void Info(std::string_view msg, Fields fields = {});
void Warn(std::string_view msg, Fields fields = {});
void Error(std::string_view msg, Fields fields = {});

}  // namespace omnihub::log
