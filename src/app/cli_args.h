#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "customers/customers.h"
#include "http/rate_limit.h"

// Command-line preparation that CLI11 2.1 cannot do by itself.
namespace omnihub::app {

// argv with `--config FILE` (or `--config=FILE`) moved in front of the subcommand, where CLI11
// reads it, so `omnihub serve --config FILE` works.
std::vector<std::string> ConfigFirst(int argc, char** argv);

// Enforces flags > environment > config file > defaults: each OMNIHUB_* variable whose flag was
// not given is appended as that flag (CLI11 would rank the config file above the environment).
void EnvironmentAsFlags(std::vector<std::string>& args);

// "user_id=1,card=1,email=5" over the defaults (customers::Limits); "" keeps the defaults.
// Errors: kInvalidArgument (field "identity_limits") naming the bad entry.
Result<customers::Limits> ParseIdentityLimits(std::string_view text);

// "RATE/BURST" or "RATE" (burst twice the rate), requests per second; "0" turns the limit off.
// Errors: kInvalidArgument (field `flag`).
Result<http::RateLimit> ParseRateLimit(std::string_view text, std::string_view flag);

}  // namespace omnihub::app
