#include <array>
#include <charconv>
#include <cmath>
#include <span>

#include "core/money.h"
#include "events/segment.h"

namespace omnihub::events {
namespace {

// Segment E-commerce spec v2, in its own order.
constexpr std::array<std::string_view, 27> kCommerceEvents = {
    "Products Searched",
    "Product List Viewed",
    "Product List Filtered",
    "Promotion Viewed",
    "Promotion Clicked",
    "Product Clicked",
    "Product Viewed",
    "Product Added",
    "Product Removed",
    "Cart Viewed",
    "Checkout Started",
    "Checkout Step Viewed",
    "Checkout Step Completed",
    "Payment Info Entered",
    "Order Updated",
    "Order Completed",
    "Order Refunded",
    "Order Cancelled",
    "Coupon Entered",
    "Coupon Applied",
    "Coupon Denied",
    "Coupon Removed",
    "Product Added to Wishlist",
    "Product Removed from Wishlist",
    "Wishlist Product Added to Cart",
    "Product Shared",
    "Product Reviewed",
};

// Events whose properties describe one product rather than carrying `products`.
constexpr std::array<std::string_view, 9> kSingleProductEvents = {
    "Product Clicked",
    "Product Viewed",
    "Product Added",
    "Product Removed",
    "Product Added to Wishlist",
    "Product Removed from Wishlist",
    "Wishlist Product Added to Cart",
    "Product Shared",
    "Product Reviewed",
};

// Amounts the spec defines; each must be a number >= 0 wherever it appears.
constexpr std::array<std::string_view, 8> kAmounts = {
    "price", "revenue", "total", "subtotal", "value", "shipping", "tax", "discount",
};

bool Contains(std::span<const std::string_view> names, std::string_view name) {
  for (std::string_view candidate : names) {
    if (candidate == name) {
      return true;
    }
  }
  return false;
}

Error NotAnAmount(std::string_view field) {
  return FieldError(kInvalidField, field, "must be a number >= 0");
}

Error OutOfRange(std::string_view field) {
  return FieldError(kInvalidField, field, "is out of range");
}

// Multiplies `value` by 10^exponent. False on overflow.
bool ScaleUp(int64_t& value, int exponent) {
  for (int step = 0; step < exponent; ++step) {
    if (__builtin_mul_overflow(value, 10, &value)) {
      return false;
    }
  }
  return true;
}

struct Amounts {
  std::optional<int64_t> price;
  std::optional<int64_t> revenue;
  std::optional<int64_t> total;
};

// Checks every amount of `object` and returns the ones kept in columns.
Result<Amounts> ReadAmounts(const json::Value& object, std::string_view prefix, int minor_digits) {
  Amounts out;
  for (std::string_view key : kAmounts) {
    const json::Value* member = object.Find(key);
    if (member == nullptr || member->is_null()) {
      continue;
    }
    OMNI_ASSIGN_OR_RETURN(int64_t minor,
                          ToMinorUnits(*member, minor_digits, FieldPath(prefix, key)));
    if (key == "price") {
      out.price = minor;
    } else if (key == "revenue") {
      out.revenue = minor;
    } else if (key == "total") {
      out.total = minor;
    }
  }
  return out;
}

Result<std::optional<int64_t>> ReadQuantity(const json::Value& object, std::string_view prefix) {
  const json::Value* member = object.Find("quantity");
  if (member == nullptr || member->is_null()) {
    return std::optional<int64_t>();
  }
  if (std::optional<int64_t> whole = member->AsInt(); whole && *whole >= 0) {
    return std::optional<int64_t>(*whole);
  }
  // 2.0 from clients whose numbers are all floating point is still a whole quantity.
  if (std::optional<double> number = member->AsDouble();
      number && *number >= 0 && *number < 9e15 && std::floor(*number) == *number) {
    return std::optional<int64_t>(static_cast<int64_t>(*number));
  }
  return FieldError(kInvalidField, FieldPath(prefix, "quantity"), "must be an integer >= 0");
}

Result<Product> ReadProduct(const json::Value& object, std::string_view prefix, int position,
                            int minor_digits) {
  Product product;
  product.position = position;
  OMNI_ASSIGN_OR_RETURN(std::string product_id, IdMember(object, "product_id", prefix));
  OMNI_ASSIGN_OR_RETURN(std::string sku, IdMember(object, "sku", prefix));
  if (!product_id.empty()) {
    product.product_id = std::move(product_id);
  }
  if (!sku.empty()) {
    product.sku = std::move(sku);
  }
  OMNI_ASSIGN_OR_RETURN(Amounts amounts, ReadAmounts(object, prefix, minor_digits));
  product.price_minor = amounts.price;
  OMNI_ASSIGN_OR_RETURN(product.quantity, ReadQuantity(object, prefix));
  return product;
}

Result<std::string> ReadCurrency(const json::Value& properties, std::string_view prefix) {
  const json::Value* member = properties.Find("currency");
  if (member == nullptr || member->is_null()) {
    return std::string();
  }
  const std::string* code = member->AsString();
  bool letters = code != nullptr && code->size() == 3;
  std::string upper;
  for (size_t char_idx = 0; letters && char_idx < 3; ++char_idx) {
    const char c = (*code)[char_idx];
    letters = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
    upper += static_cast<char>(c >= 'a' ? c - 'a' + 'A' : c);
  }
  if (!letters) {
    return FieldError(kInvalidField, FieldPath(prefix, "currency"),
                      "must be an ISO 4217 code like PLN");
  }
  return upper;
}

// ISO 4217 minor digits where core knows the currency; two (the common case) otherwise.
int MinorDigits(std::string_view code) {
  Result<Currency> known = Currency::Parse(code);
  return known.ok() ? known->minor_digits() : 2;
}

}  // namespace

bool IsCommerceEvent(std::string_view event_name) { return Contains(kCommerceEvents, event_name); }

Result<int64_t> ToMinorUnits(const json::Value& number, int minor_digits, std::string_view field) {
  if (std::optional<int64_t> whole = number.AsInt()) {
    int64_t minor = *whole;
    if (minor < 0) {
      return NotAnAmount(field);
    }
    if (!ScaleUp(minor, minor_digits)) {
      return OutOfRange(field);
    }
    return minor;
  }
  std::optional<double> value = number.AsDouble();
  if (!value || !std::isfinite(*value) || *value < 0) {
    return NotAnAmount(field);
  }
  // The shortest text that reads back as this double is the decimal the sender wrote
  // (129.99, not 129.990000000000009…), so rounding works on what was meant. Scientific, so
  // the digits are the at most 17 significant ones: the plain shortest form writes 4.9e20 as
  // 21 digits, which overflowed the loop below (found by fuzzing, issue 12).
  char text[32];
  const auto [end, ec] =
      std::to_chars(text, text + sizeof(text), *value, std::chars_format::scientific);
  OMNI_CHECK(ec == std::errc(), "32 bytes hold the shortest form of any double");
  int64_t digits = 0;  // the significant digits, as an integer
  int exponent = 0;    // value = digits * 10^exponent
  int significant = 0;
  bool after_point = false;
  const char* pos = text;
  for (; pos != end && *pos != 'e'; ++pos) {
    if (*pos == '.') {
      after_point = true;
      continue;
    }
    if (digits == 0 && *pos == '0') {
      exponent -= after_point ? 1 : 0;  // leading zeros carry no digits
      continue;
    }
    digits = digits * 10 + (*pos - '0');  // at most 17 significant digits: no overflow
    ++significant;
    exponent -= after_point ? 1 : 0;
  }
  if (pos != end) {
    int written = 0;
    const char* from = pos + 1 + (pos[1] == '+' ? 1 : 0);
    std::from_chars(from, end, written);
    exponent += written;
  }
  exponent += minor_digits;
  if (exponent >= 0) {
    if (!ScaleUp(digits, exponent)) {
      return OutOfRange(field);
    }
    return digits;
  }
  if (-exponent > significant) {
    return int64_t{0};  // below half a minor unit
  }
  int64_t divisor = 1;
  for (int step = 1; step < -exponent; ++step) {
    divisor *= 10;
  }
  const int64_t first_dropped = (digits / divisor) % 10;
  const int64_t kept = digits / divisor / 10;
  return kept + (first_dropped >= 5 ? 1 : 0);
}

Result<Commerce> DecodeCommerce(std::string_view event_name, const json::Value* properties,
                                std::string_view prefix, std::string_view default_currency) {
  Commerce commerce;
  commerce.is_commerce = IsCommerceEvent(event_name);
  if (!commerce.is_commerce || properties == nullptr) {
    return commerce;
  }
  OMNI_ASSIGN_OR_RETURN(std::string currency, ReadCurrency(*properties, prefix));
  const int minor_digits = MinorDigits(currency.empty() ? default_currency : currency);
  OMNI_ASSIGN_OR_RETURN(std::string order_id, IdMember(*properties, "order_id", prefix));
  if (!order_id.empty()) {
    commerce.order_id = std::move(order_id);
  }
  OMNI_ASSIGN_OR_RETURN(Amounts amounts, ReadAmounts(*properties, prefix, minor_digits));
  commerce.revenue_minor = amounts.revenue ? amounts.revenue : amounts.total;
  bool has_amount = commerce.revenue_minor.has_value();

  if (const json::Value* products = properties->Find("products");
      products != nullptr && !products->is_null()) {
    const json::Array* items = products->AsArray();
    if (items == nullptr) {
      return FieldError(kInvalidField, FieldPath(prefix, "products"), "must be an array");
    }
    commerce.products.reserve(items->size());
    for (size_t product_idx = 0; product_idx < items->size(); ++product_idx) {
      const std::string product_prefix =
          FieldPath(prefix, "products[" + std::to_string(product_idx) + "]");
      const json::Value& item = (*items)[product_idx];
      if (!item.is_object()) {
        return FieldError(kInvalidField, product_prefix, "must be an object");
      }
      OMNI_ASSIGN_OR_RETURN(
          Product product,
          ReadProduct(item, product_prefix, static_cast<int>(product_idx), minor_digits));
      has_amount = has_amount || product.price_minor.has_value();
      commerce.products.push_back(std::move(product));
    }
  } else if (Contains(kSingleProductEvents, event_name)) {
    OMNI_ASSIGN_OR_RETURN(Product product, ReadProduct(*properties, prefix, 0, minor_digits));
    if (product.product_id || product.sku || product.price_minor) {
      has_amount = has_amount || product.price_minor.has_value();
      commerce.products.push_back(std::move(product));
    }
  }
  commerce.product_count = static_cast<int64_t>(commerce.products.size());
  if (!currency.empty()) {
    commerce.currency = std::move(currency);
  } else if (has_amount) {
    commerce.currency = std::string(default_currency);
  }
  return commerce;
}

}  // namespace omnihub::events
