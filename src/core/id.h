#pragma once

#include <compare>
#include <string>
#include <string_view>

#include "core/result.h"
#include "core/time.h"

namespace omnihub {

// A new ULID: 26 Crockford base32 characters, 48 bits of millisecond time then 80 random bits,
// so ids sort by creation time. Thread-safe.
std::string NewUlid(TimePoint now);
// True when `text` is 26 valid Crockford base32 characters whose first is 0-7.
bool IsUlid(std::string_view text);

// A typed, prefixed id: "key_01J9ZQ3V6M8T2K4XW5N7B1C0DE". One type per entity:
//   struct ApiKeyTag { static constexpr std::string_view kPrefix = "key"; };
//   using ApiKeyId = Id<ApiKeyTag>;
template <typename Tag>
class Id {
 public:
  Id() = default;

  static Id Generate(TimePoint now) { return Id(std::string(Tag::kPrefix) + "_" + NewUlid(now)); }
  // Errors: kInvalidArgument (field `field`) for a wrong prefix or a malformed ULID.
  static Result<Id> Parse(std::string_view text, std::string_view field = "id") {
    const std::string_view prefix = Tag::kPrefix;
    if (text.size() != prefix.size() + 1 + 26 || text.substr(0, prefix.size()) != prefix ||
        text[prefix.size()] != '_' || !IsUlid(text.substr(prefix.size() + 1))) {
      return Error::InvalidArgument(field, "must be an id like " + std::string(prefix) + "_<ULID>");
    }
    return Id(std::string(text));
  }
  // For values read back from our own database, which only holds valid ids.
  static Id FromTrusted(std::string text) { return Id(std::move(text)); }

  const std::string& str() const { return text_; }
  bool empty() const { return text_.empty(); }
  friend auto operator<=>(const Id&, const Id&) = default;

 private:
  explicit Id(std::string text) : text_(std::move(text)) {}
  std::string text_;
};

}  // namespace omnihub
