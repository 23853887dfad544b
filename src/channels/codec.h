#pragma once

#include <string>

#include "channels/types.h"
#include "core/json.h"
#include "core/result.h"

// JSON <-> the channels module's types.
namespace omnihub::channels {

std::string EncodeChannel(const Channel& channel);
std::string EncodeCreatedChannel(const CreatedChannel& created);
std::string EncodeKey(const ApiKey& key);
std::string EncodeCreatedKey(const CreatedKey& created);

// Errors: kInvalidArgument naming the field.
Result<NewChannel> DecodeNewChannel(const json::Value& body);
Result<NewKey> DecodeNewKey(const json::Value& body);

inline constexpr std::string_view kChannelSchema =
    R"({"type":"object","required":["id","type","name","funnel_role","created_at"],)"
    R"("properties":{"id":{"type":"string","pattern":"^chn_"},)"
    R"("type":{"enum":["web","app","social","email","chat","call_center","store","marketplace"]},)"
    R"("name":{"type":"string"},"funnel_role":{"enum":["acquisition","conversion","retention"]},)"
    R"("location_id":{"type":["string","null"]},"created_at":{"type":"string","format":"date-time"},)"
    R"("write_key":{"type":"string","description":"Segment write key; only in the creating response"}}})";
inline constexpr std::string_view kNewChannelSchema =
    R"({"type":"object","required":["type","name","funnel_role"],"properties":{)"
    R"("type":{"enum":["web","app","social","email","chat","call_center","store","marketplace"]},)"
    R"("name":{"type":"string","minLength":1,"maxLength":100},)"
    R"("funnel_role":{"enum":["acquisition","conversion","retention"]},)"
    R"("location_id":{"type":"string","description":"required for a store, refused otherwise"}}})";
inline constexpr std::string_view kKeySchema =
    R"({"type":"object","required":["id","role","name","prefix","created_at"],"properties":{)"
    R"("id":{"type":"string","pattern":"^key_"},)"
    R"("role":{"enum":["admin","agent","store_associate","channel","analyst"]},)"
    R"("channel_id":{"type":["string","null"]},"location_id":{"type":["string","null"]},)"
    R"("name":{"type":"string"},"prefix":{"type":"string"},)"
    R"("created_at":{"type":"string","format":"date-time"},)"
    R"("revoked_at":{"type":["string","null"],"format":"date-time"},)"
    R"("key":{"type":"string","description":"the secret; only in the creating response"}}})";
inline constexpr std::string_view kNewKeySchema =
    R"({"type":"object","required":["role"],"properties":{)"
    R"("role":{"enum":["admin","agent","store_associate","channel","analyst"]},)"
    R"("channel_id":{"type":"string","description":"required for the channel role"},)"
    R"("location_id":{"type":"string","description":"required for store_associate only"},)"
    R"("name":{"type":"string","maxLength":100}}})";

}  // namespace omnihub::channels
