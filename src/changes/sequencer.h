// The change log's sequencer on PostgreSQL (docs/changes.md); SequencePending is public
// (event.h), these are for the module's own files.
#pragma once

#include <string_view>

#include "core/result.h"
#include "storage/database.h"

namespace omnihub::changes {

// NOTIFY channel: numbered changes were committed (a wake-up hint for every node's hub).
inline constexpr std::string_view kNotifyChannel = "omnihub_changes";

// PostgreSQL: waits for a running sequencer and keeps the next one out until tx ends, so a
// statement over both changes_pending and changes_log sees each change in exactly one of them.
// SQLite: nothing to wait for.
Result<void> HoldSequencer(storage::Tx& tx);

}  // namespace omnihub::changes
