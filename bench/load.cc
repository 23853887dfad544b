#include "bench/load.h"

#include <simdjson.h>

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>
#include <boost/beast/core/error.hpp>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstring>
#include <memory>
#include <optional>

namespace omnihub::bench {
namespace {

namespace net = boost::asio;
namespace beast = boost::beast;
using tcp = net::ip::tcp;
using SteadyClock = std::chrono::steady_clock;
using SteadyTime = SteadyClock::time_point;

constexpr auto kConnectTimeout = std::chrono::seconds(5);
constexpr auto kReconnectPause = std::chrono::milliseconds(50);

SteadyTime After(SteadyTime from, std::chrono::duration<double> span) {
  return from + std::chrono::duration_cast<SteadyClock::duration>(span);
}

int64_t Micros(SteadyClock::duration span) {
  return std::chrono::duration_cast<std::chrono::microseconds>(span).count();
}

// Shared by the connections of one run. Touched only on the run's single I/O thread.
struct LoadState {
  LoadOptions options;
  tcp::resolver::results_type endpoints;
  std::string request_head;  // request line and headers, without Content-Length
  SteadyTime start;
  SteadyTime window_start;
  SteadyTime window_end;
  SteadyTime hard_deadline;
  std::chrono::system_clock::time_point system_start;
  SteadyClock::duration interval{};  // open loop: between two due times
  int64_t next_slot = 0;
  uint64_t next_counter = 0;
  SteadyTime last_recorded_done;
  int active = 0;
  net::steady_timer* all_done = nullptr;  // cancelled when the last connection ends
  LoadResult result;

  bool open_loop() const { return options.rate > 0; }
  SteadyTime Due(int64_t slot) const { return start + interval * slot; }

  std::string NextRequest() {
    if (options.body_template.empty()) {
      return request_head + "\r\n";
    }
    const std::string body = Substitute(options.body_template, next_counter++);
    std::string request = request_head;
    request += "Content-Type: application/json\r\nContent-Length: ";
    request += std::to_string(body.size());
    request += "\r\n\r\n";
    request += body;
    return request;
  }
};

void RecordAck(LoadState& state, simdjson::ondemand::parser& json, std::string_view body,
               SteadyTime scheduled) {
  simdjson::padded_string padded(body);
  simdjson::ondemand::document doc;
  std::string_view id;
  if (json.iterate(padded).get(doc) != simdjson::SUCCESS ||
      doc["id"].get_string().get(id) != simdjson::SUCCESS) {
    return;
  }
  state.result.acks.push_back(
      Ack{.id = std::string(id),
          .scheduled =
              state.system_start + std::chrono::duration_cast<std::chrono::system_clock::duration>(
                                       scheduled - state.start)});
}

bool StartsWithNoCase(std::string_view text, std::string_view prefix) {
  if (text.size() < prefix.size()) {
    return false;
  }
  for (size_t idx = 0; idx < prefix.size(); ++idx) {
    if (std::tolower(static_cast<unsigned char>(text[idx])) != prefix[idx]) {
      return false;
    }
  }
  return true;
}

// The head of one HTTP/1.1 response. The generator reads only what its targets send: a status
// line, headers and a Content-Length body; anything else (chunked, read-until-close) is an error.
struct ResponseHead {
  int status = 0;
  size_t head_bytes = 0;  // through the blank line
  size_t content_length = 0;
  bool keep_alive = true;
};

// Parses the head at the start of `data`. nullopt: incomplete. status 0: unsupported/malformed.
std::optional<ResponseHead> ParseHead(std::string_view data) {
  const size_t end = data.find("\r\n\r\n");
  if (end == std::string_view::npos) {
    return data.size() > 64 * 1024 ? std::optional<ResponseHead>(ResponseHead{}) : std::nullopt;
  }
  ResponseHead head{.head_bytes = end + 4};
  std::string_view lines = data.substr(0, end + 2);
  const size_t first_end = lines.find("\r\n");
  const std::string_view status_line = lines.substr(0, first_end);
  if (status_line.size() < 12 || status_line.substr(0, 5) != "HTTP/") {
    return ResponseHead{};
  }
  int status = 0;
  std::from_chars(status_line.data() + 9, status_line.data() + 12, status);
  bool has_length = false;
  lines.remove_prefix(first_end + 2);
  while (!lines.empty()) {
    const size_t line_end = lines.find("\r\n");
    const std::string_view line = lines.substr(0, line_end);
    lines.remove_prefix(line_end + 2);
    if (StartsWithNoCase(line, "content-length:")) {
      std::string_view value = line.substr(15);
      while (!value.empty() && value.front() == ' ') {
        value.remove_prefix(1);
      }
      has_length =
          std::from_chars(value.data(), value.data() + value.size(), head.content_length).ec ==
          std::errc();
    } else if (StartsWithNoCase(line, "transfer-encoding:")) {
      return ResponseHead{};
    } else if (StartsWithNoCase(line, "connection:") &&
               line.find("close") != std::string_view::npos) {
      head.keep_alive = false;
    }
  }
  if (!has_length && !(status == 204 || status == 304)) {
    return ResponseHead{};
  }
  head.status = status;
  return head;
}

// Closes the connection's socket at `deadline` unless cancelled first: the one timeout of a
// connection, so no per-operation timers are needed.
void ArmWatchdog(net::steady_timer& watchdog, tcp::socket& socket, SteadyTime deadline) {
  watchdog.expires_at(deadline);
  watchdog.async_wait([&socket](beast::error_code ec) {
    if (!ec) {
      socket.close(ec);
    }
  });
}

net::awaitable<void> Connection(std::shared_ptr<LoadState> state) {
  const auto executor = co_await net::this_coro::executor;
  tcp::socket socket(executor);
  net::steady_timer watchdog(executor);
  net::steady_timer pacer(executor);
  std::vector<char> buffer(64 * 1024);
  size_t buffered = 0;
  simdjson::ondemand::parser json;
  LoadResult& result = state->result;
  const LoadOptions& options = state->options;
  bool connected = false;
  for (;;) {
    const int64_t slot = state->next_slot;
    const SteadyTime now = SteadyClock::now();
    if (slot >= options.max_requests || now >= state->hard_deadline) {
      break;
    }
    SteadyTime scheduled = now;
    if (state->open_loop()) {
      scheduled = state->Due(slot);
      if (scheduled >= state->window_end) {
        break;
      }
    } else if (now >= state->window_end) {
      break;
    }
    ++state->next_slot;
    beast::error_code ec;
    if (scheduled > now) {
      pacer.expires_at(scheduled);
      co_await pacer.async_wait(net::redirect_error(net::use_awaitable, ec));
    }
    const bool in_window = scheduled >= state->window_start && scheduled < state->window_end;
    if (!connected) {
      ArmWatchdog(watchdog, socket,
                  std::min(state->hard_deadline, SteadyClock::now() + kConnectTimeout));
      co_await net::async_connect(socket, state->endpoints,
                                  net::redirect_error(net::use_awaitable, ec));
      watchdog.cancel();
      if (ec) {
        ++result.io_errors;
        socket.close(ec);
        pacer.expires_after(kReconnectPause);
        co_await pacer.async_wait(net::redirect_error(net::use_awaitable, ec));
        continue;
      }
      socket.set_option(tcp::no_delay(true), ec);
      connected = true;
      buffered = 0;
      ArmWatchdog(watchdog, socket, state->hard_deadline);
    }
    const std::string request = state->NextRequest();
    co_await net::async_write(socket, net::buffer(request),
                              net::redirect_error(net::use_awaitable, ec));
    std::optional<ResponseHead> head;
    if (!ec) {
      ++result.sent;
      for (;;) {
        if (!head) {
          head = ParseHead(std::string_view(buffer.data(), buffered));
        }
        if (head && (head->status == 0 || buffered >= head->head_bytes + head->content_length)) {
          break;
        }
        if (buffered == buffer.size()) {
          buffer.resize(buffer.size() * 2);
        }
        const size_t got = co_await socket.async_read_some(
            net::buffer(buffer.data() + buffered, buffer.size() - buffered),
            net::redirect_error(net::use_awaitable, ec));
        if (ec) {
          break;
        }
        buffered += got;
      }
    }
    const SteadyTime done = SteadyClock::now();
    if (!ec && head && head->status == 0) {
      ec = net::error::operation_not_supported;
    }
    if (ec) {
      ++result.io_errors;
      if (done >= state->hard_deadline && in_window && state->open_loop()) {
        ++result.late;
        result.latencies.Add(Micros(state->hard_deadline - scheduled));
      }
      socket.close(ec);
      connected = false;
      continue;
    }
    const int status = head->status;
    ++result.statuses[status];
    if (options.collect_acks && status == 201) {
      RecordAck(*state, json,
                std::string_view(buffer.data() + head->head_bytes, head->content_length),
                scheduled);
    }
    if (in_window) {
      ++result.recorded;
      if (status >= 200 && status < 300) {
        ++result.ok;
      } else {
        ++result.non_2xx;
      }
      result.latencies.Add(Micros(done - scheduled));
      state->last_recorded_done = std::max(state->last_recorded_done, done);
    }
    const size_t consumed = head->head_bytes + head->content_length;
    std::memmove(buffer.data(), buffer.data() + consumed, buffered - consumed);
    buffered -= consumed;
    if (!head->keep_alive) {
      socket.close(ec);
      connected = false;
    }
  }
  watchdog.cancel();
  beast::error_code ignored;
  socket.shutdown(tcp::socket::shutdown_both, ignored);
  socket.close(ignored);
}

void ConnectionEnded(const std::shared_ptr<LoadState>& state, const std::exception_ptr& error) {
  if (error) {
    ++state->result.io_errors;
  }
  if (--state->active == 0) {
    state->all_done->cancel();
  }
}

}  // namespace

net::awaitable<LoadResult> RunLoad(LoadOptions options) {
  const auto executor = co_await net::this_coro::executor;
  auto state = std::make_shared<LoadState>();
  state->options = std::move(options);
  const LoadOptions& opts = state->options;

  tcp::resolver resolver(executor);
  beast::error_code ec;
  state->endpoints = co_await resolver.async_resolve(opts.endpoint.host, opts.endpoint.port,
                                                     net::redirect_error(net::use_awaitable, ec));
  if (ec) {
    state->result.io_errors = 1;
    co_return std::move(state->result);
  }
  state->request_head = opts.method + " " + opts.endpoint.target +
                        " HTTP/1.1\r\nHost: " + opts.endpoint.host + ":" + opts.endpoint.port +
                        "\r\n";
  for (const std::string& header : opts.headers) {
    state->request_head += header + "\r\n";
  }
  state->next_counter = opts.counter_start;
  if (state->open_loop()) {
    state->interval = std::chrono::duration_cast<SteadyClock::duration>(
        std::chrono::duration<double>(1.0 / opts.rate));
  }
  state->start = SteadyClock::now();
  state->system_start = std::chrono::system_clock::now();
  state->window_start = After(state->start, opts.warmup);
  state->window_end = After(state->window_start, opts.duration);
  state->hard_deadline = After(state->window_end, opts.grace);

  net::steady_timer all_done(executor, SteadyTime::max());
  state->all_done = &all_done;
  state->active = opts.connections;
  for (int conn_idx = 0; conn_idx < opts.connections; ++conn_idx) {
    net::co_spawn(executor, Connection(state),
                  [state](std::exception_ptr error) { ConnectionEnded(state, error); });
  }
  if (state->active > 0) {
    co_await all_done.async_wait(net::redirect_error(net::use_awaitable, ec));
  }

  LoadResult& result = state->result;
  if (state->open_loop()) {
    // Due inside the window but never taken by a connection before the grace period ended.
    const auto window_slots = static_cast<int64_t>(std::ceil(
        (state->window_end - state->start) / std::chrono::duration<double>(1.0) * opts.rate));
    const int64_t total_slots = std::min(opts.max_requests, window_slots);
    for (int64_t slot = state->next_slot; slot < total_slots; ++slot) {
      const SteadyTime due = state->Due(slot);
      if (due >= state->window_start && due < state->window_end) {
        ++result.late;
        result.latencies.Add(Micros(state->hard_deadline - due));
      }
    }
    result.window_seconds = std::chrono::duration<double>(opts.duration).count();
  } else {
    const SteadyTime end = result.recorded > 0
                               ? std::min(state->window_end, state->last_recorded_done)
                               : state->window_end;
    result.window_seconds =
        std::max(0.0, std::chrono::duration<double>(end - state->window_start).count());
  }
  co_return std::move(result);
}

std::string LoadResultJson(const LoadOptions& options, LoadResult& result) {
  std::string statuses = "{";
  for (const auto& [status, count] : result.statuses) {
    if (statuses.size() > 1) {
      statuses += ',';
    }
    statuses += "\"" + std::to_string(status) + "\":" + std::to_string(count);
  }
  statuses += "}";
  const double window = result.window_seconds > 0 ? result.window_seconds : 1;
  JsonObject json;
  json.Add("mode", options.rate > 0 ? "open" : "closed")
      .Add("connections", options.connections)
      .Add("target_rate", options.rate)
      .Add("window_s", result.window_seconds)
      .Add("sent", result.sent)
      .Add("recorded", result.recorded)
      .Add("ok", result.ok)
      .Add("non_2xx", result.non_2xx)
      .Add("io_errors", result.io_errors)
      .Add("late", result.late)
      .Add("rps", static_cast<double>(result.recorded) / window)
      .Add("ok_rps", static_cast<double>(result.ok) / window)
      .Add("p50_ms", result.latencies.PercentileMs(50))
      .Add("p90_ms", result.latencies.PercentileMs(90))
      .Add("p99_ms", result.latencies.PercentileMs(99))
      .Add("p999_ms", result.latencies.PercentileMs(99.9))
      .Add("max_ms", result.latencies.MaxMs())
      .Add("mean_ms", result.latencies.MeanMs())
      .Add("acks", static_cast<int64_t>(result.acks.size()))
      .AddRaw("statuses", statuses);
  return json.str();
}

}  // namespace omnihub::bench
