#include "orders/store.h"

#include <algorithm>

#include "orders/codec.h"

namespace omnihub::orders::store {
namespace {

constexpr std::string_view kColumns =
    "SELECT id, number, channel_id, customer_id, state, fulfilment, location_id, locker_id, "
    "address, currency, total, lines, created_at, updated_at, "
    "(SELECT CAST(COALESCE(SUM(amount), 0) AS BIGINT) FROM orders_payments p "
    "WHERE p.order_id = o.id AND p.status = 'captured'), "
    "allocations, sourcing, pickup_expires_at, cancel_reason, cart_id "
    "FROM orders_orders o ";

std::optional<int64_t> ExpiryMicros(const Order& o) {
  return o.pickup_expires_at ? std::optional<int64_t>(UnixMicros(*o.pickup_expires_at))
                             : std::nullopt;
}

Result<Order> OrderFrom(const storage::Row& row) {
  Order o;
  o.id = OrderId::FromTrusted(row.Text(0));
  o.number = row.Text(1);
  o.channel_id = row.Text(2);
  o.customer_id = row.Text(3);
  OMNI_ASSIGN_OR_RETURN(o.state, ParseEnum<OrderState>(row.Text(4), "state"));
  OMNI_ASSIGN_OR_RETURN(o.fulfilment.kind,
                        ParseEnum<FulfilmentKind>(row.Text(5), "fulfilment.type"));
  o.fulfilment.location_id = row.Text(6);
  o.fulfilment.locker_id = row.Text(7);
  o.fulfilment.address = row.Text(8);
  o.currency = row.Text(9);
  OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(o.currency));
  OMNI_ASSIGN_OR_RETURN(o.lines, DecodeLines(row.Text(11), o.currency));
  o.subtotal = {.minor = 0, .currency = currency};
  o.discount_total = {.minor = 0, .currency = currency};
  for (const OrderLine& line : o.lines) {
    o.subtotal.minor += line.unit_price.minor * line.quantity;
    o.discount_total.minor += line.discount_total.minor;
  }
  o.total = {.minor = row.Int(10), .currency = currency};
  o.created_at = FromUnixMicros(row.Int(12));
  o.updated_at = FromUnixMicros(row.Int(13));
  o.paid = {.minor = row.Int(14), .currency = currency};
  OMNI_ASSIGN_OR_RETURN(o.allocations, DecodeAllocations(row.Text(15)));
  OMNI_ASSIGN_OR_RETURN(o.sourcing, DecodeSourcing(row.Text(16)));
  if (!row.IsNull(17)) {
    o.pickup_expires_at = FromUnixMicros(row.Int(17));
  }
  o.cancel_reason = row.Text(18);
  o.cart_id = row.Text(19);
  return o;
}

}  // namespace

Result<int64_t> NextNumber(storage::Tx& tx) {
  OMNI_TRY(tx.Execute("UPDATE orders_sequence SET value = value + 1 WHERE name = 'order'", {}));
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT value FROM orders_sequence WHERE name = 'order'", {}));
  OMNI_CHECK(row.has_value(), "the migration inserts the row");
  return row->Int(0);
}

Result<void> InsertOrder(storage::Tx& tx, const Order& o) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO orders_orders (id, number, channel_id, customer_id, state, fulfilment, "
      "location_id, locker_id, address, currency, total, lines, created_at, updated_at, "
      "allocations, sourcing, pickup_expires_at, cancel_reason, cart_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19)",
      {o.id.str(), o.number, storage::NullIfEmpty(o.channel_id),
       storage::NullIfEmpty(o.customer_id), NameOf(o.state), NameOf(o.fulfilment.kind),
       storage::NullIfEmpty(o.fulfilment.location_id), storage::NullIfEmpty(o.fulfilment.locker_id),
       storage::NullIfEmpty(o.fulfilment.address), o.currency, o.total.minor, EncodeLines(o.lines),
       UnixMicros(o.created_at), UnixMicros(o.updated_at), EncodeAllocations(o.allocations),
       EncodeSourcing(o.sourcing), ExpiryMicros(o), storage::NullIfEmpty(o.cancel_reason),
       storage::NullIfEmpty(o.cart_id)}));
  for (const OrderLine& line : o.lines) {
    OMNI_TRY(tx.Execute("INSERT INTO orders_items (order_id, sku, customer_id) VALUES (?1, ?2, ?3)",
                        {o.id.str(), line.sku, storage::NullIfEmpty(o.customer_id)}));
  }
  return Ok();
}

Result<std::optional<Order>> SelectOrder(storage::Tx& tx, std::string_view id, bool for_update) {
  if (for_update) {
    // A no-op UPDATE takes the row lock on both backends: concurrent writers of one order queue.
    OMNI_ASSIGN_OR_RETURN(
        int64_t touched,
        tx.Execute("UPDATE orders_orders SET updated_at = updated_at WHERE id = ?1", {id}));
    if (touched == 0) {
      return std::optional<Order>();
    }
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kColumns) + "WHERE o.id = ?1", {id}));
  if (!row) {
    return std::optional<Order>();
  }
  OMNI_ASSIGN_OR_RETURN(Order order, OrderFrom(*row));
  return std::optional<Order>(std::move(order));
}

Result<std::vector<Order>> SelectOrders(storage::Tx& tx, const OrderQuery& q) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query(std::string(kColumns) +
                   "WHERE (?1 = '' OR o.customer_id = ?1) AND (?2 = '' OR o.location_id = ?2) "
                   "AND (?3 = '' OR o.state = ?3) ORDER BY o.created_at DESC, o.id DESC LIMIT ?4",
               {q.customer_id, q.location_id,
                q.state ? std::string(NameOf(*q.state)) : std::string(), int64_t{q.limit}}));
  std::vector<Order> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    OMNI_ASSIGN_OR_RETURN(Order order, OrderFrom(row));
    out.push_back(std::move(order));
  }
  return out;
}

Result<void> UpdateOrder(storage::Tx& tx, const Order& o) {
  OMNI_TRY(tx.Execute(
      "UPDATE orders_orders SET state = ?2, allocations = ?3, updated_at = ?4, "
      "pickup_expires_at = ?5, cancel_reason = ?6 WHERE id = ?1",
      {o.id.str(), NameOf(o.state), EncodeAllocations(o.allocations), UnixMicros(o.updated_at),
       ExpiryMicros(o), storage::NullIfEmpty(o.cancel_reason)}));
  if (o.state == OrderState::kCancelled) {
    OMNI_TRY(tx.Execute("DELETE FROM orders_items WHERE order_id = ?1", {o.id.str()}));
  }
  return Ok();
}

Result<std::vector<std::string>> SelectPickupsDue(storage::Tx& tx, TimePoint now, int limit) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query("SELECT id FROM orders_orders WHERE pickup_expires_at <= ?1 "
                                 "AND state IN ('placed', 'allocated', 'ready_for_pickup') "
                                 "ORDER BY pickup_expires_at, id LIMIT ?2",
                                 {UnixMicros(now), int64_t{limit}}));
  std::vector<std::string> out;
  for (const storage::Row& row : rows) {
    out.push_back(row.Text(0));
  }
  return out;
}

Result<std::vector<Suggestion>> SelectSuggestions(storage::Tx& tx, const SuggestionQuery& q) {
  // The SKUs as one IN list (?3, ?4, …): per-SKU statements would count a buyer of two of
  // them twice.
  const std::string in = storage::Placeholders(3, q.skus.size());
  std::vector<storage::Param> params{q.customer_id, int64_t{q.limit}};
  params.insert(params.end(), q.skus.begin(), q.skus.end());
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.QueryParams("SELECT b.sku, COUNT(DISTINCT b.customer_id) AS buyers "
                     "FROM orders_items a JOIN orders_items b ON b.customer_id = a.customer_id "
                     "WHERE a.customer_id IS NOT NULL AND a.customer_id <> ?1 "
                     "AND a.sku IN (" +
                         in + ") AND b.sku NOT IN (" + in +
                         ") "
                         "AND NOT EXISTS (SELECT 1 FROM orders_items c WHERE c.customer_id = ?1 "
                         "AND c.sku = b.sku) "
                         "GROUP BY b.sku ORDER BY buyers DESC, b.sku LIMIT ?2",
                     std::span<const storage::Param>(params)));
  std::vector<Suggestion> out;
  for (const storage::Row& row : rows) {
    out.push_back({.sku = row.Text(0), .customers = row.Int(1)});
  }
  return out;
}

Result<std::vector<std::string>> SelectOrderIdsOf(storage::Tx& tx,
                                                  const std::vector<std::string>& customer_ids) {
  std::vector<std::pair<int64_t, std::string>> found;  // (created_at, id)
  for (const std::string& customer_id : customer_ids) {  // one each: no bound-parameter limit
    OMNI_ASSIGN_OR_RETURN(
        std::vector<storage::Row> rows,
        tx.Query("SELECT id, created_at FROM orders_orders WHERE customer_id = ?1", {customer_id}));
    for (const storage::Row& row : rows) {
      found.emplace_back(row.Int(1), row.Text(0));
    }
  }
  std::sort(found.begin(), found.end());
  std::vector<std::string> out;
  out.reserve(found.size());
  for (auto& [created_at, id] : found) {
    out.push_back(std::move(id));
  }
  return out;
}

Result<void> ForgetPerson(storage::Tx& tx, std::string_view order_id) {
  OMNI_TRY(tx.Execute("UPDATE orders_orders SET address = NULL WHERE id = ?1", {order_id}));
  OMNI_TRY(tx.Execute("UPDATE orders_payments SET reference = '' WHERE order_id = ?1", {order_id}));
  return Ok();
}

Result<void> InsertPayment(storage::Tx& tx, const Payment& p) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO orders_payments (id, order_id, method, amount, currency, reference, status, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {p.id.str(), p.order_id, NameOf(p.method), p.amount.minor,
       std::string(p.amount.currency.code()), p.reference, NameOf(p.status),
       UnixMicros(p.created_at)}));
  return Ok();
}

Result<std::vector<Payment>> SelectPayments(storage::Tx& tx, std::string_view order_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT id, order_id, method, amount, currency, reference, status, created_at "
               "FROM orders_payments WHERE order_id = ?1 ORDER BY created_at, id",
               {order_id}));
  std::vector<Payment> out;
  for (const storage::Row& row : rows) {
    Payment p;
    p.id = PaymentId::FromTrusted(row.Text(0));
    p.order_id = row.Text(1);
    OMNI_ASSIGN_OR_RETURN(p.method, ParseEnum<PaymentMethod>(row.Text(2), "method"));
    OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(row.Text(4)));
    p.amount = {.minor = row.Int(3), .currency = currency};
    p.reference = row.Text(5);
    OMNI_ASSIGN_OR_RETURN(p.status, ParseEnum<PaymentStatus>(row.Text(6), "status"));
    p.created_at = FromUnixMicros(row.Int(7));
    out.push_back(std::move(p));
  }
  return out;
}

}  // namespace omnihub::orders::store
