#pragma once

// HTTP/1.1 keep-alive load over N connections, closed loop (each connection sends its next
// request as soon as the reply arrives) or open loop (requests are due at a fixed total rate and
// latency is measured from the time a request was due, so a slow server cannot hide its queue:
// no coordinated omission). Replies must carry Content-Length (chunked replies count as I/O
// errors): the generator parses only that much HTTP, so it takes little of the CPU it shares
// with the server under test.

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <map>
#include <string>
#include <vector>

#include "bench/bench_util.h"

namespace omnihub::bench {

struct LoadOptions {
  Endpoint endpoint;
  std::string method = "GET";
  std::string body_template;         // sent as JSON; "{n}" becomes a per-request counter
  std::vector<std::string> headers;  // "Name: value"
  int connections = 64;
  double rate = 0;                             // requests/s over all connections; 0: closed loop
  std::chrono::duration<double> warmup{0};     // load runs but is not recorded
  std::chrono::duration<double> duration{10};  // the recorded window, after the warmup
  int64_t max_requests = 2'000'000;            // bound over warmup and window together
  std::chrono::duration<double> grace{10};     // after the window, for replies still due
  uint64_t counter_start = 0;
  bool collect_acks = false;  // keep the "id" of every 201 reply
};

// A 201 reply: the created entity's id and when its request was due (or sent, closed loop).
struct Ack {
  std::string id;
  std::chrono::system_clock::time_point scheduled;
};

struct LoadResult {
  int64_t sent = 0;       // requests written, warmup included
  int64_t recorded = 0;   // replies to requests due inside the window
  int64_t ok = 0;         // recorded replies with a 2xx status
  int64_t non_2xx = 0;    // recorded replies with another status
  int64_t io_errors = 0;  // connect, write or read failures and timeouts, every phase
  // Open loop: requests due inside the window that were never sent or never answered before
  // the grace period ended. Each adds a latency sample of (end of grace - due time).
  int64_t late = 0;
  std::map<int, int64_t> statuses;  // every reply, warmup included
  Latencies latencies;              // milliseconds from due (or sent) to the whole reply
  double window_seconds = 0;        // the recorded window actually run
  std::vector<Ack> acks;            // every 201 with an "id", when collect_acks
};

// Runs the load to completion and returns what it measured. Never throws.
// REQUIRES: the current executor's io_context runs on one thread (connections share counters).
boost::asio::awaitable<LoadResult> RunLoad(LoadOptions options);

// `result` as one JSON object: mode, rps, ok_rps, p50/p90/p99/max in ms, counts, statuses.
std::string LoadResultJson(const LoadOptions& options, LoadResult& result);

}  // namespace omnihub::bench
