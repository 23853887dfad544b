#pragma once

// One subscriber of omnihub's change stream (GET /api/v1/stream): opens it, parses the SSE
// frames and records, per change, its seq and the latency from its occurred_at to the moment its
// bytes arrived.

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

#include "bench/bench_util.h"

namespace omnihub::bench {

struct StreamOptions {
  Endpoint base;  // host and port; the target is built from the fields below
  std::string key;
  std::string types;               // the types= prefix list
  int64_t after_seq = 0;           // resume point: changes after this seq
  bool keep_entity_times = false;  // fill Subscriber::received_at (costs memory per change)
};

// What one stream received. Touched only on the I/O thread that runs its Subscribe().
struct Subscriber {
  int status = 0;          // of the stream's HTTP reply; 0 when none came
  bool connected = false;  // a 200 reply head arrived
  bool ended = false;      // Subscribe() has returned
  bool overflow = false;   // the server sent `event: overflow`
  std::string failure;
  std::vector<int64_t> seqs;  // in arrival order
  Latencies latency;          // arrival time - occurred_at, per change
  int64_t parse_errors = 0;
  int64_t id_mismatches = 0;  // the "id:" line differs from the data's seq
  std::unordered_map<std::string, std::chrono::system_clock::time_point> received_at;  // entity_id
  std::string pending;          // SSE text not yet ended by a blank line
  std::function<void()> close;  // ends the stream; set while Subscribe() runs
};

// Streams into `sub` until the server ends the stream, an error occurs, an overflow arrives or
// sub->close() is called. Never throws; failures land in sub->failure.
// REQUIRES: the current executor's io_context runs on one thread.
boost::asio::awaitable<void> Subscribe(StreamOptions options, std::shared_ptr<Subscriber> sub);

}  // namespace omnihub::bench
