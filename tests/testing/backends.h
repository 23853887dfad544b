#pragma once

#include <string>
#include <vector>

#include "storage/database.h"

namespace omnihub::test {

// The backends this run covers: OMNIHUB_TEST_BACKENDS ("sqlite,postgres" by default). Under
// CI=true a restricted list aborts the run: CI always covers both.
std::vector<storage::Backend> EnabledBackends();

// A URL of a fresh, empty database on `backend`: a new file in a temporary directory, or a new
// database in the throwaway PostgreSQL cluster this process starts on first use (stopped and
// removed at exit).
std::string FreshDatabaseUrl(storage::Backend backend);

// The test's temporary directory (removed at exit).
std::string TempDir();

}  // namespace omnihub::test
