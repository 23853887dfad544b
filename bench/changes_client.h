#pragma once

// The two reads of omnihub's change log the change_feed probe needs: the latest seq, and every
// change after a seq (the reference the streams are checked against).

// Boost 1.74's awaitable.hpp uses std::exchange without including <utility>.
#include <utility>

#include <boost/asio/awaitable.hpp>
#include <cstdint>
#include <string>
#include <vector>

#include "bench/bench_util.h"

namespace omnihub::bench {

struct HttpReply {
  int status = 0;  // 0: no reply
  std::string body;
  std::string failure;  // the I/O error when status is 0
};

// GET `target` with `Authorization: Bearer key` on a fresh connection. Never throws.
boost::asio::awaitable<HttpReply> Fetch(Endpoint base, std::string target, std::string key);

struct Change {
  int64_t seq = 0;
  std::string type;
  std::string entity_id;
};

// latest_seq from GET /api/v1/changes?limit=1. On failure: -1 and `*failure` set.
boost::asio::awaitable<int64_t> FetchLatestSeq(Endpoint base, std::string key,
                                               std::string* failure);

// Every change after `after` whose type starts with one of `types`, in seq order, paging
// through GET /api/v1/changes. On failure `*failure` is set and the changes so far returned.
boost::asio::awaitable<std::vector<Change>> FetchChanges(Endpoint base, std::string key,
                                                         std::string types, int64_t after,
                                                         std::string* failure);

}  // namespace omnihub::bench
