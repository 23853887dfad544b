#include "customers/store.h"

#include <algorithm>

namespace omnihub::customers::store {
namespace {

constexpr std::string_view kProfileColumns =
    "SELECT seq, id, merged_into, created_at, updated_at, erased_at, first_seen_at, "
    "last_seen_at, event_count, track_count, identify_count, page_count, screen_count, "
    "group_count, alias_count, orders_count, revenue_minor, last_purchase_at, "
    "last_purchase_channel_id FROM customers_profiles ";

constexpr std::string_view kCountEventSql = R"sql(
  UPDATE customers_profiles
     SET event_count = event_count + 1,
         track_count = track_count + ?3, identify_count = identify_count + ?4,
         page_count = page_count + ?5, screen_count = screen_count + ?6,
         group_count = group_count + ?7, alias_count = alias_count + ?8,
         first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > ?2
                              THEN ?2 ELSE first_seen_at END,
         last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < ?2
                             THEN ?2 ELSE last_seen_at END,
         updated_at = ?9
   WHERE id = ?1 AND merged_into IS NULL AND erased_at IS NULL)sql";

constexpr std::string_view kAddCountersSql = R"sql(
  UPDATE customers_profiles
     SET event_count = event_count + ?2,
         track_count = track_count + ?3, identify_count = identify_count + ?4,
         page_count = page_count + ?5, screen_count = screen_count + ?6,
         group_count = group_count + ?7, alias_count = alias_count + ?8,
         orders_count = orders_count + ?9, revenue_minor = revenue_minor + ?10,
         first_seen_at = CASE WHEN first_seen_at IS NULL OR first_seen_at > ?11
                              THEN COALESCE(?11, first_seen_at) ELSE first_seen_at END,
         last_seen_at = CASE WHEN last_seen_at IS NULL OR last_seen_at < ?12
                             THEN COALESCE(?12, last_seen_at) ELSE last_seen_at END,
         last_purchase_channel_id =
             CASE WHEN CAST(?14 AS BIGINT) > COALESCE(last_purchase_at, -1)
                  THEN CAST(?15 AS TEXT) ELSE last_purchase_channel_id END,
         last_purchase_at = CASE WHEN CAST(?14 AS BIGINT) > COALESCE(last_purchase_at, -1)
                                 THEN CAST(?14 AS BIGINT) ELSE last_purchase_at END,
         updated_at = ?13
   WHERE id = ?1)sql";

// One completed order on a live profile; the last purchase only moves forward in time.
constexpr std::string_view kCountOrderSql = R"sql(
  UPDATE customers_profiles
     SET orders_count = orders_count + 1, revenue_minor = revenue_minor + ?2,
         last_purchase_channel_id =
             CASE WHEN CAST(?3 AS BIGINT) >= COALESCE(last_purchase_at, -1)
                  THEN CAST(?4 AS TEXT) ELSE last_purchase_channel_id END,
         last_purchase_at = CASE WHEN CAST(?3 AS BIGINT) >= COALESCE(last_purchase_at, -1)
                                 THEN CAST(?3 AS BIGINT) ELSE last_purchase_at END,
         updated_at = ?5
   WHERE id = ?1 AND merged_into IS NULL AND erased_at IS NULL)sql";

// A newer value replaces an older one; of two with the same time, the later write wins.
constexpr std::string_view kUpsertTraitSql = R"sql(
  INSERT INTO customers_traits (customer_id, name, value, source, channel_id, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6)
  ON CONFLICT (customer_id, name) DO UPDATE
     SET value = excluded.value, source = excluded.source, channel_id = excluded.channel_id,
         updated_at = excluded.updated_at
   WHERE customers_traits.updated_at <= excluded.updated_at)sql";

constexpr std::string_view kUpsertConsentSql = R"sql(
  INSERT INTO customers_consents (customer_id, purpose, channel, granted, source, updated_at)
  VALUES (?1, ?2, ?3, ?4, ?5, ?6)
  ON CONFLICT (customer_id, purpose, channel) DO UPDATE
     SET granted = excluded.granted, source = excluded.source, updated_at = excluded.updated_at
   WHERE customers_consents.updated_at <= excluded.updated_at)sql";

constexpr std::string_view kSearchSql = R"sql(
  SELECT DISTINCT p.seq, p.id
    FROM customers_search_terms t JOIN customers_profiles p ON p.id = t.customer_id
   WHERE t.term >= ?1 AND t.term < ?2 AND p.seq > ?3
   ORDER BY p.seq LIMIT ?4)sql";

ProfileRow ProfileFrom(const storage::Row& row) {
  ProfileRow p;
  p.seq = row.Int(0);
  p.id = row.Text(1);
  p.merged_into = row.OptText(2);
  p.created_at = row.Int(3);
  p.updated_at = row.Int(4);
  p.erased_at = row.OptInt(5);
  p.first_seen_at = row.OptInt(6);
  p.last_seen_at = row.OptInt(7);
  p.event_count = row.Int(8);
  for (size_t col = 9; col < 15; ++col) {
    p.type_counts.push_back(row.Int(col));
  }
  p.orders_count = row.Int(15);
  p.revenue_minor = row.Int(16);
  p.last_purchase_at = row.OptInt(17);
  p.last_purchase_channel_id = row.OptText(18);
  return p;
}

int64_t Flag(bool b) { return b ? 1 : 0; }

}  // namespace

Result<int64_t> InsertProfile(storage::Tx& tx, std::string_view id, int64_t now) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("INSERT INTO customers_profiles (id, created_at, updated_at) "
                                    "VALUES (?1, ?2, ?2) RETURNING seq",
                                    {id, now}));
  return row->Int(0);
}

Result<std::optional<ProfileRow>> SelectProfile(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne(std::string(kProfileColumns) + "WHERE id = ?1", {id}));
  if (!row) {
    return std::optional<ProfileRow>();
  }
  return std::optional<ProfileRow>(ProfileFrom(*row));
}

Result<int64_t> SelectSeq(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT seq FROM customers_profiles WHERE id = ?1", {id}));
  if (!row) {
    return Error::Internal("customer " + std::string(id) + " has no profile row");
  }
  return row->Int(0);
}

Result<std::vector<std::string>> SelectMergedInto(storage::Tx& tx, std::string_view survivor) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT id FROM customers_profiles WHERE merged_into = ?1 ORDER BY seq",
               {survivor}));
  std::vector<std::string> ids;
  ids.reserve(rows.size());
  for (const storage::Row& row : rows) {
    ids.push_back(row.Text(0));
  }
  return ids;
}

Result<bool> CountEvent(storage::Tx& tx, std::string_view id, std::string_view event_type,
                        int64_t occurred_at, int64_t now) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute(kCountEventSql,
                 {id, occurred_at, Flag(event_type == kCountedTypes[0]),
                  Flag(event_type == kCountedTypes[1]), Flag(event_type == kCountedTypes[2]),
                  Flag(event_type == kCountedTypes[3]), Flag(event_type == kCountedTypes[4]),
                  Flag(event_type == kCountedTypes[5]), now}));
  return changed == 1;
}

Result<bool> TouchProfile(storage::Tx& tx, std::string_view id, int64_t now) {
  OMNI_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Execute("UPDATE customers_profiles SET updated_at = ?2 "
                                   "WHERE id = ?1 AND merged_into IS NULL AND erased_at IS NULL",
                                   {id, now}));
  return changed == 1;
}

Result<bool> MarkMerged(storage::Tx& tx, std::string_view merged, std::string_view survivor,
                        int64_t now) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed, tx.Execute("UPDATE customers_profiles SET merged_into = ?2, updated_at = ?3 "
                                  "WHERE id = ?1 AND merged_into IS NULL",
                                  {merged, survivor, now}));
  // Redirects stay one hop: whatever pointed at the merged profile now points at the survivor.
  OMNI_TRY(tx.Execute("UPDATE customers_profiles SET merged_into = ?2 WHERE merged_into = ?1",
                      {merged, survivor}));
  return changed == 1;
}

Result<void> AddCounters(storage::Tx& tx, std::string_view into, const ProfileRow& from,
                         int64_t now) {
  OMNI_TRY(
      tx.Execute(kAddCountersSql,
                 {into, from.event_count, from.type_counts[0], from.type_counts[1],
                  from.type_counts[2], from.type_counts[3], from.type_counts[4],
                  from.type_counts[5], from.orders_count, from.revenue_minor, from.first_seen_at,
                  from.last_seen_at, now, from.last_purchase_at, from.last_purchase_channel_id}));
  return Ok();
}

Result<bool> InsertCountedOrder(storage::Tx& tx, std::string_view order_id,
                                std::string_view customer_id, int64_t now) {
  OMNI_ASSIGN_OR_RETURN(int64_t inserted,
                        tx.Execute("INSERT INTO customers_counted_orders (order_id, customer_id, "
                                   "counted_at) VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                                   {order_id, customer_id, now}));
  return inserted == 1;
}

Result<bool> CountOrder(storage::Tx& tx, std::string_view id, int64_t amount_minor,
                        int64_t purchased_at, const std::optional<std::string>& channel_id,
                        int64_t now) {
  OMNI_ASSIGN_OR_RETURN(int64_t changed, tx.Execute(kCountOrderSql, {id, amount_minor, purchased_at,
                                                                     channel_id, now}));
  return changed == 1;
}

Result<void> MarkErased(storage::Tx& tx, const std::vector<std::string>& ids, int64_t now) {
  for (const std::string& id : ids) {
    OMNI_TRY(tx.Execute(
        "UPDATE customers_profiles SET erased_at = ?2, updated_at = ?2 WHERE id = ?1", {id, now}));
  }
  return Ok();
}

Result<std::optional<std::string>> SelectOwner(storage::Tx& tx, const Identifier& id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT customer_id FROM customers_identifiers "
                                    "WHERE type = ?1 AND ns = ?2 AND value = ?3",
                                    {NameOf(id.type), id.ns, id.value}));
  if (!row) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row->Text(0));
}

Result<bool> HoldsVerifiedIdentifier(storage::Tx& tx, std::string_view customer_id,
                                     bool beyond_anonymous_ids) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT 1 FROM customers_identifiers WHERE customer_id = ?1 "
                                    "AND verified = 1 AND type <> ?2 LIMIT 1",
                                    {customer_id, beyond_anonymous_ids ? "anonymous_id" : ""}));
  return row.has_value();
}

Result<bool> InsertIdentifier(storage::Tx& tx, const IdentifierRow& row) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t inserted,
      tx.Execute("INSERT INTO customers_identifiers (type, ns, value, raw, customer_id, "
                 "channel_id, source, added_at, verified) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, "
                 "?9) ON CONFLICT (type, ns, value) DO NOTHING",
                 {NameOf(row.id.type), row.id.ns, row.id.value, row.raw, row.customer_id,
                  row.channel_id, row.source, row.added_at, int64_t{row.verified ? 1 : 0}}));
  return inserted == 1;
}

Result<void> LockProfiles(storage::Tx& tx, std::vector<std::string> ids) {
  if (ids.empty()) {
    return Ok();
  }
  std::sort(ids.begin(), ids.end());
  ids.erase(std::unique(ids.begin(), ids.end()), ids.end());
  OMNI_TRY(tx.QueryParams("SELECT id FROM customers_profiles WHERE id " + storage::InList(tx, 1) +
                              " ORDER BY id" + std::string(storage::ForUpdate(tx)),
                          std::vector<storage::Param>{storage::JsonList(ids)}));
  return Ok();
}

Result<std::vector<IdentifierRow>> SelectIdentifiers(storage::Tx& tx,
                                                     std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT type, ns, value, raw, channel_id, source, added_at "
               "FROM customers_identifiers WHERE customer_id = ?1 ORDER BY added_at, type, value",
               {customer_id}));
  std::vector<IdentifierRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    IdentifierRow id{.raw = row.Text(3),
                     .customer_id = std::string(customer_id),
                     .channel_id = row.OptText(4),
                     .source = row.Text(5),
                     .added_at = row.Int(6)};
    id.id = Identifier{.type = ParseEnum<IdentifierType>(row.Text(0), "type").value(),
                       .value = row.Text(2),
                       .ns = row.Text(1)};
    out.push_back(std::move(id));
  }
  return out;
}

Result<std::map<IdentifierType, int>> CountIdentifiers(storage::Tx& tx,
                                                       std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query("SELECT type, COUNT(*) FROM customers_identifiers "
                                 "WHERE customer_id = ?1 GROUP BY type",
                                 {customer_id}));
  std::map<IdentifierType, int> counts;
  for (const storage::Row& row : rows) {
    counts[ParseEnum<IdentifierType>(row.Text(0), "type").value()] = static_cast<int>(row.Int(1));
  }
  return counts;
}

Result<std::vector<TraitRow>> SelectTraits(storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query("SELECT name, value, source, channel_id, updated_at "
                                 "FROM customers_traits WHERE customer_id = ?1 ORDER BY name",
                                 {customer_id}));
  std::vector<TraitRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(TraitRow{.name = row.Text(0),
                           .value_json = row.Text(1),
                           .source = row.Text(2),
                           .channel_id = row.OptText(3),
                           .updated_at = row.Int(4)});
  }
  return out;
}

Result<void> UpsertTrait(storage::Tx& tx, std::string_view customer_id, const TraitRow& row) {
  OMNI_TRY(tx.Execute(kUpsertTraitSql, {customer_id, row.name, row.value_json, row.source,
                                        row.channel_id, row.updated_at}));
  return Ok();
}

Result<std::vector<ConsentRow>> SelectConsents(storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT purpose, channel, granted, source, updated_at FROM customers_consents "
               "WHERE customer_id = ?1 ORDER BY purpose, channel",
               {customer_id}));
  std::vector<ConsentRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(ConsentRow{.purpose = row.Text(0),
                             .channel = row.Text(1),
                             .granted = row.Int(2) != 0,
                             .source = row.Text(3),
                             .updated_at = row.Int(4)});
  }
  return out;
}

Result<void> UpsertConsent(storage::Tx& tx, std::string_view customer_id, const ConsentRow& row) {
  OMNI_TRY(tx.Execute(kUpsertConsentSql, {customer_id, row.purpose, row.channel, Flag(row.granted),
                                          row.source, row.updated_at}));
  return Ok();
}

Result<void> InsertChannel(storage::Tx& tx, std::string_view customer_id,
                           std::string_view channel_id) {
  OMNI_TRY(
      tx.Execute("INSERT INTO customers_channels (customer_id, channel_id) VALUES (?1, ?2) "
                 "ON CONFLICT DO NOTHING",
                 {customer_id, channel_id}));
  return Ok();
}

Result<std::vector<std::string>> SelectChannels(storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query("SELECT channel_id FROM customers_channels "
                                 "WHERE customer_id = ?1 ORDER BY channel_id",
                                 {customer_id}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(row.Text(0));
  }
  return out;
}

Result<void> IncrementEventCount(storage::Tx& tx, std::string_view customer_id,
                                 std::string_view event_type) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO customers_event_counts (customer_id, event_type, total) VALUES (?1, ?2, 1) "
      "ON CONFLICT (customer_id, event_type) DO UPDATE "
      "SET total = customers_event_counts.total + 1",
      {customer_id, event_type}));
  return Ok();
}

Result<std::vector<std::pair<std::string, int64_t>>> SelectEventCounts(
    storage::Tx& tx, std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query("SELECT event_type, total FROM customers_event_counts "
                                 "WHERE customer_id = ?1 ORDER BY event_type",
                                 {customer_id}));
  std::vector<std::pair<std::string, int64_t>> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.emplace_back(row.Text(0), row.Int(1));
  }
  return out;
}

Result<void> InsertTerm(storage::Tx& tx, std::string_view term, std::string_view customer_id,
                        std::string_view kind) {
  OMNI_TRY(
      tx.Execute("INSERT INTO customers_search_terms (term, customer_id, kind) "
                 "VALUES (?1, ?2, ?3) ON CONFLICT DO NOTHING",
                 {term, customer_id, kind}));
  return Ok();
}

Result<void> DeleteTerms(storage::Tx& tx, std::string_view customer_id, std::string_view kind) {
  OMNI_TRY(tx.Execute("DELETE FROM customers_search_terms WHERE customer_id = ?1 AND kind = ?2",
                      {customer_id, kind}));
  return Ok();
}

Result<std::vector<Owner>> SearchTerms(storage::Tx& tx, std::string_view lo, std::string_view hi,
                                       int64_t after, int limit) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query(kSearchSql, {lo, hi, after, limit}));
  std::vector<Owner> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(Owner{.customer_id = row.Text(1), .seq = row.Int(0)});
  }
  return out;
}

}  // namespace omnihub::customers::store
