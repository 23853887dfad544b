// bare_server: the http_edge baseline. A Beast HTTP/1.1 server that answers every request with
// the same small JSON body, built like omnihub's server (one io_context run by --threads I/O
// threads, a strand per connection, TCP_NODELAY, keep-alive) minus routing, authentication,
// the worker pool and the database.
//
//   bare_server [--listen 127.0.0.1:0] [--threads 2]
//
// Prints "bare_server listening on http://HOST:PORT" on stdout when ready. SIGINT/SIGTERM: stops
// accepting and exits within a second.

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <cstdio>
#include <thread>
#include <vector>

#include "bench/bench_util.h"

namespace omnihub::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

// About the size of omnihub's GET /api/v1/keys/current reply.
constexpr std::string_view kBody =
    R"({"id":"key_01JBENCH000000000000000000","role":"channel",)"
    R"("channel_id":"chn_01JBENCH000000000000000000","location_id":null,"name":"web",)"
    R"("prefix":"ohk_demo","created_at":"2025-01-01T00:00:00Z","revoked_at":null})";

net::awaitable<void> ServeConnection(tcp::socket socket) {
  beast::tcp_stream stream(std::move(socket));
  beast::flat_buffer buffer;
  beast::error_code ec;
  for (;;) {
    bhttp::request_parser<bhttp::string_body> parser;
    parser.header_limit(8 * 1024);
    parser.body_limit(1024 * 1024);
    stream.expires_after(std::chrono::seconds(30));
    co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
    if (ec) {
      break;
    }
    const bhttp::request<bhttp::string_body>& request = parser.get();
    bhttp::response<bhttp::string_body> response{bhttp::status::ok, request.version()};
    response.set(bhttp::field::content_type, "application/json");
    response.keep_alive(request.keep_alive());
    response.body() = kBody;
    response.prepare_payload();
    co_await bhttp::async_write(stream, response, net::redirect_error(net::use_awaitable, ec));
    if (ec || !response.keep_alive()) {
      break;
    }
  }
  stream.socket().shutdown(tcp::socket::shutdown_send, ec);
}

net::awaitable<void> AcceptLoop(tcp::acceptor& acceptor, net::io_context& ioc) {
  for (;;) {
    beast::error_code ec;
    tcp::socket socket = co_await acceptor.async_accept(
        net::make_strand(ioc), net::redirect_error(net::use_awaitable, ec));
    if (ec == net::error::operation_aborted || !acceptor.is_open()) {
      co_return;
    }
    if (ec) {
      continue;
    }
    socket.set_option(tcp::no_delay(true), ec);
    const auto executor = socket.get_executor();
    net::co_spawn(executor, ServeConnection(std::move(socket)), net::detached);
  }
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::string listen = flags.Get("listen", "127.0.0.1:0");
  const int threads = static_cast<int>(flags.GetInt("threads", 2));
  const size_t colon = listen.rfind(':');
  if (colon == std::string::npos || threads < 1) {
    std::fprintf(stderr, "bare_server: --listen HOST:PORT and --threads >= 1 expected\n");
    return 2;
  }
  net::io_context ioc(threads);
  beast::error_code ec;
  const auto address = net::ip::make_address(listen.substr(0, colon), ec);
  if (ec) {
    std::fprintf(stderr, "bare_server: bad host in --listen %s\n", listen.c_str());
    return 2;
  }
  const tcp::endpoint endpoint(address, static_cast<uint16_t>(std::stoi(listen.substr(colon + 1))));
  tcp::acceptor acceptor(net::make_strand(ioc));
  acceptor.open(endpoint.protocol(), ec);
  if (!ec) acceptor.set_option(net::socket_base::reuse_address(true), ec);
  if (!ec) acceptor.bind(endpoint, ec);
  if (!ec) acceptor.listen(net::socket_base::max_listen_connections, ec);
  if (ec) {
    std::fprintf(stderr, "bare_server: cannot listen on %s: %s\n", listen.c_str(),
                 ec.message().c_str());
    return 1;
  }
  net::co_spawn(acceptor.get_executor(), AcceptLoop(acceptor, ioc), net::detached);

  // Keep-alive connections from the load generator never end on their own, so after the
  // acceptor closes the server gives them a second and stops.
  net::signal_set signals(ioc, SIGINT, SIGTERM);
  net::steady_timer stop_timer(ioc);
  signals.async_wait([&](beast::error_code, int) {
    net::post(acceptor.get_executor(), [&acceptor] {
      beast::error_code ignored;
      acceptor.close(ignored);
    });
    stop_timer.expires_after(std::chrono::seconds(1));
    stop_timer.async_wait([&ioc](beast::error_code) { ioc.stop(); });
  });

  std::printf("bare_server listening on http://%s:%u\n", endpoint.address().to_string().c_str(),
              static_cast<unsigned>(acceptor.local_endpoint().port()));
  std::fflush(stdout);

  std::vector<std::thread> pool;
  for (int thread_idx = 1; thread_idx < threads; ++thread_idx) {
    pool.emplace_back([&ioc] { ioc.run(); });
  }
  ioc.run();
  for (std::thread& thread : pool) {
    thread.join();
  }
  return 0;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
