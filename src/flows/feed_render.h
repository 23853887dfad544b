#pragma once

#include <cstdint>
#include <string>
#include <vector>

#include "flows/feeds.h"

// How the Google Merchant feed is written: one Item per variant, rendered as RSS 2.0 with the
// g: namespace or as Google's tab-separated file. Private to flows/feeds.cc.
namespace omnihub::flows::feed {

// What one feed row says, before it is written as XML or TSV.
struct Item {
  std::string id;
  std::string item_group_id;
  std::string title;
  std::string description;
  std::string link;
  std::string image_link;
  std::vector<std::string> additional_image_links;
  std::string availability;
  std::string price;
  std::string sale_price;
  std::string brand;
  std::string gtin;
  std::string identifier_exists;
  std::string product_type;
  std::string color;
  std::string size;
};

std::string RenderTsv(const std::vector<Item>& items);
// `unpriced`: the variants left out for want of a price, told in a comment.
std::string RenderXml(const std::vector<Item>& items, int64_t unpriced,
                      const GoogleFeedOptions& options);

}  // namespace omnihub::flows::feed
