#include "flows/feed_render.h"

#include <string_view>
#include <utility>

#include "core/text.h"

namespace omnihub::flows::feed {
namespace {

// Character data or an attribute value: the five markup characters escaped, and the control
// characters XML 1.0 forbids dropped (tab and line breaks stay).
std::string XmlEscape(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    switch (c) {
      case '&':
        out += "&amp;";
        break;
      case '<':
        out += "&lt;";
        break;
      case '>':
        out += "&gt;";
        break;
      case '"':
        out += "&quot;";
        break;
      case '\'':
        out += "&apos;";
        break;
      case '\t':
      case '\n':
      case '\r':
        out += c;
        break;
      default:
        if (!IsControl(c)) {
          out += c;
        }
    }
  }
  return out;
}

// A TSV cell: Google's tab-delimited files have no quoting, so a tab or line break becomes a
// space and other control characters are dropped.
std::string TsvCell(std::string_view text) {
  std::string out;
  out.reserve(text.size());
  for (char c : text) {
    if (c == '\t' || c == '\n' || c == '\r') {
      out += ' ';
    } else if (!IsControl(c)) {
      out += c;
    }
  }
  return out;
}

// The feed's columns, in order, with each item's value (multi-valued ones comma-joined as the
// TSV form takes them).
const std::vector<std::pair<std::string_view, std::string Item::*>>& Columns() {
  static const std::vector<std::pair<std::string_view, std::string Item::*>> columns = {
      {"id", &Item::id},
      {"item_group_id", &Item::item_group_id},
      {"title", &Item::title},
      {"description", &Item::description},
      {"link", &Item::link},
      {"image_link", &Item::image_link},
      {"availability", &Item::availability},
      {"price", &Item::price},
      {"sale_price", &Item::sale_price},
      {"brand", &Item::brand},
      {"gtin", &Item::gtin},
      {"identifier_exists", &Item::identifier_exists},
      {"condition", nullptr},
      {"product_type", &Item::product_type},
      {"color", &Item::color},
      {"size", &Item::size},
  };
  return columns;
}

constexpr std::string_view kCondition = "new";

void XmlElement(std::string& out, std::string_view name, std::string_view value) {
  if (value.empty()) {
    return;
  }
  out += "      <";
  out += name;
  out += '>';
  out += XmlEscape(value);
  out += "</";
  out += name;
  out += ">\n";
}

}  // namespace

std::string RenderTsv(const std::vector<Item>& items) {
  std::string out;
  std::vector<std::string_view> header;
  for (const auto& [name, member] : Columns()) {
    header.push_back(name);
    if (name == "image_link") {
      header.push_back("additional_image_link");
    }
  }
  for (size_t idx = 0; idx < header.size(); ++idx) {
    out += idx == 0 ? "" : "\t";
    out += header[idx];
  }
  out += '\n';
  for (const Item& item : items) {
    bool first = true;
    auto cell = [&out, &first](std::string_view value) {
      out += first ? "" : "\t";
      out += TsvCell(value);
      first = false;
    };
    for (const auto& [name, member] : Columns()) {
      cell(member == nullptr ? kCondition : std::string_view(item.*member));
      if (name == "image_link") {
        // Google reads several values of one TSV cell separated by commas; URLs escape theirs.
        cell(Join(item.additional_image_links, ","));
      }
    }
    out += '\n';
  }
  return out;
}

std::string RenderXml(const std::vector<Item>& items, int64_t unpriced,
                      const GoogleFeedOptions& options) {
  std::string out =
      "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n"
      "<rss version=\"2.0\" xmlns:g=\"http://base.google.com/ns/1.0\">\n"
      "  <channel>\n";
  out += "    <title>omnihub product feed</title>\n";
  out += "    <link>" + XmlEscape(options.base_url) + "</link>\n";
  out +=
      "    <description>Active products with prices from the pricing engine and availability "
      "from inventory</description>\n";
  // Comments may not hold "--"; these hold only digits and a currency code.
  out += "    <!-- items: " + std::to_string(items.size()) + "; left out without a price in " +
         std::string(options.currency.code()) + ": " + std::to_string(unpriced) + " -->\n";
  for (const Item& item : items) {
    out += "    <item>\n";
    XmlElement(out, "g:id", item.id);
    XmlElement(out, "g:item_group_id", item.item_group_id);
    // RSS 2.0's own item elements carry title, link and description.
    XmlElement(out, "title", item.title);
    XmlElement(out, "description", item.description);
    XmlElement(out, "link", item.link);
    XmlElement(out, "g:image_link", item.image_link);
    for (const std::string& image : item.additional_image_links) {
      XmlElement(out, "g:additional_image_link", image);
    }
    XmlElement(out, "g:availability", item.availability);
    XmlElement(out, "g:price", item.price);
    XmlElement(out, "g:sale_price", item.sale_price);
    XmlElement(out, "g:brand", item.brand);
    XmlElement(out, "g:gtin", item.gtin);
    XmlElement(out, "g:identifier_exists", item.identifier_exists);
    XmlElement(out, "g:condition", kCondition);
    XmlElement(out, "g:product_type", item.product_type);
    XmlElement(out, "g:color", item.color);
    XmlElement(out, "g:size", item.size);
    out += "    </item>\n";
  }
  out += "  </channel>\n</rss>\n";
  return out;
}

}  // namespace omnihub::flows::feed
