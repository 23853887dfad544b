#pragma once

#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/result.h"
#include "core/time.h"
#include "http/router.h"
#include "node/node.h"
#include "pricing/types.h"
#include "storage/database.h"
#include "storage/migrations.h"

// The one pricing engine every channel uses (SPEC.md §2.4): price lists, promotions, coupons
// and the quote. Stacking and rounding rules: README.md.
namespace omnihub::pricing {

storage::MigrationSet Migrations();

// What pricing needs from the catalog. The app implements it over catalog's public API, so
// pricing never links against catalog's internals. Implementations read in `tx`.
class ProductFacts {
 public:
  virtual ~ProductFacts() = default;
  // The product with this SKU, or nullopt when the catalog has none.
  virtual Result<std::optional<ProductInfo>> Find(storage::Tx& tx, std::string_view sku) = 0;
};

// Channel names for messages ("coupon APP10 is valid only in channel app"). The app implements
// it over channels; without one, messages show channel ids.
class ChannelNames {
 public:
  virtual ~ChannelNames() = default;
  // The channel's name, or nullopt when there is no such channel.
  virtual Result<std::optional<std::string>> NameOf(storage::Tx& tx,
                                                    std::string_view channel_id) = 0;
};

// Whether a customer is a person the shop knows (a verified identifier beyond an anonymous id),
// for coupons once per customer: a fresh browser id must not be a fresh customer. The app
// implements it over customers.
class CustomerFacts {
 public:
  virtual ~CustomerFacts() = default;
  // The person's surviving profile id when the shop knows them, else nullopt: a coupon's
  // "once" is counted on the survivor, so a profile merged away cannot use it again.
  // Errors: kNotFound for an unknown customer.
  virtual Result<std::optional<std::string>> KnownPerson(storage::Tx& tx,
                                                         std::string_view customer_id) = 0;
};

// Thread-safe: all state lives in the database.
class PricingService {
 public:
  virtual ~PricingService() = default;

  // Creates a price list with its entries; appends pricing.price_list.created and one
  // pricing.price.changed per entry.
  // Errors: kInvalidArgument (name, currency for an unknown ISO 4217 code, priority, valid_to,
  // entries[i].price with more decimals than the currency has or not positive,
  // entries[i].vat_rate not one of 23/8/5/0 or missing when the catalog has none, a SKU twice);
  // kNotFound (entries[i].sku) for a SKU the catalog does not know.
  virtual Result<PriceList> CreatePriceList(storage::Tx& tx, const NewPriceList& req) = 0;
  // Renames, re-prioritises or re-times a list; appends pricing.price_list.updated.
  // Errors: kNotFound; kInvalidArgument as CreatePriceList.
  virtual Result<PriceList> UpdatePriceList(storage::Tx& tx, std::string_view id,
                                            const PriceListUpdate& update) = 0;
  // Sets one SKU's price in a list (insert or replace); appends pricing.price.changed with the
  // old and new amounts. Errors: kNotFound (list or SKU); kInvalidArgument as CreatePriceList.
  virtual Result<PriceEntry> SetPrice(storage::Tx& tx, std::string_view price_list_id,
                                      const NewPrice& price) = 0;
  // Errors: kNotFound.
  virtual Result<PriceList> GetPriceList(storage::Tx& tx, std::string_view id) = 0;
  // Every list without its entries, highest priority first.
  virtual Result<std::vector<PriceList>> ListPriceLists(storage::Tx& tx) = 0;

  // The price of `sku` for `channel_id` ("" for the price every channel shares) at `at`
  // (nullopt: now), in `currency` (README: which price wins).
  // Errors: kNotFound when no list valid then prices it in `currency`.
  virtual Result<ResolvedPrice> ResolvePrice(storage::Tx& tx, std::string_view sku,
                                             std::string_view channel_id,
                                             std::optional<TimePoint> at,
                                             const Currency& currency) = 0;
  // Every channel-specific price with the base price other channels pay now.
  virtual Result<std::vector<Inconsistency>> ListInconsistencies(storage::Tx& tx) = 0;

  // Appends pricing.promotion.created. Errors: kInvalidArgument naming the field (percent,
  // amount, buy_quantity, free_quantity, min_basket, valid_to, level for a kind without it).
  virtual Result<Promotion> CreatePromotion(storage::Tx& tx, const NewPromotion& req) = 0;
  virtual Result<std::vector<Promotion>> ListPromotions(storage::Tx& tx) = 0;
  // Errors: kNotFound.
  virtual Result<Promotion> GetPromotion(storage::Tx& tx, std::string_view id) = 0;

  // Creates a coupon for a promotion (which then applies only through its coupons).
  // Appends pricing.coupon.created. Errors: kInvalidArgument (code: 3-32 of A-Z 0-9 - _;
  // max_uses < 1; valid_to), kNotFound (promotion_id), kConflict when the code is taken.
  virtual Result<Coupon> CreateCoupon(storage::Tx& tx, const NewCoupon& req) = 0;
  virtual Result<std::vector<Coupon>> ListCoupons(storage::Tx& tx) = 0;
  // By code, case-insensitively. Errors: kNotFound.
  virtual Result<Coupon> GetCoupon(storage::Tx& tx, std::string_view code) = 0;
  // Records a use of a coupon by an order; appends pricing.coupon.redeemed. The total-uses cap
  // and once-per-customer are each one guarded statement, so concurrent orders never exceed them.
  // Errors: kNotFound (code); kInvalidArgument (customer_id, required for a once-per-customer
  // coupon; order_ref); kConflict with details.coupon and details.reason ("channel", "expired",
  // "not_yet_valid", "used_up", "already_used") and a message saying why.
  virtual Result<Redemption> Redeem(storage::Tx& tx, const RedeemRequest& req) = 0;

  // Prices a basket: pure computation over data read in `tx` (use Database::Read).
  // Unknown or repeated coupon codes and coupons that cannot be used are reported in
  // Quote::rejected, not as errors.
  // Errors: kInvalidArgument (lines empty or over 500, lines[i].quantity not in 1..1,000,000,
  // channel_id, currency); kNotFound (details.field "lines[i].sku") for a SKU the catalog does
  // not know or that no price list prices.
  virtual Result<Quote> PriceQuote(storage::Tx& tx, const QuoteRequest& req) = 0;
};

// Borrows clock, products and (optional) channel_names, which must outlive the service.
// Without `customers`, a coupon once per customer needs only a customer id.
std::unique_ptr<PricingService> NewPricingService(const Clock& clock, ProductFacts& products,
                                                  ChannelNames* channel_names = nullptr,
                                                  CustomerFacts* customers = nullptr);

// /api/v1/pricing/*. Borrows db and service.
void RegisterRoutes(http::Router& router, storage::Database& db, PricingService& service);

// This module, as the node builds it (module.cc): one line in app/modules.cc.
extern const node::Module kModule;

}  // namespace omnihub::pricing
