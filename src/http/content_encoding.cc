#include "http/content_encoding.h"

#include <openssl/evp.h>
#include <zlib.h>

#include <algorithm>
#include <cctype>

#include "core/text.h"

namespace omnihub::http {
namespace {

bool EqualsIgnoreCase(std::string_view a, std::string_view b) {
  return a.size() == b.size() && std::equal(a.begin(), a.end(), b.begin(), [](char x, char y) {
           return std::tolower(static_cast<unsigned char>(x)) ==
                  std::tolower(static_cast<unsigned char>(y));
         });
}

Result<void> Inflate(std::string& body, size_t limit) {
  z_stream stream{};
  // 32 + MAX_WBITS: accept gzip and zlib headers alike ("deflate" means zlib in HTTP, though
  // some clients send raw deflate; those fail as corrupt).
  if (inflateInit2(&stream, 32 + MAX_WBITS) != Z_OK) {
    return Error::Internal("zlib could not start");
  }
  std::string out;
  out.resize(std::min<size_t>(std::max<size_t>(body.size() * 4, 4096), limit + 1));
  stream.next_in = reinterpret_cast<Bytef*>(body.data());
  stream.avail_in = static_cast<uInt>(body.size());
  size_t produced = 0;
  int rc = Z_OK;
  while (rc != Z_STREAM_END) {
    if (produced == out.size()) {
      if (out.size() > limit) {
        inflateEnd(&stream);
        return Error::Make(ErrorCode::kPayloadTooLarge, "the inflated body is too large")
            .With("limit_bytes", static_cast<int64_t>(limit));
      }
      out.resize(std::min(out.size() * 2, limit + 1));
    }
    stream.next_out = reinterpret_cast<Bytef*>(out.data() + produced);
    stream.avail_out = static_cast<uInt>(out.size() - produced);
    rc = inflate(&stream, Z_NO_FLUSH);
    produced = out.size() - stream.avail_out;
    if (rc == Z_STREAM_END) {
      break;
    }
    if (rc != Z_OK && !(rc == Z_BUF_ERROR && stream.avail_out == 0)) {
      inflateEnd(&stream);
      return Error::Make(ErrorCode::kMalformedJson, "the compressed body is corrupt or truncated")
          .With("reason", "encoding");
    }
  }
  inflateEnd(&stream);
  if (produced > limit) {
    return Error::Make(ErrorCode::kPayloadTooLarge, "the inflated body is too large")
        .With("limit_bytes", static_cast<int64_t>(limit));
  }
  out.resize(produced);
  body = std::move(out);
  return Ok();
}

}  // namespace

Result<void> DecodeBody(std::string_view content_encoding, std::string& body, size_t limit) {
  const std::string_view encoding = Trim(content_encoding);
  if (encoding.empty() || EqualsIgnoreCase(encoding, "identity")) {
    return Ok();
  }
  if (EqualsIgnoreCase(encoding, "gzip") || EqualsIgnoreCase(encoding, "x-gzip") ||
      EqualsIgnoreCase(encoding, "deflate")) {
    return Inflate(body, limit);
  }
  return Error::Make(ErrorCode::kUnsupportedMediaType,
                     "Content-Encoding must be gzip, deflate or identity")
      .With("content_encoding", std::string(encoding));
}

std::string BasicAuthUser(std::string_view authorization) {
  authorization = Trim(authorization);
  if (authorization.size() < 6 || !EqualsIgnoreCase(authorization.substr(0, 6), "basic ")) {
    return "";
  }
  const std::string_view encoded = Trim(authorization.substr(6));
  if (encoded.empty() || encoded.size() > 1024 || encoded.size() % 4 != 0) {
    return "";
  }
  std::string decoded(encoded.size() / 4 * 3, '\0');
  const int length = EVP_DecodeBlock(reinterpret_cast<unsigned char*>(decoded.data()),
                                     reinterpret_cast<const unsigned char*>(encoded.data()),
                                     static_cast<int>(encoded.size()));
  if (length < 0) {
    return "";
  }
  // EVP_DecodeBlock counts the padding as zero bytes.
  size_t size = static_cast<size_t>(length);
  for (size_t pad = encoded.size(); pad > 0 && encoded[pad - 1] == '='; --pad) {
    --size;
  }
  decoded.resize(size);
  const size_t colon = decoded.find(':');
  return colon == std::string::npos ? decoded : decoded.substr(0, colon);
}

}  // namespace omnihub::http
