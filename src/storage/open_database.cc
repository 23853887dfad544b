#include <cstdlib>
#include <string>

#include "storage/database.h"
#include "storage/postgres/postgres_database.h"
#include "storage/sqlite/sqlite_database.h"

namespace omnihub::storage {

Result<std::unique_ptr<Database>> OpenDatabase(std::string_view url,
                                               const DatabaseOptions& options) {
  if (url.starts_with("sqlite:")) {
    std::string_view path = url.substr(7);
    if (path.empty()) {
      return Error::InvalidArgument("db", "needs a file path, e.g. sqlite:omnihub.db");
    }
    return sqlite::OpenSqlite(std::string(path), options);
  }
  if (url.starts_with("postgresql://") || url.starts_with("postgres://")) {
    DatabaseOptions chosen = options;
    const char* notify = std::getenv("OMNIHUB_PG_NOTIFY");  // the suite runs once with it off
    if (notify != nullptr && std::string(notify) == "off") {
      chosen.notify = false;
    }
    return postgres::OpenPostgres(std::string(url), chosen);
  }
  return Error::InvalidArgument("db", "must be sqlite:PATH or a postgresql:// URL");
}

}  // namespace omnihub::storage
