// load_gen: HTTP/1.1 keep-alive load against one URL; prints one JSON line of results.
//
//   load_gen --url http://127.0.0.1:PORT/path [--method GET] [--body '{"name":"x-{n}"}' |
//            --body-file FILE]
//            [--header 'Authorization: Bearer KEY']... [--connections 64]
//            [--rate 0 (closed loop) | requests/s (open loop)] [--warmup-s 2] [--duration-s 8]
//            [--max-requests 2000000] [--grace-s 10] [--ids-out FILE] [--label NAME]
//
// --ids-out writes the "id" of every 201 reply, one per line (durable_writes' check).
// Exit status: 0 after a run (errors are in the report), 2 on bad flags, 1 when no reply came.

#include <chrono>
#include <cstdio>
#include <fstream>
#include <iterator>

#include "bench/bench_util.h"
#include "bench/load.h"

#include <boost/asio/co_spawn.hpp>
#include <boost/asio/io_context.hpp>

namespace omnihub::bench {
namespace {

namespace net = boost::asio;

std::string ReadFile(const std::string& path) {
  std::ifstream in(path, std::ios::binary);
  return std::string(std::istreambuf_iterator<char>(in), std::istreambuf_iterator<char>());
}

int Main(int argc, char** argv) {
  const Flags flags(argc, argv);
  const std::optional<Endpoint> endpoint = ParseUrl(flags.Get("url", ""));
  if (!endpoint) {
    std::fprintf(stderr, "load_gen: --url http://HOST:PORT/path is required\n");
    return 2;
  }
  LoadOptions options{
      .endpoint = *endpoint,
      .method = flags.Get("method", "GET"),
      .body_template =
          flags.Has("body-file") ? ReadFile(flags.Get("body-file", "")) : flags.Get("body", ""),
      .headers = flags.GetAll("header"),
      .connections = static_cast<int>(flags.GetInt("connections", 64)),
      .rate = flags.GetDouble("rate", 0),
      .warmup = std::chrono::duration<double>(flags.GetDouble("warmup-s", 2)),
      .duration = std::chrono::duration<double>(flags.GetDouble("duration-s", 8)),
      .max_requests = flags.GetInt("max-requests", 2'000'000),
      .grace = std::chrono::duration<double>(flags.GetDouble("grace-s", 10)),
      .counter_start = static_cast<uint64_t>(flags.GetInt("counter-start", 0)),
      .collect_acks = flags.Has("ids-out"),
  };
  if (options.connections < 1 || options.duration.count() <= 0) {
    std::fprintf(stderr, "load_gen: --connections and --duration-s must be positive\n");
    return 2;
  }

  const auto started = std::chrono::steady_clock::now();
  net::io_context ioc(1);
  LoadResult result;
  net::co_spawn(ioc, RunLoad(options), [&result](std::exception_ptr error, LoadResult done) {
    if (!error) {
      result = std::move(done);
    }
  });
  ioc.run();
  const double elapsed =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();

  if (flags.Has("ids-out")) {
    std::ofstream out(flags.Get("ids-out", ""));
    for (const Ack& ack : result.acks) {
      out << ack.id << '\n';
    }
  }
  JsonObject report;
  report.Add("label", flags.Get("label", endpoint->target))
      .Add("url", flags.Get("url", ""))
      .Add("method", options.method)
      .AddRaw("result", LoadResultJson(options, result))
      .Add("elapsed_s", elapsed)
      .Add("cpu_s", ProcessCpuSeconds());
  std::printf("%s\n", report.str().c_str());
  std::fflush(stdout);
  return result.statuses.empty() ? 1 : 0;
}

}  // namespace
}  // namespace omnihub::bench

int main(int argc, char** argv) { return omnihub::bench::Main(argc, argv); }
