#include "catalog/import_mapping.h"

#include <algorithm>

#include "catalog/codec.h"

namespace omnihub::catalog::import {

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

int ColumnOf(const std::vector<std::string>& header,
             std::initializer_list<std::string_view> names) {
  for (size_t idx = 0; idx < header.size(); ++idx) {
    for (std::string_view name : names) {
      if (header[idx] == name) {
        return static_cast<int>(idx);
      }
    }
  }
  return -1;
}

namespace {

// Trimmed, with runs of spaces made one (Online Retail descriptions have both).
std::string Collapsed(std::string_view text) {
  std::string out;
  for (char c : Trimmed(text)) {
    if (c == ' ' && !out.empty() && out.back() == ' ') {
      continue;
    }
    out.push_back(c);
  }
  return out;
}

// "12.5" -> 1250 with two minor digits. Refuses signs other than '-', thousands separators,
// exponents and more decimals than the currency has.
std::variant<int64_t, Refusal> ParseMinor(std::string_view text, int digits,
                                          std::string_view field) {
  const std::string value = Trimmed(text);
  std::string_view rest = value;
  bool negative = false;
  if (!rest.empty() && rest.front() == '-') {
    negative = true;
    rest.remove_prefix(1);
  }
  const size_t dot = rest.find('.');
  const std::string_view whole = rest.substr(0, dot);
  const std::string_view fraction =
      dot == std::string_view::npos ? std::string_view() : rest.substr(dot + 1);
  auto all_digits = [](std::string_view s) {
    return std::all_of(s.begin(), s.end(), [](char c) { return c >= '0' && c <= '9'; });
  };
  if (whole.empty() || whole.size() > 12 || !all_digits(whole) || !all_digits(fraction) ||
      (dot != std::string_view::npos && fraction.empty())) {
    return Refusal{std::string(field), "bad_price", "is not a decimal number like 12.50"};
  }
  std::string_view significant = fraction;
  while (!significant.empty() && significant.back() == '0') {
    significant.remove_suffix(1);  // "6.950" has two decimals' worth of value
  }
  if (significant.size() > static_cast<size_t>(digits)) {
    return Refusal{std::string(field), "price_precision",
                   "has more than " + std::to_string(digits) + " decimals: " + value};
  }
  int64_t minor = 0;
  for (char c : whole) {
    minor = minor * 10 + (c - '0');
  }
  for (int idx = 0; idx < digits; ++idx) {
    minor =
        minor * 10 + (static_cast<size_t>(idx) < significant.size() ? significant[idx] - '0' : 0);
  }
  return negative ? -minor : minor;
}

// UCI Online Retail (II): Invoice,StockCode,Description,Quantity,InvoiceDate,Price,… (README.md).
class OnlineRetailMapping final : public Mapping {
 public:
  static Result<std::unique_ptr<Mapping>> Make(const std::vector<std::string>& header) {
    auto m = std::make_unique<OnlineRetailMapping>();
    m->invoice_ = ColumnOf(header, {"Invoice", "InvoiceNo"});
    m->stock_code_ = ColumnOf(header, {"StockCode"});
    m->description_ = ColumnOf(header, {"Description"});
    m->price_ = ColumnOf(header, {"Price", "UnitPrice"});
    if (m->invoice_ < 0 || m->stock_code_ < 0 || m->description_ < 0 || m->price_ < 0) {
      return Error::InvalidArgument("header",
                                    "needs the columns Invoice, StockCode, Description and Price");
    }
    return std::unique_ptr<Mapping>(std::move(m));
  }

  std::variant<SkuUpsert, Refusal> Map(const std::vector<std::string>& fields) const override {
    const std::string code = Trimmed(fields[stock_code_]);
    if (code.empty()) {
      return Refusal{"StockCode", "missing_sku", "is empty"};
    }
    // Product codes start with a digit (85123A, 22197); POST, M, DOT, BANK CHARGES, gift_…,
    // DCGS… and PADS are fees, manual lines, vouchers and marketplace lines.
    if (code[0] < '0' || code[0] > '9') {
      return Refusal{"StockCode", "non_merchandise", code + " is not a product code"};
    }
    Result<std::string> sku = NormalizeSku(code, "StockCode");
    if (!sku.ok()) {
      return Refusal{"StockCode", "bad_sku", sku.error().message};
    }
    const std::string invoice = Trimmed(fields[invoice_]);
    if (!invoice.empty() && (invoice[0] == 'C' || invoice[0] == 'c')) {
      return Refusal{"Invoice", "cancellation", invoice + " is a cancellation"};
    }
    if (!invoice.empty() && (invoice[0] == 'A' || invoice[0] == 'a')) {
      return Refusal{"Invoice", "adjustment", invoice + " is a bad-debt adjustment"};
    }
    std::string title = Collapsed(fields[description_]);
    if (title.empty()) {
      return Refusal{"Description", "missing_description", "is empty"};
    }
    if (Result<void> text = CheckText(title, "Description", 300); !text.ok()) {
      return Refusal{"Description", "bad_text", text.error().message};
    }
    auto price = ParseMinor(fields[price_], 2, "Price");
    if (auto* refusal = std::get_if<Refusal>(&price)) {
      return *refusal;
    }
    const int64_t minor = std::get<int64_t>(price);
    if (minor <= 0) {
      return Refusal{"Price", "non_positive_price",
                     "is " + Trimmed(fields[price_]) + ": not a selling price"};
    }
    return SkuUpsert{
        .sku = *sku,
        .title_en = std::move(title),
        .list_price = Money{.minor = minor, .currency = Currency::Parse("GBP").value()},
        .attributes = {{"source", "uci_online_retail_ii"}}};
  }

  bool LastLineWins() const override { return true; }

 private:
  int invoice_ = -1;
  int stock_code_ = -1;
  int description_ = -1;
  int price_ = -1;
};

// omnihub's own product CSV (README.md): sku,title_pl,title_en,…, one line per SKU.
class OmnihubMapping final : public Mapping {
 public:
  static Result<std::unique_ptr<Mapping>> Make(const std::vector<std::string>& header,
                                               Currency currency) {
    auto m = std::make_unique<OmnihubMapping>();
    m->currency_ = currency;
    m->sku_ = ColumnOf(header, {"sku"});
    if (m->sku_ < 0) {
      return Error::InvalidArgument("header", "needs a sku column");
    }
    m->title_pl_ = ColumnOf(header, {"title_pl"});
    m->title_en_ = ColumnOf(header, {"title_en"});
    m->description_pl_ = ColumnOf(header, {"description_pl"});
    m->description_en_ = ColumnOf(header, {"description_en"});
    m->category_ = ColumnOf(header, {"category"});
    m->gtin_ = ColumnOf(header, {"gtin"});
    m->price_ = ColumnOf(header, {"price"});
    m->currency_col_ = ColumnOf(header, {"currency"});
    m->status_ = ColumnOf(header, {"status"});
    for (size_t idx = 0; idx < header.size(); ++idx) {
      if (header[idx].starts_with("attr_")) {
        m->attributes_.emplace_back(header[idx].substr(5), static_cast<int>(idx));
      }
    }
    return std::unique_ptr<Mapping>(std::move(m));
  }

  std::variant<SkuUpsert, Refusal> Map(const std::vector<std::string>& fields) const override {
    SkuUpsert up;
    const std::string raw_sku = Trimmed(fields[sku_]);
    if (raw_sku.empty()) {
      return Refusal{"sku", "missing_sku", "is empty"};
    }
    Result<std::string> sku = NormalizeSku(raw_sku);
    if (!sku.ok()) {
      return Refusal{"sku", "bad_sku", sku.error().message};
    }
    up.sku = *sku;
    // An empty cell leaves the stored value as it is.
    auto text = [&](int col, std::string_view name, size_t max,
                    std::optional<std::string>& out) -> std::optional<Refusal> {
      if (col < 0) {
        return std::nullopt;
      }
      std::string value = Trimmed(fields[col]);
      if (value.empty()) {
        return std::nullopt;
      }
      if (Result<void> ok = CheckText(value, name, max); !ok.ok()) {
        return Refusal{std::string(name), "bad_text", ok.error().message};
      }
      out = std::move(value);
      return std::nullopt;
    };
    for (auto refusal :
         {text(title_pl_, "title_pl", 300, up.title_pl),
          text(title_en_, "title_en", 300, up.title_en),
          text(description_pl_, "description_pl", 20000, up.description_pl),
          text(description_en_, "description_en", 20000, up.description_en),
          text(category_, "category", 64, up.category), text(gtin_, "gtin", 14, up.gtin)}) {
      if (refusal) {
        return *refusal;
      }
    }
    if (up.category) {
      if (Result<void> ok = CheckSlug(*up.category, "category"); !ok.ok()) {
        return Refusal{"category", "bad_category", ok.error().message};
      }
    }
    if (up.gtin) {
      Result<std::string> gtin = ValidateGtin(*up.gtin);
      if (!gtin.ok()) {
        return Refusal{"gtin", "bad_gtin", gtin.error().message};
      }
    }
    Currency currency = currency_;
    if (currency_col_ >= 0 && !Trimmed(fields[currency_col_]).empty()) {
      Result<Currency> parsed = Currency::Parse(Trimmed(fields[currency_col_]));
      if (!parsed.ok()) {
        return Refusal{"currency", "unknown_currency", "is not a known ISO 4217 code"};
      }
      currency = *parsed;
    }
    if (price_ >= 0 && !Trimmed(fields[price_]).empty()) {
      auto price = ParseMinor(fields[price_], currency.minor_digits(), "price");
      if (auto* refusal = std::get_if<Refusal>(&price)) {
        return *refusal;
      }
      if (std::get<int64_t>(price) <= 0) {
        return Refusal{"price", "non_positive_price", "must be more than zero"};
      }
      up.list_price = Money{.minor = std::get<int64_t>(price), .currency = currency};
    }
    if (status_ >= 0 && !Trimmed(fields[status_]).empty()) {
      Result<ProductStatus> status = ParseEnum<ProductStatus>(Trimmed(fields[status_]), "status");
      if (!status.ok()) {
        return Refusal{"status", "bad_status", status.error().message};
      }
      up.status = *status;
    }
    for (const auto& [name, col] : attributes_) {
      std::string value = Trimmed(fields[col]);
      if (!value.empty()) {
        up.attributes[name] = std::move(value);
      }
    }
    if (Result<void> ok = CheckAttributes(up.attributes, "attr"); !ok.ok()) {
      return Refusal{"attr", "bad_attribute", ok.error().message};
    }
    return up;
  }

  bool LastLineWins() const override { return false; }

 private:
  Currency currency_ = Currency::Pln();
  int sku_ = -1, title_pl_ = -1, title_en_ = -1, description_pl_ = -1, description_en_ = -1;
  int category_ = -1, gtin_ = -1, price_ = -1, currency_col_ = -1, status_ = -1;
  std::vector<std::pair<std::string, int>> attributes_;
};

}  // namespace

Result<std::unique_ptr<Mapping>> OnlineRetail(const std::vector<std::string>& header) {
  return OnlineRetailMapping::Make(header);
}

Result<std::unique_ptr<Mapping>> Omnihub(const std::vector<std::string>& header,
                                         Currency currency) {
  return OmnihubMapping::Make(header, currency);
}

}  // namespace omnihub::catalog::import
