#include "core/hash.h"

#include <openssl/evp.h>

#include <memory>

#include "core/check.h"

namespace omnihub {

std::string Sha256Hex(std::initializer_list<std::string_view> parts) {
  std::unique_ptr<EVP_MD_CTX, decltype(&EVP_MD_CTX_free)> ctx(EVP_MD_CTX_new(), EVP_MD_CTX_free);
  OMNI_CHECK(ctx && EVP_DigestInit_ex(ctx.get(), EVP_sha256(), nullptr) == 1,
             "SHA-256 is always available");
  for (std::string_view part : parts) {
    EVP_DigestUpdate(ctx.get(), part.data(), part.size());
  }
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  EVP_DigestFinal_ex(ctx.get(), digest, &length);
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int idx = 0; idx < length; ++idx) {
    out += kHex[digest[idx] >> 4];
    out += kHex[digest[idx] & 15];
  }
  return out;
}

}  // namespace omnihub
