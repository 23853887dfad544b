#include "orders/sourcing.h"

#include <algorithm>
#include <cmath>
#include <cstdio>

#include "core/check.h"

namespace omnihub::orders::sourcing {
namespace {

bool RanksBefore(const Site& a, const Site& b) {
  if (a.distance_km.has_value() != b.distance_km.has_value()) {
    return a.distance_km.has_value();
  }
  if (a.distance_km && *a.distance_km != *b.distance_km) {
    return *a.distance_km < *b.distance_km;
  }
  if (a.priority != b.priority) {
    return a.priority > b.priority;
  }
  return a.location_id < b.location_id;
}

int64_t Has(const Site& site, const std::string& sku) {
  auto it = site.available.find(sku);
  return it == site.available.end() ? 0 : std::max<int64_t>(it->second, 0);
}

// Units of `needs` (what is still missing) that `site` can give.
int64_t Covers(const Site& site, const std::vector<Need>& needs) {
  int64_t units = 0;
  for (const Need& need : needs) {
    units += std::min(Has(site, need.sku), need.quantity);
  }
  return units;
}

std::string Where(const Site& site) {
  std::string out = site.name.empty() ? site.location_id : site.name;
  if (site.distance_km) {
    char km[32];
    std::snprintf(km, sizeof km, " (%.0f km)", *site.distance_km);
    out += km;
  }
  return out;
}

}  // namespace

Result<Plan> Choose(const std::vector<Need>& needs, std::vector<Site> sites) {
  std::sort(sites.begin(), sites.end(), RanksBefore);
  int64_t wanted = 0;
  for (const Need& need : needs) {
    wanted += need.quantity;
  }

  // Short lines: what the whole network cannot cover.
  std::vector<std::string> short_skus;
  std::optional<Error> first_short;
  for (const Need& need : needs) {
    int64_t network = 0;
    for (const Site& site : sites) {
      network += Has(site, need.sku);
    }
    if (network < need.quantity) {
      short_skus.push_back(need.sku);
      if (!first_short) {
        first_short = Error::Make(ErrorCode::kInsufficientStock,
                                  "line " + need.sku + ": " + std::to_string(network) + " of " +
                                      std::to_string(need.quantity) +
                                      " available across the shipping locations")
                          .With("sku", need.sku)
                          .With("requested", need.quantity)
                          .With("available", network);
      }
    }
  }
  if (first_short) {
    std::string joined;
    for (const std::string& sku : short_skus) {
      joined += (joined.empty() ? "" : ",") + sku;
    }
    return std::move(*first_short).With("lines", joined);
  }

  Plan plan;
  for (const Site& site : sites) {
    const int64_t units = Covers(site, needs);
    plan.sourcing.considered.push_back({.location_id = site.location_id,
                                        .name = site.name,
                                        .distance_km = site.distance_km,
                                        .priority = site.priority,
                                        .units_available = units,
                                        .serves_all = units == wanted});
  }
  for (const Site& site : sites) {
    if (Covers(site, needs) == wanted) {
      for (const Need& need : needs) {
        plan.allocations.push_back(
            {.sku = need.sku, .location_id = site.location_id, .quantity = need.quantity});
      }
      plan.sourcing.strategy = "single_location";
      plan.sourcing.explanation = "all " + std::to_string(wanted) + " units ship from " +
                                  Where(site) + ", the " +
                                  (site.distance_km ? "nearest" : "highest-priority") +
                                  " location that has the whole order";
      return plan;
    }
  }

  // Greedy cover: the site giving the most missing units first, rank breaking ties.
  std::vector<Need> missing = needs;
  std::vector<bool> used(sites.size(), false);
  std::string parts;
  int shipments = 0;
  for (;;) {
    int64_t left = 0;
    for (const Need& need : missing) {
      left += need.quantity;
    }
    if (left == 0) {
      break;
    }
    size_t best = sites.size();
    int64_t best_units = 0;
    for (size_t i = 0; i < sites.size(); ++i) {
      const int64_t units = used[i] ? 0 : Covers(sites[i], missing);
      if (units > best_units) {
        best = i;
        best_units = units;
      }
    }
    OMNI_CHECK(best < sites.size(), "the network covers every line (checked above)");
    used[best] = true;
    ++shipments;
    for (Need& need : missing) {
      const int64_t take = std::min(Has(sites[best], need.sku), need.quantity);
      if (take > 0) {
        plan.allocations.push_back(
            {.sku = need.sku, .location_id = sites[best].location_id, .quantity = take});
        need.quantity -= take;
      }
    }
    parts +=
        (parts.empty() ? "" : ", ") + std::to_string(best_units) + " from " + Where(sites[best]);
  }
  plan.sourcing.strategy = "split";
  plan.sourcing.explanation = "no single location has all " + std::to_string(wanted) +
                              " units, so the order ships in " + std::to_string(shipments) +
                              " parcels: " + parts;
  return plan;
}

}  // namespace omnihub::orders::sourcing
