#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "core/time.h"

namespace omnihub::changes {

// A state change a service appends in the transaction that made it.
// `type` is `module.entity.past_tense` (inventory.reservation.created).
struct Change {
  std::string module;
  std::string entity_type;
  std::string entity_id;
  std::string type;
  std::string payload_json = "{}";  // REQUIRES: a JSON object
  int payload_version = 1;          // the payload's schema version (event.h)
  TimePoint occurred_at;
  // The person the change is about ("" for none): puts it on that customer's timeline and lets
  // erasure find it.
  std::string customer_id;
};

// A change as stored, with its place in the global order.
struct StoredChange {
  int64_t seq = 0;
  std::string module;
  std::string entity_type;
  std::string entity_id;
  std::string type;
  std::string payload_json;
  int payload_version = 1;
  std::string channel_id;  // of the key that made the change ("" for the system)
  TimePoint occurred_at;
  std::string customer_id;  // "" for none
  // Shown to a reader who may not see its personal fields: they are null (FeedPrivacy).
  bool redacted = false;
};

struct ChangeQuery {
  int64_t after = 0;                       // changes with seq > after
  std::vector<std::string> type_prefixes;  // empty: every type; "inventory." or a full type
  int limit = 100;                         // 1..1000
};

// One person's changes, newest first: the customer timeline.
struct CustomerChangeQuery {
  std::vector<std::string> customer_ids;  // the profile and every profile merged into it
  int64_t before = 0;                     // changes with seq < before; 0 for the newest
  int limit = 50;                         // 1..1000
};

}  // namespace omnihub::changes
