// Customers react to orders through the change log, never by being called: a completed order
// counts in its buyer's computed attributes. The orders module's contract is the change's
// payload: {"id", "channel_id", "customer_id"?, "total": {"amount", "currency"}, …}.
#include "customers/customers_service.h"
#include "customers/store.h"

namespace omnihub::customers {
namespace {

constexpr std::string_view kOrderCompleted = "orders.order.completed";

Result<CompletedOrder> DecodeOrder(const changes::StoredChange& change) {
  OMNI_ASSIGN_OR_RETURN(json::Value payload, json::Parse(change.payload_json));
  CompletedOrder order{.completed_at = change.occurred_at};
  OMNI_ASSIGN_OR_RETURN(order.order_id, json::RequireString(payload, "id", "payload.id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> customer,
                        json::OptionalString(payload, "customer_id", "payload.customer_id"));
  order.customer_id = customer.value_or("");
  OMNI_ASSIGN_OR_RETURN(order.channel_id,
                        json::OptionalString(payload, "channel_id", "payload.channel_id"));
  if (const json::Value* total = payload.Find("total")) {
    OMNI_ASSIGN_OR_RETURN(int64_t minor, json::RequireInt(*total, "amount", "payload.total"));
    OMNI_ASSIGN_OR_RETURN(std::string code,
                          json::RequireString(*total, "currency", "payload.total.currency"));
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(code));
    order.total = Money{.minor = minor, .currency = currency};
  }
  return order;
}

}  // namespace

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
       .type_prefixes = {std::string(kOrderCompleted)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(CompletedOrder order, DecodeOrder(change));
         if (order.customer_id.empty()) {
           return Ok();  // a guest's order
         }
         OMNI_TRY(service.CountOrder(tx, order));
         return Ok();
       }},
  };
}

}  // namespace omnihub::customers
