#include "channels/codec.h"

namespace omnihub::channels {
namespace {

Result<std::string> DecodeName(const json::Value& body, bool required) {
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> name, json::OptionalString(body, "name"));
  if (!name) {
    if (required) {
      return Error::InvalidArgument("name", "is required");
    }
    return std::string();
  }
  if ((required && name->empty()) || name->size() > 100) {
    return Error::InvalidArgument("name", "must be 1 to 100 characters");
  }
  for (unsigned char c : *name) {
    if (c < 0x20 || c == 0x7f) {
      return Error::InvalidArgument("name", "must not contain control characters");
    }
  }
  return *name;
}

Result<std::optional<std::string>> DecodeRef(const json::Value& body, std::string_view field,
                                             std::string_view prefix) {
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> ref, json::OptionalString(body, field));
  if (ref && (ref->size() > 64 || !ref->starts_with(prefix))) {
    return Error::InvalidArgument(field, "must be an id starting with " + std::string(prefix));
  }
  return ref;
}

}  // namespace

std::string EncodeChannel(const Channel& channel) { return schema::Encode(channel); }

std::string EncodeCreatedChannel(const CreatedChannel& created) {
  std::string out = "{";
  schema::AppendMembers(out, created.channel, false);
  json::AppendMember(out, "write_key", created.write_key);
  return out + "}";
}

std::string EncodeKey(const ApiKey& key) { return schema::Encode(key); }

std::string EncodeCreatedKey(const CreatedKey& created) {
  std::string out = "{";
  schema::AppendMembers(out, created.key, false);
  json::AppendMember(out, "key", created.secret);
  return out + "}";
}

Result<NewChannel> DecodeNewChannel(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewChannel req;
  OMNI_ASSIGN_OR_RETURN(std::string type, json::RequireString(body, "type"));
  OMNI_ASSIGN_OR_RETURN(req.type, ParseEnum<ChannelType>(type, "type"));
  OMNI_ASSIGN_OR_RETURN(req.name, DecodeName(body, true));
  OMNI_ASSIGN_OR_RETURN(std::string funnel, json::RequireString(body, "funnel_role"));
  OMNI_ASSIGN_OR_RETURN(req.funnel_role, ParseEnum<FunnelRole>(funnel, "funnel_role"));
  OMNI_ASSIGN_OR_RETURN(req.location_id, DecodeRef(body, "location_id", "loc_"));
  return req;
}

Result<NewKey> DecodeNewKey(const json::Value& body) {
  OMNI_TRY(json::RequireObject(body, "body"));
  NewKey req;
  OMNI_ASSIGN_OR_RETURN(std::string role, json::RequireString(body, "role"));
  OMNI_ASSIGN_OR_RETURN(req.role, ParseEnum<http::Role>(role, "role"));
  OMNI_ASSIGN_OR_RETURN(req.channel_id, DecodeRef(body, "channel_id", "chn_"));
  OMNI_ASSIGN_OR_RETURN(req.location_id, DecodeRef(body, "location_id", "loc_"));
  OMNI_ASSIGN_OR_RETURN(req.name, DecodeName(body, false));
  return req;
}

}  // namespace omnihub::channels
