#pragma once

#include <gtest/gtest.h>

#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "core/error.h"
#include "storage/database.h"
#include "storage/migrations.h"
#include "testing/backends.h"

#define ASSERT_OK(expr)                                                         \
  do {                                                                          \
    const auto& omni_assert_result = (expr);                                    \
    ASSERT_TRUE(omni_assert_result.ok()) << omni_assert_result.error().message; \
  } while (false)
#define EXPECT_OK(expr)                                                         \
  do {                                                                          \
    const auto& omni_expect_result = (expr);                                    \
    EXPECT_TRUE(omni_expect_result.ok()) << omni_expect_result.error().message; \
  } while (false)

// The result failed with exactly this ErrorCode.
#define ASSERT_ERROR_CODE(expr, want)                                         \
  do {                                                                        \
    const auto& omni_result = (expr);                                         \
    ASSERT_FALSE(omni_result.ok());                                           \
    ASSERT_EQ(omni_result.error().code, want) << omni_result.error().message; \
  } while (false)
#define EXPECT_ERROR_CODE(expr, want)                                           \
  do {                                                                          \
    const auto& omni_result = (expr);                                           \
    EXPECT_FALSE(omni_result.ok());                                             \
    if (!omni_result.ok()) {                                                    \
      EXPECT_EQ(omni_result.error().code, want) << omni_result.error().message; \
    }                                                                           \
  } while (false)

namespace omnihub::test {

// An error's string or integer detail; "" / nullopt when absent or of the other type.
inline std::string DetailText(const Error& e, std::string_view key) {
  const DetailValue* v = e.Detail(key);
  return v != nullptr && std::holds_alternative<std::string>(*v) ? std::get<std::string>(*v) : "";
}
inline std::optional<int64_t> DetailInt(const Error& e, std::string_view key) {
  const DetailValue* v = e.Detail(key);
  return v != nullptr && std::holds_alternative<int64_t>(*v)
             ? std::optional<int64_t>(std::get<int64_t>(*v))
             : std::nullopt;
}

// Gives every test a freshly migrated database on each backend (TEST_P; instantiate with
// OMNI_INSTANTIATE_BACKENDS). Subclasses list the migrations they need.
class DbTest : public ::testing::TestWithParam<storage::Backend> {
 protected:
  void SetUp() override;
  void TearDown() override;

  // The modules' migrations this test needs, in dependency order.
  virtual std::vector<storage::MigrationSet> Migrations() const { return {}; }

  storage::Database& db() { return *db_; }
  const std::string& db_url() const { return url_; }
  storage::Backend backend() const { return GetParam(); }

 private:
  std::string url_;
  std::unique_ptr<storage::Database> db_;
};

std::string BackendTestName(const ::testing::TestParamInfo<storage::Backend>& info);

}  // namespace omnihub::test

#define OMNI_INSTANTIATE_BACKENDS(Fixture)                                          \
  INSTANTIATE_TEST_SUITE_P(Backends, Fixture,                                       \
                           ::testing::ValuesIn(::omnihub::test::EnabledBackends()), \
                           ::omnihub::test::BackendTestName)
