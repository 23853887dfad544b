#pragma once

#include <string>
#include <string_view>
#include <vector>

#include "core/json.h"
#include "core/result.h"
#include "pricing/types.h"

// JSON <-> the pricing module's types, and the route schemas.
namespace omnihub::pricing {

// `key`: {"amount":12999,"currency":"PLN"}
void WriteMoney(json::Writer& w, std::string_view key, const Money& money);
// A positive price from decimal text in `currency` ("129.99", "129,99 zł").
// Errors: kInvalidArgument (`field`) for more decimals than the currency has, an unknown or
// different currency, zero or a negative amount.
Result<Money> ParsePrice(std::string_view text, const Currency& currency, std::string_view field);

void WritePriceListMembers(json::Writer& w, const PriceList& list);  // no braces, no entries
std::string EncodePriceList(const PriceList& list, bool with_entries);
std::string EncodePriceLists(const std::vector<PriceList>& lists);
std::string EncodePriceEntry(const PriceEntry& entry);
std::string EncodeResolvedPrice(const ResolvedPrice& price);
std::string EncodeInconsistencies(const std::vector<Inconsistency>& items);
std::string EncodePromotion(const Promotion& promotion);
std::string EncodePromotions(const std::vector<Promotion>& promotions);
std::string EncodeCoupon(const Coupon& coupon);
std::string EncodeCoupons(const std::vector<Coupon>& coupons);
std::string EncodeRedemption(const Redemption& redemption);
std::string EncodeQuote(const Quote& quote);

// Errors: kInvalidArgument naming the field. Decimal amounts must be JSON strings (or integers
// of whole units), never JSON fractions, so no value passes through floating point.
Result<NewPriceList> DecodeNewPriceList(const json::Value& body);
Result<PriceListUpdate> DecodePriceListUpdate(const json::Value& body);
Result<NewPrice> DecodeNewPrice(const json::Value& body, std::string_view sku);
Result<NewPromotion> DecodeNewPromotion(const json::Value& body);
Result<NewCoupon> DecodeNewCoupon(const json::Value& body);
Result<RedeemRequest> DecodeRedeemRequest(const json::Value& body, std::string_view code);
Result<QuoteRequest> DecodeQuoteRequest(const json::Value& body);

inline constexpr std::string_view kMoneySchema =
    R"({"type":"object","required":["amount","currency"],"properties":{)"
    R"("amount":{"type":"integer","description":"minor units: grosze for PLN"},)"
    R"("currency":{"type":"string","pattern":"^[A-Z]{3}$"}}})";
inline constexpr std::string_view kDecimalSchema =
    R"({"type":["string","integer"],"description":"decimal text like \"129.99\"; at most the )"
    R"(currency's decimals"})";

std::string PriceListSchema();
std::string PriceListsSchema();
std::string NewPriceListSchema();
std::string PriceListUpdateSchema();
std::string PriceEntrySchema();
std::string NewPriceSchema();
std::string ResolvedPriceSchema();
std::string InconsistenciesSchema();
std::string PromotionSchema();
std::string PromotionsSchema();
std::string NewPromotionSchema();
std::string CouponSchema();
std::string CouponsSchema();
std::string NewCouponSchema();
std::string RedemptionSchema();
std::string RedeemSchema();
std::string QuoteSchema();
std::string QuoteRequestSchema();

}  // namespace omnihub::pricing
