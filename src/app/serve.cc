#include <pthread.h>
#include <signal.h>

#include <atomic>
#include <charconv>
#include <condition_variable>
#include <cstdio>
#include <cstdlib>
#include <mutex>
#include <thread>

#include "app/app.h"
#include "app/cli_args.h"
#include "app/commands.h"
#include "channels/channels.h"
#include "core/log.h"
#include "http/server.h"

namespace omnihub::app {
namespace {

Result<std::pair<std::string, uint16_t>> ParseListen(const std::string& listen) {
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || colon == 0) {
    return Error::InvalidArgument("listen", "must be HOST:PORT");
  }
  int port = -1;
  std::string_view digits = std::string_view(listen).substr(colon + 1);
  auto [end, ec] = std::from_chars(digits.data(), digits.data() + digits.size(), port);
  if (ec != std::errc() || end != digits.data() + digits.size() || port < 0 || port > 65535) {
    return Error::InvalidArgument("listen", "has an invalid port");
  }
  return std::make_pair(listen.substr(0, colon), static_cast<uint16_t>(port));
}

// Runs every module's sweeps (expired holds and points, uncollected pickups, idle carts, old
// Idempotency-Key records and event messageIds), each at its own period, the first pass at
// start. Until stopped.
class Maintenance {
 public:
  explicit Maintenance(Platform& p) : thread_([this, &p] { Loop(p); }) {}
  ~Maintenance() {
    {
      std::lock_guard lock(mu_);
      stop_ = true;
    }
    cv_.notify_one();
    thread_.join();
  }

 private:
  struct Scheduled {
    node::Sweep sweep;
    TimePoint next;
  };

  void Loop(Platform& p) {
    std::vector<Scheduled> schedule;
    for (const node::Module* module : p.node->modules()) {
      if (module->sweeps == nullptr) {
        continue;
      }
      for (node::Sweep& sweep : module->sweeps()) {
        schedule.push_back({.sweep = std::move(sweep), .next = p.clock.Now()});
      }
    }
    std::unique_lock lock(mu_);
    while (!stop_) {
      lock.unlock();
      for (Scheduled& item : schedule) {
        const TimePoint now = p.clock.Now();
        if (item.next > now) {
          continue;
        }
        Result<int64_t> swept = item.sweep.run(*p.node, now);
        if (!swept.ok()) {
          log::Warn("sweep failed", {{"sweep", item.sweep.name}, {"error", swept.error().message}});
        }
        item.next = now + item.sweep.every;
      }
      lock.lock();
      cv_.wait_for(lock, kTick, [this] { return stop_; });
    }
  }

  static constexpr std::chrono::seconds kTick{30};  // no sweep runs more often
  std::mutex mu_;
  std::condition_variable cv_;
  bool stop_ = false;  // GUARDED_BY(mu_)
  std::thread thread_;
};

}  // namespace

int Serve(const ServeConfig& config) {
  log::Init(log::ParseLevel(config.log_level));
  // Signals are taken by one thread with sigwait, so no handler runs inside library code.
  sigset_t signals;
  sigemptyset(&signals);
  sigaddset(&signals, SIGTERM);
  sigaddset(&signals, SIGINT);
  pthread_sigmask(SIG_BLOCK, &signals, nullptr);
  signal(SIGPIPE, SIG_IGN);

  Result<std::pair<std::string, uint16_t>> address = ParseListen(config.listen);
  if (!address.ok()) {
    std::fprintf(stderr, "omnihub: %s\n", address.error().message.c_str());
    return 2;
  }
  Result<customers::Limits> limits = ParseIdentityLimits(config.identity_limits);
  Result<http::RateLimit> per_key = ParseRateLimit(config.rate_limit_key, "rate_limit_key");
  Result<http::RateLimit> per_address =
      ParseRateLimit(config.rate_limit_address, "rate_limit_address");
  for (const Error* bad : {limits.ok() ? nullptr : &limits.error(),
                           per_key.ok() ? nullptr : &per_key.error(),
                           per_address.ok() ? nullptr : &per_address.error()}) {
    if (bad != nullptr) {
      std::fprintf(stderr, "omnihub: %s\n", bad->message.c_str());
      return 2;
    }
  }
  PlatformOptions options{
      .db_url = config.db_url,
      .customers = {.limits = *limits, .default_region = config.phone_region},
      .events = {.dedup_window = std::chrono::hours(config.event_dedup_hours)},
      .carts = {.abandon_after = std::chrono::minutes(config.cart_abandoned_after_minutes)},
      .serve = true};
  options.db.read_connections = config.read_connections;
  options.db.pool_size = config.pool_size;
  Result<std::unique_ptr<Platform>> opened = OpenPlatform(options);
  if (!opened.ok()) {
    std::fprintf(stderr, "omnihub: %s\n", opened.error().message.c_str());
    return 1;
  }
  Platform& p = **opened;
  Result<std::string> bootstrap = EnsureBootstrapKey(p);
  if (!bootstrap.ok()) {
    std::fprintf(stderr, "omnihub: cannot create the bootstrap admin key: %s\n",
                 bootstrap.error().message.c_str());
    return 1;
  }
  if (!bootstrap->empty()) {
    std::printf("bootstrap admin key: %s (shown once: keep it safe)\n", bootstrap->c_str());
  }

  http::ServerOptions server_options;
  server_options.host = address->first;
  server_options.port = address->second;
  server_options.worker_threads = config.workers;
  server_options.io_threads = config.io_threads;
  server_options.access_log = config.access_log;
  server_options.rate_limits = {.per_key = *per_key,
                                .per_address = *per_address,
                                .streams_per_key = config.streams_per_key};
  std::unique_ptr<http::Server> server =
      http::Server::Create(server_options, p.router, p.Get<channels::KeyAuthenticator>(),
                           &p.Get<http::IdempotencyStore>());
  Result<uint16_t> port = server->Listen();
  if (!port.ok()) {
    std::fprintf(stderr, "omnihub: %s\n", port.error().message.c_str());
    return 1;
  }
  Maintenance maintenance(p);
  std::atomic<bool> stopped{false};
  std::thread signal_thread([&server, &stopped, signals] {
    int received = 0;
    sigwait(&signals, &received);
    if (stopped) {
      return;
    }
    log::Info("draining", {{"signal", int64_t{received}}});
    server->Shutdown();
    // A second signal while draining means "now": the operator has given up waiting.
    sigwait(&signals, &received);
    if (!stopped) {
      log::Warn("second signal: exiting without finishing the drain");
      std::_Exit(1);
    }
  });
  log::Info("listening", {{"address", address->first},
                          {"port", int64_t{*port}},
                          {"db", std::string_view(NameOf(p.db().backend()))}});
  std::printf("omnihub listening on http://%s:%u\n", address->first.c_str(), *port);
  std::fflush(stdout);

  server->Run();
  // Run returned: drained. Release the signal thread from whichever sigwait it is in.
  stopped = true;
  // SIGTERM is blocked in every thread: it only ends the thread's sigwait.
  // NOLINTNEXTLINE(bugprone-bad-signal-to-kill-thread)
  pthread_kill(signal_thread.native_handle(), SIGTERM);
  signal_thread.join();
  p.Get<changes::Hub>().Stop();
  server.reset();  // joins the worker pool: every started request has finished
  p.db().Close();  // flushes the writer
  log::Info("stopped");
  return 0;
}

}  // namespace omnihub::app
