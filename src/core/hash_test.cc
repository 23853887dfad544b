#include "core/hash.h"

#include <gtest/gtest.h>

namespace omnihub {
namespace {

// FIPS 180-2 test vectors.
TEST(HashTest, Sha256MatchesTheStandardVectors) {
  EXPECT_EQ(Sha256Hex(""), "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
  EXPECT_EQ(Sha256Hex("abc"), "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
}

TEST(HashTest, PartsHashAsTheirConcatenation) {
  EXPECT_EQ(Sha256Hex({"a", "", "bc"}), Sha256Hex("abc"));
  EXPECT_NE(Sha256Hex({"ab", "c"}), Sha256Hex("abd"));
}

}  // namespace
}  // namespace omnihub
