// Carts react to customers through the change log, never by being called: when two profiles
// merge (an identify that links an anonymous id to a known user, an e-mail shared by two
// profiles), the merged profile's active cart goes into the survivor's. The customers module's
// contract is the change's payload: {"survivor_id", "merged_id", "cause"}.
#include "carts/carts.h"
#include "carts/store.h"
#include "changes/changes.h"
#include "core/json.h"

namespace omnihub::carts {
namespace {

constexpr std::string_view kProfileMerged = "customers.profile.merged";

}  // namespace

std::vector<changes::Subscription> Subscriptions(CartService& service) {
  return {
      {.name = "carts.merge_on_profile_merged",
       .type_prefixes = {std::string(kProfileMerged)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(json::Value payload, json::Parse(change.payload_json));
         OMNI_ASSIGN_OR_RETURN(std::string survivor,
                               json::RequireString(payload, "survivor_id", "payload.survivor_id"));
         OMNI_ASSIGN_OR_RETURN(std::string merged,
                               json::RequireString(payload, "merged_id", "payload.merged_id"));
         // Replayed, or merged already: the merged profile has no active cart any more.
         OMNI_ASSIGN_OR_RETURN(std::optional<std::string> cart_id,
                               store::SelectActiveByOwner(tx, "customer:" + merged));
         if (!cart_id) {
           return Ok();
         }
         OMNI_TRY(service.MergeInto(tx, {.from_cart_id = *cart_id, .customer_id = survivor}));
         return Ok();
       }},
  };
}

}  // namespace omnihub::carts
