#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/database.h"

namespace omnihub::storage::sqlite {

// SQLite in WAL mode with synchronous=FULL. Writes from every thread are funnelled to one writer
// thread that commits a whole group of use cases per fsync (one savepoint each, so a failing use
// case rolls back alone); reads use a pool of connections.
Result<std::unique_ptr<Database>> OpenSqlite(const std::string& path,
                                             const DatabaseOptions& options);

}  // namespace omnihub::storage::sqlite
