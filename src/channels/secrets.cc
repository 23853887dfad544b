#include "channels/secrets.h"

#include <openssl/evp.h>
#include <openssl/rand.h>

#include "core/check.h"

namespace omnihub::channels {

std::string NewSecret(std::string_view prefix) {
  static constexpr char kAlphabet[] = "abcdefghijklmnopqrstuvwxyz234567";
  unsigned char bytes[32];
  OMNI_CHECK(RAND_bytes(bytes, sizeof bytes) == 1, "OpenSSL's CSPRNG is seeded by the kernel");
  std::string out(prefix);
  for (unsigned char b : bytes) {
    out += kAlphabet[b & 31];  // 32 characters x 5 bits = 160 bits
  }
  return out;
}

std::string HashSecret(std::string_view secret) {
  unsigned char digest[EVP_MAX_MD_SIZE];
  unsigned int length = 0;
  OMNI_CHECK(EVP_Digest(secret.data(), secret.size(), digest, &length, EVP_sha256(), nullptr) == 1,
             "SHA-256 is always available");
  static constexpr char kHex[] = "0123456789abcdef";
  std::string out;
  out.reserve(static_cast<size_t>(length) * 2);
  for (unsigned int idx = 0; idx < length; ++idx) {
    out += kHex[digest[idx] >> 4];
    out += kHex[digest[idx] & 15];
  }
  return out;
}

}  // namespace omnihub::channels
