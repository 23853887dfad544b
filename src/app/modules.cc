// The node's modules, in dependency order: a module's build finds the services of the modules
// above it. Adding a module: its folder, its line in the top CMakeLists.txt and app's USES,
// and one line here (docs/architecture.md, "Adding a module").
#include "app/app.h"
#include "carts/carts.h"
#include "catalog/catalog.h"
#include "changes/changes.h"
#include "changes/feed_privacy.h"
#include "channels/channels.h"
#include "customers/customers.h"
#include "events/service.h"
#include "flows/flows.h"
#include "idempotency/idempotency.h"
#include "inventory/inventory.h"
#include "loyalty/loyalty.h"
#include "orders/orders.h"
#include "pricing/pricing.h"

namespace omnihub::app {
namespace {

// The change log: its feed routes, and its part of a person's export and erasure (the changes
// about them, any change whose payload holds one of their identifiers, and the refusals
// recorded for those changes).
constexpr std::string_view kErasedPayload = R"({"erased":true})";
constexpr int kExportedChangesPage = 1000;

const node::Module kChangeLog{
    .name = "changes",
    .migrations = &changes::Migrations,
    .routes =
        [](node::Node& node, http::Router& router) {
          changes::RegisterRoutes(router, node.db(), node.Get<changes::Hub>(),
                                  node.Get<changes::FeedPrivacy>());
        },
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "changes",
               .export_json = [](storage::Tx& tx, node::Node&,
                                 const node::Person& person) -> Result<std::string> {
                 std::string out = "[";
                 int64_t before = 0;
                 for (int page = 0; page < 1000; ++page) {
                   OMNI_ASSIGN_OR_RETURN(
                       std::vector<changes::StoredChange> batch,
                       changes::ReadForCustomers(tx, {.customer_ids = person.customer_ids,
                                                      .before = before,
                                                      .limit = kExportedChangesPage}));
                   for (const changes::StoredChange& change : batch) {
                     out += out.size() > 1 ? "," : "";
                     out += changes::EncodeChange(change);
                   }
                   if (batch.size() < static_cast<size_t>(kExportedChangesPage)) {
                     break;
                   }
                   before = batch.back().seq;
                 }
                 return out + "]";
               },
               .erase = [](storage::Tx& tx, node::Node&,
                           const node::Person& person) -> Result<int64_t> {
                 OMNI_ASSIGN_OR_RETURN(
                     int64_t tagged,
                     changes::RedactCustomers(tx, person.customer_ids, kErasedPayload));
                 OMNI_ASSIGN_OR_RETURN(
                     int64_t mentioned,
                     changes::RedactContaining(tx, person.identifiers, kErasedPayload));
                 OMNI_ASSIGN_OR_RETURN(int64_t failures,
                                       changes::RedactFailures(tx, person.customer_ids,
                                                               person.identifiers));
                 return tagged + mentioned + failures;
               },
               .tables = {"changes_log", "changes_pending", "changes_subscriber_failures"}}};
    }};

// Idempotency-Key records: marked committed inside every write use case, purged hourly, and
// redacted where a stored response holds a person's strings.
const node::Module kIdempotency{
    .name = "idempotency",
    .migrations = &idempotency::Migrations,
    .build = [](node::Node& node) -> Result<void> {
      node.db().SetBeforeCommit(idempotency::MarkCommitted);
      node.Provide(idempotency::NewStore(node.db(), node.clock()));
      return Ok();
    },
    .sweeps = []() -> std::vector<node::Sweep> {
      return {{.name = "idempotency purge",
               .every = std::chrono::hours(1),
               .run = [](node::Node& node, TimePoint) -> Result<int64_t> {
                 return idempotency::Purge(node.db(), node.clock());
               }}};
    },
    .privacy = []() -> std::vector<node::PrivacyPart> {
      return {{.key = "idempotent_responses",
               .erase = [](storage::Tx& tx, node::Node&,
                           const node::Person& person) -> Result<int64_t> {
                 return idempotency::RedactResponsesContaining(tx, person.identifiers);
               },
               .tables = {"idempotency_keys"}}};
    }};

// Pricing's view of a product: its categories, for promotions conditioned on them.
class CatalogFacts final : public pricing::ProductFacts {
 public:
  explicit CatalogFacts(catalog::CatalogService& catalog) : catalog_(catalog) {}
  Result<std::optional<pricing::ProductInfo>> Find(storage::Tx& tx, std::string_view sku) override {
    OMNI_ASSIGN_OR_RETURN(std::optional<catalog::SkuInfo> info, catalog_.FindBySku(tx, sku));
    if (!info) {
      return std::optional<pricing::ProductInfo>();
    }
    return std::optional<pricing::ProductInfo>(
        pricing::ProductInfo{.sku = info->sku, .category_ids = info->categories});
  }

 private:
  catalog::CatalogService& catalog_;
};

// Channel names for pricing's messages ("valid only in channel app").
class ChannelNamesFromChannels final : public pricing::ChannelNames {
 public:
  explicit ChannelNamesFromChannels(channels::ChannelsService& channels) : channels_(channels) {}
  Result<std::optional<std::string>> NameOf(storage::Tx& tx, std::string_view channel_id) override {
    Result<channels::Channel> channel = channels_.GetChannel(tx, channel_id);
    if (!channel.ok()) {
      if (channel.error().code == ErrorCode::kNotFound ||
          channel.error().code == ErrorCode::kInvalidArgument) {
        return std::optional<std::string>();
      }
      return std::move(channel).error();
    }
    return std::optional<std::string>(channel->name);
  }

 private:
  channels::ChannelsService& channels_;
};

// Pricing's view of customers: whether one is a known person (coupons once per customer).
class CustomerFactsFromCustomers final : public pricing::CustomerFacts {
 public:
  explicit CustomerFactsFromCustomers(customers::CustomersService& customers)
      : customers_(customers) {}
  Result<std::optional<std::string>> KnownPerson(storage::Tx& tx,
                                                 std::string_view customer_id) override {
    OMNI_ASSIGN_OR_RETURN(std::string survivor, customers_.SurvivorOf(tx, customer_id));
    OMNI_ASSIGN_OR_RETURN(bool known, customers_.IsKnownPerson(tx, survivor));
    return known ? std::optional<std::string>(survivor) : std::nullopt;
  }

 private:
  customers::CustomersService& customers_;
};

// Pricing sees the catalogue, the channels and customers through interfaces it declares; the
// app implements them over those modules' services.
const node::Module kPricingViews{
    .name = "pricing_views", .build = [](node::Node& node) -> Result<void> {
      node.Provide<pricing::ProductFacts>(
          std::make_unique<CatalogFacts>(node.Get<catalog::CatalogService>()));
      node.Provide<pricing::ChannelNames>(
          std::make_unique<ChannelNamesFromChannels>(node.Get<channels::ChannelsService>()));
      node.Provide<pricing::CustomerFacts>(std::make_unique<CustomerFactsFromCustomers>(
          node.Get<customers::CustomersService>()));
      return Ok();
    }};

}  // namespace

std::span<const node::Module* const> AllModules() {
  static constexpr const node::Module* kModules[] = {
      &kChangeLog,         &kIdempotency,     &channels::kModule, &customers::kModule,
      &events::kModule,    &catalog::kModule, &kPricingViews,     &pricing::kModule,
      &inventory::kModule, &loyalty::kModule, &carts::kModule,    &orders::kModule,
      &flows::kModule,
  };
  return kModules;
}

}  // namespace omnihub::app
