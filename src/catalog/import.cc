#include <zlib.h>

#include <algorithm>
#include <istream>
#include <streambuf>
#include <unordered_map>
#include <unordered_set>
#include <variant>

#include "catalog/catalog.h"
#include "catalog/codec.h"
#include "catalog/csv.h"
#include "catalog/events.h"
#include "changes/changes.h"

namespace omnihub::catalog {
namespace {

constexpr size_t kMaxPendingSkus = 100000;  // folded SKUs held before an early write

std::string Trimmed(std::string_view text) {
  while (!text.empty() && (text.front() == ' ' || text.front() == '\t')) {
    text.remove_prefix(1);
  }
  while (!text.empty() && (text.back() == ' ' || text.back() == '\t')) {
    text.remove_suffix(1);
  }
  return std::string(text);
}

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

struct Refusal {
  std::string field;
  std::string code;
  std::string message;
};

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

// One folded SKU: the upsert its accepted lines make, and which lines those were.
struct PendingSku {
  SkuUpsert upsert;
  int64_t last_line = 0;
  int64_t lines = 0;
};

// How the columns of a file map onto a SkuUpsert.
class Mapping {
 public:
  virtual ~Mapping() = default;
  // Maps one well-formed record; a refusal names the field and the code.
  virtual std::variant<SkuUpsert, Refusal> Map(const std::vector<std::string>& fields) const = 0;
  // Whether a second line of a SKU replaces the first (true) or is refused (false).
  virtual bool LastLineWins() const = 0;
};

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

// The code of a refusal found while writing a SKU (the service said no).
std::string WriteRefusalCode(const Error& error) {
  const DetailValue* field = error.Detail("field");
  const std::string* name = field == nullptr ? nullptr : std::get_if<std::string>(field);
  if (error.code == ErrorCode::kConflict) {
    return "gtin_taken";
  }
  if (name != nullptr && name->starts_with("categories")) {
    return "unknown_category";
  }
  if (name != nullptr && *name == "title") {
    return "missing_title";
  }
  return "invalid";
}

class Importer {
 public:
  Importer(storage::Database& db, CatalogService& service, const ImportOptions& options,
           ImportReport& report)
      : db_(db), service_(service), options_(options), report_(report) {}

  void Refuse(int64_t line, Refusal refusal, int64_t lines = 1) {
    report_.rejected_lines += lines;
    report_.rejected[refusal.code] += lines;
    if (report_.errors.size() < options_.max_errors) {
      report_.errors.push_back(LineError{.line = line,
                                         .field = std::move(refusal.field),
                                         .code = std::move(refusal.code),
                                         .message = std::move(refusal.message)});
    } else {
      report_.errors_truncated = true;
    }
  }

  Result<void> Accept(int64_t line, SkuUpsert&& upsert, bool last_line_wins) {
    auto [it, added] = index_.try_emplace(upsert.sku, pending_.size());
    if (added) {
      pending_.push_back(PendingSku{.upsert = std::move(upsert), .last_line = line, .lines = 1});
    } else if (last_line_wins) {
      PendingSku& folded = pending_[it->second];
      folded.upsert = std::move(upsert);
      folded.last_line = line;
      ++folded.lines;
    } else {
      Refuse(line, Refusal{"sku", "duplicate_sku",
                           "repeats line " + std::to_string(pending_[it->second].last_line)});
      return Ok();
    }
    ++report_.imported_lines;
    if (pending_.size() >= kMaxPendingSkus) {
      return Flush();
    }
    return Ok();
  }

  // Writes the folded SKUs, chunk_size per transaction.
  Result<void> Flush() {
    const std::string source = "import:" + report_.id.str();
    const size_t chunk = static_cast<size_t>(std::max(1, options_.chunk_size));
    for (size_t from = 0; from < pending_.size(); from += chunk) {
      const size_t to = std::min(pending_.size(), from + chunk);
      using Outcome = std::variant<UpsertOutcome, Error>;
      auto write = [&](storage::Tx& tx) -> Result<std::vector<Outcome>> {
        std::vector<Outcome> outcomes;
        for (size_t idx = from; idx < to; ++idx) {
          Result<UpsertOutcome> done = service_.UpsertSku(tx, pending_[idx].upsert, source);
          if (done.ok()) {
            outcomes.emplace_back(*done);
          } else if (done.error().code == ErrorCode::kInvalidArgument ||
                     done.error().code == ErrorCode::kConflict) {
            // Refused before anything was written for this SKU; the others go on.
            outcomes.emplace_back(std::move(done).error());
          } else {
            return std::move(done).error();
          }
        }
        return outcomes;
      };
      OMNI_ASSIGN_OR_RETURN(std::vector<Outcome> outcomes,
                            db_.InTransaction(write, options_.context));
      for (size_t idx = from; idx < to; ++idx) {
        Count(pending_[idx], std::move(outcomes[idx - from]));
      }
      written_ += static_cast<int64_t>(to - from);
      if (options_.progress) {
        options_.progress(written_, total_ + static_cast<int64_t>(pending_.size()));
      }
    }
    total_ += static_cast<int64_t>(pending_.size());
    pending_.clear();
    index_.clear();
    return Ok();
  }

  void Finish() {
    for (const auto& [sku, outcome] : outcome_by_sku_) {
      ++report_.products;
      switch (outcome) {
        case UpsertOutcome::kCreated:
          ++report_.created;
          break;
        case UpsertOutcome::kUpdated:
          ++report_.updated;
          break;
        case UpsertOutcome::kUnchanged:
          ++report_.unchanged;
          break;
      }
    }
  }

 private:
  void Count(const PendingSku& folded, std::variant<UpsertOutcome, Error> outcome) {
    if (Error* error = std::get_if<Error>(&outcome)) {
      report_.imported_lines -= folded.lines;
      std::string message = error->message;
      if (folded.lines > 1) {
        message += " (and " + std::to_string(folded.lines - 1) + " earlier lines of this SKU)";
      }
      Refuse(folded.last_line, Refusal{"sku", WriteRefusalCode(*error), std::move(message)},
             folded.lines);
      return;
    }
    // A SKU written again after an early flush keeps its first outcome unless it changed now.
    const UpsertOutcome now = std::get<UpsertOutcome>(outcome);
    auto [it, added] = outcome_by_sku_.try_emplace(folded.upsert.sku, now);
    if (!added && it->second == UpsertOutcome::kUnchanged) {
      it->second = now;
    }
  }

  storage::Database& db_;
  CatalogService& service_;
  const ImportOptions& options_;
  ImportReport& report_;
  std::vector<PendingSku> pending_;
  std::unordered_map<std::string, size_t> index_;  // SKU -> its place in pending_
  std::unordered_map<std::string, UpsertOutcome> outcome_by_sku_;
  int64_t written_ = 0;
  int64_t total_ = 0;
};

// Reads a file through zlib, which passes plain files through unchanged.
class GzipBuf final : public std::streambuf {
 public:
  explicit GzipBuf(gzFile file) : file_(file) {}
  ~GzipBuf() override { gzclose(file_); }
  GzipBuf(const GzipBuf&) = delete;
  GzipBuf& operator=(const GzipBuf&) = delete;
  bool failed() const { return failed_; }

 protected:
  int_type underflow() override {
    const int got = gzread(file_, buf_, sizeof(buf_));
    if (got <= 0) {
      failed_ = got < 0;
      return traits_type::eof();
    }
    setg(buf_, buf_, buf_ + got);
    return traits_type::to_int_type(buf_[0]);
  }

 private:
  gzFile file_;
  char buf_[1 << 16];
  bool failed_ = false;
};

}  // namespace

Result<ImportReport> ImportCsv(storage::Database& db, CatalogService& service, std::istream& in,
                               const ImportOptions& options) {
  const SystemClock system_clock;
  const Clock& clock = options.clock != nullptr ? *options.clock : system_clock;
  ImportReport report;
  report.id = ImportId::Generate(clock.Now());
  csv::Reader reader(in);
  csv::Record record;
  if (!reader.Next(record) || !record.malformed.empty()) {
    return Error::InvalidArgument("header", "is missing or malformed");
  }
  std::vector<std::string> header;
  for (const std::string& name : record.fields) {
    header.push_back(Trimmed(name));
  }
  ImportFormat format = options.format;
  if (format == ImportFormat::kAuto) {
    if (ColumnOf(header, {"StockCode"}) >= 0) {
      format = ImportFormat::kOnlineRetail;
    } else if (ColumnOf(header, {"sku"}) >= 0) {
      format = ImportFormat::kOmnihub;
    } else {
      return Error::InvalidArgument("header",
                                    "names neither a sku column (omnihub) nor StockCode "
                                    "(Online Retail)");
    }
  }
  report.format = format;
  OMNI_ASSIGN_OR_RETURN(std::unique_ptr<Mapping> mapping,
                        format == ImportFormat::kOnlineRetail
                            ? OnlineRetailMapping::Make(header)
                            : OmnihubMapping::Make(header, options.currency));
  Importer importer(db, service, options, report);
  while (reader.Next(record)) {
    ++report.lines;
    if (!record.malformed.empty()) {
      importer.Refuse(record.line, Refusal{"line", "malformed_csv", record.malformed});
      continue;
    }
    if (record.fields.size() != header.size()) {
      importer.Refuse(record.line,
                      Refusal{"line", "malformed_csv",
                              "has " + std::to_string(record.fields.size()) +
                                  " fields, the header " + std::to_string(header.size())});
      continue;
    }
    std::variant<SkuUpsert, Refusal> mapped = mapping->Map(record.fields);
    if (Refusal* refusal = std::get_if<Refusal>(&mapped)) {
      importer.Refuse(record.line, std::move(*refusal));
      continue;
    }
    OMNI_TRY(importer.Accept(record.line, std::get<SkuUpsert>(std::move(mapped)),
                             mapping->LastLineWins()));
  }
  if (in.bad()) {
    return Error::Internal("reading the CSV input failed");
  }
  OMNI_TRY(importer.Flush());
  importer.Finish();
  const TimePoint now = clock.Now();
  auto completed = [&](storage::Tx& tx) -> Result<void> {
    OMNI_TRY(changes::Append(tx, events::kImportCompleted, events::CountsOf(report),
                             {.entity_id = report.id.str(), .occurred_at = now}));
    return Ok();
  };
  OMNI_TRY(db.InTransaction(completed, options.context));
  return report;
}

Result<ImportReport> ImportFile(storage::Database& db, CatalogService& service,
                                const std::string& path, const ImportOptions& options) {
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return Error::NotFound("file", path);
  }
  GzipBuf buf(file);
  std::istream in(&buf);
  Result<ImportReport> report = ImportCsv(db, service, in, options);
  if (report.ok() && buf.failed()) {
    return Error::Internal("the file " + path + " is not readable gzip or text");
  }
  return report;
}

}  // namespace omnihub::catalog
