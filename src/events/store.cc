#include "events/store.h"

#include <algorithm>
#include <map>

namespace omnihub::events::store {
namespace {

constexpr std::string_view kMarkSeenSql = R"sql(
  INSERT INTO events_dedup (channel_id, message_id, received_at) VALUES (?1, ?2, ?3)
  ON CONFLICT (channel_id, message_id) DO UPDATE SET received_at = excluded.received_at
  WHERE events_dedup.received_at < ?4)sql";

constexpr std::string_view kInsertEventSql = R"sql(
  INSERT INTO events_events (id, message_id, channel_id, customer_id, type, event_name, user_id,
    anonymous_id, previous_id, group_id, timestamp, original_timestamp, sent_at, received_at,
    properties, traits, context, order_id, revenue_minor, currency, product_count)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, ?19,
    ?20, ?21))sql";

constexpr std::string_view kInsertProductSql = R"sql(
  INSERT INTO events_products (event_id, position, product_id, sku, quantity, price_minor)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6))sql";

constexpr std::string_view kInsertRejectionSql = R"sql(
  INSERT INTO events_rejections (channel_id, request_id, received_at, index_in_batch, code, field,
    message, raw_excerpt)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8))sql";

constexpr std::string_view kEventColumns =
    "SELECT e.seq, e.id, e.message_id, e.channel_id, e.customer_id, e.type, e.event_name, "
    "e.user_id, e.anonymous_id, e.previous_id, e.group_id, e.timestamp, e.original_timestamp, "
    "e.sent_at, e.received_at, e.properties, e.traits, e.context, e.order_id, e.revenue_minor, "
    "e.currency, e.product_count FROM events_events e ";

constexpr std::string_view kProductColumns =
    "SELECT p.event_id, p.position, p.product_id, p.sku, p.quantity, p.price_minor "
    "FROM events_products p JOIN events_events e ON e.id = p.event_id ";

constexpr std::string_view kRejectionColumns =
    "SELECT seq, channel_id, request_id, received_at, index_in_batch, code, field, message, "
    "raw_excerpt FROM events_rejections ";

std::optional<TimePoint> OptTime(const storage::Row& row, size_t col) {
  std::optional<int64_t> micros = row.OptInt(col);
  return micros ? std::optional<TimePoint>(FromUnixMicros(*micros)) : std::nullopt;
}

StoredEvent EventFrom(const storage::Row& row) {
  StoredEvent stored;
  stored.seq = row.Int(0);
  stored.id = row.Text(1);
  stored.channel_id = row.Text(3);
  stored.customer_id = row.Text(4);
  Event& event = stored.event;
  event.message_id = row.Text(2);
  event.type = EnumNames(EventType{}).Find(row.Text(5)).value_or(EventType::kTrack);
  event.event_name = row.Text(6);
  event.user_id = row.Text(7);
  event.anonymous_id = row.Text(8);
  event.previous_id = row.Text(9);
  event.group_id = row.Text(10);
  event.timestamp = FromUnixMicros(row.Int(11));
  event.original_timestamp = OptTime(row, 12);
  event.sent_at = OptTime(row, 13);
  event.received_at = FromUnixMicros(row.Int(14));
  event.properties_json = row.Text(15);
  event.traits_json = row.Text(16);
  event.context_json = row.Text(17);
  Commerce& commerce = event.commerce;
  commerce.is_commerce = !row.IsNull(21);
  commerce.order_id = row.OptText(18);
  commerce.revenue_minor = row.OptInt(19);
  commerce.currency = row.OptText(20);
  commerce.product_count = row.Int(21);
  return stored;
}

// The WHERE clause shared by the events page and its products: appends the parameters it
// binds to `params`, which already holds ?1 (after).
std::string EventFilter(const storage::Tx& tx, const EventQuery& query,
                        const std::vector<std::string>& customer_ids,
                        std::vector<storage::Param>& params) {
  std::string where = "WHERE e.seq > ?1";
  if (!customer_ids.empty()) {
    params.emplace_back(storage::JsonList(customer_ids));
    where += " AND e.customer_id " + storage::InList(tx, params.size());
  }
  if (query.type) {
    params.emplace_back(NameOf(*query.type));
    where += " AND e.type = ?" + std::to_string(params.size());
  }
  if (!query.channel_id.empty()) {
    params.emplace_back(query.channel_id);
    where += " AND e.channel_id = ?" + std::to_string(params.size());
  }
  return where;
}

Result<void> AttachProducts(storage::Tx& tx, const EventQuery& query,
                            const std::vector<std::string>& customer_ids,
                            std::vector<StoredEvent>& events) {
  std::map<std::string_view, StoredEvent*> by_id;
  for (StoredEvent& stored : events) {
    if (stored.event.commerce.product_count > 0) {
      by_id.emplace(stored.id, &stored);
    }
  }
  if (by_id.empty()) {
    return Ok();
  }
  std::vector<storage::Param> params = {query.after};
  std::string sql = std::string(kProductColumns) + EventFilter(tx, query, customer_ids, params);
  params.emplace_back(events.back().seq);
  sql += " AND e.seq <= ?" + std::to_string(params.size()) + " ORDER BY e.seq, p.position";
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  for (const storage::Row& row : rows) {
    const std::string event_id = row.Text(0);
    auto it = by_id.find(event_id);
    if (it == by_id.end()) {
      continue;
    }
    it->second->event.commerce.products.push_back({.position = static_cast<int>(row.Int(1)),
                                                   .product_id = row.OptText(2),
                                                   .sku = row.OptText(3),
                                                   .quantity = row.OptInt(4),
                                                   .price_minor = row.OptInt(5)});
  }
  return Ok();
}

}  // namespace

Result<bool> MarkSeen(storage::Tx& tx, std::string_view channel_id, std::string_view message_id,
                      int64_t now_micros, int64_t window_start_micros) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute(kMarkSeenSql, {channel_id, message_id, now_micros, window_start_micros}));
  return changed == 1;
}

Result<void> InsertEvent(storage::Tx& tx, std::string_view id, std::string_view channel_id,
                         std::string_view customer_id, const Event& event) {
  const Commerce& commerce = event.commerce;
  const std::optional<int64_t> product_count =
      commerce.is_commerce ? std::optional<int64_t>(commerce.product_count) : std::nullopt;
  OMNI_TRY(tx.Execute(
      kInsertEventSql,
      {id,
       event.message_id,
       channel_id,
       storage::NullIfEmpty(customer_id),
       NameOf(event.type),
       storage::NullIfEmpty(event.event_name),
       storage::NullIfEmpty(event.user_id),
       storage::NullIfEmpty(event.anonymous_id),
       storage::NullIfEmpty(event.previous_id),
       storage::NullIfEmpty(event.group_id),
       UnixMicros(event.timestamp),
       event.original_timestamp ? storage::Param(UnixMicros(*event.original_timestamp))
                                : storage::Param(nullptr),
       event.sent_at ? storage::Param(UnixMicros(*event.sent_at)) : storage::Param(nullptr),
       UnixMicros(event.received_at),
       event.properties_json,
       event.traits_json,
       event.context_json,
       commerce.order_id,
       commerce.revenue_minor,
       commerce.currency,
       product_count}));
  return Ok();
}

Result<void> InsertProducts(storage::Tx& tx, std::string_view event_id,
                            const std::vector<Product>& products) {
  for (const Product& product : products) {
    OMNI_TRY(tx.Execute(kInsertProductSql, {event_id, product.position, product.product_id,
                                            product.sku, product.quantity, product.price_minor}));
  }
  return Ok();
}

Result<void> InsertRejection(storage::Tx& tx, std::string_view channel_id,
                             std::string_view request_id, int64_t received_at_micros,
                             const Rejection& rejection) {
  OMNI_TRY(tx.Execute(kInsertRejectionSql,
                      {channel_id, storage::NullIfEmpty(request_id), received_at_micros,
                       rejection.index, rejection.code, storage::NullIfEmpty(rejection.field),
                       rejection.message, rejection.raw_excerpt}));
  return Ok();
}

Result<std::vector<StoredEvent>> SelectEvents(storage::Tx& tx, const EventQuery& query,
                                              const std::vector<std::string>& customer_ids) {
  std::vector<storage::Param> params = {query.after};
  std::string sql = std::string(kEventColumns) + EventFilter(tx, query, customer_ids, params);
  params.emplace_back(static_cast<int64_t>(std::clamp(query.limit, 1, 1000)));
  sql += " ORDER BY e.seq LIMIT ?" + std::to_string(params.size());
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  std::vector<StoredEvent> events;
  events.reserve(rows.size());
  for (const storage::Row& row : rows) {
    events.push_back(EventFrom(row));
  }
  OMNI_TRY(AttachProducts(tx, query, customer_ids, events));
  return events;
}

Result<std::vector<StoredRejection>> SelectRejections(storage::Tx& tx,
                                                      const RejectionQuery& query) {
  std::vector<storage::Param> params = {query.after};
  std::string sql = std::string(kRejectionColumns) + "WHERE seq > ?1";
  if (!query.channel_id.empty()) {
    params.emplace_back(query.channel_id);
    sql += " AND channel_id = ?2";
  }
  params.emplace_back(static_cast<int64_t>(std::clamp(query.limit, 1, 1000)));
  sql += " ORDER BY seq LIMIT ?" + std::to_string(params.size());
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.QueryParams(sql, params));
  std::vector<StoredRejection> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back({.seq = row.Int(0),
                   .channel_id = row.Text(1),
                   .request_id = row.Text(2),
                   .received_at = FromUnixMicros(row.Int(3)),
                   .rejection = {.index = static_cast<int>(row.Int(4)),
                                 .code = row.Text(5),
                                 .field = row.Text(6),
                                 .message = row.Text(7),
                                 .raw_excerpt = row.Text(8)}});
  }
  return out;
}

Result<int64_t> PseudonymiseEvents(storage::Tx& tx, const std::vector<std::string>& customer_ids) {
  int64_t touched = 0;
  for (const std::string& customer_id : customer_ids) {
    OMNI_ASSIGN_OR_RETURN(
        int64_t rows,
        tx.Execute("UPDATE events_events SET user_id = NULL, anonymous_id = NULL, "
                   "previous_id = NULL, group_id = NULL, properties = '{}', traits = '{}', "
                   "context = '{}' WHERE customer_id = ?1",
                   {customer_id}));
    touched += rows;
  }
  return touched;
}

Result<int64_t> DeleteRejectionsContaining(storage::Tx& tx, std::string_view needle) {
  return tx.Execute(
      "DELETE FROM events_rejections WHERE lower(raw_excerpt) LIKE lower(?1) ESCAPE '!'",
      {storage::ContainsPattern(needle)});
}

Result<int64_t> DeleteDedupBefore(storage::Tx& tx, int64_t cutoff_micros) {
  return tx.Execute("DELETE FROM events_dedup WHERE received_at < ?1", {cutoff_micros});
}

}  // namespace omnihub::events::store
