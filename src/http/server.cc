#include "http/server.h"

#include <thread>

#include "core/log.h"
#include "http/server_impl.h"

namespace omnihub::http {
namespace detail {

void ServerImpl::Record(const Route* route, Method method, int status, double seconds) {
  auto& registry = metrics::Registry::Global();
  const std::string route_label = route != nullptr ? route->pattern : "unmatched";
  auto stats = route_stats_.find(route);
  if (stats == route_stats_.end() || method != route->method || status < 100 || status > 599) {
    // Unmatched paths, HEAD on a GET route and odd statuses are rare: the registry's lookup is
    // fine for them.
    registry
        .GetCounter("omnihub_http_requests_total", "HTTP requests by route and status",
                    "method=\"" + std::string(NameOf(method)) + "\",route=\"" + route_label +
                        "\",status=\"" + std::to_string(status) + "\"")
        .Inc();
    registry
        .GetHistogram("omnihub_http_request_seconds", "HTTP request latency by route",
                      "route=\"" + route_label + "\"", metrics::LatencyBuckets)
        .Observe(seconds);
    return;
  }
  RouteStats& route_stats = *stats->second;
  route_stats.latency->Observe(seconds);
  std::atomic<metrics::Counter*>& slot = route_stats.by_status[status - 100];
  metrics::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter =
        &registry.GetCounter("omnihub_http_requests_total", "HTTP requests by route and status",
                             "method=\"" + std::string(NameOf(route->method)) + "\",route=\"" +
                                 route->pattern + "\",status=\"" + std::to_string(status) + "\"");
    slot.store(counter, std::memory_order_release);
  }
  counter->Inc();
}

namespace {

net::awaitable<void> AcceptLoop(ServerImpl* server) {
  while (!server->draining()) {
    beast::error_code ec;
    tcp::socket socket = co_await server->acceptor().async_accept(
        net::make_strand(server->io_context()), net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      if (server->draining() || ec == net::error::operation_aborted) {
        co_return;
      }
      log::Warn("accept failed", {{"error", ec.message()}});
      // Out of file descriptors and the like: retrying at once would only spin.
      net::steady_timer pause(server->acceptor().get_executor(), std::chrono::milliseconds(100));
      co_await pause.async_wait(net::redirect_error(net::use_awaitable, ec));
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    const Executor executor = socket.get_executor();
    net::co_spawn(executor, ServeConnection(server, std::move(socket)), net::detached);
  }
}

}  // namespace

Result<uint16_t> ServerImpl::Listen() {
  beast::error_code ec;
  const auto address = net::ip::make_address(options_.host, ec);
  if (ec) {
    return Error::InvalidArgument("listen", "has an invalid host: " + options_.host);
  }
  const tcp::endpoint endpoint(address, options_.port);
  acceptor_.open(endpoint.protocol(), ec);
  if (!ec) {
    acceptor_.set_option(net::socket_base::reuse_address(true), ec);
  }
  if (!ec) {
    acceptor_.bind(endpoint, ec);
  }
  if (!ec) {
    acceptor_.listen(net::socket_base::max_listen_connections, ec);
  }
  if (ec) {
    return Error::Unavailable("cannot listen on " + options_.host + ":" +
                              std::to_string(options_.port) + ": " + ec.message());
  }
  net::co_spawn(acceptor_.get_executor(), AcceptLoop(this), net::detached);
  return acceptor_.local_endpoint().port();
}

void ServerImpl::Run() {
  std::vector<std::thread> threads;
  for (int idx = 1; idx < options_.io_threads; ++idx) {
    threads.emplace_back([this] { ioc_.run(); });
  }
  ioc_.run();
  for (std::thread& t : threads) {
    t.join();
  }
}

void ServerImpl::Shutdown() {
  if (draining_.exchange(true)) {
    return;
  }
  net::post(acceptor_.get_executor(), [this] {
    beast::error_code ignored;
    acceptor_.close(ignored);
    std::vector<std::shared_ptr<ConnectionState>> open;
    {
      std::lock_guard lock(mu_);
      open.assign(connections_.begin(), connections_.end());
    }
    for (const auto& state : open) {
      net::post(state->executor, [state] {
        if (state->wake_stream) {
          state->wake_stream();
        } else if (state->stream != nullptr && !state->busy) {
          beast::error_code ec;  // an idle keep-alive connection: end its wait for a request
          state->stream->socket().shutdown(tcp::socket::shutdown_receive, ec);
          state->stream->cancel();
        }
      });
    }
    drain_timer_ = std::make_unique<net::steady_timer>(ioc_);
    DrainStep(std::chrono::steady_clock::now() + options_.drain_timeout);
  });
}

void ServerImpl::DrainStep(std::chrono::steady_clock::time_point deadline) {
  if (active_.load() == 0 || std::chrono::steady_clock::now() >= deadline) {
    if (active_.load() != 0) {
      log::Warn("drain timed out", {{"open_connections", int64_t{active_.load()}}});
    }
    work_guard_.reset();
    ioc_.stop();
    return;
  }
  drain_timer_->expires_after(std::chrono::milliseconds(10));
  drain_timer_->async_wait([this, deadline](beast::error_code) { DrainStep(deadline); });
}

}  // namespace detail

std::unique_ptr<Server> Server::Create(ServerOptions options, const Router& router,
                                       Authenticator& authenticator,
                                       IdempotencyStore* idempotency) {
  return std::make_unique<detail::ServerImpl>(std::move(options), router, authenticator,
                                              idempotency);
}

}  // namespace omnihub::http
