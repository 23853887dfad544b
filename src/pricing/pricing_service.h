#pragma once

#include "pricing/pricing.h"

namespace omnihub::pricing {

// Shared by price_lists.cc, promotions.cc, coupons.cc and quote.cc.
class PricingServiceImpl final : public PricingService {
 public:
  PricingServiceImpl(const Clock& clock, ProductFacts& products, ChannelNames* channel_names,
                     CustomerFacts* customers);

  Result<PriceList> CreatePriceList(storage::Tx& tx, const NewPriceList& req) override;
  Result<PriceList> UpdatePriceList(storage::Tx& tx, std::string_view id,
                                    const PriceListUpdate& update) override;
  Result<PriceEntry> SetPrice(storage::Tx& tx, std::string_view price_list_id,
                              const NewPrice& price) override;
  Result<PriceList> GetPriceList(storage::Tx& tx, std::string_view id) override;
  Result<std::vector<PriceList>> ListPriceLists(storage::Tx& tx) override;
  Result<ResolvedPrice> ResolvePrice(storage::Tx& tx, std::string_view sku,
                                     std::string_view channel_id, std::optional<TimePoint> at,
                                     const Currency& currency) override;
  Result<std::vector<Inconsistency>> ListInconsistencies(storage::Tx& tx) override;

  Result<Promotion> CreatePromotion(storage::Tx& tx, const NewPromotion& req) override;
  Result<std::vector<Promotion>> ListPromotions(storage::Tx& tx) override;
  Result<Promotion> GetPromotion(storage::Tx& tx, std::string_view id) override;

  Result<Coupon> CreateCoupon(storage::Tx& tx, const NewCoupon& req) override;
  Result<std::vector<Coupon>> ListCoupons(storage::Tx& tx) override;
  Result<Coupon> GetCoupon(storage::Tx& tx, std::string_view code) override;
  Result<Redemption> Redeem(storage::Tx& tx, const RedeemRequest& req) override;

  Result<Quote> PriceQuote(storage::Tx& tx, const QuoteRequest& req) override;

 private:
  // Validates and stores one price; appends pricing.price.changed. `field` prefixes errors.
  Result<PriceEntry> StorePrice(storage::Tx& tx, const PriceList& list, const NewPrice& price,
                                const std::string& field);
  // The channel's name, or "" when unknown or without a ChannelNames.
  Result<std::string> ChannelName(storage::Tx& tx, std::string_view channel_id);

  const Clock& clock_;
  ProductFacts& products_;
  ChannelNames* channel_names_;  // may be null
  CustomerFacts* customers_;     // may be null
};

// Errors: kInvalidArgument (`field`) when `to` is not after `from`.
Result<void> CheckValidity(const Validity& validity, std::string_view field);
// Upper-case, as coupon codes are stored and compared.
std::string NormalizeCode(std::string_view code);

}  // namespace omnihub::pricing
