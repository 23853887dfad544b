#include "http/auth.h"

namespace omnihub::http {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                          Role::kChannel, Role::kAnalyst};
  return roles;
}

Result<std::string> ActingChannel(const Principal& principal, std::string_view named) {
  if (!principal.channel_id.empty()) {
    if (!named.empty() && named != principal.channel_id) {
      return Error::Forbidden("this key acts for its own channel only")
          .With("channel_id", principal.channel_id);
    }
    return principal.channel_id;
  }
  if (!named.empty() && principal.role != Role::kAdmin) {
    return Error::Forbidden("only an admin key names the channel; this key has none")
        .With("channel_id", std::string());
  }
  return std::string(named);
}

}  // namespace omnihub::http
