// Orders: the service's construction, its reads, and the change every state appends.
#include "orders/order_service.h"
#include "changes/changes.h"
#include "orders/events.h"
#include "orders/store.h"

namespace omnihub::orders {

bool HoldsStock(FulfilmentKind kind) {
  return kind == FulfilmentKind::kClickAndCollect || kind == FulfilmentKind::kInStore;
}

OrderServiceImpl::OrderServiceImpl(const Clock& clock, pricing::PricingService& pricing,
                                   customers::CustomersService& customers,
                                   inventory::InventoryService& inventory)
    : clock_(clock), pricing_(pricing), customers_(customers), inventory_(inventory) {}

std::unique_ptr<OrderService> NewOrderService(const Clock& clock, pricing::PricingService& pricing,
                                              customers::CustomersService& customers,
                                              inventory::InventoryService& inventory) {
  return std::make_unique<OrderServiceImpl>(clock, pricing, customers, inventory);
}

Result<Order> OrderServiceImpl::Get(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(OrderId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Order> order, store::SelectOrder(tx, id));
  if (!order) {
    return Error::NotFound("order", id);
  }
  return std::move(*order);
}

Result<std::vector<Order>> OrderServiceImpl::List(storage::Tx& tx, const OrderQuery& q) {
  if (q.limit < 1 || q.limit > 500) {
    return Error::InvalidArgument("limit", "must be from 1 to 500");
  }
  return store::SelectOrders(tx, q);
}

Result<std::vector<Suggestion>> OrderServiceImpl::Suggest(storage::Tx& tx,
                                                          const SuggestionQuery& q) {
  if (q.skus.empty() || q.skus.size() > 20) {
    return Error::InvalidArgument("sku", "name 1 to 20 SKUs");
  }
  for (const std::string& sku : q.skus) {
    if (sku.empty() || sku.size() > 64) {
      return Error::InvalidArgument("sku", "must be 1 to 64 characters");
    }
  }
  if (q.limit < 1 || q.limit > 20) {
    return Error::InvalidArgument("limit", "must be from 1 to 20");
  }
  SuggestionQuery query = q;
  if (!q.customer_id.empty()) {
    OMNI_ASSIGN_OR_RETURN(query.customer_id, customers_.SurvivorOf(tx, q.customer_id));
  }
  return store::SelectSuggestions(tx, query);
}

Result<Order> OrderServiceImpl::Lock(storage::Tx& tx, std::string_view id) {
  OMNI_TRY(OrderId::Parse(id, "id"));
  OMNI_ASSIGN_OR_RETURN(std::optional<Order> order, store::SelectOrder(tx, id, true));
  if (!order) {
    return Error::NotFound("order", id);
  }
  return std::move(*order);
}

Result<void> OrderServiceImpl::Append(storage::Tx& tx, const Order& order) {
  OMNI_TRY(changes::Append(tx, events::EventOf(order.state), events::ChangeOf(order),
                           {.entity_id = order.id.str(),
                            .customer_id = order.customer_id,
                            .occurred_at = clock_.Now()}));
  return Ok();
}

}  // namespace omnihub::orders
