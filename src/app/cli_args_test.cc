#include "app/cli_args.h"

#include <gtest/gtest.h>

#include <cstdlib>

namespace omnihub::app {
namespace {

std::vector<std::string> Args(std::vector<std::string> words) {
  std::vector<char*> argv;
  for (std::string& word : words) {
    argv.push_back(word.data());
  }
  return ConfigFirst(static_cast<int>(argv.size()), argv.data());
}

TEST(CliArgsTest, AConfigAfterTheSubcommandMovesInFrontOfIt) {
  EXPECT_EQ(
      Args({"omnihub", "serve", "--db", "sqlite:x", "--config", "f.toml"}),
      (std::vector<std::string>{"omnihub", "--config", "f.toml", "serve", "--db", "sqlite:x"}));
  EXPECT_EQ(Args({"omnihub", "serve", "--config=f.toml"}),
            (std::vector<std::string>{"omnihub", "--config=f.toml", "serve"}));
}

class EnvironmentTest : public ::testing::Test {
 protected:
  void TearDown() override {
    unsetenv("OMNIHUB_LISTEN");
    unsetenv("OMNIHUB_DB");
  }
};

TEST_F(EnvironmentTest, TheEnvironmentFillsOnlyFlagsNotGiven) {
  setenv("OMNIHUB_LISTEN", "127.0.0.1:9001", 1);
  setenv("OMNIHUB_DB", "sqlite:env.db", 1);
  std::vector<std::string> args = {"omnihub", "serve", "--db", "sqlite:flag.db"};
  EnvironmentAsFlags(args);
  EXPECT_EQ(args, (std::vector<std::string>{"omnihub", "serve", "--db", "sqlite:flag.db",
                                            "--listen", "127.0.0.1:9001"}));
}

TEST_F(EnvironmentTest, ServeOnlyVariablesLeaveOtherCommandsAlone) {
  setenv("OMNIHUB_LISTEN", "127.0.0.1:9001", 1);
  setenv("OMNIHUB_DB", "sqlite:env.db", 1);
  std::vector<std::string> migrate = {"omnihub", "migrate"};
  EnvironmentAsFlags(migrate);
  EXPECT_EQ(migrate, (std::vector<std::string>{"omnihub", "migrate", "--db", "sqlite:env.db"}));
  std::vector<std::string> codes = {"omnihub", "codes"};
  EnvironmentAsFlags(codes);
  EXPECT_EQ(codes, (std::vector<std::string>{"omnihub", "codes"}));
}

TEST(IdentityLimitsTest, EntriesOverrideTheDefaultsAndBadOnesAreNamed) {
  Result<customers::Limits> limits = ParseIdentityLimits("email=2, card=3");
  ASSERT_TRUE(limits.ok()) << limits.error().message;
  EXPECT_EQ(limits->max_per_profile.at(customers::IdentifierType::kEmail), 2);
  EXPECT_EQ(limits->max_per_profile.at(customers::IdentifierType::kLoyaltyCard), 3);
  EXPECT_EQ(limits->max_per_profile.at(customers::IdentifierType::kUserId), 1);  // default kept
  EXPECT_TRUE(ParseIdentityLimits("").ok());
  for (const char* bad : {"email", "email=0", "email=x", "shoe_size=1"}) {
    Result<customers::Limits> parsed = ParseIdentityLimits(bad);
    ASSERT_FALSE(parsed.ok()) << bad;
    EXPECT_EQ(parsed.error().code, ErrorCode::kInvalidArgument);
  }
}

}  // namespace
}  // namespace omnihub::app
