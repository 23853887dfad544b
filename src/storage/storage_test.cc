#include "storage/database.h"

#include <gtest/gtest.h>

#include <atomic>
#include <thread>

#include "storage/migrations.h"
#include "testing/db_test.h"

namespace omnihub::storage {
namespace {

constexpr std::string_view kNotesV1 = R"sql(
  CREATE TABLE test_notes (id AUTO_PK, owner TEXT NOT NULL UNIQUE, body TEXT, amount BIGINT);
)sql";
constexpr std::string_view kNotesV2Broken = R"sql(
  ALTER TABLE test_notes ADD COLUMN colour TEXT;
  THIS IS NOT SQL;
)sql";

class StorageTest : public test::DbTest {
 protected:
  std::vector<MigrationSet> Migrations() const override {
    return {MigrationSet{"test", {{1, "0001_notes", kNotesV1}}}};
  }

  Result<int64_t> CountNotes() {
    return db().Read([](Tx& tx) -> Result<int64_t> {
      OMNI_ASSIGN_OR_RETURN(std::optional<Row> row, tx.QueryOne("SELECT COUNT(*) FROM test_notes"));
      return row->Int(0);
    });
  }
};

TEST_P(StorageTest, WrittenRowsAreReadBackWithTheirTypes) {
  auto insert = [](Tx& tx) -> Result<int64_t> {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        tx.QueryOne("INSERT INTO test_notes (owner, body, amount) VALUES (?1, ?2, ?3) RETURNING id",
                    {"ala", "zażółć gęślą jaźń", int64_t{9007199254740993}}));
    return row->Int(0);
  };
  Result<int64_t> id = db().InTransaction(insert);
  ASSERT_OK(id);

  auto read = [&](Tx& tx) -> Result<Row> {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<Row> row,
        tx.QueryOne("SELECT owner, body, amount, NULL FROM test_notes WHERE id = ?1", {*id}));
    if (!row) {
      return Error::NotFound("note", std::to_string(*id));
    }
    return *row;
  };
  Result<Row> row = db().Read(read);
  ASSERT_OK(row);
  EXPECT_EQ(row->Text(0), "ala");
  EXPECT_EQ(row->Text(1), "zażółć gęślą jaźń");
  EXPECT_EQ(row->Int(2), 9007199254740993);  // beyond double precision: stored exactly
  EXPECT_TRUE(row->IsNull(3));
}

// Issue 12, finding 10: an IN (?1, …, ?n) of a person's merged ids failed past SQLite's 32,766
// bound parameters; the list as one parameter has no such bound.
TEST_P(StorageTest, AnInListLongerThanTheParameterLimitIsOneParameter) {
  ASSERT_OK(db().InTransaction([](Tx& tx) -> Result<void> {
    for (std::string_view owner : {"cus_7", "cus_39999", "cus_other"}) {
      OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner, body, amount) VALUES (?1, 'x', 1)",
                          {owner}));
    }
    return Ok();
  }));
  std::vector<std::string> merged;
  for (int n = 0; n < 40000; ++n) {
    merged.push_back("cus_" + std::to_string(n));
  }
  Result<int64_t> found = db().Read([&](Tx& tx) -> Result<int64_t> {
    const std::vector<Param> params = {JsonList(merged)};
    OMNI_ASSIGN_OR_RETURN(
        std::vector<Row> rows,
        tx.QueryParams("SELECT COUNT(*) FROM test_notes WHERE owner " + InList(tx, 1), params));
    return rows.front().Int(0);
  });
  ASSERT_OK(found);
  EXPECT_EQ(*found, 2);
}

TEST_P(StorageTest, UniqueViolationIsAConflictAndRollsBackTheWholeUseCase) {
  ASSERT_OK(db().InTransaction([](Tx& tx) -> Result<void> {
    OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner) VALUES (?1)", {"ola"}));
    return Ok();
  }));
  Result<void> second = db().InTransaction([](Tx& tx) -> Result<void> {
    OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner) VALUES (?1)", {"ewa"}));
    OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner) VALUES (?1)", {"ola"}));
    return Ok();
  });
  ASSERT_FALSE(second.ok());
  EXPECT_EQ(second.error().code, ErrorCode::kConflict);
  EXPECT_EQ(*CountNotes(), 1);  // "ewa" went with the failed use case
}

TEST_P(StorageTest, AnErrorReturnedByTheUseCaseRollsItBack) {
  Result<void> failed = db().InTransaction([](Tx& tx) -> Result<void> {
    OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner) VALUES (?1)", {"jan"}));
    return Error::InvalidArgument("quantity", "must be positive");
  });
  ASSERT_FALSE(failed.ok());
  EXPECT_EQ(failed.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(*CountNotes(), 0);
}

TEST_P(StorageTest, ExecuteReportsTheRowsItChanged) {
  Result<int64_t> changed = db().InTransaction([](Tx& tx) -> Result<int64_t> {
    OMNI_TRY(tx.Execute("INSERT INTO test_notes (owner, amount) VALUES ('a', 1), ('b', 5)"));
    return tx.Execute("UPDATE test_notes SET amount = amount + ?1 WHERE amount >= ?2",
                      {int64_t{10}, int64_t{2}});
  });
  ASSERT_OK(changed);
  EXPECT_EQ(*changed, 1);
}

TEST_P(StorageTest, AFailingMigrationLeavesTheSchemaAtThePreviousVersion) {
  std::vector<MigrationSet> sets = {
      MigrationSet{"test", {{1, "0001_notes", kNotesV1}, {2, "0002_broken", kNotesV2Broken}}}};
  Result<MigrationStatus> migrated = Migrate(db(), sets);
  ASSERT_FALSE(migrated.ok());
  EXPECT_NE(migrated.error().message.find("0002_broken"), std::string::npos);

  Result<bool> current = MigrationsCurrent(db(), sets);
  ASSERT_OK(current);
  EXPECT_FALSE(*current);
  // The half-applied ALTER TABLE is gone with its migration.
  Result<void> uses_colour = db().Read([](Tx& tx) -> Result<void> {
    OMNI_TRY(tx.Query("SELECT colour FROM test_notes"));
    return Ok();
  });
  EXPECT_FALSE(uses_colour.ok());
  EXPECT_TRUE(*MigrationsCurrent(db(), Migrations()));
}

TEST_P(StorageTest, MigratingTwiceAppliesNothingTheSecondTime) {
  Result<MigrationStatus> again = Migrate(db(), Migrations());
  ASSERT_OK(again);
  EXPECT_EQ(again->applied_now, 0);
  EXPECT_TRUE(again->current);
}

OMNI_INSTANTIATE_BACKENDS(StorageTest);

TEST(PlaceholdersTest, QuestionMarksBecomeDollarsOutsideQuotes) {
  EXPECT_EQ(PostgresPlaceholders("SELECT '?1', x FROM t WHERE a = ?1 AND b = ?12"),
            "SELECT '?1', x FROM t WHERE a = $1 AND b = $12");
}

TEST(OpenDatabaseTest, AnUnknownSchemeIsRejected) {
  auto opened = OpenDatabase("mysql://localhost/x");
  ASSERT_FALSE(opened.ok());
  EXPECT_EQ(opened.error().code, ErrorCode::kInvalidArgument);
}

}  // namespace
}  // namespace omnihub::storage

namespace omnihub::storage {
namespace {

// An online backup taken while use cases keep committing is a consistent, complete copy of
// some moment: it opens, passes integrity_check and holds a prefix of the acknowledged writes.
TEST(SqliteBackupTest, ABackupTakenDuringWritesIsConsistent) {
  const std::string url = test::FreshDatabaseUrl(Backend::kSqlite);
  auto opened = OpenDatabase(url);
  ASSERT_TRUE(opened.ok()) << opened.error().message;
  Database& db = **opened;
  ASSERT_OK(db.InTransaction([](Tx& tx) {
    return tx.ExecuteScript("CREATE TABLE test_log (n BIGINT PRIMARY KEY, body TEXT NOT NULL)");
  }));
  std::atomic<bool> stop{false};
  std::atomic<int64_t> acknowledged{0};
  std::thread writer([&] {
    for (int64_t n = 1; n <= 5000 && !stop; ++n) {
      Result<void> done = db.InTransaction([&](Tx& tx) -> Result<void> {
        OMNI_TRY(tx.Execute("INSERT INTO test_log (n, body) VALUES (?1, ?2)",
                            {n, std::string(200, 'x')}));
        return Ok();
      });
      if (done.ok()) {
        acknowledged = n;
      }
    }
  });
  while (acknowledged < 50) {
    std::this_thread::yield();
  }
  const int64_t before_backup = acknowledged;
  const std::string copy = test::TempDir() + "/backup-" + std::to_string(before_backup) + ".db";
  ASSERT_OK(db.Backup(copy));
  stop = true;
  writer.join();

  auto restored = OpenDatabase("sqlite:" + copy);
  ASSERT_TRUE(restored.ok()) << restored.error().message;
  Result<Row> check = (*restored)->Read([](Tx& tx) -> Result<Row> {
    OMNI_ASSIGN_OR_RETURN(std::optional<Row> integrity, tx.QueryOne("PRAGMA integrity_check"));
    OMNI_ASSIGN_OR_RETURN(std::optional<Row> counts,
                          tx.QueryOne("SELECT COUNT(*), COALESCE(MAX(n), 0) FROM test_log"));
    return Row({integrity->Text(0), counts->Int(0), counts->Int(1)});
  });
  ASSERT_OK(check);
  EXPECT_EQ(check->Text(0), "ok");
  EXPECT_GE(check->Int(1), before_backup) << "the copy lost writes acknowledged before it began";
  EXPECT_EQ(check->Int(1), check->Int(2)) << "the copy is not a prefix of the writes";
}

}  // namespace
}  // namespace omnihub::storage
