#include "channels/secrets.h"

#include <openssl/rand.h>

#include "core/check.h"
#include "core/hash.h"

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

std::string HashSecret(std::string_view secret) { return Sha256Hex(secret); }

}  // namespace omnihub::channels
