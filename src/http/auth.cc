#include "http/auth.h"

#include <array>

namespace omnihub::http {
namespace {

constexpr std::array<std::pair<Role, std::string_view>, 5> kRoleNames = {{
    {Role::kAdmin, "admin"},
    {Role::kAgent, "agent"},
    {Role::kStoreAssociate, "store_associate"},
    {Role::kChannel, "channel"},
    {Role::kAnalyst, "analyst"},
}};

}  // namespace

std::string_view RoleName(Role role) {
  for (const auto& [r, name] : kRoleNames) {
    if (r == role) {
      return name;
    }
  }
  return "unknown";
}

Result<Role> ParseRole(std::string_view name) {
  for (const auto& [role, role_name] : kRoleNames) {
    if (role_name == name) {
      return role;
    }
  }
  return Error::InvalidArgument("role",
                                "must be one of admin, agent, store_associate, channel, analyst");
}

const std::vector<Role>& AllRoles() {
  static const std::vector<Role> roles = {Role::kAdmin, Role::kAgent, Role::kStoreAssociate,
                                          Role::kChannel, Role::kAnalyst};
  return roles;
}

}  // namespace omnihub::http
