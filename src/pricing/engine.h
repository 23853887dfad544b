#pragma once

#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "pricing/types.h"

// The pricing engine proper: pure computation, no I/O. quote.cc loads what it needs in one read
// transaction and hands it here; the table tests call it directly. Rules: README.md.
namespace omnihub::pricing {

// num / den rounded to the nearest integer, halves away from zero. REQUIRES: den > 0.
int64_t RoundHalfAwayFromZero(__int128 num, __int128 den);

// "10" -> 1000, "12.5" -> 1250 basis points. Errors: kInvalidArgument (`field`) unless a
// decimal with at most two decimals in (0, 100].
Result<int64_t> ParsePercent(std::string_view text, std::string_view field);
// 1000 -> "10", 1250 -> "12.5".
std::string FormatPercent(int64_t basis_points);

// Net from a gross amount at `vat_rate` percent: gross × 100 / (100 + rate), rounded half away
// from zero to the minor unit. VAT is gross − net.
int64_t NetOfGross(int64_t gross_minor, int vat_rate);

// A line as the engine sees it: its resolved price and its product's categories.
struct EngineLine {
  std::string sku;
  int64_t quantity = 0;
  ResolvedPrice price;
  std::vector<std::string> category_ids;
};

// A promotion on offer: automatic (coupon "") or brought by an accepted coupon.
struct Offer {
  Promotion promotion;
  std::string coupon;
};

// "10% off the basket", "buy 2 get 1 free": what a promotion gives, for messages.
std::string Describe(const Promotion& p);

// Whether `line` is one the conditions' SKUs or categories name (all lines when they name none).
bool LineMatches(const Conditions& c, const EngineLine& line);

// The discount `p` gives on one line whose undiscounted gross is `line_gross`, of which
// `remaining` is still to pay. Never more than `remaining`.
int64_t LineDiscount(const Promotion& p, const EngineLine& line, int64_t line_gross,
                     int64_t remaining);

// Splits `amount` over lines in proportion to `weights` (largest remainder, ties to the earlier
// line), so the shares add up to `amount` exactly. REQUIRES: amount <= sum(weights).
std::vector<int64_t> Allocate(int64_t amount, const std::vector<int64_t>& weights);

struct EngineInput {
  Currency currency = Currency::Pln();
  TimePoint at;
  std::string channel_id;
  std::vector<std::string> segment_ids;
  std::vector<EngineLine> lines;
  std::vector<Offer> offers;
  std::vector<Rejection> rejected;  // found before the engine ran (coupon checks); kept first
  // Applied after every promotion, in this order, each capped at what the basket still costs.
  std::vector<Adjustment> adjustments;
  // Channel id -> name, for messages; ids without a name are shown as they are.
  std::vector<std::pair<std::string, std::string>> channel_names;
};

// Prices the lines and applies the offers by the stacking rules.
// Errors: kInvalidArgument (field "lines[i].quantity") when an amount overflows;
// kInvalidArgument (currency) when a line's price is in another currency;
// kInvalidArgument ("adjustments[i].amount") for an adjustment not positive or in another
// currency.
Result<Quote> ComputeQuote(const EngineInput& input);

// Why `coupon` cannot be used now in `channel_id` ("coupon APP10 is valid only in channel app"),
// or nullopt when it can. `redeemed_by_customer`: this customer has already used it.
// `channel_name`: the restricting channel's name for the message ("" to show its id).
std::optional<Rejection> CheckCoupon(const Coupon& coupon, TimePoint at,
                                     std::string_view channel_id, bool redeemed_by_customer,
                                     std::string_view channel_name);

}  // namespace omnihub::pricing
