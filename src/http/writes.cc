// Writing answers on a connection: one response, an error, or an event stream kept open
// (connection.cc reads requests and decides; this writes).
#include <sys/socket.h>

#include <algorithm>
#include <cerrno>

#include "core/log.h"
#include "http/dispatch.h"
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

namespace {

// The key store's answer for `key`, found on a worker (it may block).
// (optional only because co_spawn needs a default-constructible result; never nullopt)
net::awaitable<std::optional<Result<Principal>>> AuthenticateOnWorker(ServerImpl* server,
                                                                      std::string key) {
  try {
    co_return server->authenticator().Authenticate(key);
  } catch (...) {
    co_return Result<Principal>(Error::Internal("unexpected exception"));
  }
}

// Whether the key an event stream was opened with still holds. Only a refusal counts: when
// the key store cannot be read the stream goes on.
net::awaitable<bool> KeyStillHolds(ServerImpl* server, std::string key) {
  std::optional<Result<Principal>> found = server->authenticator().AuthenticateWithoutBlocking(key);
  if (!found) {
    found = co_await net::co_spawn(server->workers().get_executor(),
                                   AuthenticateOnWorker(server, key), net::use_awaitable);
  }
  co_return found->ok() || found->error().code != ErrorCode::kUnauthenticated;
}

// Whether the client hung up: an event stream's client never sends, so a readable socket
// with nothing to read is a closed one. Checked between writes (no read is pending), without
// consuming or blocking; otherwise a closed stream would hold its place until the next write.
bool ClientHungUp(beast::tcp_stream& stream) {
  char byte;
  const ssize_t n =
      ::recv(stream.socket().native_handle(), &byte, 1, MSG_PEEK | MSG_DONTWAIT);
  return n == 0 || (n < 0 && errno != EAGAIN && errno != EWOULDBLOCK && errno != EINTR);
}

// Counts the stream against its key's cap for as long as it is open.
class StreamSlot {
 public:
  StreamSlot(ServerImpl* server, std::string key_id)
      : server_(server), key_id_(std::move(key_id)) {
    held_ = key_id_.empty() || server_->OpenStream(key_id_);
  }
  ~StreamSlot() {
    if (held_ && !key_id_.empty()) {
      server_->CloseStream(key_id_);
    }
  }
  StreamSlot(const StreamSlot&) = delete;
  StreamSlot& operator=(const StreamSlot&) = delete;
  bool held() const { return held_; }

 private:
  ServerImpl* server_;
  std::string key_id_;
  bool held_ = false;
};

}  // namespace

// Streams an EventStream as chunked text/event-stream until it ends, the client goes away, the
// server drains or the key it was opened with is revoked.
net::awaitable<void> ServeStream(ServerImpl* server, beast::tcp_stream& stream,
                                 std::shared_ptr<ConnectionState> state, Response response,
                                 std::shared_ptr<const Request> request) {
  const std::string& request_id = request->request_id;
  StreamSlot slot(server, request->principal.key_id);
  if (!slot.held()) {
    response.stream->Close();
    const int cap = server->options().rate_limits.streams_per_key;
    co_await WriteError(stream,
                        Error::Make(ErrorCode::kRateLimited,
                                    "this key already has " + std::to_string(cap) +
                                        " event streams open; close one first")
                            .With("limit", int64_t{cap}),
                        request_id);
    co_return;
  }
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

  using Clock = std::chrono::steady_clock;
  const std::string key(PresentedKey(*request));
  const auto heartbeat = server->options().stream_heartbeat;
  const auto key_check = server->options().stream_key_check;
  Clock::time_point last_write = Clock::now();
  Clock::time_point last_check = last_write;
  std::string out;
  while (!ec) {
    out.clear();
    bool alive = response.stream->Poll(out);
    if (!out.empty()) {
      stream.expires_after(std::chrono::seconds(30));
      co_await net::async_write(stream, bhttp::make_chunk(net::buffer(out)),
                                net::redirect_error(net::use_awaitable, ec));
      if (ec) {
        break;
      }
      last_write = Clock::now();
    }
    if (alive && Clock::now() - last_check >= key_check) {
      last_check = Clock::now();
      if (ClientHungUp(stream)) {
        break;
      }
      alive = key.empty() || co_await KeyStillHolds(server, key);
    }
    if (!alive || server->draining()) {
      co_await net::async_write(stream, bhttp::make_chunk_last(),
                                net::redirect_error(net::use_awaitable, ec));
      break;
    }
    if (pending->exchange(false)) {
      continue;
    }
    const Clock::time_point beat_due = last_write + heartbeat;
    timer->expires_at(std::min(beat_due, last_check + key_check));
    beast::error_code wait_ec;
    co_await timer->async_wait(net::redirect_error(net::use_awaitable, wait_ec));
    if (!wait_ec && Clock::now() >= beat_due) {
      static const std::string kHeartbeat = ": heartbeat\n\n";
      stream.expires_after(std::chrono::seconds(30));
      co_await net::async_write(stream, bhttp::make_chunk(net::buffer(kHeartbeat)),
                                net::redirect_error(net::use_awaitable, ec));
      last_write = Clock::now();
    }
  }
  state->wake_stream = nullptr;
  response.stream->Close();
}

}  // namespace omnihub::http::detail
