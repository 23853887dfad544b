#include "testing/backends.h"

#include <unistd.h>

#include <array>
#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <filesystem>
#include <mutex>
#include <sstream>
#include <stdexcept>

namespace omnihub::test {
namespace {

std::string RunCommand(const std::string& command) {
  std::array<char, 512> buffer{};
  std::string output;
  FILE* pipe = popen(command.c_str(), "r");
  if (pipe == nullptr) {
    throw std::runtime_error("cannot run " + command);
  }
  while (fgets(buffer.data(), buffer.size(), pipe) != nullptr) {
    output += buffer.data();
  }
  if (pclose(pipe) != 0) {
    throw std::runtime_error("command failed: " + command);
  }
  return output;
}

std::string ClusterScript() {
  return std::string(OMNIHUB_SOURCE_DIR) + "/tests/testing/pg_cluster.sh";
}

class Cluster {
 public:
  static Cluster& Get() {
    static Cluster cluster;
    return cluster;
  }
  ~Cluster() {
    if (!dir_.empty()) {
      (void)std::system((ClusterScript() + " stop " + dir_).c_str());
    }
  }
  std::string NewDatabase() {
    const std::string name = "t" + std::to_string(getpid()) + "_" + std::to_string(next_++);
    (void)RunCommand("psql -q -X '" + admin_url_ + "' -c 'CREATE DATABASE " + name + "'");
    return admin_url_.substr(0, admin_url_.rfind('/') + 1) + name;
  }

 private:
  Cluster() {
    std::istringstream out(RunCommand(ClusterScript() + " start"));
    out >> dir_ >> admin_url_;
  }
  std::string dir_;
  std::string admin_url_;
  std::atomic<int> next_{0};
};

}  // namespace

std::vector<storage::Backend> EnabledBackends() {
  const char* env = std::getenv("OMNIHUB_TEST_BACKENDS");
  const std::string list = env ? env : "sqlite,postgres";
  std::vector<storage::Backend> backends;
  if (list.find("sqlite") != std::string::npos) {
    backends.push_back(storage::Backend::kSqlite);
  }
  if (list.find("postgres") != std::string::npos) {
    backends.push_back(storage::Backend::kPostgres);
  }
  const char* ci = std::getenv("CI");
  if (ci != nullptr && std::string(ci) == "true" && backends.size() != 2) {
    std::fprintf(stderr, "OMNIHUB_TEST_BACKENDS may not restrict backends under CI\n");
    std::abort();
  }
  return backends;
}

std::string TempDir() {
  static std::once_flag once;
  static std::string dir;
  std::call_once(once, [] {
    std::string pattern = (std::filesystem::temp_directory_path() / "omnihub-test.XXXXXX").string();
    dir = mkdtemp(pattern.data());
    std::atexit([] { std::filesystem::remove_all(dir); });
  });
  return dir;
}

std::string FreshDatabaseUrl(storage::Backend backend) {
  static std::atomic<int> counter{0};
  if (backend == storage::Backend::kSqlite) {
    return "sqlite:" + TempDir() + "/db" + std::to_string(counter++) + ".sqlite";
  }
  static std::mutex mu;
  std::lock_guard lock(mu);
  return Cluster::Get().NewDatabase();
}

}  // namespace omnihub::test
