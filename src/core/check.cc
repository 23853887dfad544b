#include "core/check.h"

#include <cstdio>
#include <cstdlib>

namespace omnihub::internal {

void CheckFailed(const char* expr, std::string_view why, const char* file, int line) {
  std::fprintf(stderr,
               "{\"level\":\"critical\",\"msg\":\"check failed\",\"check\":\"%s\","
               "\"why\":\"%.*s\",\"at\":\"%s:%d\"}\n",
               expr, static_cast<int>(why.size()), why.data(), file, line);
  std::fflush(stderr);
  std::abort();
}

}  // namespace omnihub::internal
