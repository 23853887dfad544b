// Customers react to orders through the change log, never by being called: a completed order
// counts in its buyer's computed attributes.
#include "customers/customers_service.h"
#include "customers/store.h"
#include "orders/events.h"

namespace omnihub::customers {
Result<bool> CustomersServiceImpl::CountOrder(storage::Tx& tx, const CompletedOrder& order) {
  OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> named,
                        store::SelectProfile(tx, order.customer_id));
  if (!named) {
    return false;  // not a profile of ours: nothing to count on
  }
  const std::string survivor = named->merged_into.value_or(named->id);
  OMNI_ASSIGN_OR_RETURN(std::optional<store::ProfileRow> profile,
                        store::SelectProfile(tx, survivor));
  if (!profile || profile->erased_at) {
    return false;
  }
  const int64_t now = UnixMicros(clock_.Now());
  OMNI_ASSIGN_OR_RETURN(bool first, store::InsertCountedOrder(tx, order.order_id, survivor, now));
  if (!first) {
    return false;
  }
  OMNI_ASSIGN_OR_RETURN(bool counted,
                        store::CountOrder(tx, survivor, order.total.minor,
                                          UnixMicros(order.completed_at), order.channel_id, now));
  if (!counted) {
    // Merged (or erased) between our read and our write: roll back and count on the next pass
    // (a transient error: the subscriber retries it rather than skipping the change).
    return Error::Make(ErrorCode::kUnavailable,
                       "customer " + survivor + " changed while counting order " + order.order_id);
  }
  return true;
}

std::vector<changes::Subscription> Subscriptions(CustomersService& service) {
  return {
      {.name = "customers.computed_on_order_completed",
       .type_prefixes = {std::string(orders::events::kCompleted.name)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(orders::events::OrderChanged order,
                               changes::Decode(orders::events::kCompleted, change));
         if (order.customer_id.empty()) {
           return Ok();  // a guest's order
         }
         std::optional<std::string> channel_id;
         if (!order.channel_id.empty()) {
           channel_id = order.channel_id;
         }
         OMNI_TRY(service.CountOrder(tx, {.order_id = order.id.str(),
                                          .customer_id = order.customer_id,
                                          .channel_id = channel_id,
                                          .total = order.total,
                                          .completed_at = change.occurred_at}));
         return Ok();
       }},
  };
}

}  // namespace omnihub::customers
