// make test's short run of a fuzz target without libFuzzer: every corpus file, then random
// mutations of them for a bounded time and count. A failing input is written to
// ./fuzz-crash-<target> before the process dies, so the run can be reproduced.
//   fuzz_<target> [--seconds S] [--runs N] [--seed X] corpus_dir...
// The seed is fixed (1) unless given; the run is bounded by time, so the number of mutations
// depends on the machine, their sequence does not.
#include <csignal>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <chrono>
#include <filesystem>
#include <fstream>
#include <iterator>
#include <random>
#include <string>
#include <unistd.h>
#include <fcntl.h>
#include <vector>

#include "target.h"

namespace {

std::vector<uint8_t> g_current;
const char* g_crash_path = "fuzz-crash";

// Async-signal-safe: open/write/close only.
void SaveCurrentAndDie(int sig) {
  const int fd = ::open(g_crash_path, O_WRONLY | O_CREAT | O_TRUNC, 0644);
  if (fd >= 0) {
    (void)!::write(fd, g_current.data(), g_current.size());
    ::close(fd);
  }
  static const char kMessage[] = "fuzz: crashing input written\n";
  (void)!::write(2, kMessage, sizeof(kMessage) - 1);
  std::signal(sig, SIG_DFL);
  std::raise(sig);
}

void Run(const std::vector<uint8_t>& input) {
  g_current = input;
  LLVMFuzzerTestOneInput(g_current.data(), g_current.size());
}

// Bytes that matter to the formats under test.
const std::vector<std::string>& Tokens() {
  static const std::vector<std::string> tokens = {
      "{",   "}",      "[",      "]",     "\"",     ":",      ",",   "\\u0000", "\\ud800", "1e999",
      "-0",  "null",   "true",   "%",     "%2",     "%zz",    "&",   "=",       "+",       "\r\n",
      "\n",  "\r",     "\"\"",   "?",     "HTTP/1.1", "Content-Length: ", "Transfer-Encoding: chunked",
      "\xef\xbb\xbf", "\xc3\x28", "\xf4\x90\x80\x80", "4111111111111111"};
  return tokens;
}

std::vector<uint8_t> Mutate(std::vector<uint8_t> in, const std::vector<std::vector<uint8_t>>& pool,
                            std::mt19937_64& rng) {
  const int steps = 1 + static_cast<int>(rng() % 4);
  for (int s = 0; s < steps; ++s) {
    const size_t at = in.empty() ? 0 : rng() % (in.size() + 1);
    switch (rng() % 6) {
      case 0:  // flip a bit
        if (!in.empty()) {
          in[rng() % in.size()] ^= static_cast<uint8_t>(1u << (rng() % 8));
        }
        break;
      case 1:  // insert a random byte
        in.insert(in.begin() + static_cast<long>(at), static_cast<uint8_t>(rng()));
        break;
      case 2:  // delete a range
        if (!in.empty()) {
          const size_t from = rng() % in.size();
          const size_t len = 1 + rng() % std::min<size_t>(16, in.size() - from);
          in.erase(in.begin() + static_cast<long>(from), in.begin() + static_cast<long>(from + len));
        }
        break;
      case 3: {  // insert a token
        const std::string& t = Tokens()[rng() % Tokens().size()];
        in.insert(in.begin() + static_cast<long>(at), t.begin(), t.end());
        break;
      }
      case 4:  // duplicate a range (deep nesting, long values)
        if (!in.empty() && in.size() < (1 << 16)) {
          const size_t from = rng() % in.size();
          const size_t len = 1 + rng() % std::min<size_t>(64, in.size() - from);
          std::vector<uint8_t> piece(in.begin() + static_cast<long>(from),
                                     in.begin() + static_cast<long>(from + len));
          in.insert(in.begin() + static_cast<long>(at), piece.begin(), piece.end());
        }
        break;
      default: {  // splice in part of another input
        const std::vector<uint8_t>& other = pool[rng() % pool.size()];
        if (!other.empty()) {
          const size_t from = rng() % other.size();
          const size_t len = 1 + rng() % (other.size() - from);
          in.insert(in.begin() + static_cast<long>(at), other.begin() + static_cast<long>(from),
                    other.begin() + static_cast<long>(from + len));
        }
      }
    }
  }
  return in;
}

}  // namespace

int main(int argc, char** argv) {
  double seconds = 2;
  long runs = 100000000;  // the time budget is what ends a run
  uint64_t seed = 1;  // fixed, so a failure in make test reproduces with the same flags
  std::vector<std::filesystem::path> dirs;
  for (int i = 1; i < argc; ++i) {
    const std::string arg = argv[i];
    if (arg == "--seconds" && i + 1 < argc) {
      seconds = std::atof(argv[++i]);
    } else if (arg == "--runs" && i + 1 < argc) {
      runs = std::atol(argv[++i]);
    } else if (arg == "--seed" && i + 1 < argc) {
      seed = std::strtoull(argv[++i], nullptr, 10);
    } else {
      dirs.emplace_back(arg);
    }
  }
  static std::string crash_path =
      "fuzz-crash-" + std::filesystem::path(argv[0]).filename().string();
  g_crash_path = crash_path.c_str();
  for (int sig : {SIGSEGV, SIGABRT, SIGFPE, SIGILL, SIGBUS}) {
    std::signal(sig, SaveCurrentAndDie);
  }
  std::vector<std::vector<uint8_t>> pool;
  for (const auto& dir : dirs) {
    if (!std::filesystem::is_directory(dir)) {
      std::fprintf(stderr, "fuzz: no corpus directory %s\n", dir.c_str());
      return 2;
    }
    for (const auto& entry : std::filesystem::directory_iterator(dir)) {
      std::ifstream file(entry.path(), std::ios::binary);
      pool.emplace_back(std::istreambuf_iterator<char>(file), std::istreambuf_iterator<char>());
    }
  }
  if (pool.empty()) {
    std::fprintf(stderr, "fuzz: the corpus is empty\n");
    return 2;
  }
  std::printf("fuzz: %zu corpus inputs, seed %llu, %.1f s\n", pool.size(),
              static_cast<unsigned long long>(seed), seconds);
  std::fflush(stdout);
  for (const auto& input : pool) {
    Run(input);
  }
  std::mt19937_64 rng(seed);
  const auto deadline =
      std::chrono::steady_clock::now() + std::chrono::duration<double>(seconds);
  long done = 0;
  while (done < runs && std::chrono::steady_clock::now() < deadline) {
    Run(Mutate(pool[rng() % pool.size()], pool, rng));
    ++done;
  }
  std::printf("fuzz: %ld mutations passed\n", done);
  return 0;
}
