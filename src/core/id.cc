#include "core/id.h"

#include <array>
#include <cstdint>
#include <random>

namespace omnihub {
namespace {

// Crockford's base32: no I, L, O or U, so ids survive being read aloud or retyped.
constexpr std::string_view kCrockford = "0123456789ABCDEFGHJKMNPQRSTVWXYZ";
constexpr size_t kUlidLength = 26;
constexpr size_t kTimeChars = 10;  // 50 bits carrying the 48-bit time
constexpr uint64_t kTimeMask = (uint64_t{1} << 48) - 1;

std::mt19937_64& ThreadRng() {
  // Seeded from several words of the OS entropy source: a single 32-bit seed would leave
  // only 2^32 possible id streams across all threads and processes.
  thread_local std::mt19937_64 rng = [] {
    std::random_device device;
    std::seed_seq seed{device(), device(), device(), device(),
                       device(), device(), device(), device()};
    return std::mt19937_64(seed);
  }();
  return rng;
}

constexpr std::array<bool, 256> MakeCrockfordSet() {
  std::array<bool, 256> set{};
  for (char c : kCrockford) {
    set[static_cast<unsigned char>(c)] = true;
  }
  return set;
}
constexpr std::array<bool, 256> kIsCrockford = MakeCrockfordSet();

}  // namespace

std::string NewUlid(TimePoint now) {
  // Times before 1970 (or past the year 10889) cannot be encoded; they wrap within 48 bits
  // rather than abort, since ids only need to be unique, and ordering holds for real clocks.
  const uint64_t millis = static_cast<uint64_t>(UnixMillis(now)) & kTimeMask;
  std::mt19937_64& rng = ThreadRng();
  const uint64_t random_high = rng() & 0xFFFF;  // 16 bits
  const uint64_t random_low = rng();            // 64 bits

  std::string out(kUlidLength, '0');
  uint64_t time_bits = millis;
  for (size_t char_idx = kTimeChars; char_idx-- > 0;) {
    out[char_idx] = kCrockford[time_bits & 0x1F];
    time_bits >>= 5;
  }
  // The 80 random bits fill the last 16 characters exactly: high 16 bits, then low 64.
  uint64_t low_bits = random_low;
  uint64_t high_bits = random_high;
  for (size_t char_idx = kUlidLength; char_idx-- > kTimeChars;) {
    out[char_idx] = kCrockford[low_bits & 0x1F];
    low_bits = (low_bits >> 5) | ((high_bits & 0x1F) << 59);
    high_bits >>= 5;
  }
  return out;
}

bool IsUlid(std::string_view text) {
  if (text.size() != kUlidLength || text[0] < '0' || text[0] > '7') {
    return false;
  }
  for (char c : text) {
    if (!kIsCrockford[static_cast<unsigned char>(c)]) {
      return false;
    }
  }
  return true;
}

}  // namespace omnihub
