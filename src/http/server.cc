#include "http/server.h"

#include <array>
#include <atomic>
#include <mutex>
#include <thread>
#include <unordered_map>
#include <unordered_set>

#include "core/id.h"
#include "core/log.h"
#include "core/metrics.h"
#include "core/time.h"
#include "http/asio.h"
#include "http/dispatch.h"

namespace omnihub::http {
namespace {

using Executor = net::any_io_executor;

std::optional<Method> ToMethod(bhttp::verb verb) {
  switch (verb) {
    case bhttp::verb::get:
      return Method::kGet;
    case bhttp::verb::head:
      return Method::kHead;
    case bhttp::verb::post:
      return Method::kPost;
    case bhttp::verb::put:
      return Method::kPut;
    case bhttp::verb::patch:
      return Method::kPatch;
    case bhttp::verb::delete_:
      return Method::kDelete;
    case bhttp::verb::options:
      return Method::kOptions;
    default:
      return std::nullopt;
  }
}

std::string_view View(beast::string_view s) { return {s.data(), s.size()}; }

bool SafeRequestId(std::string_view id) {
  if (id.empty() || id.size() > 64) {
    return false;
  }
  for (char c : id) {
    if (!std::isalnum(static_cast<unsigned char>(c)) && c != '-' && c != '_') {
      return false;
    }
  }
  return true;
}

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
                                                                "Open HTTP connections")) {
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

  // State below is protected by mu_.
  std::mutex mu_;
  std::unordered_set<std::shared_ptr<ConnectionState>> connections_;
};

void ServerImpl::Record(const Route* route, Method method, int status, double seconds) {
  auto& registry = metrics::Registry::Global();
  auto stats = route_stats_.find(route);
  if (stats == route_stats_.end() || status < 100 || status > 599) {
    // Unmatched paths: rare, so the registry's lookup is fine here.
    registry
        .GetCounter("omnihub_http_requests_total", "HTTP requests by route and status",
                    "method=\"" + std::string(MethodName(method)) +
                        "\",route=\"unmatched\",status=\"" + std::to_string(status) + "\"")
        .Inc();
    return;
  }
  RouteStats& route_stats = *stats->second;
  route_stats.latency->Observe(seconds);
  std::atomic<metrics::Counter*>& slot = route_stats.by_status[status - 100];
  metrics::Counter* counter = slot.load(std::memory_order_acquire);
  if (counter == nullptr) {
    counter =
        &registry.GetCounter("omnihub_http_requests_total", "HTTP requests by route and status",
                             "method=\"" + std::string(MethodName(route->method)) + "\",route=\"" +
                                 route->pattern + "\",status=\"" + std::to_string(status) + "\"");
    slot.store(counter, std::memory_order_release);
  }
  counter->Inc();
}

// Runs the blocking part of a request on the worker pool.
net::awaitable<Response> DispatchOnWorker(ServerImpl* server, const Route* route,
                                          std::shared_ptr<Request> request) {
  try {
    co_return Dispatch(*route, *request, server->authenticator(), server->idempotency());
  } catch (...) {
    // Authentication or the idempotency store threw: still one clean 500 for the client.
    log::Error("request threw", {{"request_id", request->request_id}, {"route", route->pattern}});
    co_return ErrorResponse(Error::Internal("unexpected exception"), request->request_id);
  }
}

template <typename Body>
void CommonHeaders(bhttp::response<Body>& res, const std::string& request_id) {
  res.set(bhttp::field::server, "omnihub");
  if (!request_id.empty()) {
    res.set("X-Request-Id", request_id);
  }
}

// Writes `response` (not a stream). Returns false when the connection must close.
net::awaitable<bool> WriteResponse(beast::tcp_stream& stream, Response response,
                                   std::string request_id, bool keep_alive, bool head) {
  bhttp::response<bhttp::string_body> res{static_cast<bhttp::status>(response.status), 11};
  CommonHeaders(res, request_id);
  if (response.status != 204) {
    res.set(bhttp::field::content_type, response.content_type);
  }
  for (auto& [name, value] : response.headers) {
    res.set(name, value);
  }
  const size_t length = response.body.size();
  res.body() = head ? std::string() : std::move(response.body);
  res.keep_alive(keep_alive);
  res.prepare_payload();
  if (head) {
    res.content_length(length);
  }
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(30));
  if (head) {
    bhttp::response_serializer<bhttp::string_body> sr{res};
    co_await bhttp::async_write_header(stream, sr, net::redirect_error(net::use_awaitable, ec));
  } else {
    co_await bhttp::async_write(stream, res, net::redirect_error(net::use_awaitable, ec));
  }
  co_return !ec && keep_alive;
}

net::awaitable<void> WriteError(beast::tcp_stream& stream, Error error, std::string request_id) {
  co_await WriteResponse(stream, ErrorResponse(error, request_id), request_id, false, false);
}

// Streams an EventStream as chunked text/event-stream until it ends, the client goes away or
// the server drains.
net::awaitable<void> ServeStream(ServerImpl* server, beast::tcp_stream& stream,
                                 std::shared_ptr<ConnectionState> state, Response response,
                                 std::string request_id) {
  const Executor executor = co_await net::this_coro::executor;
  bhttp::response<bhttp::empty_body> res{bhttp::status::ok, 11};
  CommonHeaders(res, request_id);
  res.set(bhttp::field::content_type, "text/event-stream");
  res.set(bhttp::field::cache_control, "no-cache");
  res.set("X-Accel-Buffering", "no");
  res.chunked(true);
  beast::error_code ec;
  stream.expires_after(std::chrono::seconds(30));
  bhttp::response_serializer<bhttp::empty_body> sr{res};
  co_await bhttp::async_write_header(stream, sr, net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    response.stream->Close();
    co_return;
  }

  auto timer = std::make_shared<net::steady_timer>(executor);
  auto pending = std::make_shared<std::atomic<bool>>(false);
  std::weak_ptr<net::steady_timer> weak_timer = timer;
  auto wake = [weak_timer, pending, executor] {
    pending->store(true);
    net::post(executor, [weak_timer] {
      if (auto t = weak_timer.lock()) {
        t->cancel();
      }
    });
  };
  state->wake_stream = wake;
  response.stream->Start(wake);

  std::string out;
  while (!ec) {
    out.clear();
    const bool alive = response.stream->Poll(out);
    if (!out.empty()) {
      stream.expires_after(std::chrono::seconds(30));
      co_await net::async_write(stream, bhttp::make_chunk(net::buffer(out)),
                                net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        break;
      }
    }
    if (!alive || server->draining()) {
      co_await net::async_write(stream, bhttp::make_chunk_last(),
                                net::redirect_error(net::use_awaitable, ec));
      break;
    }
    if (pending->exchange(false)) {
      continue;
    }
    timer->expires_after(server->options().stream_heartbeat);
    beast::error_code wait_ec;
    co_await timer->async_wait(net::redirect_error(net::use_awaitable, wait_ec));
    if (!wait_ec) {
      static const std::string kHeartbeat = ": heartbeat\n\n";
      stream.expires_after(std::chrono::seconds(30));
      co_await net::async_write(stream, bhttp::make_chunk(net::buffer(kHeartbeat)),
                                net::redirect_error(net::use_awaitable, ec));
    }
  }
  state->wake_stream = nullptr;
  response.stream->Close();
}

std::shared_ptr<Request> BuildRequest(const bhttp::request<bhttp::string_body>& msg,
                                      Method method) {
  auto request = std::make_shared<Request>();
  request->method = method;
  std::string_view target = View(msg.target());
  const size_t question = target.find('?');
  request->path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    std::string_view query = target.substr(question + 1);
    while (!query.empty()) {
      const size_t amp = query.find('&');
      std::string_view pair = query.substr(0, amp);
      const size_t eq = pair.find('=');
      if (!pair.empty()) {
        request->query.emplace_back(
            UrlDecode(pair.substr(0, eq)),
            eq == std::string_view::npos ? "" : UrlDecode(pair.substr(eq + 1)));
      }
      query = amp == std::string_view::npos ? std::string_view() : query.substr(amp + 1);
    }
  }
  for (const auto& field : msg) {
    std::string name(field.name_string());
    for (char& c : name) {
      c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    }
    request->headers.emplace_back(std::move(name), std::string(field.value()));
  }
  std::string_view given_id = View(msg["X-Request-Id"]);
  request->request_id =
      SafeRequestId(given_id) ? std::string(given_id) : "req_" + NewUlid(SystemClock().Now());
  return request;
}

std::string AllowHeader(const std::vector<Method>& methods) {
  std::string allow;
  for (Method m : methods) {
    allow += (allow.empty() ? "" : ", ") + std::string(MethodName(m));
  }
  return allow;
}

net::awaitable<void> ServeConnection(ServerImpl* server, tcp::socket socket) {
  const Executor executor = co_await net::this_coro::executor;
  beast::tcp_stream stream(std::move(socket));
  std::shared_ptr<ConnectionState> state = server->Register(executor);
  state->stream = &stream;
  const ServerOptions& options = server->options();
  beast::flat_buffer buffer;
  ReadDeadline deadline(executor, stream);

  // The cap is checked once, on arrival: connections already open keep being served.
  const bool over_cap = server->connections() > options.max_connections;
  if (over_cap) {
    co_await WriteError(stream, Error::Unavailable("too many connections"),
                        "req_" + NewUlid(SystemClock().Now()));
  }
  while (!over_cap && !server->draining()) {
    state->busy = false;
    // Named before anything is read, so even a reply to an unreadable request carries it.
    std::string request_id = "req_" + NewUlid(SystemClock().Now());
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(static_cast<std::uint32_t>(options.max_header_bytes));
    parser.body_limit(std::numeric_limits<std::uint64_t>::max());
    beast::error_code ec;
    stream.expires_never();
    deadline.Arm(options.read_timeout);
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      net::redirect_error(net::use_awaitable, ec));
    if (deadline.Disarm() && ec) {
      ec = beast::error::timeout;
    }
    if (ec == bhttp::error::header_limit) {
      co_await WriteError(
          stream, Error::Make(ErrorCode::kHeadersTooLarge, "request headers are over 8 KiB"),
          request_id);
      break;
    }
    if (ec == beast::error::timeout) {
      if (parser.got_some()) {
        co_await WriteError(
            stream, Error::Make(ErrorCode::kRequestTimeout, "the request was not received in time"),
            request_id);
      }
      break;
    }
    if (ec == bhttp::error::end_of_stream || ec == net::error::eof ||
        ec == net::error::operation_aborted || ec == net::error::connection_reset) {
      break;
    }
    if (ec) {
      co_await WriteError(stream, Error::InvalidArgument("request", "is not valid HTTP/1.1"),
                          request_id);
      break;
    }
    state->busy = true;
    const auto started = std::chrono::steady_clock::now();
    auto& header = parser.get();
    std::optional<Method> method = ToMethod(header.method());
    std::string_view target = View(header.target());
    const std::string path(target.substr(0, target.find('?')));
    RouteMatch match = method ? server->router().Match(*method, path) : RouteMatch{};
    if (!method) {
      match = server->router().Match(Method::kGet, path);
      if (match.kind == RouteMatch::Kind::kFound) {
        match.allowed = {Method::kGet};
      }
      match.kind = match.kind == RouteMatch::Kind::kNotFound ? match.kind
                                                             : RouteMatch::Kind::kMethodNotAllowed;
    }
    const bool has_body = parser.content_length().value_or(0) > 0 || parser.chunked();
    if (match.kind != RouteMatch::Kind::kFound) {
      Error error =
          match.kind == RouteMatch::Kind::kNotFound
              ? Error::Make(ErrorCode::kNotFound, "no route for " + path)
              : Error::Make(ErrorCode::kMethodNotAllowed,
                            std::string(header.method_string()) + " is not allowed on " + path);
      Response response = ErrorResponse(error, request_id);
      if (match.kind == RouteMatch::Kind::kMethodNotAllowed) {
        response.headers.emplace_back("Allow", AllowHeader(match.allowed));
      }
      server->Record(nullptr, method.value_or(Method::kGet), response.status, 0);
      // An unread body would be taken for the next request: close instead.
      if (!co_await WriteResponse(stream, std::move(response), request_id,
                                  header.keep_alive() && !has_body, method == Method::kHead)) {
        break;
      }
      continue;
    }
    const Route* route = match.route;
    const uint64_t limit = route->spec.body_limit;
    if (parser.content_length() && *parser.content_length() > limit) {
      co_await WriteError(
          stream,
          Error::Make(ErrorCode::kPayloadTooLarge,
                      "the body is over this route's limit of " + std::to_string(limit) + " bytes")
              .With("limit", static_cast<int64_t>(limit)),
          request_id);
      server->Record(route, *method, 413, 0);
      break;
    }
    if (!parser.is_done()) {
      if (beast::iequals(header[bhttp::field::expect], "100-continue")) {
        bhttp::response<bhttp::empty_body> go_on{bhttp::status::continue_, 11};
        co_await bhttp::async_write(stream, go_on, net::redirect_error(net::use_awaitable, ec));
      }
      parser.body_limit(limit);
      deadline.Arm(options.read_timeout);
      co_await bhttp::async_read(stream, buffer, parser,
                                 net::redirect_error(net::use_awaitable, ec));
      if (deadline.Disarm() && ec) {
        ec = beast::error::timeout;
      }
      if (ec == bhttp::error::body_limit) {
        co_await WriteError(
            stream,
            Error::Make(ErrorCode::kPayloadTooLarge, "the body is over this route's limit of " +
                                                         std::to_string(limit) + " bytes")
                .With("limit", static_cast<int64_t>(limit)),
            request_id);
        server->Record(route, *method, 413, 0);
        break;
      }
      if (ec == beast::error::timeout) {
        co_await WriteError(
            stream, Error::Make(ErrorCode::kRequestTimeout, "the body was not received in time"),
            request_id);
        break;
      }
      if (ec) {
        break;
      }
    }
    stream.expires_never();
    bhttp::request<bhttp::string_body> msg = parser.release();
    std::shared_ptr<Request> request = BuildRequest(msg, *method);
    request->path_params = std::move(match.params);
    request->body = std::move(msg.body());
    request_id = request->request_id;

    // A handler that never blocks, for a caller known without blocking, is answered right here:
    // the two thread hand-offs would cost more than the request itself.
    std::optional<Response> inline_response;
    if (!route->spec.blocking) {
      try {
        if (route->spec.auth == AuthKind::kPublic) {
          inline_response = DispatchKnown(*route, *request, nullptr);
        } else if (std::optional<Result<Principal>> known =
                       server->authenticator().AuthenticateWithoutBlocking(
                           PresentedKey(*request))) {
          inline_response = DispatchKnown(*route, *request, &*known);
        }
      } catch (...) {
        inline_response = ErrorResponse(Error::Internal("unexpected exception"), request_id);
      }
    }
    Response response;
    if (inline_response) {
      response = std::move(*inline_response);
    } else {
      // Not inside ?: — GCC 12 miscompiles a co_await in a conditional expression.
      response =
          co_await net::co_spawn(server->workers().get_executor(),
                                 DispatchOnWorker(server, route, request), net::use_awaitable);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    server->Record(route, *method, response.status, seconds);
    if (options.access_log) {
      log::Info("request", {{"request_id", request_id},
                            {"method", MethodName(*method)},
                            {"path", path},
                            {"status", int64_t{response.status}},
                            {"seconds", seconds}});
    }
    if (response.stream) {
      co_await ServeStream(server, stream, state, std::move(response), request_id);
      break;
    }
    const bool keep_alive = msg.keep_alive() && !server->draining();
    if (!co_await WriteResponse(stream, std::move(response), request_id, keep_alive,
                                *method == Method::kHead)) {
      break;
    }
  }
  // Lingering close: a client still sending a body we refused would otherwise get a reset and
  // could lose our error reply. Read and discard for a bounded time and amount.
  beast::error_code ignored;
  stream.socket().shutdown(tcp::socket::shutdown_send, ignored);
  stream.expires_after(std::chrono::seconds(2));
  std::array<char, 16384> scratch;
  size_t discarded = 0;
  while (discarded < (4u << 20)) {
    beast::error_code ec;
    const size_t n = co_await stream.async_read_some(net::buffer(scratch),
                                                     net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      break;
    }
    discarded += n;
  }
  state->stream = nullptr;
  server->Unregister(state);
}

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

}  // namespace

std::unique_ptr<Server> Server::Create(ServerOptions options, const Router& router,
                                       Authenticator& authenticator,
                                       IdempotencyStore* idempotency) {
  return std::make_unique<ServerImpl>(std::move(options), router, authenticator, idempotency);
}

}  // namespace omnihub::http
