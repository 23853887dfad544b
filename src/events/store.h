#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "events/types.h"
#include "storage/database.h"

// The events module's SQL, and nothing else. Statement texts are constant (the backends cache
// prepared statements by text), apart from IN lists, which are padded to powers of two.
namespace omnihub::events::store {

// Records (channel, message) as seen at `now`. True when it was not seen at or after
// `window_start` (a new event); false for a duplicate.
Result<bool> MarkSeen(storage::Tx& tx, std::string_view channel_id, std::string_view message_id,
                      int64_t now_micros, int64_t window_start_micros);
Result<void> InsertEvent(storage::Tx& tx, std::string_view id, std::string_view channel_id,
                         std::string_view customer_id, const Event& event);
Result<void> InsertProducts(storage::Tx& tx, std::string_view event_id,
                            const std::vector<Product>& products);
Result<void> InsertRejection(storage::Tx& tx, std::string_view channel_id,
                             std::string_view request_id, int64_t received_at_micros,
                             const Rejection& rejection);

// Events matching `query` (its customer_id ignored) whose customer is one of `customer_ids`
// (any customer when empty), with their products.
Result<std::vector<StoredEvent>> SelectEvents(storage::Tx& tx, const EventQuery& query,
                                              const std::vector<std::string>& customer_ids);
Result<std::vector<StoredRejection>> SelectRejections(storage::Tx& tx, const RejectionQuery& query);

// Clears the identifiers, properties, traits and context of these customers' events.
Result<int64_t> PseudonymiseEvents(storage::Tx& tx, const std::vector<std::string>& customer_ids);
// Deletes the rejections whose raw excerpt contains `needle`, ignoring case.
Result<int64_t> DeleteRejectionsContaining(storage::Tx& tx, std::string_view needle);
Result<int64_t> DeleteDedupBefore(storage::Tx& tx, int64_t cutoff_micros);

}  // namespace omnihub::events::store
