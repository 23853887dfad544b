#pragma once

#include <string_view>

namespace omnihub::internal {
[[noreturn]] void CheckFailed(const char* expr, std::string_view why, const char* file, int line);
}  // namespace omnihub::internal

// Guards an invariant in every build; `why` says why it holds. Never for input or environment.
#define OMNI_CHECK(cond, why)                                             \
  do {                                                                    \
    if (!(cond)) [[unlikely]] {                                           \
      ::omnihub::internal::CheckFailed(#cond, (why), __FILE__, __LINE__); \
    }                                                                     \
  } while (false)
