#include "bench/sse_stream.h"

#include <simdjson.h>

#include <boost/asio.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <optional>

namespace omnihub::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;
using SystemClock = std::chrono::system_clock;

// One SSE frame: the lines up to a blank line. Comments (heartbeats) are skipped.
void HandleFrame(Subscriber& sub, simdjson::ondemand::parser& json, std::string_view frame,
                 bool keep_entity_times, SystemClock::time_point received) {
  std::string_view id_line;
  std::string_view event;
  std::string data;
  while (!frame.empty()) {
    const size_t end = frame.find('\n');
    std::string_view line = frame.substr(0, end);
    frame.remove_prefix(end == std::string_view::npos ? frame.size() : end + 1);
    if (!line.empty() && line.back() == '\r') {
      line.remove_suffix(1);
    }
    if (line.empty() || line.front() == ':') {
      continue;
    }
    const size_t colon = line.find(':');
    const std::string_view field = line.substr(0, colon);
    std::string_view value =
        colon == std::string_view::npos ? std::string_view() : line.substr(colon + 1);
    if (!value.empty() && value.front() == ' ') {
      value.remove_prefix(1);
    }
    if (field == "id") {
      id_line = value;
    } else if (field == "event") {
      event = value;
    } else if (field == "data") {
      if (!data.empty()) {
        data += '\n';
      }
      data.append(value);
    }
  }
  if (event == "overflow") {
    sub.overflow = true;
    return;
  }
  if (data.empty()) {
    return;
  }
  simdjson::padded_string padded(data);
  simdjson::ondemand::document doc;
  int64_t seq = 0;
  std::string_view occurred_at;
  std::string_view entity_id;
  if (json.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc["seq"].get_int64().get(seq) != simdjson::SUCCESS ||
      doc["entity_id"].get_string().get(entity_id) != simdjson::SUCCESS ||
      doc["occurred_at"].get_string().get(occurred_at) != simdjson::SUCCESS) {
    ++sub.parse_errors;
    return;
  }
  if (id_line != std::to_string(seq)) {
    ++sub.id_mismatches;
  }
  sub.seqs.push_back(seq);
  if (keep_entity_times) {
    sub.received_at.emplace(std::string(entity_id), received);
  }
  const std::optional<SystemClock::time_point> occurred = ParseRfc3339(occurred_at);
  if (!occurred) {
    ++sub.parse_errors;
    return;
  }
  sub.latency.Add(
      std::chrono::duration_cast<std::chrono::microseconds>(received - *occurred).count());
}

void Feed(Subscriber& sub, simdjson::ondemand::parser& json, std::string_view bytes,
          bool keep_entity_times, SystemClock::time_point received) {
  sub.pending.append(bytes);
  size_t start = 0;
  for (;;) {
    const size_t end = sub.pending.find("\n\n", start);
    if (end == std::string::npos) {
      break;
    }
    HandleFrame(sub, json, std::string_view(sub.pending).substr(start, end - start),
                keep_entity_times, received);
    start = end + 2;
  }
  sub.pending.erase(0, start);
}

}  // namespace

net::awaitable<void> Subscribe(StreamOptions options, std::shared_ptr<Subscriber> sub) {
  const auto executor = co_await net::this_coro::executor;
  beast::error_code ec;
  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(
      options.base.host, options.base.port, net::redirect_error(net::use_awaitable, ec));
  beast::tcp_stream stream(executor);
  sub->close = [&stream] {
    beast::error_code ignored;
    stream.socket().shutdown(tcp::socket::shutdown_both, ignored);
    stream.socket().close(ignored);
  };
  stream.expires_after(std::chrono::seconds(10));
  if (!ec) {
    co_await stream.async_connect(endpoints, net::redirect_error(net::use_awaitable, ec));
  }
  const std::string request =
      "GET /api/v1/stream?types=" + options.types + "&after=" + std::to_string(options.after_seq) +
      " HTTP/1.1\r\nHost: " + options.base.host + ":" + options.base.port +
      "\r\nAuthorization: Bearer " + options.key + "\r\nAccept: text/event-stream\r\n\r\n";
  if (!ec) {
    co_await net::async_write(stream, net::buffer(request),
                              net::redirect_error(net::use_awaitable, ec));
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::buffer_body> parser;
  parser.body_limit(boost::none);
  if (!ec) {
    co_await bhttp::async_read_header(stream, buffer, parser,
                                      net::redirect_error(net::use_awaitable, ec));
  }
  if (ec) {
    sub->failure = "stream: " + ec.message();
  } else {
    sub->status = parser.get().result_int();
    if (sub->status != 200) {
      sub->failure = "stream: HTTP " + std::to_string(sub->status);
    }
  }
  if (sub->failure.empty()) {
    sub->connected = true;
    stream.expires_never();
    simdjson::ondemand::parser json;
    std::vector<char> chunk(64 * 1024);
    while (!parser.is_done()) {
      parser.get().body().data = chunk.data();
      parser.get().body().size = chunk.size();
      // read_some, not read: each arrival is handled (and stamped) as soon as it comes.
      co_await bhttp::async_read_some(stream, buffer, parser,
                                      net::redirect_error(net::use_awaitable, ec));
      const SystemClock::time_point received = SystemClock::now();
      if (ec == bhttp::error::need_buffer) {
        ec = {};
      }
      if (ec) {
        break;
      }
      const size_t got = chunk.size() - parser.get().body().size;
      Feed(*sub, json, std::string_view(chunk.data(), got), options.keep_entity_times, received);
      if (sub->overflow) {
        break;
      }
    }
  }
  sub->close = nullptr;
  sub->ended = true;
}

}  // namespace omnihub::bench
