// The JSON reader every request body goes through: any bytes give a value or a malformed_json
// error, never a crash; what it accepts serialises to text it reads back the same; the card
// guard walks every value it accepts.
#include <string>
#include <string_view>

#include "core/card_number.h"
#include "core/json.h"
#include "target.h"

using namespace omnihub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<json::Value> parsed = json::Parse(text, {.max_bytes = 1 << 16, .max_depth = 64});
  if (!parsed.ok()) {
    FUZZ_CHECK(parsed.error().code == ErrorCode::kMalformedJson);
    return 0;
  }
  (void)FindCardNumber(*parsed);
  const std::string once = json::Serialize(*parsed);
  Result<json::Value> again = json::Parse(once, {.max_bytes = 1 << 20, .max_depth = 64});
  FUZZ_CHECK(again.ok());
  FUZZ_CHECK(json::Serialize(*again) == once);
  return 0;
}
