#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/enums.h"
#include "core/result.h"

namespace omnihub::http {

// What a key may do (SPEC.md §2.1). Analysts read and never see personal data.
enum class Role { kAdmin, kAgent, kStoreAssociate, kChannel, kAnalyst };
constexpr auto EnumNames(Role) {
  return EnumTable<Role, 5>{{{Role::kAdmin, "admin"},
                             {Role::kAgent, "agent"},
                             {Role::kStoreAssociate, "store_associate"},
                             {Role::kChannel, "channel"},
                             {Role::kAnalyst, "analyst"}}};
}
const std::vector<Role>& AllRoles();

// The authenticated caller of a request.
struct Principal {
  std::string key_id;
  Role role = Role::kAnalyst;
  std::string channel_id;   // the channel the key writes for ("" for none)
  std::string location_id;  // store associates: their store
};

// The channel a request acts for, when its body may name one (`named`, "" for none): a key
// bound to a channel acts for that channel only; of the keys without one only an admin may
// name a channel (another channel's prices and coupons are not a till's or an agent's to use).
// Errors: kForbidden (details.channel_id: the key's channel).
Result<std::string> ActingChannel(const Principal& principal, std::string_view named);

// Turns a presented API key into a Principal. Implemented by the channels module.
// Thread-safe; may block on the database (the server calls it on a worker thread).
class Authenticator {
 public:
  virtual ~Authenticator() = default;
  // Errors: kUnauthenticated for an unknown or revoked key; kUnavailable when the key store
  // cannot be read.
  virtual Result<Principal> Authenticate(std::string_view api_key) = 0;
  // The answer when it can be given without blocking (a key verified recently); nullopt when
  // finding out would block. Must not block.
  virtual std::optional<Result<Principal>> AuthenticateWithoutBlocking(std::string_view api_key) {
    (void)api_key;
    return std::nullopt;
  }
  // A channel's Segment write key: the principal is that channel with role kChannel and
  // key_id "" . Errors: kUnauthenticated for an unknown key; kUnavailable as above.
  virtual Result<Principal> AuthenticateWriteKey(std::string_view write_key) {
    (void)write_key;
    return Error::Unauthenticated("write keys are not accepted here");
  }
};

}  // namespace omnihub::http
