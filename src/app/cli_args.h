#pragma once

#include <string>
#include <vector>

// Command-line preparation that CLI11 2.1 cannot do by itself.
namespace omnihub::app {

// argv with `--config FILE` (or `--config=FILE`) moved in front of the subcommand, where CLI11
// reads it, so `omnihub serve --config FILE` works.
std::vector<std::string> ConfigFirst(int argc, char** argv);

// Enforces flags > environment > config file > defaults: each OMNIHUB_* variable whose flag was
// not given is appended as that flag (CLI11 would rank the config file above the environment).
void EnvironmentAsFlags(std::vector<std::string>& args);

}  // namespace omnihub::app
