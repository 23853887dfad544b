#pragma once

#include <cstddef>
#include <cstdint>

// The one function a fuzz target defines, as libFuzzer calls it. Built two ways
// (tests/fuzz/CMakeLists.txt): with clang's libFuzzer and sanitizers for `make fuzz`, and with
// driver.cc for `make test`'s short run.
extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size);

// A fuzz target's own check failed: abort, so both builds report the input.
#define FUZZ_CHECK(cond)                                                       \
  do {                                                                         \
    if (!(cond)) {                                                             \
      __builtin_printf("fuzz check failed: %s (%s:%d)\n", #cond, __FILE__, __LINE__); \
      __builtin_abort();                                                       \
    }                                                                          \
  } while (false)
