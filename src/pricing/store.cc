#include "pricing/store.h"

#include "core/json.h"

namespace omnihub::pricing::store {
namespace {

constexpr std::string_view kListColumns =
    "SELECT id, name, currency, priority, channel_id, valid_from, valid_to, created_at, "
    "updated_at FROM pricing_price_lists ";
constexpr std::string_view kPromotionColumns =
    "SELECT id, name, kind, level, percent_bp, amount_minor, currency, buy_quantity, "
    "free_quantity, skus, category_ids, min_basket_minor, segment_id, channel_id, valid_from, "
    "valid_to, priority, stackable, requires_coupon, created_at FROM pricing_promotions ";
constexpr std::string_view kCouponColumns =
    "SELECT id, code, promotion_id, once_per_customer, max_uses, uses, channel_id, valid_from, "
    "valid_to, created_at FROM pricing_coupons ";

// A list valid at ?2 (half-open window).
constexpr std::string_view kValidAt =
    "(l.valid_from IS NULL OR l.valid_from <= ?2) AND (l.valid_to IS NULL OR l.valid_to > ?2)";

std::optional<int64_t> MicrosOf(const std::optional<TimePoint>& t) {
  return t ? std::optional<int64_t>(UnixMicros(*t)) : std::nullopt;
}
std::optional<TimePoint> TimeOf(const std::optional<int64_t>& micros) {
  return micros ? std::optional<TimePoint>(FromUnixMicros(*micros)) : std::nullopt;
}

Currency CurrencyOf(const std::string& code) {
  Result<Currency> parsed = Currency::Parse(code);
  OMNI_CHECK(parsed.ok(), "only validated currencies are stored");
  return *parsed;
}

std::string ListJson(const std::vector<std::string>& items) {
  json::Array array(items.begin(), items.end());
  return json::Serialize(json::Value(std::move(array)));
}

std::vector<std::string> ListFrom(const std::string& text) {
  std::vector<std::string> out;
  Result<json::Value> parsed = json::Parse(text);
  if (parsed.ok() && parsed->AsArray() != nullptr) {
    for (const json::Value& item : *parsed->AsArray()) {
      if (item.AsString() != nullptr) {
        out.push_back(*item.AsString());
      }
    }
  }
  return out;
}

PriceList ListFrom(const storage::Row& row) {
  return PriceList{.id = PriceListId::FromTrusted(row.Text(0)),
                   .name = row.Text(1),
                   .currency = CurrencyOf(row.Text(2)),
                   .priority = row.Int(3),
                   .channel_id = row.OptText(4),
                   .validity = {TimeOf(row.OptInt(5)), TimeOf(row.OptInt(6))},
                   .created_at = FromUnixMicros(row.Int(7)),
                   .updated_at = FromUnixMicros(row.Int(8))};
}

Promotion PromotionFrom(const storage::Row& row) {
  Promotion p{.id = PromotionId::FromTrusted(row.Text(0)),
              .name = row.Text(1),
              .kind = ParseEnum<PromotionKind>(row.Text(2), "kind").value(),
              .level = ParseEnum<PromotionLevel>(row.Text(3), "level").value(),
              .percent_bp = row.Int(4)};
  std::optional<Currency> currency;
  if (!row.IsNull(6)) {
    currency = CurrencyOf(row.Text(6));
  }
  if (!row.IsNull(5)) {
    p.amount = Money{row.Int(5), currency.value_or(Currency::Pln())};
  }
  p.buy_quantity = row.Int(7);
  p.free_quantity = row.Int(8);
  p.conditions.skus = ListFrom(row.Text(9));
  p.conditions.category_ids = ListFrom(row.Text(10));
  if (!row.IsNull(11)) {
    p.conditions.min_basket = Money{row.Int(11), currency.value_or(Currency::Pln())};
  }
  p.conditions.segment_id = row.OptText(12);
  p.conditions.channel_id = row.OptText(13);
  p.validity = {TimeOf(row.OptInt(14)), TimeOf(row.OptInt(15))};
  p.priority = row.Int(16);
  p.stackable = row.Int(17) != 0;
  p.requires_coupon = row.Int(18) != 0;
  p.created_at = FromUnixMicros(row.Int(19));
  return p;
}

Coupon CouponFrom(const storage::Row& row) {
  return Coupon{.id = CouponId::FromTrusted(row.Text(0)),
                .code = row.Text(1),
                .promotion_id = PromotionId::FromTrusted(row.Text(2)),
                .once_per_customer = row.Int(3) != 0,
                .max_uses = row.OptInt(4),
                .uses = row.Int(5),
                .channel_id = row.OptText(6),
                .validity = {TimeOf(row.OptInt(7)), TimeOf(row.OptInt(8))},
                .created_at = FromUnixMicros(row.Int(9))};
}

template <typename T, typename From>
Result<std::optional<T>> One(Result<std::optional<storage::Row>> row, From from) {
  if (!row.ok()) {
    return std::move(row).error();
  }
  if (!row->has_value()) {
    return std::optional<T>();
  }
  return std::optional<T>(from(**row));
}

template <typename T, typename From>
Result<std::vector<T>> All(Result<std::vector<storage::Row>> rows, From from) {
  if (!rows.ok()) {
    return std::move(rows).error();
  }
  std::vector<T> out;
  out.reserve(rows->size());
  for (const storage::Row& row : *rows) {
    out.push_back(from(row));
  }
  return out;
}

}  // namespace

Result<void> InsertPriceList(storage::Tx& tx, const PriceList& list) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO pricing_price_lists (id, name, currency, priority, channel_id, valid_from, "
      "valid_to, created_at, updated_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9)",
      {list.id.str(), list.name, list.currency.code(), list.priority, list.channel_id,
       MicrosOf(list.validity.from), MicrosOf(list.validity.to), UnixMicros(list.created_at),
       UnixMicros(list.updated_at)}));
  return Ok();
}

Result<void> UpdatePriceList(storage::Tx& tx, const PriceList& list) {
  OMNI_TRY(tx.Execute(
      "UPDATE pricing_price_lists SET name = ?2, priority = ?3, valid_from = ?4, valid_to = ?5, "
      "updated_at = ?6 WHERE id = ?1",
      {list.id.str(), list.name, list.priority, MicrosOf(list.validity.from),
       MicrosOf(list.validity.to), UnixMicros(list.updated_at)}));
  return Ok();
}

Result<std::optional<PriceList>> SelectPriceList(storage::Tx& tx, std::string_view id) {
  return One<PriceList>(tx.QueryOne(std::string(kListColumns) + "WHERE id = ?1", {id}),
                        [](const storage::Row& row) { return ListFrom(row); });
}

Result<std::vector<PriceList>> SelectPriceLists(storage::Tx& tx) {
  return All<PriceList>(tx.Query(std::string(kListColumns) + "ORDER BY priority DESC, id"),
                        [](const storage::Row& row) { return ListFrom(row); });
}

Result<void> UpsertPrice(storage::Tx& tx, const PriceListId& list_id, const PriceEntry& entry) {
  OMNI_TRY(tx.Execute(
      R"sql(
    INSERT INTO pricing_prices (price_list_id, sku, gross_minor, vat_rate, updated_at)
    VALUES (?1, ?2, ?3, ?4, ?5)
    ON CONFLICT (sku, price_list_id) DO UPDATE
      SET gross_minor = excluded.gross_minor, vat_rate = excluded.vat_rate,
          updated_at = excluded.updated_at)sql",
      {list_id.str(), entry.sku, entry.gross.minor, entry.vat_rate, UnixMicros(entry.updated_at)}));
  return Ok();
}

Result<std::optional<PriceEntry>> SelectPrice(storage::Tx& tx, std::string_view list_id,
                                              std::string_view sku) {
  return One<PriceEntry>(
      tx.QueryOne("SELECT p.sku, p.gross_minor, l.currency, p.vat_rate, p.updated_at "
                  "FROM pricing_prices p JOIN pricing_price_lists l ON l.id = p.price_list_id "
                  "WHERE p.price_list_id = ?1 AND p.sku = ?2",
                  {list_id, sku}),
      [](const storage::Row& row) {
        return PriceEntry{.sku = row.Text(0),
                          .gross = Money{row.Int(1), CurrencyOf(row.Text(2))},
                          .vat_rate = static_cast<int>(row.Int(3)),
                          .updated_at = FromUnixMicros(row.Int(4))};
      });
}

Result<std::vector<PriceEntry>> SelectPrices(storage::Tx& tx, std::string_view list_id) {
  return All<PriceEntry>(
      tx.Query("SELECT p.sku, p.gross_minor, l.currency, p.vat_rate, p.updated_at "
               "FROM pricing_prices p JOIN pricing_price_lists l ON l.id = p.price_list_id "
               "WHERE p.price_list_id = ?1 ORDER BY p.sku",
               {list_id}),
      [](const storage::Row& row) {
        return PriceEntry{.sku = row.Text(0),
                          .gross = Money{row.Int(1), CurrencyOf(row.Text(2))},
                          .vat_rate = static_cast<int>(row.Int(3)),
                          .updated_at = FromUnixMicros(row.Int(4))};
      });
}

Result<std::optional<ResolvedPrice>> SelectWinningPrice(storage::Tx& tx, std::string_view sku,
                                                        std::string_view channel_id,
                                                        std::string_view currency,
                                                        int64_t at_micros) {
  static const std::string sql =
      "SELECT p.gross_minor, l.currency, p.vat_rate, l.id, l.channel_id "
      "FROM pricing_prices p JOIN pricing_price_lists l ON l.id = p.price_list_id "
      "WHERE p.sku = ?1 AND l.currency = ?3 AND " +
      std::string(kValidAt) +
      " AND (l.channel_id IS NULL OR l.channel_id = ?4) "
      "ORDER BY CASE WHEN l.channel_id IS NULL THEN 1 ELSE 0 END, l.priority DESC, "
      "l.created_at, l.id LIMIT 1";
  const std::string sku_text(sku);
  return One<ResolvedPrice>(
      tx.QueryOne(sql, {sku, at_micros, currency, channel_id}), [&](const storage::Row& row) {
        return ResolvedPrice{.sku = sku_text,
                             .gross = Money{row.Int(0), CurrencyOf(row.Text(1))},
                             .vat_rate = static_cast<int>(row.Int(2)),
                             .price_list_id = PriceListId::FromTrusted(row.Text(3)),
                             .channel_override = !row.IsNull(4)};
      });
}

Result<std::vector<Inconsistency>> SelectOverrides(storage::Tx& tx) {
  return All<Inconsistency>(
      tx.Query("SELECT l.id, l.name, l.channel_id, p.sku, p.gross_minor, l.currency, p.vat_rate, "
               "l.valid_from, l.valid_to "
               "FROM pricing_prices p JOIN pricing_price_lists l ON l.id = p.price_list_id "
               "WHERE l.channel_id IS NOT NULL ORDER BY l.channel_id, p.sku, l.id"),
      [](const storage::Row& row) {
        return Inconsistency{.price_list_id = PriceListId::FromTrusted(row.Text(0)),
                             .price_list_name = row.Text(1),
                             .channel_id = row.Text(2),
                             .sku = row.Text(3),
                             .override_gross = Money{row.Int(4), CurrencyOf(row.Text(5))},
                             .vat_rate = static_cast<int>(row.Int(6)),
                             .validity = {TimeOf(row.OptInt(7)), TimeOf(row.OptInt(8))}};
      });
}

Result<void> InsertPromotion(storage::Tx& tx, const Promotion& p) {
  std::optional<std::string> currency;
  if (p.amount) {
    currency = std::string(p.amount->currency.code());
  } else if (p.conditions.min_basket) {
    currency = std::string(p.conditions.min_basket->currency.code());
  }
  OMNI_TRY(tx.Execute(
      "INSERT INTO pricing_promotions (id, name, kind, level, percent_bp, amount_minor, "
      "currency, buy_quantity, free_quantity, skus, category_ids, min_basket_minor, segment_id, "
      "channel_id, valid_from, valid_to, priority, stackable, requires_coupon, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19, ?20)",
      {p.id.str(),
       p.name,
       NameOf(p.kind),
       NameOf(p.level),
       p.percent_bp,
       p.amount ? std::optional<int64_t>(p.amount->minor) : std::nullopt,
       currency,
       p.buy_quantity,
       p.free_quantity,
       ListJson(p.conditions.skus),
       ListJson(p.conditions.category_ids),
       p.conditions.min_basket ? std::optional<int64_t>(p.conditions.min_basket->minor)
                               : std::nullopt,
       p.conditions.segment_id,
       p.conditions.channel_id,
       MicrosOf(p.validity.from),
       MicrosOf(p.validity.to),
       p.priority,
       p.stackable ? 1 : 0,
       p.requires_coupon ? 1 : 0,
       UnixMicros(p.created_at)}));
  return Ok();
}

Result<std::optional<Promotion>> SelectPromotion(storage::Tx& tx, std::string_view id) {
  return One<Promotion>(tx.QueryOne(std::string(kPromotionColumns) + "WHERE id = ?1", {id}),
                        PromotionFrom);
}

Result<std::vector<Promotion>> SelectPromotions(storage::Tx& tx) {
  return All<Promotion>(tx.Query(std::string(kPromotionColumns) + "ORDER BY priority DESC, id"),
                        PromotionFrom);
}

Result<std::vector<Promotion>> SelectAutomaticPromotions(storage::Tx& tx, int64_t at_micros) {
  return All<Promotion>(
      tx.Query(std::string(kPromotionColumns) +
                   "WHERE requires_coupon = 0 AND (valid_from IS NULL OR valid_from <= ?1) AND "
                   "(valid_to IS NULL OR valid_to > ?1) ORDER BY priority DESC, id",
               {at_micros}),
      PromotionFrom);
}

Result<void> MarkRequiresCoupon(storage::Tx& tx, std::string_view promotion_id) {
  OMNI_TRY(tx.Execute("UPDATE pricing_promotions SET requires_coupon = 1 WHERE id = ?1",
                      {promotion_id}));
  return Ok();
}

Result<void> InsertCoupon(storage::Tx& tx, const Coupon& c) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO pricing_coupons (id, code, promotion_id, once_per_customer, max_uses, uses, "
      "channel_id, valid_from, valid_to, created_at) "
      "VALUES (?1, ?2, ?3, ?4, ?5, 0, ?6, ?7, ?8, ?9)",
      {c.id.str(), c.code, c.promotion_id.str(), c.once_per_customer ? 1 : 0, c.max_uses,
       c.channel_id, MicrosOf(c.validity.from), MicrosOf(c.validity.to),
       UnixMicros(c.created_at)}));
  return Ok();
}

Result<std::optional<Coupon>> SelectCoupon(storage::Tx& tx, std::string_view code) {
  return One<Coupon>(tx.QueryOne(std::string(kCouponColumns) + "WHERE code = ?1", {code}),
                     CouponFrom);
}

Result<std::vector<Coupon>> SelectCoupons(storage::Tx& tx) {
  return All<Coupon>(tx.Query(std::string(kCouponColumns) + "ORDER BY code"), CouponFrom);
}

Result<bool> CustomerRedeemed(storage::Tx& tx, std::string_view coupon_id,
                              std::string_view customer_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT 1 FROM pricing_coupon_redemptions WHERE customer_id = ?1 AND "
                  "coupon_id = ?2 LIMIT 1",
                  {customer_id, coupon_id}));
  return row.has_value();
}

Result<bool> TakeCouponUse(storage::Tx& tx, std::string_view coupon_id) {
  OMNI_ASSIGN_OR_RETURN(int64_t changed,
                        tx.Execute("UPDATE pricing_coupons SET uses = uses + 1 WHERE id = ?1 AND "
                                   "(max_uses IS NULL OR uses < max_uses)",
                                   {coupon_id}));
  return changed == 1;
}

Result<bool> InsertRedemption(storage::Tx& tx, const Redemption& r, std::string_view customer_key) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute("INSERT INTO pricing_coupon_redemptions (id, coupon_id, customer_id, "
                 "customer_key, order_ref, channel_id, redeemed_at) "
                 "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7) ON CONFLICT DO NOTHING",
                 {r.id.str(), r.coupon_id.str(), r.customer_id, customer_key, r.order_ref,
                  r.channel_id, UnixMicros(r.redeemed_at)}));
  return changed == 1;
}

}  // namespace omnihub::pricing::store
