// Loyalty reacts to orders through the change log, never by being called: points are earned
// when an order completes and reversed when it is cancelled. The orders module's contract is
// the change's payload: {"id", "customer_id"?, "total": {"amount", "currency"}}.
#include "changes/changes.h"
#include "core/json.h"
#include "loyalty/loyalty.h"

namespace omnihub::loyalty {
namespace {

constexpr std::string_view kOrderCompleted = "orders.order.completed";
constexpr std::string_view kOrderCancelled = "orders.order.cancelled";

struct OrderFacts {
  std::string id;
  std::string customer_id;  // "" for a guest: nothing to earn
  Money total;
};

Result<OrderFacts> DecodeOrder(const changes::StoredChange& change) {
  OMNI_ASSIGN_OR_RETURN(json::Value payload, json::Parse(change.payload_json));
  OrderFacts facts;
  OMNI_ASSIGN_OR_RETURN(facts.id, json::RequireString(payload, "id", "payload.id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> customer,
                        json::OptionalString(payload, "customer_id", "payload.customer_id"));
  facts.customer_id = customer.value_or(change.customer_id);
  if (const json::Value* total = payload.Find("total")) {
    OMNI_ASSIGN_OR_RETURN(int64_t minor, json::RequireInt(*total, "amount", "payload.total"));
    OMNI_ASSIGN_OR_RETURN(std::string code,
                          json::RequireString(*total, "currency", "payload.total.currency"));
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(code));
    facts.total = Money{.minor = minor, .currency = currency};
  }
  return facts;
}

}  // namespace

std::vector<changes::Subscription> Subscriptions(LoyaltyService& service) {
  return {
      {.name = "loyalty.earn_on_order_completed",
       .type_prefixes = {std::string(kOrderCompleted)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(OrderFacts order, DecodeOrder(change));
         if (order.customer_id.empty() || order.total.minor <= 0) {
           return Ok();
         }
         OMNI_TRY(service.Earn(tx, {.customer_id = order.customer_id,
                                    .source_type = "order",
                                    .source_id = order.id,
                                    .amount = order.total,
                                    .occurred_at = change.occurred_at}));
         return Ok();
       }},
      {.name = "loyalty.reverse_on_order_cancelled",
       .type_prefixes = {std::string(kOrderCancelled)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(OrderFacts order, DecodeOrder(change));
         OMNI_TRY(service.Reverse(tx, "order", order.id));
         return Ok();
       }},
  };
}

}  // namespace omnihub::loyalty
