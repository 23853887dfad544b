#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "carts/types.h"
#include "core/result.h"
#include "storage/database.h"

// The carts module's SQL, and nothing else.
namespace omnihub::carts::store {

// A line as stored: the public line plus what its hold was made for.
struct LineRow {
  CartLine line;
  std::string hold_location_id;
  int64_t hold_quantity = 0;
};

// "customer:<id>" when the cart has a customer, else "anonymous:<id>".
std::string OwnerKey(const Cart& cart);

// Errors: kConflict (details.constraint) when the owner already has an active cart.
Result<void> InsertCart(storage::Tx& tx, const Cart& cart);
// The cart row without its lines.
Result<std::optional<Cart>> SelectCart(storage::Tx& tx, std::string_view id);
Result<std::vector<LineRow>> SelectLines(storage::Tx& tx, std::string_view cart_id);
// The id of the owner's active cart.
Result<std::optional<std::string>> SelectActiveByOwner(storage::Tx& tx, std::string_view owner_key);
// The active carts started by this anonymous id (whoever owns them now), most recent first.
Result<std::vector<std::string>> SelectActiveByAnonymous(storage::Tx& tx,
                                                         std::string_view anonymous_id);
// version += 1; the first statement of every write, so concurrent writers of a cart queue here.
// Returns the rows changed (0: no such cart).
Result<int64_t> BumpVersion(storage::Tx& tx, std::string_view id);
// Writes every column but id, version and created_at.
Result<void> UpdateCart(storage::Tx& tx, const Cart& cart);
// Replaces the cart's lines.
Result<void> ReplaceLines(storage::Tx& tx, std::string_view cart_id,
                          const std::vector<LineRow>& lines);
// Active carts whose last activity is at or before `cutoff`, oldest first.
Result<std::vector<std::string>> SelectIdle(storage::Tx& tx, TimePoint cutoff, int limit);

}  // namespace omnihub::carts::store
