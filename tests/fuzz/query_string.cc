// The query-string parser every route's parameters come from: never more pairs than '&'-separated
// parts, and a decoded name or value is never longer than its encoded text.
#include <algorithm>
#include <string_view>

#include "http/request.h"
#include "target.h"

using namespace omnihub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view query(reinterpret_cast<const char*>(data), size);
  const auto pairs = http::ParseQuery(query);
  FUZZ_CHECK(pairs.size() <= static_cast<size_t>(std::count(query.begin(), query.end(), '&')) + 1);
  size_t decoded = 0;
  for (const auto& [name, value] : pairs) {
    decoded += name.size() + value.size();
  }
  FUZZ_CHECK(decoded <= size);
  FUZZ_CHECK(http::UrlDecode(query).size() <= size);
  return 0;
}
