#include <algorithm>

#include "pricing/pricing_service.h"
#include "pricing/types.h"

namespace omnihub::pricing {

bool IsVatRate(int64_t percent) {
  return std::find(std::begin(kVatRates), std::end(kVatRates), percent) != std::end(kVatRates);
}

std::string_view KindName(PromotionKind kind) {
  switch (kind) {
    case PromotionKind::kPercentOff:
      return "percent_off";
    case PromotionKind::kAmountOff:
      return "amount_off";
    case PromotionKind::kBuyXGetY:
      return "buy_x_get_y";
    case PromotionKind::kFreeShipping:
      return "free_shipping";
  }
  return "percent_off";
}

Result<PromotionKind> ParseKind(std::string_view name) {
  for (PromotionKind kind : {PromotionKind::kPercentOff, PromotionKind::kAmountOff,
                             PromotionKind::kBuyXGetY, PromotionKind::kFreeShipping}) {
    if (KindName(kind) == name) {
      return kind;
    }
  }
  return Error::InvalidArgument(
      "kind", "must be one of percent_off, amount_off, buy_x_get_y, free_shipping");
}

std::string_view LevelName(PromotionLevel level) {
  return level == PromotionLevel::kBasket ? "basket" : "line";
}

Result<PromotionLevel> ParseLevel(std::string_view name) {
  if (name == "line") {
    return PromotionLevel::kLine;
  }
  if (name == "basket") {
    return PromotionLevel::kBasket;
  }
  return Error::InvalidArgument("level", "must be line or basket");
}

Result<void> CheckValidity(const Validity& validity, std::string_view field) {
  if (validity.from && validity.to && *validity.to <= *validity.from) {
    return Error::InvalidArgument(field, "must be after valid_from");
  }
  return Ok();
}

std::string NormalizeCode(std::string_view code) {
  std::string out(code);
  for (char& c : out) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
  }
  return out;
}

}  // namespace omnihub::pricing
