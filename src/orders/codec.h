#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "orders/types.h"

// JSON for orders: stored lines, allocations and sourcing, event payloads, schemas (the order
// and payment as the API shows them: orders.h).
namespace omnihub::orders {

// The payload of orders.order.<state> (events.h).
// The stored lines snapshot (orders_orders.lines), and back.
std::string EncodeLines(const std::vector<OrderLine>& lines);
Result<std::vector<OrderLine>> DecodeLines(std::string_view text, std::string_view currency);
// orders_orders.allocations and .sourcing, and back; also the API's shape of them.
std::string EncodeAllocations(const std::vector<Allocation>& allocations);
Result<std::vector<Allocation>> DecodeAllocations(std::string_view text);
std::string EncodeSourcing(const Sourcing& sourcing);
Result<Sourcing> DecodeSourcing(std::string_view text);

namespace api_schema {
extern const std::string_view kOrder;
extern const std::string_view kOrderList;
extern const std::string_view kNewOrder;
extern const std::string_view kSuggestions;
extern const std::string_view kHandOver;
extern const std::string_view kTransition;
extern const std::string_view kNewPayment;
extern const std::string_view kPaymentResult;
}  // namespace api_schema

}  // namespace omnihub::orders
