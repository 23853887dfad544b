#include "catalog/catalog.h"

#include <gtest/gtest.h>
#include <zlib.h>

#include <chrono>
#include <set>
#include <sstream>

#include "catalog/events.h"
#include "changes/changes.h"
#include "testing/db_test.h"

namespace omnihub::catalog {
namespace {

class ImportTest : public test::DbTest {
 public:  // CheckRealFile drives the fixture
  using test::DbTest::backend;
  using test::DbTest::db;

 protected:
  std::vector<storage::MigrationSet> Migrations() const override {
    return {changes::Migrations(), catalog::Migrations()};
  }
  Result<ImportReport> Import(const std::string& text, ImportOptions options = {}) {
    options.clock = &clock_;
    std::istringstream in(text);
    return ImportCsv(db(), *service_, in, options);
  }
  std::optional<SkuInfo> Find(std::string_view sku) {
    return db().Read([&](storage::Tx& tx) { return service_->FindBySku(tx, sku); }).value();
  }
  std::vector<changes::StoredChange> Changes() {
    return db().Read([](storage::Tx& tx) { return changes::Read(tx, {.limit = 1000}); }).value();
  }
  static const LineError* ErrorAt(const ImportReport& report, int64_t line) {
    for (const LineError& error : report.errors) {
      if (error.line == line) {
        return &error;
      }
    }
    return nullptr;
  }

  friend void CheckRealFile(ImportTest& t, const std::string& path, int64_t readme_lines,
                            int64_t outside_products);
  FakeClock clock_;
  std::unique_ptr<CatalogService> service_ = NewCatalogService(clock_);
};

constexpr std::string_view kOwnCsv =
    "sku,title_pl,title_en,category,gtin,price,attr_size,attr_surface\r\n"
    "BUT-42,Buty do biegania,Running shoes,buty,5901234123457,349.99,42,asfalt\r\n"
    "but-43,\"Buty, trailowe \"\"Góra\"\"\",,buty,,299,43,trail\r\n"
    "BUT-44,Zły GTIN,,buty,5901234123458,10,44,\r\n"
    "BUT-45,Cena,,buty,,10.999,,\r\n"
    "BUT-46,Kategoria,,kurtki,,,,\r\n"
    "BUT-47,Za mało pól,,buty\r\n"
    "BUT-42,Powtórka,,buty,,,,\r\n"
    ",Bez SKU,,,,,,\r\n"
    "BUT-48,,,,,,,\r\n"
    "BUT 49,Spacja,,,,,,\r\n"
    "BUT-50,Zero,,,,0,,\r\n";

TEST_P(ImportTest, GoodLinesImportWhileEachBadLineIsReportedWithItsCode) {
  ASSERT_OK(db().InTransaction([&](storage::Tx& tx) {
    return service_->CreateCategory(tx, {.slug = "buty", .name_pl = "Buty"});
  }));
  Result<ImportReport> report = Import(std::string(kOwnCsv));
  ASSERT_OK(report);
  EXPECT_EQ(report->format, ImportFormat::kOmnihub);
  EXPECT_EQ(report->lines, 11);
  EXPECT_EQ(report->imported_lines, 2);
  EXPECT_EQ(report->created, 2);
  EXPECT_EQ(report->products, 2);
  EXPECT_EQ(report->rejected_lines, 9);
  const std::map<std::string, int64_t> expected = {
      {"bad_gtin", 1},      {"price_precision", 1}, {"unknown_category", 1},
      {"malformed_csv", 1}, {"duplicate_sku", 1},   {"missing_sku", 1},
      {"missing_title", 1}, {"bad_sku", 1},         {"non_positive_price", 1}};
  EXPECT_EQ(report->rejected, expected);
  ASSERT_NE(ErrorAt(*report, 4), nullptr);
  EXPECT_EQ(ErrorAt(*report, 4)->field, "gtin");
  EXPECT_EQ(ErrorAt(*report, 4)->code, "bad_gtin");
  EXPECT_EQ(ErrorAt(*report, 5)->field, "price");
  EXPECT_EQ(ErrorAt(*report, 7)->field, "line");
  EXPECT_EQ(ErrorAt(*report, 6)->code, "unknown_category");

  std::optional<SkuInfo> shoe = Find("but-42");
  ASSERT_TRUE(shoe.has_value());
  EXPECT_EQ(shoe->title, "Buty do biegania");
  EXPECT_EQ(shoe->categories, std::vector<std::string>{"buty"});
  EXPECT_EQ(shoe->status, ProductStatus::kActive);
  EXPECT_EQ(shoe->list_price->minor, 34999);
  EXPECT_EQ(shoe->list_price->currency.code(), "PLN");
  EXPECT_EQ(Find("BUT-43")->title, "Buty, trailowe \"Góra\"");
  EXPECT_EQ(Find("BUT-43")->list_price->minor, 29900);
  for (std::string_view sku : {"BUT-44", "BUT-45", "BUT-46", "BUT-47", "BUT-48", "BUT-50"}) {
    EXPECT_FALSE(Find(sku).has_value()) << sku;
  }
  Result<Product> product =
      db().Read([&](storage::Tx& tx) { return service_->GetBySku(tx, "BUT-43"); });
  EXPECT_EQ(product->attributes.at("surface"), "trail");
  EXPECT_EQ(Changes().back().type, events::kImportCompleted.name);
}

TEST_P(ImportTest, ASecondImportOfTheSameFileCreatesAndChangesNothing) {
  const std::string csv = "sku,title_pl,price\nA-1,Jeden,10.00\nA-2,Dwa,20.50\nA-3,Trzy,\n";
  Result<ImportReport> first = Import(csv);
  ASSERT_OK(first);
  EXPECT_EQ(first->created, 3);
  const size_t changes_after_first = Changes().size();
  clock_.Advance(std::chrono::minutes(1));
  Result<ImportReport> second = Import(csv);
  ASSERT_OK(second);
  EXPECT_EQ(second->created, 0);
  EXPECT_EQ(second->updated, 0);
  EXPECT_EQ(second->unchanged, 3);
  EXPECT_EQ(Changes().size(), changes_after_first + 1);  // only catalog.import.completed

  Result<ImportReport> third = Import("sku,title_pl,price\nA-2,Dwa,21.00\nA-4,Cztery,1\n");
  ASSERT_OK(third);
  EXPECT_EQ(third->created, 1);
  EXPECT_EQ(third->updated, 1);
  EXPECT_EQ(Find("A-2")->list_price->minor, 2100);
  EXPECT_EQ(Find("A-3")->title, "Trzy");  // untouched
}

TEST_P(ImportTest, OnlineRetailLinesFoldIntoOneProductPerStockCode) {
  const std::string csv =
      "Invoice,StockCode,Description,Quantity,InvoiceDate,Price,Customer ID,Country\n"
      "489434,85123A,WHITE HANGING HEART T-LIGHT HOLDER,6,2009-12-01 07:45:00,2.55,13085,United "
      "Kingdom\n"
      "489435,85123a,\"WHITE  HANGING HEART, T-LIGHT HOLDER \",6,2009-12-01 07:46:00,2.95,,EIRE\n"
      "489436,POST,POSTAGE,1,2009-12-01 07:47:00,18.00,13085,France\n"
      "C489437,22197,SMALL POPCORN HOLDER,-1,2009-12-01 07:48:00,0.85,13085,United Kingdom\n"
      "489438,22197,,-12,2009-12-01 07:49:00,0,,United Kingdom\n"
      "489439,22198,damaged,-3,2009-12-01 07:50:00,0.0,,United Kingdom\n"
      "489440,22199,PADS LIKE,1,2009-12-01 07:51:00,0.001,,United Kingdom\n"
      "A506401,B,Adjust bad debt,1,2010-04-29 13:36:00,-53594.36,,United Kingdom\n"
      "489441,22197,SMALL POPCORN HOLDER,12,2009-12-01 07:52:00,0.85,13085,United Kingdom\n"
      "489442,gift_0001_10,voucher,1,2009-12-01 07:53:00,8.5,,United Kingdom\n";
  Result<ImportReport> report = Import(csv);
  ASSERT_OK(report);
  EXPECT_EQ(report->format, ImportFormat::kOnlineRetail);
  EXPECT_EQ(report->lines, 10);
  EXPECT_EQ(report->imported_lines, 3);
  EXPECT_EQ(report->products, 2);
  const std::map<std::string, int64_t> expected = {{"non_merchandise", 3},
                                                   {"cancellation", 1},
                                                   {"missing_description", 1},
                                                   {"non_positive_price", 1},
                                                   {"price_precision", 1}};
  EXPECT_EQ(report->rejected, expected);
  std::optional<SkuInfo> heart = Find("85123A");
  ASSERT_TRUE(heart.has_value());
  EXPECT_EQ(heart->title, "WHITE HANGING HEART, T-LIGHT HOLDER");  // the last line wins
  EXPECT_EQ(heart->list_price->minor, 295);
  EXPECT_EQ(heart->list_price->currency.code(), "GBP");
  EXPECT_NE(EncodeImportReport(*report).find("CC BY 4.0"), std::string::npos);
}

// ---- The real UCI Online Retail II file, against figures this test computes on its own ----

std::string DataFile(std::string_view name) {
  return std::string(OMNIHUB_DATA_DIR) + "/online_retail_ii/" + std::string(name);
}

// The file's lines, header first, at most `limit` data lines (0: all).
std::vector<std::string> ReadLines(const std::string& path, size_t limit) {
  std::vector<std::string> lines;
  gzFile file = gzopen(path.c_str(), "rb");
  if (file == nullptr) {
    return lines;
  }
  std::string current;
  char buf[1 << 16];
  int got = 0;
  while ((got = gzread(file, buf, sizeof(buf))) > 0) {
    for (int idx = 0; idx < got; ++idx) {
      if (buf[idx] == '\n') {
        lines.push_back(std::move(current));
        current.clear();
      } else {
        current.push_back(buf[idx]);
      }
    }
    if (limit > 0 && lines.size() > limit) {
      break;
    }
  }
  if (!current.empty()) {
    lines.push_back(current);
  }
  gzclose(file);
  if (limit > 0 && lines.size() > limit + 1) {
    lines.resize(limit + 1);
  }
  return lines;
}

// A deliberately simple split: this file quotes only descriptions and has no line breaks in
// fields, so a field is quoted text with "" or plain text up to the next comma.
std::vector<std::string> Split(const std::string& line) {
  std::vector<std::string> fields(1);
  bool quoted = false;
  for (size_t idx = 0; idx < line.size(); ++idx) {
    const char c = line[idx];
    if (quoted && c == '"' && idx + 1 < line.size() && line[idx + 1] == '"') {
      fields.back().push_back('"');
      ++idx;
    } else if (c == '"') {
      quoted = !quoted;
    } else if (c == ',' && !quoted) {
      fields.emplace_back();
    } else {
      fields.back().push_back(c);
    }
  }
  return fields;
}

struct Expected {
  int64_t lines = 0;
  int64_t imported = 0;
  std::map<std::string, int64_t> rejected;
  std::set<std::string> skus;
};

// The mapping of README.md, written again from the data README's description of the columns.
Expected Tally(const std::vector<std::string>& lines) {
  Expected out;
  for (size_t idx = 1; idx < lines.size(); ++idx) {
    std::vector<std::string> f = Split(lines[idx]);
    ++out.lines;
    std::string code = f[1];
    code.erase(0, code.find_first_not_of(' '));
    code.erase(code.find_last_not_of(' ') + 1);
    const bool blank_description = f[2].find_first_not_of(' ') == std::string::npos;
    if (code.empty() || !std::isdigit(static_cast<unsigned char>(code[0]))) {
      ++out.rejected["non_merchandise"];
    } else if (f[0][0] == 'C') {
      ++out.rejected["cancellation"];
    } else if (f[0][0] == 'A') {
      ++out.rejected["adjustment"];
    } else if (blank_description) {
      ++out.rejected["missing_description"];
    } else if (std::stod(f[5]) <= 0) {
      ++out.rejected["non_positive_price"];
    } else {
      ++out.imported;
      for (char& c : code) {
        c = static_cast<char>(std::toupper(static_cast<unsigned char>(c)));
      }
      out.skus.insert(code);
    }
  }
  return out;
}

// Imports one real file and checks the report against Tally's own count of it.
void CheckRealFile(ImportTest& t, const std::string& path, int64_t readme_lines,
                   int64_t outside_products) {
  // The whole file (525,461 lines) on both backends: SQLite through ImportFile and its gzip
  // reader, PostgreSQL through ImportCsv over the decompressed text. A few seconds each.
  const bool via_file = t.backend() == storage::Backend::kSqlite;
  const std::vector<std::string> lines = ReadLines(path, 0);
  ASSERT_GT(lines.size(), 1u) << "missing " << path;
  const Expected expected = Tally(lines);
  EXPECT_EQ(expected.lines, readme_lines);  // the data README's count

  ImportOptions options{.clock = &t.clock_};
  int64_t progress_calls = 0;
  options.progress = [&](int64_t done, int64_t total) {
    ++progress_calls;
    EXPECT_LE(done, total);
  };
  const auto started = std::chrono::steady_clock::now();
  std::string prefix;
  if (!via_file) {
    for (const std::string& line : lines) {
      prefix += line + "\n";
    }
  }
  std::istringstream prefix_in(prefix);
  Result<ImportReport> report = via_file ? ImportFile(t.db(), *t.service_, path, options)
                                         : ImportCsv(t.db(), *t.service_, prefix_in, options);
  ASSERT_OK(report);
  const double seconds =
      std::chrono::duration<double>(std::chrono::steady_clock::now() - started).count();
  std::cout << "  imported " << report->lines << " lines, " << report->products << " products in "
            << seconds << " s\n";

  EXPECT_EQ(report->lines, expected.lines);
  EXPECT_EQ(report->imported_lines, expected.imported);
  EXPECT_EQ(report->rejected, expected.rejected);
  EXPECT_EQ(report->rejected_lines, expected.lines - expected.imported);
  EXPECT_EQ(report->products, static_cast<int64_t>(expected.skus.size()));
  EXPECT_EQ(report->created, static_cast<int64_t>(expected.skus.size()));
  EXPECT_GT(progress_calls, 0);
  EXPECT_EQ(report->products, outside_products);  // also computed outside omnihub
  // Every distinct code is now a SKU; a lower-case suffix found its upper-case product.
  EXPECT_TRUE(t.Find(*expected.skus.begin()).has_value());
  EXPECT_TRUE(t.Find("85123a").has_value());

  // Importing it again changes nothing.
  std::istringstream again_in([&] {
    std::string text;
    for (size_t idx = 0; idx < std::min<size_t>(lines.size(), 20001); ++idx) {
      text += lines[idx] + "\n";
    }
    return text;
  }());
  Result<ImportReport> again = ImportCsv(t.db(), *t.service_, again_in, {.clock = &t.clock_});
  ASSERT_OK(again);
  EXPECT_EQ(again->created, 0);
  EXPECT_EQ(again->updated + again->unchanged, again->products);
}

TEST_P(ImportTest, TheRealOnlineRetailII20092010FileImportsWithIndependentlyCountedFigures) {
  CheckRealFile(*this, DataFile("online_retail_II_2009_2010.csv.gz"), 525461, 4064);
}

TEST_P(ImportTest, TheRealOnlineRetail20102011FileImportsWithIndependentlyCountedFigures) {
  CheckRealFile(*this, DataFile("online_retail_2010_2011.csv.gz"), 541909, 3791);
}

OMNI_INSTANTIATE_BACKENDS(ImportTest);

}  // namespace
}  // namespace omnihub::catalog
