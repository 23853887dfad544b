#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "changes/types.h"
#include "core/json.h"
#include "core/result.h"
#include "customers/customers.h"
#include "customers/store.h"

// JSON <-> the customers module's types, and the route schemas.
namespace omnihub::customers {

// Request bodies. Errors: kInvalidArgument naming the field.
Result<Identifier> DecodeIdentifier(const json::Value& body, const std::string& field);
// POST /api/v1/customers: {identifiers, traits, consents}.
Result<ProfileWrite> DecodeNewCustomer(const json::Value& body);
// PATCH /api/v1/customers/{id}: {traits}.
Result<json::Object> DecodeTraitsPatch(const json::Value& body);
// PUT /api/v1/customers/{id}/consents: {consents:[{purpose, channel, granted}]}.
Result<std::vector<ConsentChange>> DecodeConsents(const json::Value& body);

// Rows as JSON objects.
void WriteMerge(json::Writer& w, const store::MergeRow& row);
void WriteConflict(json::Writer& w, const store::ConflictRow& row, bool with_personal_data);
void WriteAccess(json::Writer& w, const store::AccessRow& row);

// {"customers":[summaries],"next_cursor"}.
std::string EncodeSearchPage(const SearchPage& page);
// {"entries":[{"seq","type","occurred_at","channel_id","entity_type","entity_id","payload"}],
//  "next_cursor"}: `payload` only with personal data.
std::string EncodeTimeline(const std::vector<changes::StoredChange>& entries, int limit,
                           bool with_personal_data);
// `profile_json` with "redirected_from" added when `requested_id` was merged away.
std::string WithRedirect(std::string profile_json, std::string_view requested_id,
                         std::string_view survivor_id);

namespace api_schema {

inline constexpr std::string_view kIdentifier =
    R"({"type":"object","required":["type","value"],"properties":{)"
    R"("type":{"enum":["user_id","anonymous_id","email","phone","card","customer_number",)"
    R"("social","external","previous_id"]},"value":{"type":"string"},)"
    R"("namespace":{"type":"string","description":"social and external only"}}})";
inline constexpr std::string_view kConsent =
    R"({"type":"object","required":["purpose","channel","granted"],"properties":{)"
    R"("purpose":{"type":"string"},"channel":{"enum":["email","sms","phone","push","post","all"]},)"
    R"("granted":{"type":"boolean"}}})";
inline constexpr std::string_view kProfile =
    R"({"type":"object","required":["id","created_at","updated_at","merged_ids","computed"],)"
    R"("description":"analysts get id, created_at, updated_at, merged_ids and computed only",)"
    R"("properties":{"id":{"type":"string","pattern":"^cus_"},)"
    R"("created_at":{"type":"string","format":"date-time"},)"
    R"("updated_at":{"type":"string","format":"date-time"},)"
    R"("merged_ids":{"type":"array","items":{"type":"string"}},)"
    R"("redirected_from":{"type":"string","description":"the merged-away id asked for"},)"
    R"("identifiers":{"type":"array","items":{"type":"object","properties":{)"
    R"("type":{"type":"string"},"value":{"type":"string"},"namespace":{"type":"string"},)"
    R"("added_at":{"type":"string"},"channel_id":{"type":["string","null"]}}}},)"
    R"("traits":{"type":"object","additionalProperties":{"type":"object","properties":{)"
    R"("value":{},"source":{"type":"string"},"channel_id":{"type":["string","null"]},)"
    R"("updated_at":{"type":"string"}}}},)"
    R"("name":{"type":"object","properties":{"first":{"type":["string","null"]},)"
    R"("last":{"type":["string","null"]},"full":{"type":["string","null"]}}},)"
    R"("addresses":{"type":"array","items":{"type":"object"}},)"
    R"("preferences":{"type":"object","properties":{"size":{},"favourite_store":{},)"
    R"("preferred_channel":{}}},)"
    R"("consents":{"type":"array","items":{"type":"object","properties":{)"
    R"("purpose":{"type":"string"},"channel":{"type":"string"},"granted":{"type":"boolean"},)"
    R"("source":{"type":"string"},"updated_at":{"type":"string"}}}},)"
    R"("computed":{"type":"object","properties":{)"
    R"("first_seen_at":{"type":["string","null"]},"last_seen_at":{"type":["string","null"]},)"
    R"("channels":{"type":"array","items":{"type":"string"}},"event_count":{"type":"integer"},)"
    R"("event_counts":{"type":"object","additionalProperties":{"type":"integer"}},)"
    R"("orders_count":{"type":"integer","description":"completed orders"},)"
    R"("revenue_minor":{"type":"integer","description":"their totals, minor units"},)"
    R"("last_purchase_at":{"type":["string","null"],"format":"date-time"},)"
    R"("last_purchase_channel_id":{"type":["string","null"]}}}}})";
inline constexpr std::string_view kNewCustomer =
    R"({"type":"object","required":["identifiers"],"properties":{)"
    R"("identifiers":{"type":"array","minItems":1,"items":{"type":"object",)"
    R"("required":["type","value"],"properties":{"type":{"type":"string"},)"
    R"("value":{"type":"string"},"namespace":{"type":"string"}}}},)"
    R"("traits":{"type":"object"},"consents":{"type":"array","items":{"type":"object",)"
    R"("required":["purpose","channel","granted"]}}}})";
inline constexpr std::string_view kTraitsPatch =
    R"({"type":"object","required":["traits"],"properties":{"traits":{"type":"object",)"
    R"("description":"last write wins per trait; address is an object, addresses an array"}}})";
inline constexpr std::string_view kConsents =
    R"({"type":"object","required":["consents"],"properties":{"consents":{"type":"array",)"
    R"("items":{"type":"object","required":["purpose","channel","granted"]}}}})";
inline constexpr std::string_view kSearchPage =
    R"({"type":"object","required":["customers","next_cursor"],"properties":{)"
    R"("customers":{"type":"array","items":{"type":"object","properties":{)"
    R"("id":{"type":"string"},"created_at":{"type":"string"},"name":{"type":["string","null"]},)"
    R"("emails":{"type":"array","items":{"type":"string"}},)"
    R"("phones":{"type":"array","items":{"type":"string"}}}}},)"
    R"("next_cursor":{"type":["string","null"]}}})";
inline constexpr std::string_view kMerges =
    R"({"type":"object","required":["customer_id","merges"],"properties":{)"
    R"("customer_id":{"type":"string"},"merges":{"type":"array","items":{"type":"object",)"
    R"("properties":{"survivor_id":{"type":"string"},"merged_id":{"type":"string"},)"
    R"("cause":{"type":"string"},"merged_at":{"type":"string"}}}}}})";
inline constexpr std::string_view kConflicts =
    R"({"type":"object","required":["conflicts","next_cursor"],"properties":{)"
    R"("conflicts":{"type":"array","items":{"type":"object","properties":{)"
    R"("id":{"type":"integer"},"customer_id":{"type":"string"},)"
    R"("other_customer_id":{"type":["string","null"]},"identifier":{"type":"object",)"
    R"("description":"value left out for analysts"},"limit_type":{"type":"string"},)"
    R"("cause":{"type":"string"},"status":{"type":"string"},"created_at":{"type":"string"}}}},)"
    R"("next_cursor":{"type":["string","null"]}}})";
inline constexpr std::string_view kTimeline =
    R"({"type":"object","required":["entries","next_cursor"],"properties":{)"
    R"("entries":{"type":"array","items":{"type":"object","properties":{)"
    R"("seq":{"type":"integer"},"type":{"type":"string"},"occurred_at":{"type":"string"},)"
    R"("channel_id":{"type":["string","null"]},"entity_type":{"type":"string"},)"
    R"("entity_id":{"type":"string"},"payload":{"type":"object",)"
    R"("description":"left out for analysts"}}}},"next_cursor":{"type":["string","null"]}}})";
inline constexpr std::string_view kAccessLog =
    R"({"type":"object","required":["customer_id","entries"],"properties":{)"
    R"("customer_id":{"type":"string"},"entries":{"type":"array","items":{"type":"object",)"
    R"("properties":{"customer_id":{"type":"string"},"key_id":{"type":"string"},)"
    R"("role":{"type":"string"},"action":{"type":"string"},"request_id":{"type":"string"},)"
    R"("accessed_at":{"type":"string"}}}}}})";

}  // namespace api_schema
}  // namespace omnihub::customers
