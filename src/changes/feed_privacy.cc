#include "changes/feed_privacy.h"

#include "core/json.h"

namespace omnihub::changes {
namespace {

std::vector<std::string> Split(std::string_view path) {
  std::vector<std::string> parts;
  while (!path.empty()) {
    const size_t dot = path.find('.');
    parts.emplace_back(path.substr(0, dot));
    path = dot == std::string_view::npos ? std::string_view() : path.substr(dot + 1);
  }
  return parts;
}

}  // namespace

FeedPrivacy::FeedPrivacy(const std::vector<EventInfo>& catalogue) : catalogue_(catalogue) {
  for (const EventInfo& info : catalogue_) {
    Type& type = types_[std::string(info.name)];
    type.info = &info;
    for (const schema::FieldInfo& field : info.fields()) {
      type.has_personal_fields = type.has_personal_fields || schema::IsPersonal(field.data_class);
      // Only our own ids name a location: a location_id inside sent-as-it-came properties
      // (data class free_text) is a claim, never a reason to show the change whole.
      const bool in_array = field.path.find("[]") != std::string::npos;
      if (!in_array && field.data_class == schema::DataClass::kNone &&
          (field.path == "location_id" || field.path.ends_with(".location_id"))) {
        type.location_paths.push_back(Split(field.path));
      }
    }
  }
}

bool FeedPrivacy::NamesLocation(const StoredChange& change, std::string_view location_id) const {
  auto type = types_.find(change.type);
  if (location_id.empty() || type == types_.end() || type->second.location_paths.empty() ||
      change.payload_json.find(location_id) == std::string::npos) {
    return false;
  }
  Result<json::Value> payload = json::Parse(change.payload_json);
  if (!payload.ok()) {
    return false;
  }
  for (const std::vector<std::string>& path : type->second.location_paths) {
    const json::Value* at = &*payload;
    for (const std::string& member : path) {
      at = at != nullptr ? at->Find(member) : nullptr;
    }
    if (at != nullptr && at->AsString() != nullptr && *at->AsString() == location_id) {
      return true;
    }
  }
  return false;
}

bool FeedPrivacy::SeesWhole(const http::Principal& reader, const StoredChange& change) const {
  switch (reader.role) {
    case http::Role::kAdmin:
    case http::Role::kAgent:
      return true;
    case http::Role::kChannel:
      return !reader.channel_id.empty() && change.channel_id == reader.channel_id;
    case http::Role::kStoreAssociate:
      return (!reader.channel_id.empty() && change.channel_id == reader.channel_id) ||
             NamesLocation(change, reader.location_id);
    case http::Role::kAnalyst:
      return false;
  }
  return false;
}

StoredChange FeedPrivacy::Redacted(const StoredChange& change) const {
  auto type = types_.find(change.type);
  if (type != types_.end() && !type->second.has_personal_fields) {
    return change;
  }
  StoredChange out = change;
  out.redacted = true;
  Result<std::string> payload =
      type == types_.end()
          ? Result<std::string>(Error::NotFound("event type", change.type))
          : type->second.info->redacted(change.payload_json, change.payload_version,
                                        schema::Redaction::AllPersonal());
  out.payload_json = payload.ok() ? std::move(payload).value() : "{}";
  if (type != types_.end()) {
    out.payload_version = type->second.info->version;
  }
  return out;
}

StoredChange FeedPrivacy::For(const http::Principal& reader, const StoredChange& change) const {
  return SeesWhole(reader, change) ? change : Redacted(change);
}

}  // namespace omnihub::changes
