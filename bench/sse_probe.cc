// sse_probe: the change_feed benchmark. Commit -> SSE subscriber latency and a no-gap check.
//
//   sse_probe --url http://127.0.0.1:PORT --key SUBSCRIBER_KEY --writer-key ADMIN_KEY
//             [--subscribers 100] [--rate 1000] [--duration-s 10] [--writer-connections 32]
//             [--types channels.] [--drain-s 10] [--body '{"type":"web","name":"f-{n}",...}']
//
// 1. Reads latest_seq (S0) from GET /api/v1/changes.
// 2. Opens --subscribers streams: GET /api/v1/stream?types=T&after=S0.
// 3. Writes POST /api/v1/channels open loop at --rate for --duration-s (load.h).
// 4. Reads the reference: every change after S0 of types T, from GET /api/v1/changes.
// 5. Waits (at most --drain-s) until each stream has the last reference seq, then checks that
//    each stream received exactly the reference seqs, in order: no gap, no duplicate.
// Latency per received event: receive time - the change's occurred_at (same host, same clock).
// Prints one JSON line. Exit status: 0 after a run, 1 when the run could not start, 2 bad flags.

#include <chrono>
#include <cstdio>
#include <memory>
#include <unordered_set>

#include "bench/bench_util.h"
#include "bench/changes_client.h"
#include "bench/load.h"
#include "bench/sse_stream.h"
#include "channels/events.h"

#include <boost/asio.hpp>
#include <boost/asio/co_spawn.hpp>
#include <boost/asio/detached.hpp>
#include <boost/asio/redirect_error.hpp>
#include <boost/asio/use_awaitable.hpp>

namespace omnihub::bench {
namespace {

namespace net = boost::asio;
using SystemClock = std::chrono::system_clock;

struct ProbeOptions {
  Endpoint base;
  std::string subscriber_key;
  std::string writer_key;
  int subscribers = 100;
  double rate = 1000;
  double duration_s = 10;
  int writer_connections = 32;
  std::string types = "channels.";
  double drain_s = 10;
  std::string body_template;
};

using Subscribers = std::vector<std::shared_ptr<Subscriber>>;

// Waits in 10 ms steps until `done()` or `limit` has passed.
template <typename Done>
net::awaitable<void> WaitUntil(Done done, std::chrono::duration<double> limit) {
  const auto executor = co_await net::this_coro::executor;
  net::steady_timer timer(executor);
  const auto deadline = std::chrono::steady_clock::now() +
                        std::chrono::duration_cast<std::chrono::steady_clock::duration>(limit);
  while (!done() && std::chrono::steady_clock::now() < deadline) {
    timer.expires_after(std::chrono::milliseconds(10));
    boost::system::error_code ec;
    co_await timer.async_wait(net::redirect_error(net::use_awaitable, ec));
  }
}

struct StreamCheck {
  int64_t complete = 0;      // streams that got exactly the reference seqs, in order
  int64_t missing = 0;       // reference seqs absent from a stream, summed over streams
  int64_t unexpected = 0;    // received seqs not in the reference
  int64_t out_of_order = 0;  // a seq not above the one before it (duplicates included)
};

StreamCheck CheckStreams(const Subscribers& subscribers, const std::vector<Change>& reference) {
  StreamCheck check;
  std::unordered_set<int64_t> reference_seqs;
  for (const Change& change : reference) {
    reference_seqs.insert(change.seq);
  }
  for (const auto& sub : subscribers) {
    bool exact = sub->seqs.size() == reference.size();
    std::unordered_set<int64_t> got;
    for (size_t seq_idx = 0; seq_idx < sub->seqs.size(); ++seq_idx) {
      const int64_t seq = sub->seqs[seq_idx];
      got.insert(seq);
      if (seq_idx > 0 && seq <= sub->seqs[seq_idx - 1]) {
        ++check.out_of_order;
        exact = false;
      }
      if (reference_seqs.count(seq) == 0) {
        ++check.unexpected;
        exact = false;
      }
    }
    for (const Change& change : reference) {
      if (got.count(change.seq) == 0) {
        ++check.missing;
        exact = false;
      }
    }
    if (exact && !sub->overflow) {
      ++check.complete;
    }
  }
  return check;
}

net::awaitable<void> Probe(ProbeOptions options, std::string* report) {
  const auto executor = co_await net::this_coro::executor;
  std::string failure;
  JsonObject json;
  const int64_t after_seq = co_await FetchLatestSeq(options.base, options.writer_key, &failure);
  if (!failure.empty()) {
    *report = json.Add("error", failure).str();
    co_return;
  }

  Subscribers subscribers;
  for (int sub_idx = 0; sub_idx < options.subscribers; ++sub_idx) {
    subscribers.push_back(std::make_shared<Subscriber>());
    const StreamOptions stream{.base = options.base,
                               .key = options.subscriber_key,
                               .types = options.types,
                               .after_seq = after_seq,
                               .keep_entity_times = sub_idx == 0};
    net::co_spawn(executor, Subscribe(stream, subscribers.back()), net::detached);
  }
  co_await WaitUntil(
      [&subscribers] {
        for (const auto& sub : subscribers) {
          if (!sub->connected && !sub->ended) {
            return false;
          }
        }
        return true;
      },
      std::chrono::seconds(10));
  int64_t connected = 0;
  std::string stream_failure;
  for (const auto& sub : subscribers) {
    connected += sub->connected ? 1 : 0;
    if (!sub->failure.empty()) {
      stream_failure = sub->failure;
    }
  }

  LoadOptions writer{
      .endpoint = Endpoint{options.base.host, options.base.port, "/api/v1/channels"},
      .method = "POST",
      .body_template = options.body_template,
      .headers = {"Authorization: Bearer " + options.writer_key},
      .connections = options.writer_connections,
      .rate = options.rate,
      .warmup = std::chrono::duration<double>(0),
      .duration = std::chrono::duration<double>(options.duration_s),
      .max_requests = static_cast<int64_t>(options.rate * options.duration_s) + 1,
      .grace = std::chrono::duration<double>(10),
      .collect_acks = true,
  };
  LoadResult written;
  if (connected > 0) {
    written = co_await RunLoad(writer);
  }

  const std::vector<Change> reference =
      co_await FetchChanges(options.base, options.writer_key, options.types, after_seq, &failure);
  const int64_t last_seq = reference.empty() ? after_seq : reference.back().seq;
  const auto drain_started = std::chrono::steady_clock::now();
  co_await WaitUntil(
      [&subscribers, last_seq] {
        for (const auto& sub : subscribers) {
          if (sub->connected && !sub->ended && (sub->seqs.empty() || sub->seqs.back() < last_seq)) {
            return false;
          }
        }
        return true;
      },
      std::chrono::duration<double>(options.drain_s));
  const double drain_s =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - drain_started).count();
  for (const auto& sub : subscribers) {
    if (sub->close) {
      sub->close();
    }
  }
  co_await WaitUntil(
      [&subscribers] {
        for (const auto& sub : subscribers) {
          if (!sub->ended) {
            return false;
          }
        }
        return true;
      },
      std::chrono::seconds(5));

  // Every acknowledged write must be in the change log; end-to-end latency on stream 0.
  std::unordered_set<std::string> logged;
  for (const Change& change : reference) {
    if (change.type == omnihub::channels::events::kChannelCreated.name) {
      logged.insert(change.entity_id);
    }
  }
  int64_t acks_not_logged = 0;
  Latencies end_to_end;
  const Subscriber& first = *subscribers.front();
  for (const Ack& ack : written.acks) {
    if (logged.count(ack.id) == 0) {
      ++acks_not_logged;
    }
    const auto seen = first.received_at.find(ack.id);
    if (seen != first.received_at.end()) {
      end_to_end.Add(
          std::chrono::duration_cast<std::chrono::microseconds>(seen->second - ack.scheduled)
              .count());
    }
  }

  Latencies latency;
  int64_t received = 0;
  int64_t overflows = 0;
  int64_t parse_errors = 0;
  int64_t id_mismatches = 0;
  for (const auto& sub : subscribers) {
    latency.Merge(sub->latency);
    received += static_cast<int64_t>(sub->seqs.size());
    overflows += sub->overflow ? 1 : 0;
    parse_errors += sub->parse_errors;
    id_mismatches += sub->id_mismatches;
  }
  const StreamCheck check = CheckStreams(subscribers, reference);
  bool reference_contiguous = true;
  for (size_t change_idx = 0; change_idx < reference.size(); ++change_idx) {
    const int64_t expected = after_seq + 1 + static_cast<int64_t>(change_idx);
    reference_contiguous = reference_contiguous && reference[change_idx].seq == expected;
  }

  json.Add("subscribers", options.subscribers)
      .Add("subscribers_connected", connected)
      .Add("target_rate", options.rate)
      .Add("duration_s", options.duration_s)
      .Add("after_seq", after_seq)
      .Add("reference_changes", static_cast<int64_t>(reference.size()))
      .Add("reference_contiguous", reference_contiguous)
      .Add("events_expected", static_cast<int64_t>(reference.size()) * connected)
      .Add("events_received", received)
      .Add("streams_complete", check.complete)
      .Add("missing", check.missing)
      .Add("unexpected", check.unexpected)
      .Add("out_of_order", check.out_of_order)
      .Add("overflows", overflows)
      .Add("parse_errors", parse_errors)
      .Add("id_mismatches", id_mismatches)
      .Add("acks", static_cast<int64_t>(written.acks.size()))
      .Add("acks_not_in_log", acks_not_logged)
      .Add("drain_s", drain_s)
      .Add("latency_samples", static_cast<int64_t>(latency.size()))
      .Add("p50_ms", latency.PercentileMs(50))
      .Add("p90_ms", latency.PercentileMs(90))
      .Add("p99_ms", latency.PercentileMs(99))
      .Add("p999_ms", latency.PercentileMs(99.9))
      .Add("max_ms", latency.MaxMs())
      .Add("min_ms", latency.PercentileMs(0))
      .Add("e2e_samples", static_cast<int64_t>(end_to_end.size()))
      .Add("e2e_p50_ms", end_to_end.PercentileMs(50))
      .Add("e2e_p99_ms", end_to_end.PercentileMs(99))
      .AddRaw("writer", LoadResultJson(writer, written));
  if (!failure.empty()) {
    json.Add("error", failure);
  } else if (!stream_failure.empty()) {
    json.Add("error", stream_failure);
  }
  *report = json.str();
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::optional<Endpoint> base = ParseUrl(flags.Get("url", ""));
  if (!base || !flags.Has("key") || !flags.Has("writer-key")) {
    std::fprintf(stderr, "sse_probe: --url http://HOST:PORT, --key and --writer-key required\n");
    return 2;
  }
  const auto run_id =
      std::chrono::duration_cast<std::chrono::milliseconds>(SystemClock::now().time_since_epoch())
          .count();
  const ProbeOptions options{
      .base = *base,
      .subscriber_key = flags.Get("key", ""),
      .writer_key = flags.Get("writer-key", ""),
      .subscribers = static_cast<int>(flags.GetInt("subscribers", 100)),
      .rate = flags.GetDouble("rate", 1000),
      .duration_s = flags.GetDouble("duration-s", 10),
      .writer_connections = static_cast<int>(flags.GetInt("writer-connections", 32)),
      .types = flags.Get("types", "channels."),
      .drain_s = flags.GetDouble("drain-s", 10),
      .body_template = flags.Get("body", R"({"type":"web","name":"feed-)" + std::to_string(run_id) +
                                             R"(-{n}","funnel_role":"acquisition"})"),
  };
  if (options.subscribers < 1 || options.rate <= 0 || options.duration_s <= 0 ||
      options.writer_connections < 1) {
    std::fprintf(stderr, "sse_probe: counts, rate and duration must be positive\n");
    return 2;
  }
  const auto started = std::chrono::steady_clock::now();
  net::io_context ioc(1);
  std::string report;
  net::co_spawn(ioc, Probe(options, &report), [&report](std::exception_ptr error) {
    if (error) {
      report = JsonObject().Add("error", "the probe threw").str();
    }
  });
  ioc.run();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  JsonObject out;
  out.AddRaw("result", report.empty() ? "{}" : report)
      .Add("elapsed_s", elapsed)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", out.str().c_str());
  std::fflush(stdout);
  return report.find("\"error\"") == std::string::npos ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
