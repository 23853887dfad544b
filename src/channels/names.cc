#include <array>
#include <utility>

#include "channels/types.h"

namespace omnihub::channels {
namespace {

constexpr std::array<std::pair<ChannelType, std::string_view>, 8> kTypes = {{
    {ChannelType::kWeb, "web"},
    {ChannelType::kApp, "app"},
    {ChannelType::kSocial, "social"},
    {ChannelType::kEmail, "email"},
    {ChannelType::kChat, "chat"},
    {ChannelType::kCallCenter, "call_center"},
    {ChannelType::kStore, "store"},
    {ChannelType::kMarketplace, "marketplace"},
}};

constexpr std::array<std::pair<FunnelRole, std::string_view>, 3> kFunnelRoles = {{
    {FunnelRole::kAcquisition, "acquisition"},
    {FunnelRole::kConversion, "conversion"},
    {FunnelRole::kRetention, "retention"},
}};

}  // namespace

std::string_view TypeName(ChannelType type) {
  for (const auto& [t, name] : kTypes) {
    if (t == type) {
      return name;
    }
  }
  return "web";
}

Result<ChannelType> ParseChannelType(std::string_view name) {
  for (const auto& [type, type_name] : kTypes) {
    if (type_name == name) {
      return type;
    }
  }
  return Error::InvalidArgument(
      "type", "must be one of web, app, social, email, chat, call_center, store, marketplace");
}

std::string_view FunnelRoleName(FunnelRole role) {
  for (const auto& [r, name] : kFunnelRoles) {
    if (r == role) {
      return name;
    }
  }
  return "conversion";
}

Result<FunnelRole> ParseFunnelRole(std::string_view name) {
  for (const auto& [role, role_name] : kFunnelRoles) {
    if (role_name == name) {
      return role;
    }
  }
  return Error::InvalidArgument("funnel_role", "must be one of acquisition, conversion, retention");
}

}  // namespace omnihub::channels
