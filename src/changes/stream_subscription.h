// One client of the change stream (SSE): the hub thread pushes formatted frames, the server's
// connection polls them. Private to the changes module.
#pragma once

#include <algorithm>
#include <cstdint>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <string>
#include <string_view>
#include <vector>

#include "http/response.h"
#include "http/router.h"

namespace omnihub::changes {

// One SSE client. The hub thread pushes frames; the server's connection polls them.
class StreamSubscription final : public http::EventStream {
 public:
  StreamSubscription(int64_t after, std::vector<std::string> prefixes, http::Principal reader,
                     size_t max_bytes)
      : cursor_(after),
        prefixes_(std::move(prefixes)),
        reader_(std::move(reader)),
        max_bytes_(max_bytes) {}

  void Start(std::function<void()> wake) override;
  bool Poll(std::string& out) override;
  void Close() override;

  // Hub thread only.
  int64_t cursor() const { return cursor_; }
  const std::vector<std::string>& prefixes() const { return prefixes_; }
  const http::Principal& reader() const { return reader_; }

  // Hub thread only. False when the subscriber is gone or was cut off for being too slow.
  bool Deliver(const std::shared_ptr<const std::string>& frame, int64_t seq, std::string_view type);

  void AdvanceTo(int64_t seq) { cursor_ = std::max(cursor_, seq); }
  void Flush() { Wake(); }
  // Neither closed by the client nor ended by the hub.
  bool Alive();
  // Ends the stream after what is queued (the hub is stopping).
  void End();

 private:
  // Calls the server's wake-up outside mu_: it may poll at once.
  void Wake();

  int64_t cursor_;  // hub thread only: every change up to here has been considered
  const std::vector<std::string> prefixes_;
  const http::Principal reader_;
  const size_t max_bytes_;

  // State below is protected by mu_.
  std::mutex mu_;
  std::deque<std::shared_ptr<const std::string>> frames_;
  size_t queued_bytes_ = 0;
  int64_t last_queued_seq_ = 0;
  std::function<void()> wake_;
  bool closed_ = false;
  bool ended_ = false;
};

}  // namespace omnihub::changes
