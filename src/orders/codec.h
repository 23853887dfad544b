#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "orders/types.h"

// JSON for orders: the order as the API shows it, its stored lines, event payloads, schemas.
namespace omnihub::orders {

// `redact`: leaves out the customer's data (the delivery address) for roles that see ids only.
std::string EncodeOrder(const Order& order, bool redact = false);
std::string EncodePayment(const Payment& payment);
// The payload of orders.order.<state> (events.h).
std::string EventPayload(const Order& order);
// The stored lines snapshot (orders_orders.lines), and back.
std::string EncodeLines(const std::vector<OrderLine>& lines);
Result<std::vector<OrderLine>> DecodeLines(std::string_view text, std::string_view currency);

namespace schema {
extern const std::string_view kOrder;
extern const std::string_view kOrderList;
extern const std::string_view kNewOrder;
extern const std::string_view kTransition;
extern const std::string_view kNewPayment;
extern const std::string_view kPaymentResult;
}  // namespace schema

}  // namespace omnihub::orders
