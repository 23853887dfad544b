// The catalogue's small value rules: SKU normal form, GTIN check digits, enum names.
#include "catalog/catalog.h"
#include "core/text.h"

namespace omnihub::catalog {
namespace {

bool SkuChar(char c) {
  return (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '.' || c == '_' || c == '-';
}

}  // namespace

Result<std::string> NormalizeSku(std::string_view text, std::string_view field) {
  std::string sku(Trim(text));
  for (char& c : sku) {
    if (c >= 'a' && c <= 'z') {
      c = static_cast<char>(c - 'a' + 'A');
    }
    if (!SkuChar(c)) {
      return Error::InvalidArgument(field, "must be 1 to 64 of A-Z, 0-9, '.', '_', '-'");
    }
  }
  if (sku.empty() || sku.size() > 64) {
    return Error::InvalidArgument(field, "must be 1 to 64 of A-Z, 0-9, '.', '_', '-'");
  }
  return sku;
}

Result<std::string> ValidateGtin(std::string_view text, std::string_view field) {
  const std::string_view gtin = Trim(text);
  if (gtin.size() != 8 && gtin.size() != 12 && gtin.size() != 13 && gtin.size() != 14) {
    return Error::InvalidArgument(field, "must have 8, 12, 13 or 14 digits")
        .With("reason", "length");
  }
  // GS1: from the right, excluding the check digit, weights alternate 3, 1, 3, …
  int sum = 0;
  for (size_t idx = 0; idx < gtin.size(); ++idx) {
    const char c = gtin[idx];
    if (c < '0' || c > '9') {
      return Error::InvalidArgument(field, "must contain digits only").With("reason", "digits");
    }
    if (idx + 1 < gtin.size()) {
      const size_t from_right = gtin.size() - 1 - idx;  // 1 for the digit next to the check
      sum += (c - '0') * (from_right % 2 == 1 ? 3 : 1);
    }
  }
  const int check = (10 - sum % 10) % 10;
  if (gtin.back() - '0' != check) {
    return Error::InvalidArgument(field, "has a wrong check digit")
        .With("reason", "check_digit")
        .With("expected", int64_t{check});
  }
  return std::string(gtin);
}

}  // namespace omnihub::catalog
