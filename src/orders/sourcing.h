#pragma once

#include <cstdint>
#include <map>
#include <optional>
#include <string>
#include <vector>

#include "core/result.h"
#include "orders/types.h"

// Sourcing for ship and parcel-locker orders: which locations send which units. Pure: the
// service reads stock and locations, this decides.
namespace omnihub::orders::sourcing {

struct Need {
  std::string sku;
  int64_t quantity = 0;
};

// A location that may ship, with what it has of the order's SKUs.
struct Site {
  std::string location_id;
  std::string name;
  std::optional<double> distance_km;  // to the delivery point, when known
  int64_t priority = 0;
  std::map<std::string, int64_t> available;  // sku → units available to promise
};

struct Plan {
  std::vector<Allocation> allocations;  // hold_id empty: the caller holds them
  Sourcing sourcing;
};

// Ranks sites nearest first (unknown distances last), higher priority first on a tie, then by
// id. One site that has every unit wins ("single_location"); otherwise units are split over
// as few sites as a greedy cover finds, taking from the site that can give the most first
// ("split"). Errors: kInsufficientStock naming the lines the whole network cannot cover
// (details sku, requested, available; details.lines lists every short SKU).
Result<Plan> Choose(const std::vector<Need>& needs, std::vector<Site> sites);

}  // namespace omnihub::orders::sourcing
