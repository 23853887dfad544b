#include <gtest/gtest.h>

#include "core/log.h"

int main(int argc, char** argv) {
  testing::InitGoogleTest(&argc, argv);
  omnihub::log::Init(omnihub::log::Level::kWarn);  // keep test output to what matters
  return RUN_ALL_TESTS();
}
