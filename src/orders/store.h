#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "orders/types.h"
#include "storage/database.h"

// The orders module's SQL, and nothing else.
namespace omnihub::orders::store {

// The next order number in sequence (1, 2, …); serialises concurrent creators briefly.
Result<int64_t> NextNumber(storage::Tx& tx);
// Inserts the order and its items (what suggestions count).
// Errors: kConflict (details.constraint) when the id or number is taken.
Result<void> InsertOrder(storage::Tx& tx, const Order& order);
// Locks the row for this transaction (an UPDATE first) when `for_update`; `paid` filled in.
Result<std::optional<Order>> SelectOrder(storage::Tx& tx, std::string_view id,
                                         bool for_update = false);
Result<std::vector<Order>> SelectOrders(storage::Tx& tx, const OrderQuery& q);
// Writes state, allocations (their holds), pickup expiry, cancel reason and updated_at; a
// cancelled order's items stop counting.
Result<void> UpdateOrder(storage::Tx& tx, const Order& order);
// Click & collect orders still waiting whose pickup expired at or before `now`, oldest first.
Result<std::vector<std::string>> SelectPickupsDue(storage::Tx& tx, TimePoint now, int limit);
Result<std::vector<Suggestion>> SelectSuggestions(storage::Tx& tx, const SuggestionQuery& q);
// The orders of these customers, oldest first (a person's export and erasure).
Result<std::vector<std::string>> SelectOrderIdsOf(storage::Tx& tx,
                                                  const std::vector<std::string>& customer_ids);
// Forgets the person in the order: its delivery address and its payments' references. The
// order stays an accounting record (lines, totals, amounts paid).
Result<void> ForgetPerson(storage::Tx& tx, std::string_view order_id);
Result<void> InsertPayment(storage::Tx& tx, const Payment& payment);
Result<std::vector<Payment>> SelectPayments(storage::Tx& tx, std::string_view order_id);

}  // namespace omnihub::orders::store
