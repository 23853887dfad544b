#pragma once

#include <map>
#include <string>
#include <string_view>
#include <vector>

#include "changes/event.h"
#include "changes/types.h"
#include "http/auth.h"

// What each reader of the change feed may see (docs/security.md, finding 2). Every reader gets
// every change its type filter asks for, so `seq` stays gap-free; a change the reader may not
// see whole comes with its personal fields null and "redacted": true.
namespace omnihub::changes {

class FeedPrivacy {
 public:
  // `catalogue`: every event type (node::EventCatalogue), whose fields' data classes say what
  // is personal and whose location_id fields say where an operation happened.
  explicit FeedPrivacy(const std::vector<EventInfo>& catalogue);

  // Admins and agents see every change whole; a channel, the changes made through it; a store
  // associate, the changes made through its store's channel or naming its location; an analyst,
  // none. Unknown types are never seen whole by those readers.
  bool SeesWhole(const http::Principal& reader, const StoredChange& change) const;

  // `change` with its personal fields null, at its type's current payload version, and
  // "redacted": true (a type without personal fields is returned as it is; an unknown type, or
  // a payload that no longer decodes, becomes {}).
  StoredChange Redacted(const StoredChange& change) const;

  // `change` as `reader` may see it: itself or Redacted().
  StoredChange For(const http::Principal& reader, const StoredChange& change) const;

 private:
  struct Type {
    const EventInfo* info = nullptr;
    std::vector<std::vector<std::string>> location_paths;  // e.g. {"fulfilment", "location_id"}
    bool has_personal_fields = false;
  };
  bool NamesLocation(const StoredChange& change, std::string_view location_id) const;

  std::vector<EventInfo> catalogue_;
  std::map<std::string, Type, std::less<>> types_;
};

}  // namespace omnihub::changes
