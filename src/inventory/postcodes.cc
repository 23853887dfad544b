// Polish postcodes to coordinates, for "nearest store with stock" from a postcode. Without an
// outside geocoder the resolution is the postal district (the first two digits): its main
// town. Good enough to rank stores tens of kilometres apart; a street-level geocoder is an
// integration for later.
#include <array>
#include <cctype>

#include "inventory/inventory.h"

namespace omnihub::inventory {
namespace {

struct District {
  int prefix;  // the first two digits
  double lat;
  double lon;
};

// District main towns. Where a district is not listed, its zone (first digit) is used.
constexpr District kDistricts[] = {
    {0, 52.230, 21.011},  {1, 52.230, 21.011},  {2, 52.230, 21.011},  {3, 52.230, 21.011},
    {4, 52.230, 21.011},  {5, 52.100, 21.000},  {9, 52.547, 19.706},  {10, 53.778, 20.480},
    {11, 53.778, 20.480}, {15, 53.133, 23.164}, {18, 53.178, 22.059}, {19, 53.828, 22.362},
    {20, 51.246, 22.568}, {22, 51.143, 23.472}, {24, 51.416, 21.969}, {25, 50.866, 20.628},
    {26, 51.403, 21.147}, {30, 50.062, 19.938}, {31, 50.062, 19.938}, {32, 50.100, 19.800},
    {33, 50.013, 20.986}, {34, 49.483, 20.032}, {35, 50.041, 21.999}, {37, 49.784, 22.768},
    {38, 49.688, 21.770}, {39, 50.287, 21.424}, {40, 50.265, 19.024}, {41, 50.286, 18.955},
    {42, 50.811, 19.120}, {43, 49.822, 19.044}, {44, 50.294, 18.667}, {45, 50.675, 17.921},
    {46, 50.675, 17.921}, {48, 50.474, 17.334}, {50, 51.108, 17.038}, {51, 51.108, 17.038},
    {52, 51.108, 17.038}, {53, 51.108, 17.038}, {54, 51.108, 17.038}, {58, 50.771, 16.284},
    {59, 51.207, 16.155}, {60, 52.406, 16.925}, {61, 52.406, 16.925}, {62, 52.535, 17.583},
    {63, 51.761, 18.091}, {64, 51.843, 16.575}, {65, 51.935, 15.506}, {66, 52.731, 15.238},
    {70, 53.428, 14.553}, {71, 53.428, 14.553}, {72, 53.910, 14.247}, {73, 53.336, 15.050},
    {75, 54.194, 16.172}, {76, 54.464, 17.028}, {80, 54.352, 18.646}, {81, 54.518, 18.531},
    {82, 54.156, 19.404}, {83, 53.966, 18.529}, {84, 54.606, 18.235}, {85, 53.123, 18.008},
    {86, 53.123, 18.008}, {87, 53.013, 18.598}, {88, 52.798, 18.261}, {90, 51.759, 19.456},
    {91, 51.759, 19.456}, {92, 51.759, 19.456}, {93, 51.759, 19.456}, {94, 51.759, 19.456},
    {95, 51.850, 19.450}, {96, 51.955, 20.159}, {97, 51.405, 19.703}, {98, 51.596, 18.731},
    {99, 52.231, 19.356},
};

// Zones by first digit: Warszawa, Olsztyn, Lublin, Kraków, Katowice, Wrocław, Poznań,
// Szczecin, Gdańsk, Łódź.
constexpr std::array<District, 10> kZones = {{{0, 52.230, 21.011},
                                              {1, 53.778, 20.480},
                                              {2, 51.246, 22.568},
                                              {3, 50.062, 19.938},
                                              {4, 50.265, 19.024},
                                              {5, 51.108, 17.038},
                                              {6, 52.406, 16.925},
                                              {7, 53.428, 14.553},
                                              {8, 54.352, 18.646},
                                              {9, 51.759, 19.456}}};

}  // namespace

Result<GeoPoint> PostcodePoint(std::string_view postcode) {
  std::string digits;
  for (char c : postcode) {
    if (std::isdigit(static_cast<unsigned char>(c))) {
      digits += c;
    } else if (c != '-' && c != ' ') {
      digits.clear();
      break;
    }
  }
  if (digits.size() != 5) {
    return Error::InvalidArgument("postcode", "must be a Polish postcode like 31-019");
  }
  const int prefix = (digits[0] - '0') * 10 + (digits[1] - '0');
  for (const District& district : kDistricts) {
    if (district.prefix == prefix) {
      return GeoPoint{.lat = district.lat, .lon = district.lon};
    }
  }
  const District& zone = kZones[static_cast<size_t>(digits[0] - '0')];
  return GeoPoint{.lat = zone.lat, .lon = zone.lon};
}

}  // namespace omnihub::inventory
