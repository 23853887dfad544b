// Carts react to customers through the change log, never by being called: when two profiles
// merge (an identify that links an anonymous id to a known user, an e-mail shared by two
// profiles), the merged profile's active cart goes into the survivor's.
#include "carts/carts.h"
#include "carts/store.h"
#include "changes/changes.h"
#include "customers/events.h"

namespace omnihub::carts {

std::vector<changes::Subscription> Subscriptions(CartService& service) {
  return {
      {.name = "carts.merge_on_profile_merged",
       .type_prefixes = {std::string(customers::events::kProfileMerged.name)},
       .handle = [&service](storage::Tx& tx, const changes::StoredChange& change) -> Result<void> {
         OMNI_ASSIGN_OR_RETURN(customers::events::ProfileMerged merge,
                               changes::Decode(customers::events::kProfileMerged, change));
         // Replayed, or merged already: the merged profile has no active cart any more.
         OMNI_ASSIGN_OR_RETURN(std::optional<std::string> cart_id,
                               store::SelectActiveByOwner(tx, "customer:" + merge.merged_id));
         if (!cart_id) {
           return Ok();
         }
         OMNI_TRY(
             service.MergeInto(tx, {.from_cart_id = *cart_id, .customer_id = merge.survivor_id}));
         return Ok();
       }},
  };
}

}  // namespace omnihub::carts
