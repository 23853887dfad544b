#pragma once

#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <string>

#include "core/result.h"
#include "http/auth.h"
#include "http/idempotency.h"
#include "http/rate_limit.h"
#include "http/router.h"

namespace omnihub::http {

struct ServerOptions {
  std::string host = "127.0.0.1";
  uint16_t port = 8080;  // 0: any free port
  int io_threads = 2;
  // Blocking work (database, authentication) runs here, never on the I/O threads. With SQLite
  // group commit, this bounds how many writes share one fsync.
  int worker_threads = 64;
  size_t max_header_bytes = 8 * 1024;
  std::chrono::milliseconds read_timeout{30000};
  int max_connections = 10000;
  std::chrono::milliseconds drain_timeout{10000};
  std::chrono::milliseconds stream_heartbeat{15000};
  // How often an open event stream checks that its key still holds and its client is still
  // there: a revoked key's streams, and those whose client hung up, end within about this long.
  std::chrono::milliseconds stream_key_check{1000};
  RateLimits rate_limits;
  bool access_log = false;
};

// The Beast HTTP/1.1 server behind the Beast-free Router. Thread-safe.
class Server {
 public:
  // Borrows router, authenticator and idempotency (nullptr: no Idempotency-Key support); they
  // must outlive the server.
  static std::unique_ptr<Server> Create(ServerOptions options, const Router& router,
                                        Authenticator& authenticator,
                                        IdempotencyStore* idempotency);
  virtual ~Server() = default;

  // Binds and listens. Returns the bound port. Errors: kUnavailable when the address is taken.
  virtual Result<uint16_t> Listen() = 0;
  // Serves until Shutdown() has drained; returns on the calling thread.
  virtual void Run() = 0;
  // Stops accepting, lets requests already read finish (closing idle keep-alive connections and
  // event streams), then makes Run return, within drain_timeout. Safe from any thread,
  // including a signal-handling one.
  virtual void Shutdown() = 0;
  // Active connections and event streams, for /metrics.
  virtual int connections() const = 0;
};

}  // namespace omnihub::http
