// Loyalty reacts to orders through the change log, never by being called: points are earned
// when an order completes and reversed when it is cancelled.
#include "loyalty/loyalty.h"
#include "orders/events.h"

namespace omnihub::loyalty {

std::vector<changes::Subscription> Subscriptions(LoyaltyService& service) {
  using orders::events::OrderChanged;
  return {
      {.name = "loyalty.earn_on_order_completed",
       .type_prefixes = {std::string(orders::events::kCompleted.name)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(OrderChanged order,
                               changes::Decode(orders::events::kCompleted, change));
         if (order.customer_id.empty() || order.total.minor <= 0) {
           return Ok();
         }
         OMNI_TRY(service.Earn(tx, {.customer_id = order.customer_id,
                                    .source_type = "order",
                                    .source_id = order.id.str(),
                                    .amount = order.total,
                                    .occurred_at = change.occurred_at}));
         return Ok();
       }},
      {.name = "loyalty.reverse_on_order_cancelled",
       .type_prefixes = {std::string(orders::events::kCancelled.name)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(OrderChanged order,
                               changes::Decode(orders::events::kCancelled, change));
         OMNI_TRY(service.Reverse(tx, "order", order.id.str()));
         return Ok();
       }},
  };
}

}  // namespace omnihub::loyalty
