#include "catalog/catalog.h"

#include <gtest/gtest.h>

#include <sstream>

#include "catalog/csv.h"
#include "testing/db_test.h"

namespace omnihub::catalog {
namespace {

std::string Reason(const Result<std::string>& result) {
  const DetailValue* reason = result.error().Detail("reason");
  return reason == nullptr ? "" : std::get<std::string>(*reason);
}

TEST(GtinTest, AcceptsValidCheckDigitsOfEveryLength) {
  EXPECT_OK(ValidateGtin("96385074"));        // EAN-8
  EXPECT_OK(ValidateGtin("036000291452"));    // UPC-A
  EXPECT_OK(ValidateGtin("4006381333931"));   // EAN-13
  EXPECT_OK(ValidateGtin("5901234123457"));   // EAN-13, Polish prefix 590
  EXPECT_OK(ValidateGtin("10012345678902"));  // GTIN-14
  EXPECT_EQ(*ValidateGtin(" 5901234123457 "), "5901234123457");
}

TEST(GtinTest, RefusesAWrongCheckDigitWithTheExpectedOne) {
  Result<std::string> wrong = ValidateGtin("5901234123458");
  ASSERT_FALSE(wrong.ok());
  EXPECT_EQ(wrong.error().code, ErrorCode::kInvalidArgument);
  EXPECT_EQ(Reason(wrong), "check_digit");
  EXPECT_EQ(std::get<int64_t>(*wrong.error().Detail("expected")), 7);
  EXPECT_EQ(Reason(ValidateGtin("036000291453")), "check_digit");
}

TEST(GtinTest, RefusesOtherLengthsAndNonDigits) {
  EXPECT_EQ(Reason(ValidateGtin("123456789")), "length");
  EXPECT_EQ(Reason(ValidateGtin("")), "length");
  EXPECT_EQ(Reason(ValidateGtin("590123412345X")), "digits");
  EXPECT_EQ(Reason(ValidateGtin("5901-34123457")), "digits");
}

TEST(SkuTest, TrimsAndUpperCases) {
  EXPECT_EQ(*NormalizeSku(" 85123a "), "85123A");
  EXPECT_EQ(*NormalizeSku("but-42.black_x"), "BUT-42.BLACK_X");
  EXPECT_FALSE(NormalizeSku("").ok());
  EXPECT_FALSE(NormalizeSku("BANK CHARGES").ok());
  EXPECT_FALSE(NormalizeSku("a/b").ok());
  EXPECT_FALSE(NormalizeSku(std::string(65, 'A')).ok());
}

std::vector<csv::Record> ReadAll(const std::string& text) {
  std::istringstream in(text);
  csv::Reader reader(in);
  std::vector<csv::Record> out;
  csv::Record record;
  while (reader.Next(record)) {
    out.push_back(record);
  }
  return out;
}

TEST(CsvTest, ReadsQuotesEscapesAndEmbeddedLineBreaks) {
  auto records = ReadAll("a,b,c\n1,\"x, \"\"y\"\"\",\"two\nlines\"\n2,,\n");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"1", "x, \"y\"", "two\nlines"}));
  EXPECT_EQ(records[1].line, 2);
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"2", "", ""}));
  EXPECT_EQ(records[2].line, 4);  // the quoted line break moved it down
}

TEST(CsvTest, HandlesCrlfBomBlankLinesAndNoFinalNewline) {
  auto records = ReadAll("\xEF\xBB\xBFsku,title\r\nA,1\r\n\r\nB,2");
  ASSERT_EQ(records.size(), 3u);
  EXPECT_EQ(records[0].fields[0], "sku");  // the BOM is not part of the name
  EXPECT_EQ(records[1].fields, (std::vector<std::string>{"A", "1"}));
  EXPECT_EQ(records[2].fields, (std::vector<std::string>{"B", "2"}));
  EXPECT_EQ(records[2].line, 4);
}

TEST(CsvTest, ReportsMalformedRecordsAndResumesAtTheNextLine) {
  auto records = ReadAll("a,b\nx\"y,1\n\"q\"z,2\nok,3\n\"open,4\nlost\n");
  ASSERT_EQ(records.size(), 5u);
  EXPECT_FALSE(records[1].malformed.empty());  // a quote inside an unquoted field
  EXPECT_FALSE(records[2].malformed.empty());  // text after a closing quote
  EXPECT_TRUE(records[3].malformed.empty());
  EXPECT_EQ(records[3].fields, (std::vector<std::string>{"ok", "3"}));
  EXPECT_EQ(records[3].line, 4);
  EXPECT_FALSE(records[4].malformed.empty());  // never closed
  EXPECT_EQ(records[4].line, 5);
}

TEST(CsvTest, EmptyInputHasNoRecords) { EXPECT_TRUE(ReadAll("").empty()); }

}  // namespace
}  // namespace omnihub::catalog
