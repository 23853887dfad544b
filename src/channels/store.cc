#include "channels/store.h"

namespace omnihub::channels::store {
namespace {

constexpr std::string_view kChannelColumns =
    "SELECT id, type, name, funnel_role, location_id, created_at FROM channels_channels ";
constexpr std::string_view kKeyColumns =
    "SELECT id, role, channel_id, location_id, name, prefix, created_at, revoked_at "
    "FROM channels_api_keys ";

Channel ChannelFrom(const storage::Row& row) {
  Channel channel;
  channel.id = ChannelId::FromTrusted(row.Text(0));
  channel.type = ParseEnum<ChannelType>(row.Text(1), "type").value();
  channel.name = row.Text(2);
  channel.funnel_role = ParseEnum<FunnelRole>(row.Text(3), "funnel_role").value();
  channel.location_id = row.OptText(4);
  channel.created_at = FromUnixMicros(row.Int(5));
  return channel;
}

ApiKey KeyFrom(const storage::Row& row) {
  ApiKey key;
  key.id = ApiKeyId::FromTrusted(row.Text(0));
  key.role = ParseEnum<http::Role>(row.Text(1), "role").value();
  key.channel_id = row.OptText(2);
  key.location_id = row.OptText(3);
  key.name = row.Text(4);
  key.prefix = row.Text(5);
  key.created_at = FromUnixMicros(row.Int(6));
  if (std::optional<int64_t> revoked = row.OptInt(7)) {
    key.revoked_at = FromUnixMicros(*revoked);
  }
  return key;
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

}  // namespace

Result<void> InsertChannel(storage::Tx& tx, const Channel& channel,
                           std::string_view write_key_hash) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO channels_channels (id, type, name, funnel_role, location_id, write_key_hash, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7)",
      {channel.id.str(), NameOf(channel.type), channel.name, NameOf(channel.funnel_role),
       channel.location_id, write_key_hash, UnixMicros(channel.created_at)}));
  return Ok();
}

Result<std::vector<Channel>> SelectChannels(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query(std::string(kChannelColumns) + "ORDER BY id"));
  std::vector<Channel> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(ChannelFrom(row));
  }
  return out;
}

Result<std::optional<Channel>> SelectChannel(storage::Tx& tx, std::string_view id) {
  return One<Channel>(tx.QueryOne(std::string(kChannelColumns) + "WHERE id = ?1", {id}),
                      ChannelFrom);
}

Result<std::optional<Channel>> SelectChannelByName(storage::Tx& tx, std::string_view name) {
  return One<Channel>(tx.QueryOne(std::string(kChannelColumns) + "WHERE name = ?1", {name}),
                      ChannelFrom);
}

Result<std::optional<Channel>> SelectChannelByWriteKeyHash(storage::Tx& tx, std::string_view hash) {
  return One<Channel>(
      tx.QueryOne(std::string(kChannelColumns) + "WHERE write_key_hash = ?1", {hash}), ChannelFrom);
}

Result<void> InsertKey(storage::Tx& tx, const ApiKey& key, std::string_view key_hash) {
  OMNI_TRY(tx.Execute(
      "INSERT INTO channels_api_keys (id, key_hash, prefix, role, channel_id, location_id, name, "
      "created_at) VALUES (?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8)",
      {key.id.str(), key_hash, key.prefix, NameOf(key.role), key.channel_id, key.location_id,
       key.name, UnixMicros(key.created_at)}));
  return Ok();
}

Result<std::vector<ApiKey>> SelectKeys(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::vector<storage::Row> rows,
                        tx.Query(std::string(kKeyColumns) + "ORDER BY id"));
  std::vector<ApiKey> out;
  out.reserve(rows.size());
  for (const storage::Row& row : rows) {
    out.push_back(KeyFrom(row));
  }
  return out;
}

Result<std::optional<ApiKey>> SelectKey(storage::Tx& tx, std::string_view id) {
  return One<ApiKey>(tx.QueryOne(std::string(kKeyColumns) + "WHERE id = ?1", {id}), KeyFrom);
}

Result<std::optional<ApiKey>> SelectKeyByHash(storage::Tx& tx, std::string_view hash) {
  return One<ApiKey>(tx.QueryOne(std::string(kKeyColumns) + "WHERE key_hash = ?1", {hash}),
                     KeyFrom);
}

Result<bool> RevokeKey(storage::Tx& tx, std::string_view id, int64_t revoked_at_micros) {
  OMNI_ASSIGN_OR_RETURN(
      int64_t changed,
      tx.Execute(
          "UPDATE channels_api_keys SET revoked_at = ?2 WHERE id = ?1 AND revoked_at IS NULL",
          {id, revoked_at_micros}));
  return changed == 1;
}

Result<bool> AnyKey(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::optional<storage::Row> row,
                        tx.QueryOne("SELECT 1 FROM channels_api_keys LIMIT 1"));
  return row.has_value();
}

}  // namespace omnihub::channels::store
