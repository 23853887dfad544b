// The CSV reader under catalogue imports: any bytes give records whose lines only go forward
// and whose fields fit the record limit, or malformed records it resumes after.
#include <sstream>
#include <string>

#include "catalog/csv.h"
#include "target.h"

using namespace omnihub;

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
  std::istringstream in(std::string(reinterpret_cast<const char*>(data), size));
  catalog::csv::Reader reader(in);
  catalog::csv::Record record;
  int64_t last_line = 0;
  size_t records = 0;
  while (reader.Next(record)) {
    FUZZ_CHECK(record.line > last_line);
    last_line = record.line;
    size_t bytes = 0;
    for (const std::string& field : record.fields) {
      bytes += field.size();
    }
    FUZZ_CHECK(bytes <= catalog::csv::kMaxRecordBytes + 1);
    FUZZ_CHECK(++records <= size + 1);
  }
  return 0;
}
