#include "bench/changes_client.h"

#include <simdjson.h>

#include <boost/asio.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

namespace omnihub::bench {

namespace net = boost::asio;
namespace beast = boost::beast;
namespace bhttp = boost::beast::http;
using tcp = net::ip::tcp;

net::awaitable<HttpReply> Fetch(Endpoint base, std::string target, std::string key) {
  const auto executor = co_await net::this_coro::executor;
  HttpReply reply;
  beast::error_code ec;
  tcp::resolver resolver(executor);
  const auto endpoints = co_await resolver.async_resolve(
      base.host, base.port, net::redirect_error(net::use_awaitable, ec));
  beast::tcp_stream stream(executor);
  stream.expires_after(std::chrono::seconds(30));
  if (!ec) {
    co_await stream.async_connect(endpoints, net::redirect_error(net::use_awaitable, ec));
  }
  const std::string request = "GET " + target + " HTTP/1.1\r\nHost: " + base.host + ":" +
                              base.port + "\r\nAuthorization: Bearer " + key +
                              "\r\nConnection: close\r\n\r\n";
  if (!ec) {
    co_await net::async_write(stream, net::buffer(request),
                              net::redirect_error(net::use_awaitable, ec));
  }
  beast::flat_buffer buffer;
  bhttp::response_parser<bhttp::string_body> parser;
  parser.body_limit(256 * 1024 * 1024);
  if (!ec) {
    co_await bhttp::async_read(stream, buffer, parser, net::redirect_error(net::use_awaitable, ec));
  }
  if (ec) {
    reply.failure = "GET " + target + ": " + ec.message();
    co_return reply;
  }
  reply.status = parser.get().result_int();
  reply.body = std::move(parser.get().body());
  stream.socket().close(ec);
  co_return reply;
}

namespace {

std::string Describe(const std::string& what, const HttpReply& reply) {
  if (!reply.failure.empty()) {
    return reply.failure;
  }
  return what + ": HTTP " + std::to_string(reply.status) + " " + reply.body.substr(0, 200);
}

}  // namespace

net::awaitable<int64_t> FetchLatestSeq(Endpoint base, std::string key, std::string* failure) {
  const HttpReply reply = co_await Fetch(base, "/api/v1/changes?limit=1", key);
  int64_t latest = -1;
  simdjson::ondemand::parser json;
  simdjson::padded_string padded(reply.body);
  simdjson::ondemand::document doc;
  if (reply.status != 200 || json.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc["latest_seq"].get_int64().get(latest) != simdjson::SUCCESS) {
    *failure = Describe("GET /api/v1/changes?limit=1", reply);
    latest = -1;
  }
  co_return latest;
}

net::awaitable<std::vector<Change>> FetchChanges(Endpoint base, std::string key, std::string types,
                                                 int64_t after, std::string* failure) {
  std::vector<Change> changes;
  simdjson::ondemand::parser json;
  for (int page_idx = 0; page_idx < 10'000; ++page_idx) {
    const std::string target =
        "/api/v1/changes?after=" + std::to_string(after) + "&types=" + types + "&limit=500";
    const HttpReply reply = co_await Fetch(base, target, key);
    if (reply.status != 200) {
      *failure = Describe("GET " + target, reply);
      co_return changes;
    }
    simdjson::padded_string padded(reply.body);
    simdjson::ondemand::document doc;
    simdjson::ondemand::array array;
    if (json.iterate(padded).get(doc) != simdjson::SUCCESS ||
        doc["changes"].get_array().get(array) != simdjson::SUCCESS) {
      *failure = "GET " + target + ": no changes array";
      co_return changes;
    }
    size_t page_count = 0;
    for (auto element : array) {
      simdjson::ondemand::object change;
      int64_t seq = 0;
      std::string_view type;
      std::string_view entity_id;
      if (element.get_object().get(change) != simdjson::SUCCESS ||
          change["seq"].get_int64().get(seq) != simdjson::SUCCESS ||
          change["type"].get_string().get(type) != simdjson::SUCCESS ||
          change["entity_id"].get_string().get(entity_id) != simdjson::SUCCESS) {
        *failure = "GET " + target + ": a change without seq, type or entity_id";
        co_return changes;
      }
      changes.push_back({seq, std::string(type), std::string(entity_id)});
      ++page_count;
    }
    bool has_more = false;
    int64_t next_after = 0;
    if (doc["next_after"].get_int64().get(next_after) != simdjson::SUCCESS ||
        doc["has_more"].get_bool().get(has_more) != simdjson::SUCCESS) {
      *failure = "GET " + target + ": no next_after or has_more";
      co_return changes;
    }
    if (!has_more || page_count == 0) {
      co_return changes;
    }
    after = next_after;
  }
  co_return changes;
}

}  // namespace omnihub::bench
