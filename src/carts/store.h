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
  friend bool operator==(const LineRow&, const LineRow&) = default;
};

// "customer:<id>" when the cart has a customer, else "anonymous:<id>".
std::string OwnerKey(const Cart& cart);

// Errors: kConflict (details.constraint) when the owner already has an active cart.
Result<void> InsertCart(storage::Tx& tx, const Cart& cart);
// The cart row without its lines. `lock`: the row stays locked until commit (storage::ForUpdate).
Result<std::optional<Cart>> SelectCart(storage::Tx& tx, std::string_view id, bool lock = false);
Result<std::vector<LineRow>> SelectLines(storage::Tx& tx, std::string_view cart_id);
// The id of the owner's active cart.
Result<std::optional<std::string>> SelectActiveByOwner(storage::Tx& tx, std::string_view owner_key);
// The active carts started by this anonymous id (whoever owns them now), most recent first.
Result<std::vector<std::string>> SelectActiveByAnonymous(storage::Tx& tx,
                                                         std::string_view anonymous_id);
// Writes every column but id and created_at, the version as cart.version, only if the row is
// still at `expected_version`. Returns the rows changed (0: the cart moved on).
Result<int64_t> UpdateCart(storage::Tx& tx, const Cart& cart, int64_t expected_version);
// Clears the holds of the cart's lines (checkout: they went to the order or were released).
Result<void> ClearHolds(storage::Tx& tx, std::string_view cart_id);
// Replaces the cart's lines.
Result<void> ReplaceLines(storage::Tx& tx, std::string_view cart_id,
                          const std::vector<LineRow>& lines);
// The carts of these customers, started by one of `identifiers` as anonymous id, or whose
// contact e-mail or phone is one of them (a guest's cart), oldest first (a person's export
// and erasure).
Result<std::vector<std::string>> SelectCartsOfPerson(storage::Tx& tx,
                                                     const std::vector<std::string>& customer_ids,
                                                     const std::vector<std::string>& identifiers);
// Forgets the person in the cart: contact, payment reference and anonymous id; an anonymous
// owner becomes "erased:<cart id>", so no one finds the cart as theirs.
Result<void> ForgetPerson(storage::Tx& tx, std::string_view cart_id);
// Active carts whose last activity is at or before `cutoff`, oldest first.
Result<std::vector<std::string>> SelectIdle(storage::Tx& tx, TimePoint cutoff, int limit);

}  // namespace omnihub::carts::store
