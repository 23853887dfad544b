#pragma once

// The server's private parts, shared by server.cc (lifecycle, accept, drain) and
// connection.cc (one coroutine per connection). Not a public header: Beast lives here.

#include <array>
#include <atomic>
#include <chrono>
#include <functional>
#include <memory>
#include <mutex>
#include <unordered_map>
#include <unordered_set>

#include "core/metrics.h"
#include "http/asio.h"
#include "http/server.h"

namespace omnihub::http::detail {

using Executor = net::any_io_executor;

// What the drain needs to reach a connection: touched only on the connection's strand.
struct ConnectionState {
  Executor executor;
  beast::tcp_stream* stream = nullptr;  // null once the connection has ended
  bool busy = false;                    // a request has been read and is being answered
  std::function<void()> wake_stream;    // set while an event stream is open
};

// A read deadline that cancels the pending read instead of closing the socket (as
// beast::tcp_stream's own timeout does), so a 408 can still be written. Lives on the
// connection's strand.
class ReadDeadline {
 public:
  ReadDeadline(const Executor& executor, beast::tcp_stream& stream)
      : timer_(executor), stream_(stream) {}

  void Arm(std::chrono::milliseconds after) {
    expired_ = false;
    const uint64_t generation = ++generation_;
    timer_.expires_after(after);
    // A timer that fired just as the read completed must not cancel the next one.
    timer_.async_wait([this, generation](beast::error_code ec) {
      if (!ec && generation == generation_) {
        expired_ = true;
        beast::error_code ignored;
        stream_.socket().cancel(ignored);
      }
    });
  }
  // Stops the clock; true when it had already run out.
  bool Disarm() {
    timer_.cancel();
    ++generation_;
    return expired_;
  }

 private:
  net::steady_timer timer_;
  beast::tcp_stream& stream_;
  bool expired_ = false;
  uint64_t generation_ = 0;
};

class ServerImpl final : public Server {
 public:
  ServerImpl(ServerOptions options, const Router& router, Authenticator& authenticator,
             IdempotencyStore* idempotency)
      : options_(std::move(options)),
        router_(router),
        authenticator_(authenticator),
        idempotency_(idempotency),
        ioc_(options_.io_threads),
        workers_(static_cast<size_t>(std::max(1, options_.worker_threads))),
        acceptor_(net::make_strand(ioc_)),
        work_guard_(net::make_work_guard(ioc_)),
        connections_gauge_(metrics::Registry::Global().GetGauge("omnihub_http_connections",
                                                                "Open HTTP connections")),
        limiter_(options_.rate_limits) {
    for (const Route& route : router_.routes()) {
      auto stats = std::make_unique<RouteStats>();
      stats->latency = &metrics::Registry::Global().GetHistogram(
          "omnihub_http_request_seconds", "HTTP request latency by route",
          "route=\"" + route.pattern + "\"", metrics::LatencyBuckets);
      route_stats_.emplace(&route, std::move(stats));
    }
  }

  ~ServerImpl() override { workers_.join(); }

  Result<uint16_t> Listen() override;
  void Run() override;
  void Shutdown() override;
  int connections() const override { return active_.load(); }

  // Used by the connection coroutines.
  const ServerOptions& options() const { return options_; }
  const Router& router() const { return router_; }
  Authenticator& authenticator() { return authenticator_; }
  IdempotencyStore* idempotency() { return idempotency_; }
  RateLimiter* limiter() { return &limiter_; }
  net::thread_pool& workers() { return workers_; }
  bool draining() const { return draining_.load(); }
  tcp::acceptor& acceptor() { return acceptor_; }
  net::io_context& io_context() { return ioc_; }

  std::shared_ptr<ConnectionState> Register(Executor executor) {
    auto state = std::make_shared<ConnectionState>();
    state->executor = std::move(executor);
    std::lock_guard lock(mu_);
    connections_.insert(state);
    active_++;
    connections_gauge_.Add(1);
    return state;
  }
  void Unregister(const std::shared_ptr<ConnectionState>& state) {
    std::lock_guard lock(mu_);
    connections_.erase(state);
    active_--;
    connections_gauge_.Add(-1);
  }
  void Record(const Route* route, Method method, int status, double seconds);
  // Counts an event stream opened with `key_id`; false (nothing counted) when the key already
  // has its cap of streams open.
  bool OpenStream(const std::string& key_id) {
    const int cap = options_.rate_limits.streams_per_key;
    std::lock_guard lock(mu_);
    int& open = streams_by_key_[key_id];
    if (cap > 0 && open >= cap) {
      return false;
    }
    ++open;
    return true;
  }
  void CloseStream(const std::string& key_id) {
    std::lock_guard lock(mu_);
    if (auto it = streams_by_key_.find(key_id); it != streams_by_key_.end() && --it->second <= 0) {
      streams_by_key_.erase(it);
    }
  }

  // Per-route metric handles, so recording a request takes no lock once warm.
  struct RouteStats {
    metrics::Histogram* latency = nullptr;
    std::array<std::atomic<metrics::Counter*>, 500> by_status{};  // statuses 100..599
  };

 private:
  void DrainStep(std::chrono::steady_clock::time_point deadline);

  ServerOptions options_;
  const Router& router_;
  Authenticator& authenticator_;
  IdempotencyStore* idempotency_;
  net::io_context ioc_;
  net::thread_pool workers_;
  tcp::acceptor acceptor_;
  net::executor_work_guard<net::io_context::executor_type> work_guard_;
  std::unique_ptr<net::steady_timer> drain_timer_;
  std::atomic<bool> draining_{false};
  std::atomic<int> active_{0};
  metrics::Gauge& connections_gauge_;
  std::unordered_map<const Route*, std::unique_ptr<RouteStats>> route_stats_;  // built once
  RateLimiter limiter_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::unordered_set<std::shared_ptr<ConnectionState>> connections_;
  std::unordered_map<std::string, int> streams_by_key_;
};

// Serves one connection until it closes, the client goes away or the server drains.
net::awaitable<void> ServeConnection(ServerImpl* server, tcp::socket socket);

// Writes `response` (not a stream). Returns false when the connection must close (writes.cc).
net::awaitable<bool> WriteResponse(beast::tcp_stream& stream, Response response,
                                   std::string request_id, bool keep_alive, bool head);
// Writes `error`'s envelope and asks for the connection to close.
net::awaitable<void> WriteError(beast::tcp_stream& stream, Error error, std::string request_id);
// Streams `response`'s EventStream as chunked text/event-stream until it ends, the client goes
// away, the server drains or `request`'s key is revoked; 429 when the key has its cap of
// streams open.
net::awaitable<void> ServeStream(ServerImpl* server, beast::tcp_stream& stream,
                                 std::shared_ptr<ConnectionState> state, Response response,
                                 std::shared_ptr<const Request> request);

}  // namespace omnihub::http::detail
