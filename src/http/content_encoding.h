#pragma once

#include <cstddef>
#include <string>
#include <string_view>

#include "core/result.h"

// Request bodies as clients send them: compressed, and credentials in Basic form.
namespace omnihub::http {

// Inflates `body` in place by its Content-Encoding ("", "identity", "gzip", "deflate").
// Errors: kUnsupportedMediaType for another encoding; kMalformedJson (reason "encoding") for a
// corrupt stream; kPayloadTooLarge when the inflated body exceeds `limit`.
Result<void> DecodeBody(std::string_view content_encoding, std::string& body, size_t limit);

// The user of an "Authorization: Basic base64(user:password)" header, or "" when the header is
// not Basic or does not decode.
std::string BasicAuthUser(std::string_view authorization);

}  // namespace omnihub::http
