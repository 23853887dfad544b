// order_load: the issue-6 benchmarks against a running omnihub, one mode each. Every thread owns
// one blocking keep-alive connection (bench/blocking_http.h) and plays whole user journeys, so
// a "flow" is timed from its first request to its last reply. Every loop is bounded in count
// and in time. Prints one JSON line.
//
//   order_load --mode flow --url URL --key CHANNEL_KEY --threads 32 --duration-s 30
//              [--warmup-s 2] [--max-flows 500000] [--skus A,B,…] [--run TAG] [--ids-out FILE]
//     A guest checkout as a storefront makes it, seven calls: POST /carts, POST …/lines,
//     PUT …/contact, PUT …/fulfilment {"type":"ship"}, PUT …/payment (blik), GET the cart,
//     POST …/checkout with If-Match = its ETag. Each buyer thread repeats it; flows started in
//     the recorded window count. Orders/s = checkouts answered 201 in the window / window.
//   order_load --mode oversell --url URL --key KEY --buyers 50 --sku SKU [--run TAG]
//     Every buyer prepares a cart of one unit (five calls), then all check out at the same
//     instant (a barrier). Reports the time from the release to the last reply and the counts.
//   order_load --mode spread --url URL --key KEY --threads 32 --duration-s 20 [--warmup-s 2]
//              --sku-prefix SPR- --skus 10000 --locations L1,L2,L3 [--lines 2] [--ids-out FILE]
//     Direct orders, POST /api/v1/orders with a fresh Idempotency-Key, `in_store` at a random
//     one of the locations, `--lines` distinct random SKUs of the --skus, one unit each.
//   order_load --mode receive --url URL --key ADMIN_KEY --sku-prefix SPR- --skus 10000
//              --locations L1,…  --quantity 1000 [--threads 16]      (set-up, not timed)
//     One receipt movement per (SKU, location).
//   order_load --mode verify --url URL --key KEY --ids FILE [--threads 8]
//     GET /api/v1/orders/{id} for every id in FILE: how many are there (after kill -9).

#include <algorithm>
#include <atomic>
#include <barrier>
#include <chrono>
#include <cstdio>
#include <fstream>
#include <map>
#include <mutex>
#include <random>
#include <sstream>
#include <string>
#include <thread>
#include <vector>

#include "bench/bench_util.h"
#include "bench/blocking_http.h"

namespace omnihub::bench {
namespace {

using Clock = std::chrono::steady_clock;

int64_t MicrosSince(Clock::time_point from) {
  return std::chrono::duration_cast<std::chrono::microseconds>(Clock::now() - from).count();
}

std::vector<std::string> Split(const std::string& list) {
  std::vector<std::string> out;
  std::stringstream in(list);
  std::string item;
  while (std::getline(in, item, ',')) {
    if (!item.empty()) {
      out.push_back(item);
    }
  }
  return out;
}

// What one thread saw; merged at the end.
struct Tally {
  std::map<std::string, int64_t> outcomes;  // "step:status" or "step:status:code"
  std::vector<Latencies> steps;             // per step, ms from send to reply
  Latencies flow;                           // whole flows that ended in an order (recorded)
  int64_t ok = 0;                           // recorded flows that ended in an order
  int64_t failed = 0;                       // recorded flows that did not
  int64_t unrecorded = 0;                   // flows outside the window (warmup, tail)
  std::vector<std::string> ids;             // every order id acknowledged (201)
  std::string first_unexpected;

  void Note(const std::string& step, const Reply& reply, bool expected) {
    std::string key = step + ":" + std::to_string(reply.status);
    if (reply.status >= 400) {
      key += ":" + JsonString(reply.body, "code");
    }
    ++outcomes[key];
    if (!expected && first_unexpected.empty()) {
      first_unexpected = key + " " + reply.body.substr(0, 300);
    }
  }
  void Merge(const Tally& other) {
    for (const auto& [key, count] : other.outcomes) {
      outcomes[key] += count;
    }
    if (steps.size() < other.steps.size()) {
      steps.resize(other.steps.size());
    }
    for (size_t i = 0; i < other.steps.size(); ++i) {
      steps[i].Merge(other.steps[i]);
    }
    flow.Merge(other.flow);
    ok += other.ok;
    failed += other.failed;
    unrecorded += other.unrecorded;
    ids.insert(ids.end(), other.ids.begin(), other.ids.end());
    if (first_unexpected.empty()) {
      first_unexpected = other.first_unexpected;
    }
  }
};

std::string OutcomesJson(const std::map<std::string, int64_t>& outcomes) {
  JsonObject out;
  for (const auto& [key, count] : outcomes) {
    out.Add(key, count);
  }
  return out.str();
}

void WriteIds(const std::string& path, const std::vector<std::string>& ids) {
  if (path.empty()) {
    return;
  }
  std::ofstream out(path);
  for (const std::string& id : ids) {
    out << id << '\n';
  }
}

struct Common {
  Endpoint endpoint;
  std::string auth;  // "Authorization: Bearer …\r\n"
};

// The buyer's details, unique per flow so no two guests merge into one profile.
std::string ContactBody(const std::string& run, int64_t n) {
  char phone[32];
  std::snprintf(phone, sizeof phone, "+48 5%02lld %03lld %03lld",
                static_cast<long long>((n / 1000000) % 100),
                static_cast<long long>((n / 1000) % 1000), static_cast<long long>(n % 1000));
  return R"({"email":"buyer-)" + run + "-" + std::to_string(n) + R"(@example.pl","phone":")" +
         phone + R"(","name":"Jan Kowalski","address":"ul. Długa 5, 31-019 Kraków"})";
}

constexpr const char* kStepNames[] = {"create_cart", "add_line", "contact", "fulfilment",
                                      "payment",     "get_cart", "checkout"};

// Steps 1-5 of the guest checkout (everything but the GET and the checkout). Returns the cart
// id, "" when a step failed (noted in `tally`).
std::string PrepareCart(BlockingConnection& conn, const Common& c, const std::string& run,
                        int64_t n, const std::string& sku, Tally& tally, bool record) {
  auto call = [&](int step, std::string_view method, const std::string& target,
                  const std::string& body, int want) {
    const auto sent = Clock::now();
    Reply reply = conn.Call(method, target, c.auth, body);
    if (record) {
      tally.steps[static_cast<size_t>(step)].Add(MicrosSince(sent));
    }
    tally.Note(kStepNames[step], reply, reply.status == want);
    return reply;
  };
  Reply created = call(0, "POST", "/api/v1/carts",
                       R"({"anonymous_id":"bench-)" + run + "-" + std::to_string(n) + R"("})",
                       201);
  const std::string cart = JsonString(created.body, "id");
  if (created.status != 201 || cart.empty()) {
    return "";
  }
  const std::string base = "/api/v1/carts/" + cart;
  if (call(1, "POST", base + "/lines", R"({"sku":")" + sku + R"(","quantity":1})", 200).status !=
          200 ||
      call(2, "PUT", base + "/contact", ContactBody(run, n), 200).status != 200 ||
      call(3, "PUT", base + "/fulfilment", R"({"type":"ship"})", 200).status != 200 ||
      call(4, "PUT", base + "/payment",
           R"({"method":"blik","reference":"BLIK-)" + std::to_string(100000 + n % 900000) +
               R"("})",
           200)
              .status != 200) {
    return "";
  }
  return cart;
}

int FlowMode(const Flags& flags, const Common& c) {
  const int threads = static_cast<int>(flags.GetInt("threads", 32));
  const double warmup_s = flags.GetDouble("warmup-s", 2);
  const double duration_s = flags.GetDouble("duration-s", 30);
  const int64_t max_flows = flags.GetInt("max-flows", 500000);
  const std::string run = flags.Get("run", "r");
  std::vector<std::string> skus = Split(flags.Get("skus", "SZC-TSH-M"));
  std::atomic<int64_t> next{0};
  std::vector<Tally> tallies(static_cast<size_t>(threads));
  std::barrier ready(threads + 1);
  std::barrier go(threads + 1);
  Clock::time_point start;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Tally& mine = tallies[static_cast<size_t>(t)];
      mine.steps.resize(7);
      BlockingConnection conn(c.endpoint);
      conn.Open();
      ready.arrive_and_wait();
      go.arrive_and_wait();  // `start` is set between the two
      const auto window_from = start + std::chrono::duration<double>(warmup_s);
      const auto window_to = window_from + std::chrono::duration<double>(duration_s);
      while (Clock::now() < window_to) {
        const int64_t n = next.fetch_add(1);
        if (n >= max_flows) {
          break;
        }
        const auto began = Clock::now();
        const bool record = began >= window_from;
        const std::string& sku = skus[static_cast<size_t>(n) % skus.size()];
        std::string cart = PrepareCart(conn, c, run, n, sku, mine, record);
        bool ordered = false;
        if (!cart.empty()) {
          const std::string base = "/api/v1/carts/" + cart;
          auto sent = Clock::now();
          Reply got = conn.Call("GET", base, c.auth, "");
          if (record) {
            mine.steps[5].Add(MicrosSince(sent));
          }
          mine.Note(kStepNames[5], got, got.status == 200);
          const std::string etag = got.Header("ETag");
          if (got.status == 200 && !etag.empty()) {
            sent = Clock::now();
            Reply done = conn.Call("POST", base + "/checkout",
                                   c.auth + "If-Match: " + etag + "\r\n", "{}");
            if (record) {
              mine.steps[6].Add(MicrosSince(sent));
            }
            mine.Note(kStepNames[6], done, done.status == 201);
            if (done.status == 201) {
              ordered = true;
              mine.ids.push_back(JsonString(done.body, "id"));
            }
          }
        }
        if (!record) {
          ++mine.unrecorded;
        } else if (ordered) {
          ++mine.ok;
          mine.flow.Add(MicrosSince(began));
        } else {
          ++mine.failed;
        }
      }
    });
  }
  ready.arrive_and_wait();
  start = Clock::now();
  go.arrive_and_wait();
  for (std::thread& w : workers) {
    w.join();
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  Tally all;
  for (Tally& t : tallies) {
    all.Merge(t);
  }
  WriteIds(flags.Get("ids-out", ""), all.ids);
  JsonObject steps;
  for (size_t i = 0; i < all.steps.size(); ++i) {
    JsonObject s;
    s.Add("n", static_cast<int64_t>(all.steps[i].size()))
        .Add("p50_ms", all.steps[i].PercentileMs(50))
        .Add("p99_ms", all.steps[i].PercentileMs(99))
        .Add("mean_ms", all.steps[i].MeanMs());
    steps.AddRaw(kStepNames[i], s.str());
  }
  JsonObject report;
  report.Add("label", "checkout_flow")
      .Add("threads", threads)
      .Add("warmup_s", warmup_s)
      .Add("window_s", duration_s)
      .Add("elapsed_s", elapsed_s)
      .Add("orders", all.ok)
      .Add("failed_flows", all.failed)
      .Add("unrecorded_flows", all.unrecorded)
      .Add("orders_acked_total", static_cast<int64_t>(all.ids.size()))
      .Add("orders_per_s", duration_s > 0 ? static_cast<double>(all.ok) / duration_s : 0.0)
      .Add("flow_p50_ms", all.flow.PercentileMs(50))
      .Add("flow_p90_ms", all.flow.PercentileMs(90))
      .Add("flow_p99_ms", all.flow.PercentileMs(99))
      .Add("flow_p999_ms", all.flow.PercentileMs(99.9))
      .Add("flow_max_ms", all.flow.MaxMs())
      .AddRaw("steps", steps.str())
      .AddRaw("outcomes", OutcomesJson(all.outcomes))
      .Add("first_unexpected", all.first_unexpected)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return all.failed == 0 && all.ok > 0 ? 0 : 1;
}

int OversellMode(const Flags& flags, const Common& c) {
  const int buyers = static_cast<int>(flags.GetInt("buyers", 50));
  const std::string sku = flags.Get("sku", "");
  const std::string run = flags.Get("run", "o");
  std::vector<Tally> tallies(static_cast<size_t>(buyers));
  std::vector<int> status(static_cast<size_t>(buyers), -1);
  std::vector<std::string> codes(static_cast<size_t>(buyers));
  std::vector<int64_t> answered_us(static_cast<size_t>(buyers), 0);
  std::atomic<int> prepared{0};
  std::barrier ready(buyers + 1);
  std::barrier go(buyers + 1);
  Clock::time_point release;
  std::vector<std::thread> workers;
  for (int b = 0; b < buyers; ++b) {
    workers.emplace_back([&, b] {
      Tally& mine = tallies[static_cast<size_t>(b)];
      mine.steps.resize(7);
      BlockingConnection conn(c.endpoint);
      const std::string cart = PrepareCart(conn, c, run, b, sku, mine, true);
      if (!cart.empty()) {
        prepared.fetch_add(1);
      }
      ready.arrive_and_wait();
      go.arrive_and_wait();
      if (cart.empty()) {
        return;
      }
      Reply done = conn.Call("POST", "/api/v1/carts/" + cart + "/checkout", c.auth, "{}");
      answered_us[static_cast<size_t>(b)] = MicrosSince(release);
      status[static_cast<size_t>(b)] = done.status;
      codes[static_cast<size_t>(b)] = JsonString(done.body, "code");
      mine.Note("checkout", done, done.status == 201 || done.status == 409);
      if (done.status == 201) {
        mine.ids.push_back(JsonString(done.body, "id"));
      }
    });
  }
  ready.arrive_and_wait();  // every cart prepared (or failed)
  release = Clock::now();
  go.arrive_and_wait();
  for (std::thread& w : workers) {
    w.join();
  }
  int64_t last_us = 0;
  int64_t created = 0, insufficient = 0, other_409 = 0, server_errors = 0, io_errors = 0,
          other = 0;
  Latencies answers;
  for (int b = 0; b < buyers; ++b) {
    const size_t i = static_cast<size_t>(b);
    if (status[i] < 0) {
      continue;
    }
    last_us = std::max(last_us, answered_us[i]);
    answers.Add(answered_us[i]);
    if (status[i] == 201) {
      ++created;
    } else if (status[i] == 409 && codes[i] == "insufficient_stock") {
      ++insufficient;
    } else if (status[i] == 409) {
      ++other_409;
    } else if (status[i] >= 500) {
      ++server_errors;
    } else if (status[i] == 0) {
      ++io_errors;
    } else {
      ++other;
    }
  }
  Tally all;
  for (Tally& t : tallies) {
    all.Merge(t);
  }
  WriteIds(flags.Get("ids-out", ""), all.ids);
  const int64_t stock = flags.GetInt("stock", 10);
  const bool exact = prepared.load() == buyers && created == stock &&
                     insufficient == buyers - stock && other_409 + server_errors + io_errors +
                     other == 0;
  JsonObject report;
  report.Add("label", "oversell")
      .Add("sku", sku)
      .Add("buyers", buyers)
      .Add("stock", stock)
      .Add("carts_prepared", static_cast<int64_t>(prepared.load()))
      .Add("orders", created)
      .Add("insufficient_stock", insufficient)
      .Add("other_409", other_409)
      .Add("server_errors", server_errors)
      .Add("io_errors", io_errors)
      .Add("other", other)
      .Add("exact", exact)
      .Add("all_answered_ms", static_cast<double>(last_us) / 1000.0)
      .Add("answer_p50_ms", answers.PercentileMs(50))
      .Add("answer_max_ms", answers.MaxMs())
      .AddRaw("outcomes", OutcomesJson(all.outcomes))
      .Add("first_unexpected", all.first_unexpected)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return exact ? 0 : 1;
}

int SpreadMode(const Flags& flags, const Common& c) {
  const int threads = static_cast<int>(flags.GetInt("threads", 32));
  const double warmup_s = flags.GetDouble("warmup-s", 2);
  const double duration_s = flags.GetDouble("duration-s", 20);
  const int64_t max_orders = flags.GetInt("max-orders", 1000000);
  const std::string prefix = flags.Get("sku-prefix", "SPR-");
  const int64_t skus = flags.GetInt("skus", 10000);
  const int lines = static_cast<int>(std::max<int64_t>(1, flags.GetInt("lines", 2)));
  const std::vector<std::string> locations = Split(flags.Get("locations", ""));
  const std::string run = flags.Get("run", "s");
  if (locations.empty() || skus < lines) {
    std::fprintf(stderr, "order_load: --locations and --skus >= --lines are required\n");
    return 2;
  }
  std::atomic<int64_t> next{0};
  std::vector<Tally> tallies(static_cast<size_t>(threads));
  std::barrier ready(threads + 1);
  std::barrier go(threads + 1);
  Clock::time_point start;
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&, t] {
      Tally& mine = tallies[static_cast<size_t>(t)];
      mine.steps.resize(1);
      std::mt19937_64 rng(0x5eed + static_cast<uint64_t>(t));
      std::uniform_int_distribution<int64_t> pick_sku(0, skus - 1);
      std::uniform_int_distribution<size_t> pick_loc(0, locations.size() - 1);
      BlockingConnection conn(c.endpoint);
      conn.Open();
      ready.arrive_and_wait();
      go.arrive_and_wait();  // `start` is set between the two
      const auto window_from = start + std::chrono::duration<double>(warmup_s);
      const auto window_to = window_from + std::chrono::duration<double>(duration_s);
      while (Clock::now() < window_to) {
        const int64_t n = next.fetch_add(1);
        if (n >= max_orders) {
          break;
        }
        std::vector<int64_t> chosen;
        for (int guard = 0; static_cast<int>(chosen.size()) < lines && guard < 100; ++guard) {
          const int64_t s = pick_sku(rng);
          if (std::find(chosen.begin(), chosen.end(), s) == chosen.end()) {
            chosen.push_back(s);
          }
        }
        std::string body = R"({"lines":[)";
        for (size_t i = 0; i < chosen.size(); ++i) {
          body += (i ? "," : "") + std::string(R"({"sku":")") + prefix +
                  std::to_string(chosen[i]) + R"(","quantity":1})";
        }
        body += R"(],"fulfilment":{"type":"in_store","location_id":")" +
                locations[pick_loc(rng)] + R"("}})";
        const auto began = Clock::now();
        const bool record = began >= window_from;
        Reply done = conn.Call(
            "POST", "/api/v1/orders",
            c.auth + "Idempotency-Key: bench-" + run + "-" + std::to_string(n) + "\r\n", body);
        mine.Note("order", done, done.status == 201);
        if (done.status == 201) {
          mine.ids.push_back(JsonString(done.body, "id"));
        }
        if (!record) {
          ++mine.unrecorded;
        } else if (done.status == 201) {
          ++mine.ok;
          mine.flow.Add(MicrosSince(began));
        } else {
          ++mine.failed;
        }
      }
    });
  }
  ready.arrive_and_wait();
  start = Clock::now();
  go.arrive_and_wait();
  for (std::thread& w : workers) {
    w.join();
  }
  const double elapsed_s = std::chrono::duration<double>(Clock::now() - start).count();
  Tally all;
  for (Tally& t : tallies) {
    all.Merge(t);
  }
  WriteIds(flags.Get("ids-out", ""), all.ids);
  JsonObject report;
  report.Add("label", "orders_spread")
      .Add("threads", threads)
      .Add("skus", skus)
      .Add("lines", lines)
      .Add("locations", static_cast<int64_t>(locations.size()))
      .Add("warmup_s", warmup_s)
      .Add("window_s", duration_s)
      .Add("elapsed_s", elapsed_s)
      .Add("orders", all.ok)
      .Add("failed", all.failed)
      .Add("unrecorded", all.unrecorded)
      .Add("orders_acked_total", static_cast<int64_t>(all.ids.size()))
      .Add("orders_per_s", duration_s > 0 ? static_cast<double>(all.ok) / duration_s : 0.0)
      .Add("p50_ms", all.flow.PercentileMs(50))
      .Add("p90_ms", all.flow.PercentileMs(90))
      .Add("p99_ms", all.flow.PercentileMs(99))
      .Add("p999_ms", all.flow.PercentileMs(99.9))
      .Add("max_ms", all.flow.MaxMs())
      .AddRaw("outcomes", OutcomesJson(all.outcomes))
      .Add("first_unexpected", all.first_unexpected)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  return all.failed == 0 && all.ok > 0 ? 0 : 1;
}

// Runs `work(i)` for i in [0, count) on `threads` threads, each with its own connection.
template <typename Fn>
void Parallel(const Common& c, int threads, int64_t count, Fn&& work) {
  std::atomic<int64_t> next{0};
  std::vector<std::thread> workers;
  for (int t = 0; t < threads; ++t) {
    workers.emplace_back([&] {
      BlockingConnection conn(c.endpoint);
      for (int64_t i; (i = next.fetch_add(1)) < count;) {
        work(conn, i);
      }
    });
  }
  for (std::thread& w : workers) {
    w.join();
  }
}

int ReceiveMode(const Flags& flags, const Common& c) {
  const std::string prefix = flags.Get("sku-prefix", "SPR-");
  const int64_t skus = flags.GetInt("skus", 10000);
  const int64_t quantity = flags.GetInt("quantity", 1000);
  const std::vector<std::string> locations = Split(flags.Get("locations", ""));
  const int64_t count = skus * static_cast<int64_t>(locations.size());
  std::atomic<int64_t> created{0};
  std::mutex mu;
  std::string first_error;
  const auto started = Clock::now();
  Parallel(c, static_cast<int>(flags.GetInt("threads", 16)), count,
           [&](BlockingConnection& conn, int64_t i) {
             const std::string body =
                 R"({"kind":"receipt","sku":")" + prefix + std::to_string(i / static_cast<int64_t>(locations.size())) +
                 R"(","location_id":")" + locations[static_cast<size_t>(i) % locations.size()] +
                 R"(","quantity":)" + std::to_string(quantity) +
                 R"(,"reference":"bench orders_spread"})";
             Reply r = conn.Call("POST", "/api/v1/inventory/movements", c.auth, body);
             if (r.status == 201) {
               created.fetch_add(1);
             } else {
               std::lock_guard lock(mu);
               if (first_error.empty()) {
                 first_error = std::to_string(r.status) + " " + r.body.substr(0, 300);
               }
             }
           });
  JsonObject report;
  report.Add("label", "receive")
      .Add("movements", count)
      .Add("created", created.load())
      .Add("elapsed_s", std::chrono::duration<double>(Clock::now() - started).count())
      .Add("first_error", first_error);
  std::printf("%s\n", report.str().c_str());
  return created.load() == count ? 0 : 1;
}

int VerifyMode(const Flags& flags, const Common& c) {
  std::vector<std::string> ids;
  std::ifstream in(flags.Get("ids", ""));
  for (std::string line; std::getline(in, line);) {
    if (!line.empty()) {
      ids.push_back(line);
    }
  }
  std::atomic<int64_t> present{0};
  std::mutex mu;
  std::string first_missing;
  Parallel(c, static_cast<int>(flags.GetInt("threads", 8)), static_cast<int64_t>(ids.size()),
           [&](BlockingConnection& conn, int64_t i) {
             const std::string& id = ids[static_cast<size_t>(i)];
             Reply r = conn.Call("GET", "/api/v1/orders/" + id, c.auth, "");
             if (r.status == 200 && JsonString(r.body, "id") == id) {
               present.fetch_add(1);
             } else {
               std::lock_guard lock(mu);
               if (first_missing.empty()) {
                 first_missing = id + " " + std::to_string(r.status);
               }
             }
           });
  JsonObject report;
  report.Add("label", "verify")
      .Add("acked", static_cast<int64_t>(ids.size()))
      .Add("present", present.load())
      .Add("missing", static_cast<int64_t>(ids.size()) - present.load())
      .Add("first_missing", first_missing);
  std::printf("%s\n", report.str().c_str());
  return present.load() == static_cast<int64_t>(ids.size()) ? 0 : 1;
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::optional<Endpoint> endpoint = ParseUrl(flags.Get("url", ""));
  const std::string mode = flags.Get("mode", "");
  if (!endpoint || !flags.Has("key") || mode.empty()) {
    std::fprintf(stderr,
                 "order_load: --mode flow|oversell|spread|receive|verify, --url and --key are "
                 "required\n");
    return 2;
  }
  const Common c{.endpoint = *endpoint,
                 .auth = "Authorization: Bearer " + flags.Get("key", "") + "\r\n"};
  if (mode == "flow") return FlowMode(flags, c);
  if (mode == "oversell") return OversellMode(flags, c);
  if (mode == "spread") return SpreadMode(flags, c);
  if (mode == "receive") return ReceiveMode(flags, c);
  if (mode == "verify") return VerifyMode(flags, c);
  std::fprintf(stderr, "order_load: unknown --mode %s\n", mode.c_str());
  return 2;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
