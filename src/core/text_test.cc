#include "core/text.h"

#include <gtest/gtest.h>

namespace omnihub {
namespace {

TEST(TextTest, JoinPutsTheSeparatorBetweenPartsOnly) {
  EXPECT_EQ(Join({"Buty", "Biegowe", "Asfalt"}, " > "), "Buty > Biegowe > Asfalt");
  EXPECT_EQ(Join({"one"}, ", "), "one");
  EXPECT_EQ(Join({}, ", "), "");
  EXPECT_EQ(Join({"", "b"}, ","), ",b");  // an empty part keeps its place
}

TEST(TextTest, ControlCharactersAreTheAsciiOnes) {
  EXPECT_TRUE(IsControl('\0'));
  EXPECT_TRUE(IsControl('\t'));
  EXPECT_TRUE(IsControl('\x7f'));
  EXPECT_FALSE(IsControl(' '));
  EXPECT_FALSE(IsControl('\xc5'));  // a UTF-8 lead byte of "ł" is not a control character
  EXPECT_TRUE(HasControl("a\nb"));
  EXPECT_FALSE(HasControl("Łódź 90-001"));
}

TEST(TextTest, TrimAndUtf8Length) {
  EXPECT_EQ(Trim(" \t x y \r\n"), "x y");
  EXPECT_EQ(Utf8Length("Łódź"), 4u);
}

}  // namespace
}  // namespace omnihub
