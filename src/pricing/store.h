#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "pricing/types.h"
#include "storage/database.h"

// The pricing module's SQL, and nothing else.
namespace omnihub::pricing::store {

Result<void> InsertPriceList(storage::Tx& tx, const PriceList& list);
// Writes name, priority, validity and updated_at.
Result<void> UpdatePriceList(storage::Tx& tx, const PriceList& list);
Result<std::optional<PriceList>> SelectPriceList(storage::Tx& tx, std::string_view id);
Result<std::vector<PriceList>> SelectPriceLists(storage::Tx& tx);

// Inserts or replaces the SKU's price in the list.
Result<void> UpsertPrice(storage::Tx& tx, const PriceListId& list_id, const PriceEntry& entry);
Result<std::optional<PriceEntry>> SelectPrice(storage::Tx& tx, std::string_view list_id,
                                              std::string_view sku);
Result<std::vector<PriceEntry>> SelectPrices(storage::Tx& tx, std::string_view list_id);

// The winning price of `sku` at `at` in `currency` among lists for every channel and, unless
// `channel_id` is empty, lists for that channel: channel-specific first, then the highest
// priority, then the oldest list.
Result<std::optional<ResolvedPrice>> SelectWinningPrice(storage::Tx& tx, std::string_view sku,
                                                        std::string_view channel_id,
                                                        std::string_view currency,
                                                        int64_t at_micros);
// Every price in a channel-specific list, by list then SKU.
Result<std::vector<Inconsistency>> SelectOverrides(storage::Tx& tx);

Result<void> InsertPromotion(storage::Tx& tx, const Promotion& promotion);
Result<std::optional<Promotion>> SelectPromotion(storage::Tx& tx, std::string_view id);
Result<std::vector<Promotion>> SelectPromotions(storage::Tx& tx);
// Promotions without a coupon running at `at`.
Result<std::vector<Promotion>> SelectAutomaticPromotions(storage::Tx& tx, int64_t at_micros);
Result<void> MarkRequiresCoupon(storage::Tx& tx, std::string_view promotion_id);

Result<void> InsertCoupon(storage::Tx& tx, const Coupon& coupon);
// REQUIRES: `code` upper-case.
Result<std::optional<Coupon>> SelectCoupon(storage::Tx& tx, std::string_view code);
Result<std::vector<Coupon>> SelectCoupons(storage::Tx& tx);
Result<bool> CustomerRedeemed(storage::Tx& tx, std::string_view coupon_id,
                              std::string_view customer_id);
// uses + 1 unless the cap is reached; false when it is.
Result<bool> TakeCouponUse(storage::Tx& tx, std::string_view coupon_id);
// False when `customer_key` already redeemed this coupon.
Result<bool> InsertRedemption(storage::Tx& tx, const Redemption& redemption,
                              std::string_view customer_key);

}  // namespace omnihub::pricing::store
