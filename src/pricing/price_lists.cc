#include <algorithm>
#include <set>

#include "changes/changes.h"
#include "core/json.h"
#include "pricing/codec.h"
#include "pricing/events.h"
#include "pricing/pricing_service.h"
#include "pricing/store.h"

namespace omnihub::pricing {
namespace {

constexpr int64_t kMaxPriority = 1'000'000;
constexpr size_t kMaxEntries = 10'000;

Result<void> CheckName(const std::string& name) {
  if (name.empty() || name.size() > 100) {
    return Error::InvalidArgument("name", "must be 1 to 100 characters");
  }
  return Ok();
}

Result<void> CheckPriority(int64_t priority) {
  if (priority < -kMaxPriority || priority > kMaxPriority) {
    return Error::InvalidArgument("priority", "must be between -1000000 and 1000000");
  }
  return Ok();
}

}  // namespace

PricingServiceImpl::PricingServiceImpl(const Clock& clock, ProductFacts& products,
                                       ChannelNames* channel_names, CustomerFacts* customers)
    : clock_(clock), products_(products), channel_names_(channel_names), customers_(customers) {}

std::unique_ptr<PricingService> NewPricingService(const Clock& clock, ProductFacts& products,
                                                  ChannelNames* channel_names,
                                                  CustomerFacts* customers) {
  return std::make_unique<PricingServiceImpl>(clock, products, channel_names, customers);
}

Result<std::string> PricingServiceImpl::ChannelName(storage::Tx& tx, std::string_view channel_id) {
  if (channel_names_ == nullptr) {
    return std::string();
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<std::string> name, channel_names_->NameOf(tx, channel_id));
  return name.value_or("");
}

Result<PriceEntry> PricingServiceImpl::StorePrice(storage::Tx& tx, const PriceList& list,
                                                  const NewPrice& price, const std::string& field) {
  OMNI_ASSIGN_OR_RETURN(std::optional<ProductInfo> product, products_.Find(tx, price.sku));
  if (!product) {
    return Error::NotFound("product", price.sku).With("field", field + "sku");
  }
  OMNI_ASSIGN_OR_RETURN(Money gross, ParsePrice(price.price, list.currency, field + "price"));
  const std::optional<int> vat_rate = price.vat_rate ? price.vat_rate : product->vat_rate;
  if (!vat_rate) {
    return Error::InvalidArgument(field + "vat_rate",
                                  "is required: the catalog has no VAT rate for " + price.sku);
  }
  if (!IsVatRate(*vat_rate)) {
    return Error::InvalidArgument(field + "vat_rate", "must be one of 23, 8, 5, 0");
  }
  OMNI_ASSIGN_OR_RETURN(std::optional<PriceEntry> previous,
                        store::SelectPrice(tx, list.id.str(), price.sku));
  PriceEntry entry{
      .sku = price.sku, .gross = gross, .vat_rate = *vat_rate, .updated_at = clock_.Now()};
  OMNI_TRY(store::UpsertPrice(tx, list.id, entry));

  std::optional<Money> previous_price;
  if (previous) {
    previous_price = previous->gross;
  }
  OMNI_TRY(changes::Append(tx, events::kPriceChanged,
                           events::PriceChanged{.price_list_id = list.id,
                                                .sku = entry.sku,
                                                .channel_id = list.channel_id,
                                                .price = entry.gross,
                                                .previous_price = previous_price,
                                                .vat_rate = entry.vat_rate},
                           {.entity_id = entry.sku, .occurred_at = entry.updated_at}));
  return entry;
}

Result<PriceList> PricingServiceImpl::CreatePriceList(storage::Tx& tx, const NewPriceList& req) {
  OMNI_TRY(CheckName(req.name));
  OMNI_ASSIGN_OR_RETURN(Currency currency, Currency::Parse(req.currency));
  OMNI_TRY(CheckPriority(req.priority));
  OMNI_TRY(CheckValidity(req.validity, "valid_to"));
  if (req.channel_id && req.channel_id->empty()) {
    return Error::InvalidArgument("channel_id", "must be a channel id or null");
  }
  if (req.entries.size() > kMaxEntries) {
    return Error::InvalidArgument("entries", "must be at most 10000; add more with PUT");
  }
  std::set<std::string> seen;
  for (size_t idx = 0; idx < req.entries.size(); ++idx) {
    if (!seen.insert(req.entries[idx].sku).second) {
      return Error::InvalidArgument("entries[" + std::to_string(idx) + "].sku",
                                    "repeats " + req.entries[idx].sku);
    }
  }
  const TimePoint now = clock_.Now();
  PriceList list{.id = PriceListId::Generate(now),
                 .name = req.name,
                 .currency = currency,
                 .priority = req.priority,
                 .channel_id = req.channel_id,
                 .validity = req.validity,
                 .created_at = now,
                 .updated_at = now};
  OMNI_TRY(store::InsertPriceList(tx, list));
  OMNI_TRY(changes::Append(tx, events::kPriceListCreated, events::ChangeOf(list),
                           {.entity_id = list.id.str(), .occurred_at = list.updated_at}));
  for (size_t idx = 0; idx < req.entries.size(); ++idx) {
    OMNI_ASSIGN_OR_RETURN(PriceEntry entry, StorePrice(tx, list, req.entries[idx],
                                                       "entries[" + std::to_string(idx) + "]."));
    list.entries.push_back(std::move(entry));
  }
  std::sort(list.entries.begin(), list.entries.end(),
            [](const PriceEntry& a, const PriceEntry& b) { return a.sku < b.sku; });
  return list;
}

Result<PriceList> PricingServiceImpl::UpdatePriceList(storage::Tx& tx, std::string_view id,
                                                      const PriceListUpdate& update) {
  OMNI_ASSIGN_OR_RETURN(std::optional<PriceList> found, store::SelectPriceList(tx, id));
  if (!found) {
    return Error::NotFound("price list", id);
  }
  PriceList list = std::move(*found);
  if (update.name) {
    OMNI_TRY(CheckName(*update.name));
    list.name = *update.name;
  }
  if (update.priority) {
    OMNI_TRY(CheckPriority(*update.priority));
    list.priority = *update.priority;
  }
  if (update.validity) {
    OMNI_TRY(CheckValidity(*update.validity, "valid_to"));
    list.validity = *update.validity;
  }
  list.updated_at = clock_.Now();
  OMNI_TRY(store::UpdatePriceList(tx, list));
  OMNI_TRY(changes::Append(tx, events::kPriceListUpdated, events::ChangeOf(list),
                           {.entity_id = list.id.str(), .occurred_at = list.updated_at}));
  OMNI_ASSIGN_OR_RETURN(list.entries, store::SelectPrices(tx, list.id.str()));
  return list;
}

Result<PriceEntry> PricingServiceImpl::SetPrice(storage::Tx& tx, std::string_view price_list_id,
                                                const NewPrice& price) {
  OMNI_ASSIGN_OR_RETURN(std::optional<PriceList> list, store::SelectPriceList(tx, price_list_id));
  if (!list) {
    return Error::NotFound("price list", price_list_id);
  }
  return StorePrice(tx, *list, price, "");
}

Result<PriceList> PricingServiceImpl::GetPriceList(storage::Tx& tx, std::string_view id) {
  OMNI_ASSIGN_OR_RETURN(std::optional<PriceList> list, store::SelectPriceList(tx, id));
  if (!list) {
    return Error::NotFound("price list", id);
  }
  OMNI_ASSIGN_OR_RETURN(list->entries, store::SelectPrices(tx, id));
  return std::move(*list);
}

Result<std::vector<PriceList>> PricingServiceImpl::ListPriceLists(storage::Tx& tx) {
  return store::SelectPriceLists(tx);
}

Result<ResolvedPrice> PricingServiceImpl::ResolvePrice(storage::Tx& tx, std::string_view sku,
                                                       std::string_view channel_id,
                                                       std::optional<TimePoint> at,
                                                       const Currency& currency) {
  OMNI_ASSIGN_OR_RETURN(std::optional<ResolvedPrice> price,
                        store::SelectWinningPrice(tx, sku, channel_id, currency.code(),
                                                  UnixMicros(at.value_or(clock_.Now()))));
  if (!price) {
    return Error::Make(ErrorCode::kNotFound, "no price list prices " + std::string(sku) + " in " +
                                                 std::string(currency.code()) + " now")
        .With("sku", std::string(sku));
  }
  return std::move(*price);
}

Result<std::vector<Inconsistency>> PricingServiceImpl::ListInconsistencies(storage::Tx& tx) {
  OMNI_ASSIGN_OR_RETURN(std::vector<Inconsistency> found, store::SelectOverrides(tx));
  const int64_t now = UnixMicros(clock_.Now());
  for (Inconsistency& item : found) {
    OMNI_ASSIGN_OR_RETURN(
        std::optional<ResolvedPrice> base,
        store::SelectWinningPrice(tx, item.sku, "", item.override_gross.currency.code(), now));
    if (base) {
      item.base_gross = base->gross;
    }
  }
  return found;
}

}  // namespace omnihub::pricing
