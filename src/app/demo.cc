#include "app/app.h"
#include "channels/channels.h"
#include "core/json.h"

namespace omnihub::app {
namespace {

// "Szczyt Sport": a Polish sporting-goods chain (SPEC.md §4). Its ids and keys are fixed so the
// README's curl examples work on every machine; they are for the demo database only.
constexpr std::string_view kRetailer = "Szczyt Sport";

struct DemoLocation {
  std::string_view name;
  std::string_view id;
};
constexpr DemoLocation kLocations[] = {
    {"krakow", "loc_01JDEM0000KRK0000000000000"},
    {"warszawa", "loc_01JDEM0000WAW0000000000000"},
    {"gdansk", "loc_01JDEM0000GDN0000000000000"},
    {"warehouse", "loc_01JDEM0000D2W0000000000000"},  // central warehouse near Łódź
};

struct DemoChannelSpec {
  std::string_view name;
  channels::ChannelType type;
  channels::FunnelRole funnel;
  std::string_view location;  // a kLocations name, stores only
};
constexpr DemoChannelSpec kChannels[] = {
    {"web", channels::ChannelType::kWeb, channels::FunnelRole::kConversion, ""},
    {"app", channels::ChannelType::kApp, channels::FunnelRole::kRetention, ""},
    {"social", channels::ChannelType::kSocial, channels::FunnelRole::kAcquisition, ""},
    {"email", channels::ChannelType::kEmail, channels::FunnelRole::kRetention, ""},
    {"chat", channels::ChannelType::kChat, channels::FunnelRole::kConversion, ""},
    {"call_center", channels::ChannelType::kCallCenter, channels::FunnelRole::kConversion, ""},
    {"store_krakow", channels::ChannelType::kStore, channels::FunnelRole::kConversion, "krakow"},
    {"store_warszawa", channels::ChannelType::kStore, channels::FunnelRole::kConversion,
     "warszawa"},
    {"store_gdansk", channels::ChannelType::kStore, channels::FunnelRole::kConversion, "gdansk"},
};

std::string LocationId(std::string_view name) {
  for (const DemoLocation& location : kLocations) {
    if (location.name == name) {
      return std::string(location.id);
    }
  }
  return {};
}

std::string DemoKey(std::string_view name) { return "ohk_demo_" + std::string(name); }
std::string DemoWriteKey(std::string_view name) { return "owk_demo_" + std::string(name); }

Result<void> CreateDemo(channels::ChannelsService& service, storage::Tx& tx) {
  for (const DemoChannelSpec& spec : kChannels) {
    channels::NewChannel req{.type = spec.type,
                             .name = std::string(spec.name),
                             .funnel_role = spec.funnel,
                             .fixed_write_key_for_demo = DemoWriteKey(spec.name)};
    if (!spec.location.empty()) {
      req.location_id = LocationId(spec.location);
    }
    OMNI_ASSIGN_OR_RETURN(channels::CreatedChannel created, service.CreateChannel(tx, req));
    channels::NewKey key{.role = spec.type == channels::ChannelType::kStore
                                     ? http::Role::kStoreAssociate
                                     : http::Role::kChannel,
                         .channel_id = created.channel.id.str(),
                         .location_id = created.channel.location_id,
                         .name = "demo " + std::string(spec.name),
                         .fixed_secret_for_demo = DemoKey(spec.name)};
    OMNI_TRY(service.CreateKey(tx, key));
    if (spec.name == "call_center") {
      OMNI_TRY(service.CreateKey(tx, {.role = http::Role::kAgent,
                                      .channel_id = created.channel.id.str(),
                                      .name = "demo agent",
                                      .fixed_secret_for_demo = DemoKey("agent")}));
    }
  }
  OMNI_TRY(service.CreateKey(tx, {.role = http::Role::kAdmin,
                                  .name = "demo admin",
                                  .fixed_secret_for_demo = DemoKey("admin")}));
  OMNI_TRY(service.CreateKey(tx, {.role = http::Role::kAnalyst,
                                  .name = "demo analyst",
                                  .fixed_secret_for_demo = DemoKey("analyst")}));
  return Ok();
}

}  // namespace

Result<Demo> LoadDemo(Platform& p) {
  channels::ChannelsService& service = p.Get<channels::ChannelsService>();
  auto load = [&service](storage::Tx& tx) -> Result<bool> {
    OMNI_ASSIGN_OR_RETURN(std::optional<channels::Channel> web,
                          service.FindChannelByName(tx, kChannels[0].name));
    if (web) {
      return false;
    }
    // The demo's keys are public knowledge: never add them to a database in real use.
    OMNI_ASSIGN_OR_RETURN(std::vector<channels::Channel> existing, service.ListChannels(tx));
    if (!existing.empty()) {
      return Error::Conflict(
          "this database already has channels and is not the demo's: the demo's well-known keys "
          "are only ever added to a new database");
    }
    OMNI_TRY(CreateDemo(service, tx));
    return true;
  };
  Demo demo;
  demo.retailer = std::string(kRetailer);
  OMNI_ASSIGN_OR_RETURN(demo.created_now, p.db().InTransaction(load));

  OMNI_ASSIGN_OR_RETURN(std::vector<channels::Channel> all,
                        p.db().Read([&](storage::Tx& tx) { return service.ListChannels(tx); }));
  for (const DemoChannelSpec& spec : kChannels) {
    for (const channels::Channel& channel : all) {
      if (channel.name == spec.name) {
        demo.channels.push_back({.name = channel.name,
                                 .id = channel.id.str(),
                                 .type = std::string(NameOf(channel.type)),
                                 .funnel_role = std::string(NameOf(channel.funnel_role)),
                                 .location_id = channel.location_id.value_or(""),
                                 .write_key = DemoWriteKey(spec.name)});
      }
    }
  }
  for (const DemoLocation& location : kLocations) {
    demo.locations.emplace_back(location.name, location.id);
  }
  for (std::string_view name : {"admin", "agent", "analyst"}) {
    demo.keys.emplace_back(name, DemoKey(name));
  }
  for (const DemoChannelSpec& spec : kChannels) {
    demo.keys.emplace_back(spec.name, DemoKey(spec.name));
  }
  if (demo.created_now) {
    OMNI_TRY(LoadDemoCatalog(p, demo));
    OMNI_TRY(LoadDemoStock(p));
    OMNI_TRY(LoadDemoCustomers(p, demo));
  }
  OMNI_ASSIGN_OR_RETURN(demo.customers, DemoCustomers(p));
  if (demo.created_now) {
    OMNI_TRY(LoadDemoCarts(p, demo));
    OMNI_TRY(LoadDemoOrders(p, demo));
  }
  OMNI_TRY(DescribeDemoOrders(p, demo));
  return demo;
}

namespace {

std::string Find(const std::vector<std::pair<std::string, std::string>>& names,
                 std::string_view key, bool by_name) {
  for (const auto& [name, id] : names) {
    if ((by_name ? name : id) == key) {
      return by_name ? id : name;
    }
  }
  return {};
}

// The value of `field`, or JSON null for "".
void OptionalField(json::Writer& w, std::string_view field, const std::string& value) {
  w.Key(field);
  if (value.empty()) {
    w.Null();
  } else {
    w.String(value);
  }
}

}  // namespace

std::string Demo::ChannelId(std::string_view name) const {
  for (const DemoChannel& channel : channels) {
    if (channel.name == name) {
      return channel.id;
    }
  }
  return {};
}
std::string Demo::ChannelName(std::string_view id) const {
  for (const DemoChannel& channel : channels) {
    if (channel.id == id) {
      return channel.name;
    }
  }
  return {};
}
std::string Demo::LocationId(std::string_view name) const { return Find(locations, name, true); }
std::string Demo::LocationName(std::string_view id) const { return Find(locations, id, false); }
std::string Demo::CustomerId(std::string_view name) const { return Find(customers, name, true); }
std::string Demo::CustomerName(std::string_view id) const { return Find(customers, id, false); }

std::string DemoJson(const Demo& demo) {
  json::Writer w;
  w.BeginObject().Field("retailer", demo.retailer);
  w.Key("channels").BeginArray();
  for (const DemoChannel& channel : demo.channels) {
    w.BeginObject()
        .Field("id", channel.id)
        .Field("name", channel.name)
        .Field("type", channel.type)
        .Field("funnel_role", channel.funnel_role);
    w.Key("location_id");
    if (channel.location_id.empty()) {
      w.Null();
    } else {
      w.String(channel.location_id);
    }
    w.Field("write_key", channel.write_key).EndObject();
  }
  w.EndArray();
  w.Key("locations").BeginObject();
  for (const auto& [name, id] : demo.locations) {
    w.Field(name, id);
  }
  w.EndObject();
  w.Key("keys").BeginObject();
  for (const auto& [name, key] : demo.keys) {
    w.Field(name, key);
  }
  w.EndObject();
  w.Key("customers").BeginObject();
  for (const auto& [name, id] : demo.customers) {
    w.Field(name, id);
  }
  w.EndObject();
  w.Key("carts").BeginArray();
  for (const DemoCart& cart : demo.carts) {
    w.BeginObject().Field("id", cart.id).Field("owner", cart.owner);
    OptionalField(w, "customer_id", cart.customer_id);
    w.Field("channel", cart.channel)
        .Field("status", cart.status)
        .Field("fulfilment", cart.fulfilment);
    OptionalField(w, "store", cart.store);
    OptionalField(w, "location_id", cart.location_id);
    w.Field("lines", cart.lines);
    w.Key("coupons").BeginArray();
    for (const std::string& code : cart.coupons) {
      w.String(code);
    }
    w.EndArray();
    OptionalField(w, "order_id", cart.order_id);
    w.EndObject();
  }
  w.EndArray();
  w.Key("orders").BeginArray();
  for (const DemoOrder& order : demo.orders) {
    w.BeginObject()
        .Field("id", order.id)
        .Field("number", order.number)
        .Field("state", order.state)
        .Field("fulfilment", order.fulfilment);
    OptionalField(w, "customer", order.customer);
    OptionalField(w, "customer_id", order.customer_id);
    w.Field("channel", order.channel);
    OptionalField(w, "store", order.store);
    OptionalField(w, "location_id", order.location_id);
    OptionalField(w, "cart_id", order.cart_id);
    w.EndObject();
  }
  w.EndArray().EndObject();
  return w.Take();
}

}  // namespace omnihub::app
