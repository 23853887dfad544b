#pragma once

#include <string>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "loyalty/types.h"

// JSON <-> the loyalty module's types, and the route schemas.
namespace omnihub::loyalty {

std::string EncodeTiers(const std::vector<Tier>& tiers);
// Errors: kInvalidArgument naming "tiers[i].…".
Result<std::vector<Tier>> DecodeTiers(const json::Value& tiers);
std::string EncodeActions(const std::vector<ActionRule>& actions);
// Errors: kInvalidArgument naming "actions[i].…". A missing max_per_customer is 0.
Result<std::vector<ActionRule>> DecodeActions(const json::Value& actions);
std::string EncodeProgramme(const Programme& programme);
// The PUT body; every member required but "actions" (missing or null: none). Validation of the
// rules is the service's.
Result<Programme> DecodeProgramme(const json::Value& body);
std::string EncodeEntry(const Entry& entry);
// The change payload: the entry plus "balance".
std::string EncodeBalance(const Balance& balance);
std::string EncodeHistory(const HistoryPage& page);
std::string EncodeRedemption(const Redemption& redemption);

namespace api_schema {

inline constexpr std::string_view kProgramme =
    R"({"type":"object","required":["currency","points_per_unit","unit_minor","tiers",)"
    R"("expiry_months","tier_window_months","redeem_points","redeem_value_minor"],)"
    R"("properties":{"currency":{"type":"string"},"points_per_unit":{"type":"integer",)"
    R"("minimum":0},"unit_minor":{"type":"integer","minimum":1,"description":)"
    R"("points_per_unit points per this many minor units spent"},"tiers":{"type":"array",)"
    R"("items":{"type":"object","required":["name","threshold","multiplier_bp"],)"
    R"("properties":{"name":{"type":"string"},"threshold":{"type":"integer"},)"
    R"("multiplier_bp":{"type":"integer"}}}},"expiry_months":{"type":"integer"},)"
    R"("tier_window_months":{"type":"integer"},"redeem_points":{"type":"integer"},)"
    R"("redeem_value_minor":{"type":"integer"},"actions":{"type":"array","description":)"
    R"("flat points per action, no tier multiplier; max_per_customer 0 = unlimited",)"
    R"("items":{"type":"object","required":["action","points"],"properties":{)"
    R"("action":{"type":"string","pattern":"^[a-z_]{1,40}$"},"points":{"type":"integer",)"
    R"("minimum":1},"max_per_customer":{"type":"integer","minimum":0}}}}}})";
inline constexpr std::string_view kEntry =
    R"({"type":"object","required":["id","customer_id","kind","points"],"properties":{)"
    R"("id":{"type":"string","pattern":"^lpt_"},"customer_id":{"type":"string"},)"
    R"("kind":{"enum":["earn","reverse","redeem","expire","adjust"]},)"
    R"("points":{"type":"integer"},"source_type":{"type":"string"},)"
    R"("source_id":{"type":"string"},"amount":{"type":["object","null"]},)"
    R"("reason":{"type":"string"},"occurred_at":{"type":"string","format":"date-time"},)"
    R"("expires_at":{"type":["string","null"],"format":"date-time"}}})";
inline constexpr std::string_view kBalance =
    R"({"type":"object","required":["customer_id","points","value","tier"],"properties":{)"
    R"("customer_id":{"type":"string"},"points":{"type":"integer"},)"
    R"("value":{"type":"object"},"tier":{"type":"object","properties":{)"
    R"("name":{"type":"string"},"tier_points":{"type":"integer"},)"
    R"("next":{"type":["string","null"]},"points_to_next":{"type":"integer"}}},)"
    R"("expiring_points":{"type":"integer"},)"
    R"("next_expiry_at":{"type":["string","null"],"format":"date-time"}}})";
inline constexpr std::string_view kHistory =
    R"({"type":"object","required":["entries"],"properties":{"entries":{"type":"array",)"
    R"("items":{"type":"object"}},"next_before":{"type":["integer","null"]}}})";
inline constexpr std::string_view kRedeemRequest =
    R"({"type":"object","required":["points"],"properties":{"points":{"type":"integer",)"
    R"("minimum":1},"reference":{"type":"string","description":"cart or order id; )"
    R"(makes the redemption idempotent"}}})";
inline constexpr std::string_view kRedemption =
    R"({"type":"object","required":["entry","discount","balance"],"properties":{)"
    R"("entry":{"type":"object"},"discount":{"type":"object"},"balance":{"type":"object"}}})";
inline constexpr std::string_view kQuote =
    R"({"type":"object","required":["points","discount"],"properties":{)"
    R"("points":{"type":"integer"},"discount":{"type":"object"}}})";
inline constexpr std::string_view kActionRequest =
    R"({"type":"object","required":["action","source_id"],"properties":{)"
    R"("action":{"type":"string","description":"a rule of the programme's actions"},)"
    R"("source_id":{"type":"string","description":"what earned it, e.g. a review id; )"
    R"(makes the earn idempotent"},"occurred_at":{"type":"string","format":"date-time",)"
    R"("description":"default now"}}})";
inline constexpr std::string_view kAdjustRequest =
    R"({"type":"object","required":["points","reason"],"properties":{)"
    R"("points":{"type":"integer","description":"signed, non-zero"},)"
    R"("reason":{"type":"string"}}})";

}  // namespace api_schema
}  // namespace omnihub::loyalty
