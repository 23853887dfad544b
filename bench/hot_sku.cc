// hot_sku: the `hot_sku` benchmark. Many clients race for the stock of one SKU at one location
// through POST /api/v1/inventory/reservations of a running omnihub: --threads threads, one
// blocking keep-alive connection each, take attempt numbers from one shared counter until
// --attempts have been sent. With the stock at S units and quantity 1, exactly S attempts must
// succeed (201) and every other one must be refused with 409 insufficient_stock: anything else
// (a 500, a timeout, a second winner of a unit) is what the benchmark exists to catch.
// Prints one JSON line: attempts/s, statuses, latency percentiles. Every loop is bounded.
//
//   hot_sku --url http://127.0.0.1:PORT --key ohk_… --sku HOT-SKU-1 --location loc_…
//           [--attempts 10000] [--threads 64] [--kind cart]

#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <cstring>
#include <map>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/blocking_http.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

struct ThreadResult {
  Latencies all;
  Latencies won;
  Latencies refused;
  std::map<int, int64_t> statuses;
  int64_t insufficient_bodies = 0;  // 409s whose body names insufficient_stock
  std::string first_unexpected;     // status and body of the first reply that is neither
};

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::optional<Endpoint> endpoint = ParseUrl(flags.Get("url", ""));
  const std::string sku = flags.Get("sku", "");
  const std::string location = flags.Get("location", "");
  if (!endpoint || !flags.Has("key") || sku.empty() || location.empty()) {
    std::fprintf(stderr, "hot_sku: --url, --key, --sku and --location are required\n");
    return 2;
  }
  const int64_t attempts = flags.GetInt("attempts", 10000);
  const int threads = static_cast<int>(flags.GetInt("threads", 64));
  const std::string kind = flags.Get("kind", "cart");
  const std::string body = R"({"sku":")" + sku + R"(","location_id":")" + location +
                           R"(","quantity":1,"kind":")" + kind + R"("})";
  const std::string request = "POST /api/v1/inventory/reservations HTTP/1.1\r\nHost: " +
                              endpoint->host + "\r\nAuthorization: Bearer " +
                              flags.Get("key", "") +
                              "\r\nContent-Type: application/json\r\nContent-Length: " +
                              std::to_string(body.size()) + "\r\n\r\n" + body;

  std::atomic<int64_t> next{0};
  std::atomic<int> connect_failures{0};
  std::vector<ThreadResult> results(static_cast<size_t>(threads));
  Clock::time_point started;
  // Every thread connects first; the clock starts when all are connected.
  std::barrier ready(threads + 1);
  std::vector<std::thread> workers;
  for (int idx = 0; idx < threads; ++idx) {
    workers.emplace_back([&, idx] {
      ThreadResult& mine = results[static_cast<size_t>(idx)];
      BlockingConnection conn(*endpoint);
      if (!conn.Open()) {
        connect_failures.fetch_add(1);
      }
      ready.arrive_and_wait();
      Reply answer;
      while (next.fetch_add(1) < attempts) {
        const auto sent = Clock::now();
        answer = conn.Exchange(request);
        const int status = answer.status;
        const std::string& reply = answer.body;
        const int64_t micros =
            std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - sent).count();
        mine.all.Add(micros);
        ++mine.statuses[status];
        if (status == 200 || status == 201) {
          mine.won.Add(micros);
        } else if (status == 409) {
          mine.refused.Add(micros);
          if (reply.find("insufficient_stock") != std::string::npos) {
            ++mine.insufficient_bodies;
          } else if (mine.first_unexpected.empty()) {
            mine.first_unexpected = "409 " + reply.substr(0, 300);
          }
        } else if (mine.first_unexpected.empty()) {
          mine.first_unexpected = std::to_string(status) + " " + reply.substr(0, 300);
        }
      }
    });
  }
  ready.arrive_and_wait();
  started = Clock::now();
  for (std::thread& worker : workers) {
    worker.join();
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - started).count();

  Latencies all, won, refused;
  std::map<int, int64_t> statuses;
  int64_t insufficient = 0;
  std::string unexpected;
  for (ThreadResult& r : results) {
    all.Merge(r.all);
    won.Merge(r.won);
    refused.Merge(r.refused);
    for (const auto& [status, count] : r.statuses) {
      statuses[status] += count;
    }
    insufficient += r.insufficient_bodies;
    if (unexpected.empty()) {
      unexpected = r.first_unexpected;
    }
  }
  JsonObject by_status;
  int64_t succeeded = 0, conflicts = 0, io_errors = 0, other = 0;
  for (const auto& [status, count] : statuses) {
    by_status.Add(std::to_string(status), count);
    if (status == 200 || status == 201) {
      succeeded += count;
    } else if (status == 409) {
      conflicts += count;
    } else if (status == 0) {
      io_errors += count;
    } else {
      other += count;
    }
  }
  const int64_t sent = static_cast<int64_t>(all.size());
  JsonObject report;
  report.Add("label", "hot_sku")
      .Add("sku", sku)
      .Add("location_id", location)
      .Add("threads", threads)
      .Add("attempts", sent)
      .Add("elapsed_s", elapsed_s)
      .Add("attempts_per_s", elapsed_s > 0 ? static_cast<double>(sent) / elapsed_s : 0.0)
      .AddRaw("statuses", by_status.str())
      .Add("succeeded", succeeded)
      .Add("insufficient_stock", conflicts)
      .Add("insufficient_stock_bodies", insufficient)
      .Add("io_errors", io_errors)
      .Add("other", other)
      .Add("connect_failures", static_cast<int64_t>(connect_failures.load()))
      .Add("first_unexpected", unexpected)
      .Add("p50_ms", all.PercentileMs(50))
      .Add("p90_ms", all.PercentileMs(90))
      .Add("p99_ms", all.PercentileMs(99))
      .Add("p999_ms", all.PercentileMs(99.9))
      .Add("max_ms", all.MaxMs())
      .Add("won_p50_ms", won.PercentileMs(50))
      .Add("won_p99_ms", won.PercentileMs(99))
      .Add("refused_p50_ms", refused.PercentileMs(50))
      .Add("refused_p99_ms", refused.PercentileMs(99))
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return io_errors == 0 && other == 0 ? 0 : 1;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
