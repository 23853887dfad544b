#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "channels/types.h"
#include "core/result.h"
#include "storage/database.h"

// The channels module's SQL, and nothing else.
namespace omnihub::channels::store {

Result<void> InsertChannel(storage::Tx& tx, const Channel& channel,
                           std::string_view write_key_hash);
Result<std::vector<Channel>> SelectChannels(storage::Tx& tx);
Result<std::optional<Channel>> SelectChannel(storage::Tx& tx, std::string_view id);
Result<std::optional<Channel>> SelectChannelByName(storage::Tx& tx, std::string_view name);
Result<std::optional<Channel>> SelectChannelByWriteKeyHash(storage::Tx& tx, std::string_view hash);

Result<void> InsertKey(storage::Tx& tx, const ApiKey& key, std::string_view key_hash);
Result<std::vector<ApiKey>> SelectKeys(storage::Tx& tx);
Result<std::optional<ApiKey>> SelectKey(storage::Tx& tx, std::string_view id);
// The key with this hash, revoked or not.
Result<std::optional<ApiKey>> SelectKeyByHash(storage::Tx& tx, std::string_view hash);
// Sets revoked_at unless already set; returns whether it changed.
Result<bool> RevokeKey(storage::Tx& tx, std::string_view id, int64_t revoked_at_micros);
Result<bool> AnyKey(storage::Tx& tx);

}  // namespace omnihub::channels::store
