#include "changes/changes.h"
#include "core/json.h"
#include "pricing/codec.h"
#include "pricing/engine.h"
#include "pricing/events.h"
#include "pricing/pricing_service.h"
#include "pricing/store.h"

namespace omnihub::pricing {
namespace {

constexpr int64_t kMaxUnits = 1000;
constexpr size_t kMaxTargets = 1000;

Result<void> CheckTargets(const std::vector<std::string>& items, std::string_view field) {
  if (items.size() > kMaxTargets) {
    return Error::InvalidArgument(field, "must list at most 1000");
  }
  for (size_t idx = 0; idx < items.size(); ++idx) {
    if (items[idx].empty() || items[idx].size() > 64) {
      return Error::InvalidArgument(std::string(field) + "[" + std::to_string(idx) + "]",
                                    "must be 1 to 64 characters");
    }
  }
  return Ok();
}

}  // namespace

Result<Promotion> PricingServiceImpl::CreatePromotion(storage::Tx& tx, const NewPromotion& req) {
  if (req.name.empty() || req.name.size() > 100) {
    return Error::InvalidArgument("name", "must be 1 to 100 characters");
  }
  const TimePoint now = clock_.Now();
  Promotion p{.id = PromotionId::Generate(now),
              .name = req.name,
              .kind = req.kind,
              .level = req.level,
              .validity = req.validity,
              .priority = req.priority,
              .stackable = req.stackable,
              .requires_coupon = req.requires_coupon,
              .created_at = now};
  switch (req.kind) {
    case PromotionKind::kPercentOff: {
      if (!req.percent) {
        return Error::InvalidArgument("percent", "is required for percent_off");
      }
      OMNI_ASSIGN_OR_RETURN(p.percent_bp, ParsePercent(*req.percent, "percent"));
      break;
    }
    case PromotionKind::kAmountOff: {
      if (!req.amount) {
        return Error::InvalidArgument("amount", "is required for amount_off");
      }
      OMNI_ASSIGN_OR_RETURN(Money amount, ParsePrice(*req.amount, Currency::Pln(), "amount"));
      p.amount = amount;
      break;
    }
    case PromotionKind::kBuyXGetY:
      if (req.level != PromotionLevel::kLine) {
        return Error::InvalidArgument("level", "must be line for buy_x_get_y");
      }
      if (req.buy_quantity < 1 || req.buy_quantity > kMaxUnits) {
        return Error::InvalidArgument("buy_quantity", "must be 1 to 1000");
      }
      if (req.free_quantity < 1 || req.free_quantity > kMaxUnits) {
        return Error::InvalidArgument("free_quantity", "must be 1 to 1000");
      }
      p.buy_quantity = req.buy_quantity;
      p.free_quantity = req.free_quantity;
      break;
    case PromotionKind::kFreeShipping:
      p.level = PromotionLevel::kBasket;
      break;
  }
  if (req.kind != PromotionKind::kPercentOff && req.percent) {
    return Error::InvalidArgument("percent", "is only for percent_off");
  }
  if (req.kind != PromotionKind::kAmountOff && req.amount) {
    return Error::InvalidArgument("amount", "is only for amount_off");
  }
  OMNI_TRY(CheckTargets(req.skus, "skus"));
  OMNI_TRY(CheckTargets(req.category_ids, "category_ids"));
  p.conditions.skus = req.skus;
  p.conditions.category_ids = req.category_ids;
  if (req.min_basket) {
    OMNI_ASSIGN_OR_RETURN(Money min, ParsePrice(*req.min_basket, Currency::Pln(), "min_basket"));
    if (p.amount && !(p.amount->currency == min.currency)) {
      return Error::InvalidArgument("min_basket", "must be in the currency of amount");
    }
    p.conditions.min_basket = min;
  }
  p.conditions.segment_id = req.segment_id;
  p.conditions.channel_id = req.channel_id;
  OMNI_TRY(CheckValidity(req.validity, "valid_to"));
  if (req.priority < -1'000'000 || req.priority > 1'000'000) {
    return Error::InvalidArgument("priority", "must be between -1000000 and 1000000");
  }
  OMNI_TRY(store::InsertPromotion(tx, p));

  OMNI_TRY(changes::Append(tx, events::kPromotionCreated,
                           events::PromotionCreated{.id = p.id,
                                                    .name = p.name,
                                                    .kind = p.kind,
                                                    .level = p.level,
                                                    .priority = p.priority,
                                                    .stackable = p.stackable,
                                                    .requires_coupon = p.requires_coupon},
                           {.entity_id = p.id.str(), .occurred_at = now}));
  return p;
}

Result<std::vector<Promotion>> PricingServiceImpl::ListPromotions(storage::Tx& tx) {
  return store::SelectPromotions(tx);
}

Result<Promotion> PricingServiceImpl::GetPromotion(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<Promotion> p, store::SelectPromotion(tx, id));
  if (!p) {
    return Error::NotFound("promotion", id);
  }
  return std::move(*p);
}

}  // namespace omnihub::pricing
