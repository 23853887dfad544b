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
#include "catalog/import_mapping.h"
#include "changes/changes.h"

namespace omnihub::catalog {
namespace {

using import::ColumnOf;
using import::Mapping;
using import::Refusal;
using import::Trimmed;

constexpr size_t kMaxPendingSkus = 100000;  // folded SKUs held before an early write

// One folded SKU: the upsert its accepted lines make, and which lines those were.
struct PendingSku {
  SkuUpsert upsert;
  int64_t last_line = 0;
  int64_t lines = 0;
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
                            ? import::OnlineRetail(header)
                            : import::Omnihub(header, options.currency));
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
