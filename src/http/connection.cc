#include <algorithm>
#include <optional>

#include "core/id.h"
#include "core/log.h"
#include "core/time.h"
#include "http/dispatch.h"
#include "http/server_impl.h"

namespace omnihub::http::detail {
namespace {

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

// Runs the blocking part of a request on the worker pool.
net::awaitable<Response> DispatchOnWorker(ServerImpl* server, const Route* route,
                                          std::shared_ptr<Request> request,
                                          std::optional<Principal> known) {
  try {
    co_return Dispatch(*route, *request, server->authenticator(), server->idempotency(),
                       server->limiter(), known ? &*known : nullptr);
  } catch (...) {
    // Authentication or the idempotency store threw: still one clean 500 for the client.
    log::Error("request threw", {{"request_id", request->request_id}, {"route", route->pattern}});
    co_return ErrorResponse(Error::Internal("unexpected exception"), request->request_id);
  }
}

// The caller named by the headers, found on a worker (the key store may block).
// (optional only because co_spawn needs a default-constructible result; never nullopt)
net::awaitable<std::optional<Result<Principal>>> CallerOnWorker(ServerImpl* server,
                                                                const Route* route,
                                                                std::shared_ptr<Request> request) {
  try {
    co_return CallerFromHeaders(*route, *request, server->authenticator(), true);
  } catch (...) {
    co_return Result<Principal>(Error::Internal("unexpected exception"));
  }
}

std::shared_ptr<Request> BuildRequest(const bhttp::request<bhttp::string_body>& msg,
                                      Method method) {
  auto request = std::make_shared<Request>();
  request->method = method;
  std::string_view target = View(msg.target());
  const size_t question = target.find('?');
  request->path = std::string(target.substr(0, question));
  if (question != std::string_view::npos) {
    request->query = ParseQuery(target.substr(question + 1));
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

// The client as rate limits see it. An IPv6 client holds a whole /64 (SLAAC, privacy
// addresses): per address, each of its 2^64 addresses would be a fresh burst.
std::string ClientOf(const net::ip::address& address) {
  if (!address.is_v6()) {
    return address.to_string();
  }
  const net::ip::address_v6 v6 = address.to_v6();
  if (v6.is_v4_mapped()) {
    return net::ip::make_address_v4(net::ip::v4_mapped, v6).to_string();
  }
  net::ip::address_v6::bytes_type prefix = v6.to_bytes();
  std::fill(prefix.begin() + 8, prefix.end(), 0);
  return net::ip::address_v6(prefix).to_string() + "/64";
}

std::string AllowHeader(const std::vector<Method>& methods) {
  std::string allow;
  for (Method m : methods) {
    allow += (allow.empty() ? "" : ", ") + std::string(NameOf(m));
  }
  return allow;
}

}  // namespace

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
    std::shared_ptr<Request> request = BuildRequest(header, *method);
    beast::error_code peer_ec;
    const tcp::endpoint peer = stream.socket().remote_endpoint(peer_ec);
    request->client_address = peer_ec ? std::string("unknown") : ClientOf(peer.address());
    request->path_params = std::move(match.params);
    request_id = request->request_id;
    // Who calls is decided on the headers, before a byte of the body is read or inflated: an
    // unauthenticated or forbidden request cannot make the server take in 256 MiB. A body that
    // already arrived with the headers costs nothing to read, so such a request (most small
    // ones) skips this and its extra hop; dispatch authenticates it before inflating anything.
    const bool body_pending =
        !parser.is_done() &&
        (!parser.content_length() || buffer.size() < *parser.content_length());
    std::optional<Principal> caller;
    if (body_pending && CallerKnownFromHeaders(*route, *request)) {
      std::optional<Result<Principal>> found;
      if (Result<void> open = AddressNotLockedOut(*request, server->limiter()); !open.ok()) {
        found = Result<Principal>(std::move(open).error());
      } else {
        found = CallerFromHeaders(*route, *request, server->authenticator(), false);
      }
      if (!found) {
        found = co_await net::co_spawn(server->workers().get_executor(),
                                       CallerOnWorker(server, route, request), net::use_awaitable);
      }
      if (!found->ok()) {
        Response refused = ErrorResponse(
            RefusedOnHeaders(found->error(), *request, server->limiter()), request_id);
        server->Record(route, *method, refused.status, 0);
        // The body stays unread: close rather than take it for the next request.
        co_await WriteResponse(stream, std::move(refused), request_id, false, false);
        break;
      }
      caller = std::move(*found).value();
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
    request->body = std::move(msg.body());

    // A handler that never blocks, for a caller known without blocking, is answered right here:
    // the two thread hand-offs would cost more than the request itself.
    std::optional<Response> inline_response;
    if (!route->spec.blocking) {
      try {
        if (route->spec.auth == AuthKind::kPublic) {
          inline_response = DispatchKnown(*route, *request, nullptr, server->limiter());
        } else if (caller) {
          const Result<Principal> known(*caller);
          inline_response = DispatchKnown(*route, *request, &known, server->limiter());
        } else if (std::optional<Result<Principal>> known =
                       server->authenticator().AuthenticateWithoutBlocking(
                           PresentedKey(*request))) {
          inline_response = DispatchKnown(*route, *request, &*known, server->limiter());
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
                                 DispatchOnWorker(server, route, request, std::move(caller)),
                                 net::use_awaitable);
    }
    const double seconds =
        std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
    server->Record(route, *method, response.status, seconds);
    if (options.access_log) {
      log::Info("request", {{"request_id", request_id},
                            {"method", NameOf(*method)},
                            {"path", path},
                            {"status", int64_t{response.status}},
                            {"seconds", seconds}});
    }
    if (response.stream) {
      co_await ServeStream(server, stream, state, std::move(response), request);
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

}  // namespace omnihub::http::detail
