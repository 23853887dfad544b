#include "carts/store.h"

#include <algorithm>

#include "core/json.h"

namespace omnihub::carts::store {
namespace {

constexpr std::string_view kCartColumns =
    "SELECT id, customer_id, anonymous_id, channel_id, status, version, currency, coupons, "
    "fulfilment, pickup_location_id, priced, created_at, updated_at, last_activity_at, "
    "locker_id, contact_email, contact_phone, contact_name, contact_address, payment_method, "
    "payment_reference, redeem_points, order_id "
    "FROM carts_carts ";

std::string CouponsText(const std::vector<std::string>& coupons) {
  json::Array items;
  for (const std::string& code : coupons) {
    items.emplace_back(code);
  }
  return json::Serialize(json::Value(std::move(items)));
}

std::vector<std::string> CouponsFrom(const std::string& text) {
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

Cart CartFrom(const storage::Row& row) {
  Cart cart;
  cart.id = CartId::FromTrusted(row.Text(0));
  cart.customer_id = row.Text(1);
  cart.anonymous_id = row.Text(2);
  cart.channel_id = row.Text(3);
  cart.status = EnumNames(CartStatus{}).Find(row.Text(4)).value_or(CartStatus::kActive);
  cart.version = row.Int(5);
  cart.currency = row.Text(6);
  cart.coupons = CouponsFrom(row.Text(7));
  Result<FulfilmentKind> kind = ParseEnum<FulfilmentKind>(row.Text(8), "fulfilment.type");
  cart.fulfilment.kind = kind.ok() ? *kind : FulfilmentKind::kShip;
  cart.fulfilment.location_id = row.Text(9);
  cart.priced_json = row.Text(10);
  cart.created_at = FromUnixMicros(row.Int(11));
  cart.updated_at = FromUnixMicros(row.Int(12));
  cart.last_activity_at = FromUnixMicros(row.Int(13));
  cart.fulfilment.locker_id = row.Text(14);
  cart.contact = {
      .email = row.Text(15), .phone = row.Text(16), .name = row.Text(17), .address = row.Text(18)};
  cart.payment = {.method = row.Text(19), .reference = row.Text(20)};
  cart.redeem_points = row.Int(21);
  cart.order_id = row.Text(22);
  return cart;
}

}  // namespace

std::string OwnerKey(const Cart& cart) {
  return cart.customer_id.empty() ? "anonymous:" + cart.anonymous_id
                                  : "customer:" + cart.customer_id;
}

Result<void> InsertCart(storage::Tx& tx, const Cart& c) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO carts_carts (id, owner_key, customer_id, anonymous_id, channel_id, status, "
      "version, currency, coupons, fulfilment, pickup_location_id, priced, created_at, "
      "updated_at, last_activity_at, locker_id, contact_email, contact_phone, contact_name, "
      "contact_address, payment_method, payment_reference, redeem_points, order_id) "
      "VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, ?9, ?10, ?11, ?12, ?13, ?14, ?15, ?16, ?17, ?18, "
      "?19, ?20, ?21, ?22, ?23, ?24)",
      {c.id.str(),
       OwnerKey(c),
       storage::NullIfEmpty(c.customer_id),
       storage::NullIfEmpty(c.anonymous_id),
       storage::NullIfEmpty(c.channel_id),
       NameOf(c.status),
       c.version,
       c.currency,
       CouponsText(c.coupons),
       NameOf(c.fulfilment.kind),
       storage::NullIfEmpty(c.fulfilment.location_id),
       c.priced_json,
       UnixMicros(c.created_at),
       UnixMicros(c.updated_at),
       UnixMicros(c.last_activity_at),
       storage::NullIfEmpty(c.fulfilment.locker_id),
       storage::NullIfEmpty(c.contact.email),
       storage::NullIfEmpty(c.contact.phone),
       storage::NullIfEmpty(c.contact.name),
       storage::NullIfEmpty(c.contact.address),
       storage::NullIfEmpty(c.payment.method),
       storage::NullIfEmpty(c.payment.reference),
       c.redeem_points,
       storage::NullIfEmpty(c.order_id)}));
  return Ok();
}

Result<std::optional<Cart>> SelectCart(storage::Tx& tx, std::string_view id, bool lock) {
  static const std::string kById = std::string(kCartColumns) + "WHERE id = ?1";
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne(lock ? kById + std::string(storage::ForUpdate(tx)) : kById, {id}));
  if (!row) {
    return std::optional<Cart>();
  }
  return std::optional<Cart>(CartFrom(*row));
}

Result<std::vector<LineRow>> SelectLines(storage::Tx& tx, std::string_view cart_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT sku, quantity, hold_id, hold_location_id, hold_quantity, hold_expires_at "
               "FROM carts_lines WHERE cart_id = ?1 ORDER BY position",
               {cart_id}));
  std::vector<LineRow> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    LineRow line;
    line.line.sku = row.Text(0);
    line.line.quantity = row.Int(1);
    line.line.hold_id = row.Text(2);
    line.hold_location_id = row.Text(3);
    line.hold_quantity = row.Int(4);
    if (std::optional<int64_t> expires = row.OptInt(5)) {
      line.line.hold_expires_at = FromUnixMicros(*expires);
    }
    out.push_back(std::move(line));
  }
  return out;
}

Result<std::optional<std::string>> SelectActiveByOwner(storage::Tx& tx,
                                                       std::string_view owner_key) {
  OMNI_ASSIGN_OR_RETURN(
      std::optional<storage::Row> row,
      tx.QueryOne("SELECT id FROM carts_carts WHERE owner_key = ?1 AND status = 'active'",
                  {owner_key}));
  if (!row) {
    return std::optional<std::string>();
  }
  return std::optional<std::string>(row->Text(0));
}

Result<std::vector<std::string>> SelectActiveByAnonymous(storage::Tx& tx,
                                                         std::string_view anonymous_id) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT id FROM carts_carts WHERE anonymous_id = ?1 AND status = 'active' "
               "ORDER BY last_activity_at DESC, id DESC",
               {anonymous_id}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(row.Text(0));
  }
  return out;
}

Result<std::vector<std::string>> SelectCartsOfPerson(storage::Tx& tx,
                                                     const std::vector<std::string>& customer_ids,
                                                     const std::vector<std::string>& identifiers) {
  std::vector<std::pair<int64_t, std::string>> found;  // (created_at, id)
  auto collect = [&](std::string_view sql, const std::string& value) -> Result<void> {
    OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows, tx.Query(sql, {value}));
    for (const storage::Row& row : rows) {
      found.emplace_back(row.Int(1), row.Text(0));
    }
    return Ok();
  };
  // One statement per value: a person merged from many profiles must not exceed the
  // backends' limits on bound parameters.
  for (const std::string& id : customer_ids) {
    OMNI_TRY(collect("SELECT id, created_at FROM carts_carts WHERE customer_id = ?1", id));
  }
  for (const std::string& identifier : identifiers) {
    OMNI_TRY(collect("SELECT id, created_at FROM carts_carts WHERE anonymous_id = ?1 OR "
                     "contact_phone = ?1 OR lower(contact_email) = lower(?1)",
                     identifier));
  }
  std::sort(found.begin(), found.end());
  found.erase(std::unique(found.begin(), found.end()), found.end());
  std::vector<std::string> out;
  out.reserve(found.size());
  for (auto& [created_at, id] : found) {
    out.push_back(std::move(id));
  }
  return out;
}

Result<void> ForgetPerson(storage::Tx& tx, std::string_view cart_id) {
  OMNI_TRY(tx.Execute(
      "UPDATE carts_carts SET contact_email = NULL, contact_phone = NULL, contact_name = NULL, "
      "contact_address = NULL, payment_reference = NULL, anonymous_id = NULL, "
      "owner_key = CASE WHEN owner_key LIKE 'anonymous:%' THEN 'erased:' || id "
      "ELSE owner_key END WHERE id = ?1",
      {cart_id}));
  return Ok();
}

Result<int64_t> UpdateCart(storage::Tx& tx, const Cart& c, int64_t expected_version) {
  return tx.Execute(
      "UPDATE carts_carts SET owner_key = ?2, customer_id = ?3, anonymous_id = ?4, status = ?5, "
      "currency = ?6, coupons = ?7, fulfilment = ?8, pickup_location_id = ?9, priced = ?10, "
      "updated_at = ?11, last_activity_at = ?12, locker_id = ?13, contact_email = ?14, "
      "contact_phone = ?15, contact_name = ?16, contact_address = ?17, payment_method = ?18, "
      "payment_reference = ?19, redeem_points = ?20, order_id = ?21, version = ?22 "
      "WHERE id = ?1 AND version = ?23",
      {c.id.str(),
       OwnerKey(c),
       storage::NullIfEmpty(c.customer_id),
       storage::NullIfEmpty(c.anonymous_id),
       NameOf(c.status),
       c.currency,
       CouponsText(c.coupons),
       NameOf(c.fulfilment.kind),
       storage::NullIfEmpty(c.fulfilment.location_id),
       c.priced_json,
       UnixMicros(c.updated_at),
       UnixMicros(c.last_activity_at),
       storage::NullIfEmpty(c.fulfilment.locker_id),
       storage::NullIfEmpty(c.contact.email),
       storage::NullIfEmpty(c.contact.phone),
       storage::NullIfEmpty(c.contact.name),
       storage::NullIfEmpty(c.contact.address),
       storage::NullIfEmpty(c.payment.method),
       storage::NullIfEmpty(c.payment.reference),
       c.redeem_points,
       storage::NullIfEmpty(c.order_id),
       c.version,
       expected_version});
}

Result<void> ClearHolds(storage::Tx& tx, std::string_view cart_id) {
  OMNI_TRY(
      tx.Execute("UPDATE carts_lines SET hold_id = NULL, hold_location_id = NULL, "
                 "hold_quantity = NULL, hold_expires_at = NULL "
                 "WHERE cart_id = ?1 AND hold_id IS NOT NULL",
                 {cart_id}));
  return Ok();
}

Result<void> ReplaceLines(storage::Tx& tx, std::string_view cart_id,
                          const std::vector<LineRow>& lines) {
  OMNI_TRY(tx.Execute("DELETE FROM carts_lines WHERE cart_id = ?1", {cart_id}));
  int64_t position = 0;
  for (const LineRow& row : lines) {
    std::optional<int64_t> expires;
    if (row.line.hold_expires_at) {
      expires = UnixMicros(*row.line.hold_expires_at);
    }
    std::optional<int64_t> hold_quantity;
    if (!row.line.hold_id.empty()) {
      hold_quantity = row.hold_quantity;
    }
    OMNI_TRY(tx.Execute(
        "INSERT INTO carts_lines (cart_id, sku, position, quantity, hold_id, hold_location_id, "
        "hold_quantity, hold_expires_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
        {cart_id, row.line.sku, position++, row.line.quantity,
         storage::NullIfEmpty(row.line.hold_id), storage::NullIfEmpty(row.hold_location_id),
         hold_quantity, expires}));
  }
  return Ok();
}

Result<std::vector<std::string>> SelectIdle(storage::Tx& tx, TimePoint cutoff, int limit) {
  OMNI_ASSIGN_OR_RETURN(
      std::vector<storage::Row> rows,
      tx.Query("SELECT id FROM carts_carts WHERE status = 'active' AND last_activity_at <= ?1 "
               "ORDER BY last_activity_at, id LIMIT ?2",
               {UnixMicros(cutoff), int64_t{limit}}));
  std::vector<std::string> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(row.Text(0));
  }
  return out;
}

}  // namespace omnihub::carts::store
