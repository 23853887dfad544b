// identity_load: the `identity` benchmark. Through the Segment API of a running omnihub:
//   setup   --profiles known people (identify: user id + anonymous id + e-mail) and as many
//           anonymous-only visitors as the run will merge (page events), in batches of 100;
//   run     --events events over --connections connections in batches of 100, of which
//           --merge-pct % are identifies joining a known person to one of those visitors (a
//           merge of two existing profiles) and the rest tracks of known people;
//   probe   meanwhile, every --probe-ms, one more such merge sent alone through /v1/identify,
//           then read back at once with GET /api/v1/customers/lookup?anonymous_id=…: the time
//           from the merge's acknowledgement (it is committed) to a read that shows the merged
//           profile, and, separately, from sending the event to its acknowledgement (queueing
//           behind the load's batches for the one SQLite writer).
// Prints one JSON line. Blocking sockets, one thread per connection; every loop is bounded.
//
//   identity_load --url http://127.0.0.1:PORT --write-key owk_… --key ohk_… [--profiles 100000]
//                 [--events 1000000] [--merge-pct 5] [--connections 32] [--probe-ms 20]

#include <arpa/inet.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <mutex>
#include <random>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/blocking_http.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;
constexpr int kBatch = 100;

std::string Base64(const std::string& text) {
  static constexpr char kAlphabet[] =
      "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
  std::string out;
  for (size_t idx = 0; idx < text.size(); idx += 3) {
    uint32_t n = uint32_t(uint8_t(text[idx])) << 16;
    if (idx + 1 < text.size()) n |= uint32_t(uint8_t(text[idx + 1])) << 8;
    if (idx + 2 < text.size()) n |= uint8_t(text[idx + 2]);
    out += kAlphabet[(n >> 18) & 63];
    out += kAlphabet[(n >> 12) & 63];
    out += idx + 1 < text.size() ? kAlphabet[(n >> 6) & 63] : '=';
    out += idx + 2 < text.size() ? kAlphabet[n & 63] : '=';
  }
  return out;
}

// One call over `conn`, tried once more on a fresh connection after an I/O failure (events
// carry messageIds, so a repeat is deduplicated); status 0 when both fail.
int Send(BlockingConnection& conn, std::string_view method, const std::string& target,
         const std::string& auth, const std::string& body, std::string* reply_body) {
  for (int attempt = 0; attempt < 2; ++attempt) {
    Reply reply = conn.Call(method, target, "Authorization: " + auth + "\r\n", body);
    if (reply.status > 0) {
      if (reply_body != nullptr) {
        *reply_body = std::move(reply.body);
      }
      return reply.status;
    }
  }
  return 0;
}

std::string Identify(const std::string& message_id, const std::string& user_id,
                     const std::string& anonymous_id, const std::string& email) {
  std::string e = R"({"type":"identify","messageId":")" + message_id + R"(","userId":")" + user_id +
                  R"(","anonymousId":")" + anonymous_id + R"(")";
  if (!email.empty()) {
    e += R"(,"traits":{"email":")" + email + R"(","first_name":"Bench"})";
  }
  return e + R"(,"context":{"library":{"name":"identity_load"}}})";
}

std::string Page(const std::string& message_id, const std::string& anonymous_id) {
  return R"({"type":"page","messageId":")" + message_id + R"(","anonymousId":")" + anonymous_id +
         R"(","name":"Home","properties":{"path":"/","referrer":"https://example.com"}})";
}

std::string Track(const std::string& message_id, const std::string& user_id, int product) {
  return R"({"type":"track","messageId":")" + message_id + R"(","userId":")" + user_id +
         R"(","event":"Product Viewed","properties":{"product_id":"p)" + std::to_string(product) +
         R"(","sku":"SKU-)" + std::to_string(product) +
         R"(","price":129.99,"currency":"PLN","category":"Buty"},"context":{"ip":"10.0.0.1"}})";
}

struct Shared {
  Endpoint endpoint;
  std::string basic;
  std::atomic<int64_t> next_batch{0};
  std::atomic<int64_t> failed{0};
  std::atomic<int64_t> rejected_or_error{0};
};

// Workers take batch numbers until `batches`; make(batch) builds its 100 events.
template <typename Make>
void RunBatches(Shared& shared, int connections, int64_t batches, Make make) {
  shared.next_batch = 0;
  std::vector<std::thread> workers;
  for (int idx = 0; idx < connections; ++idx) {
    workers.emplace_back([&] {
      BlockingConnection conn(shared.endpoint);
      std::string reply;
      for (int64_t batch; (batch = shared.next_batch.fetch_add(1)) < batches;) {
        const int status = Send(conn, "POST", "/v1/batch", shared.basic, make(batch), &reply);
        if (status != 200) {
          shared.failed.fetch_add(1);
        } else if (reply.find("\"rejected\"") != std::string::npos) {
          shared.rejected_or_error.fetch_add(1);
        }
      }
    });
  }
  for (std::thread& worker : workers) {
    worker.join();
  }
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::optional<Endpoint> endpoint = ParseUrl(flags.Get("url", ""));
  if (!endpoint || !flags.Has("write-key") || !flags.Has("key")) {
    std::fprintf(stderr, "identity_load: --url, --write-key and --key are required\n");
    return 2;
  }
  const int64_t profiles = flags.GetInt("profiles", 100000);
  const int64_t events = flags.GetInt("events", 1000000);
  const double merge_pct = flags.GetDouble("merge-pct", 5);
  const int connections = static_cast<int>(flags.GetInt("connections", 32));
  const int probe_ms = static_cast<int>(flags.GetInt("probe-ms", 20));
  const int64_t merges = static_cast<int64_t>(events * merge_pct / 100);
  const int64_t probes_max = 100000;
  const std::string run = std::to_string(std::random_device{}() % 1000000);
  Shared shared{.endpoint = *endpoint,
                .basic = "Basic " + Base64(flags.Get("write-key", "") + ":")};
  const std::string bearer = "Bearer " + flags.Get("key", "");
  auto user = [&](int64_t p) { return "u" + run + "-" + std::to_string(p); };
  auto visitor = [&](int64_t v) { return "v" + run + "-" + std::to_string(v); };

  // Setup: known people, then the visitors the run will merge (and the probe's own).
  const auto setup_started = Clock::now();
  const int64_t visitors = merges + probes_max / 10;
  RunBatches(shared, connections, (profiles + kBatch - 1) / kBatch, [&](int64_t batch) {
    std::string body = R"({"batch":[)";
    for (int64_t p = batch * kBatch; p < std::min(profiles, (batch + 1) * kBatch); ++p) {
      body += (p % kBatch ? "," : "") +
              Identify("s" + run + "-" + std::to_string(p), user(p),
                       "a" + run + "-" + std::to_string(p),
                       "p" + std::to_string(p) + "." + run + "@bench.example");
    }
    return body + "]}";
  });
  RunBatches(shared, connections, (visitors + kBatch - 1) / kBatch, [&](int64_t batch) {
    std::string body = R"({"batch":[)";
    for (int64_t v = batch * kBatch; v < std::min(visitors, (batch + 1) * kBatch); ++v) {
      body += (v % kBatch ? "," : "") + Page("w" + run + "-" + std::to_string(v), visitor(v));
    }
    return body + "]}";
  });
  const double setup_s = std::chrono::duration<double>(Clock::now() - setup_started).count();
  const int64_t setup_failed = shared.failed.exchange(0);

  // Run: merges spread evenly through the batches; the probe measures merge -> visible.
  std::atomic<bool> running{true};
  Latencies visible;  // acknowledged merge -> read showing it
  Latencies acked;    // merging event sent -> acknowledged
  int64_t probe_wrong = 0;
  std::thread probe([&] {
    BlockingConnection conn(*endpoint);
    std::string reply;
    for (int64_t n = 0; running && n < probes_max / 10; ++n) {
      std::this_thread::sleep_for(std::chrono::milliseconds(probe_ms));
      const std::string who = user((n * 7919) % profiles);
      const std::string anonymous = visitor(merges + n);
      const std::string event = Identify("q" + run + "-" + std::to_string(n), who, anonymous, "");
      const auto sent = Clock::now();
      if (Send(conn, "POST", "/v1/identify", shared.basic, event, nullptr) != 200) {
        ++probe_wrong;
        continue;
      }
      const auto committed = Clock::now();
      const int status = Send(conn, "GET", "/api/v1/customers/lookup?anonymous_id=" + anonymous,
                                   bearer, "", &reply);
      const auto seen = Clock::now();
      if (status != 200 || reply.find("\"" + who + "\"") == std::string::npos) {
        ++probe_wrong;  // the read did not show the merged profile
        continue;
      }
      acked.Add(std::chrono::duration_cast<std::chrono::microseconds>(committed - sent).count());
      visible.Add(std::chrono::duration_cast<std::chrono::microseconds>(seen - committed).count());
    }
  });
  const auto run_started = Clock::now();
  const int64_t batches = (events + kBatch - 1) / kBatch;
  const int64_t merge_every = merges > 0 ? std::max<int64_t>(1, events / merges) : 0;
  RunBatches(shared, connections, batches, [&](int64_t batch) {
    std::string body = R"({"batch":[)";
    std::mt19937_64 rng(static_cast<uint64_t>(batch));
    for (int64_t e = batch * kBatch; e < std::min(events, (batch + 1) * kBatch); ++e) {
      const int64_t person = static_cast<int64_t>(rng() % static_cast<uint64_t>(profiles));
      const std::string id = "r" + run + "-" + std::to_string(e);
      const bool merge = merge_every > 0 && e % merge_every == 0 && e / merge_every < merges;
      body += (e % kBatch ? "," : "") +
              (merge ? Identify(id, user(person), visitor(e / merge_every), "")
                     : Track(id, user(person), static_cast<int>(rng() % 5000)));
    }
    return body + "]}";
  });
  const double run_s = std::chrono::duration<double>(Clock::now() - run_started).count();
  running = false;
  probe.join();

  JsonObject report;
  report.Add("profiles", profiles)
      .Add("visitors", visitors)
      .Add("setup_s", setup_s)
      .Add("setup_failed_batches", setup_failed)
      .Add("events", events)
      .Add("merges", merges)
      .Add("run_s", run_s)
      .Add("events_per_s", run_s > 0 ? static_cast<double>(events) / run_s : 0.0)
      .Add("failed_batches", shared.failed.load())
      .Add("batches_with_rejections", shared.rejected_or_error.load())
      .Add("probes", static_cast<int64_t>(visible.size()))
      .Add("probes_wrong", probe_wrong)
      .Add("merge_visible_p50_ms", visible.PercentileMs(50))
      .Add("merge_visible_p99_ms", visible.PercentileMs(99))
      .Add("merge_visible_max_ms", visible.MaxMs())
      .Add("merge_ack_p50_ms", acked.PercentileMs(50))
      .Add("merge_ack_p99_ms", acked.PercentileMs(99))
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return shared.failed.load() == 0 && setup_failed == 0 ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
