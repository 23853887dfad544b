// Writing answers on a connection: one response, an error, or an event stream kept open
// (connection.cc reads requests and decides; this writes).
#include "core/log.h"
#include "http/server_impl.h"

namespace omnihub::http::detail {
namespace {

template <typename Body>
void CommonHeaders(bhttp::response<Body>& res, const std::string& request_id) {
  res.set(bhttp::field::server, "omnihub");
  if (!request_id.empty()) {
    res.set("X-Request-Id", request_id);
  }
}

}  // namespace

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

}  // namespace omnihub::http::detail
