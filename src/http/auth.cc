#include "http/auth.h"

namespace omnihub::http {

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                          Role::kChannel, Role::kAnalyst};
  return roles;
}

}  // namespace omnihub::http
