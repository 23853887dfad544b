#include "app/cli_args.h"

#include <optional>

#include <charconv>

#include <algorithm>
#include <cstdlib>

namespace omnihub::app {

// CLI11 reads a config file only as an option of the main command; `omnihub serve --config F`
// is what people type, so the option is moved in front of the subcommand.
std::vector<std::string> ConfigFirst(int argc, char** argv) {
  std::vector<std::string> args(argv, argv + argc);
  for (size_t idx = 1; idx < args.size(); ++idx) {
    if (args[idx] == "--config" && idx + 1 < args.size()) {
      std::vector<std::string> moved = {args[idx], args[idx + 1]};
      args.erase(args.begin() + static_cast<long>(idx), args.begin() + static_cast<long>(idx) + 2);
      args.insert(args.begin() + 1, moved.begin(), moved.end());
      break;
    }
    if (args[idx].starts_with("--config=")) {
      std::string moved = args[idx];
      args.erase(args.begin() + static_cast<long>(idx));
      args.insert(args.begin() + 1, moved);
      break;
    }
  }
  return args;
}

// Precedence is flags > environment > config file > defaults. CLI11 ranks a config file above
// the environment, so an OMNIHUB_* variable is passed on as its flag when that flag was not
// given.
void EnvironmentAsFlags(std::vector<std::string>& args) {
  struct EnvFlag {
    const char* env;
    const char* flag;
    bool serve_only;
  };
  constexpr EnvFlag kEnvFlags[] = {
      {"OMNIHUB_DB", "--db", false},
      {"OMNIHUB_LISTEN", "--listen", true},
      {"OMNIHUB_WORKERS", "--workers", true},
      {"OMNIHUB_IO_THREADS", "--io-threads", true},
      {"OMNIHUB_READ_CONNECTIONS", "--read-connections", true},
      {"OMNIHUB_POOL_SIZE", "--pool-size", true},
      {"OMNIHUB_LOG_LEVEL", "--log-level", true},
      {"OMNIHUB_EVENT_DEDUP_HOURS", "--event-dedup-hours", true},
      {"OMNIHUB_CART_ABANDONED_AFTER_MINUTES", "--cart-abandoned-after-minutes", true},
      {"OMNIHUB_PHONE_REGION", "--phone-region", true},
      {"OMNIHUB_IDENTITY_LIMITS", "--identity-limits", true},
      {"OMNIHUB_RATE_LIMIT_KEY", "--rate-limit-key", true},
      {"OMNIHUB_RATE_LIMIT_ADDRESS", "--rate-limit-address", true},
      {"OMNIHUB_STREAMS_PER_KEY", "--streams-per-key", true},
  };
  const bool serving = std::find(args.begin(), args.end(), "serve") != args.end();
  const bool takes_db = std::any_of(args.begin(), args.end(), [](const std::string& a) {
    return a == "serve" || a == "migrate" || a == "keys" || a == "demo" || a == "backup";
  });
  for (const EnvFlag& pair : kEnvFlags) {
    const char* value = std::getenv(pair.env);
    if (value == nullptr || (pair.serve_only && !serving) || !takes_db) {
      continue;
    }
    const std::string flag = pair.flag;
    const bool given = std::any_of(args.begin(), args.end(), [&](const std::string& a) {
      return a == flag || a.starts_with(flag + "=");
    });
    if (!given) {
      args.push_back(flag);
      args.push_back(value);
    }
  }
}

Result<customers::Limits> ParseIdentityLimits(std::string_view text) {
  customers::Limits limits;
  while (!text.empty()) {
    const size_t comma = text.find(',');
    std::string_view entry = text.substr(0, comma);
    text = comma == std::string_view::npos ? std::string_view() : text.substr(comma + 1);
    while (!entry.empty() && entry.front() == ' ') {
      entry.remove_prefix(1);
    }
    while (!entry.empty() && entry.back() == ' ') {
      entry.remove_suffix(1);
    }
    const size_t equals = entry.find('=');
    int count = -1;
    if (equals != std::string_view::npos) {
      const std::string_view number = entry.substr(equals + 1);
      const auto [end, ec] = std::from_chars(number.data(), number.data() + number.size(), count);
      if (ec != std::errc() || end != number.data() + number.size() || count < 1) {
        count = -1;
      }
    }
    if (count < 1) {
      return Error::InvalidArgument(
          "identity_limits",
          "each entry must be type=n with n >= 1, not \"" + std::string(entry) + "\"");
    }
    OMNI_ASSIGN_OR_RETURN(
        customers::IdentifierType type,
        ParseEnum<customers::IdentifierType>(entry.substr(0, equals), "identity_limits"));
    limits.max_per_profile[type] = count;
  }
  return limits;
}

Result<http::RateLimit> ParseRateLimit(std::string_view text, std::string_view flag) {
  auto number = [](std::string_view part) -> std::optional<double> {
    int64_t value = -1;
    const auto [end, ec] = std::from_chars(part.data(), part.data() + part.size(), value);
    if (ec != std::errc() || end != part.data() + part.size() || value < 0) {
      return std::nullopt;
    }
    return static_cast<double>(value);
  };
  const size_t slash = text.find('/');
  const std::optional<double> rate = number(text.substr(0, slash));
  std::optional<double> burst;
  if (slash != std::string_view::npos) {
    burst = number(text.substr(slash + 1));
  } else if (rate) {
    burst = 2 * *rate;
  }
  if (!rate || !burst || (*rate > 0 && *burst < 1)) {
    return Error::InvalidArgument(flag, "must be RATE/BURST or RATE (whole requests per second; "
                                        "0 for no limit), not \"" + std::string(text) + "\"");
  }
  return http::RateLimit{.per_second = *rate, .burst = *burst};
}

}  // namespace omnihub::app
