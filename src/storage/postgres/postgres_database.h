#pragma once

#include <memory>
#include <string>

#include "core/result.h"
#include "storage/database.h"

namespace omnihub::storage::postgres {

// PostgreSQL over libpq with a pool of connections. Each write runs BEGIN … COMMIT on one
// pooled connection (commit is durable when it returns) and is retried on serialisation
// failures and deadlocks.
Result<std::unique_ptr<Database>> OpenPostgres(const std::string& url,
                                               const DatabaseOptions& options);

}  // namespace omnihub::storage::postgres
