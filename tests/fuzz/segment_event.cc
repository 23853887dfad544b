// The Segment decoder behind /v1/batch and /v1/<type>: any JSON body decodes to events and
// per-event rejections naming a field, or to one error for the request, never a crash.
#include <string_view>

#include "core/json.h"
#include "events/service.h"
#include "target.h"

using namespace omnihub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  const std::string_view text(reinterpret_cast<const char*>(data), size);
  Result<json::Value> body = json::Parse(text, {.max_bytes = 1 << 16, .max_depth = 64});
  if (!body.ok()) {
    return 0;
  }
  const TimePoint received = FromUnixMicros(1'796'000'000'000'000);
  const events::Options options;
  Result<events::Batch> batch = events::DecodeBatch(*body, received, options);
  if (batch.ok()) {
    for (const events::Rejection& rejected : batch->rejections) {
      FUZZ_CHECK(!rejected.code.empty());
    }
  } else {
    FUZZ_CHECK(!batch.error().message.empty());
  }
  for (events::EventType type : {events::EventType::kTrack, events::EventType::kIdentify,
                                 events::EventType::kPage, events::EventType::kAlias}) {
    Result<events::Event> single = events::DecodeSingle(*body, type, received, options);
    FUZZ_CHECK(single.ok() || !single.error().message.empty());
  }
  return 0;
}
