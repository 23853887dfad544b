#include "testing/db_test.h"

namespace omnihub::test {

void DbTest::SetUp() {
  url_ = FreshDatabaseUrl(GetParam());
  storage::DatabaseOptions options;
  options.read_connections = 4;
  options.pool_size = 4;
  auto opened = storage::OpenDatabase(url_, options);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  db_ = std::move(opened).value();
  std::vector<storage::MigrationSet> sets = Migrations();
  auto migrated = storage::Migrate(*db_, sets);
  ASSERT_TRUE(migrated.ok()) << migrated.error().message;
}

void DbTest::TearDown() {
  if (db_) {
    db_->Close();
  }
  db_.reset();
}

std::string BackendTestName(const ::testing::TestParamInfo<storage::Backend>& info) {
  return std::string(NameOf(info.param));
}

}  // namespace omnihub::test
